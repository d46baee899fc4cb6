"""The canonical tables, defined once.

Every importer turns a file into rows of these five tables, the store keeps them, and measurement reads
them. Each table is a pydantic model: its fields are the columns, their annotations the types, their
descriptions the meaning (docs/ingest.md repeats them, and a test keeps the two in step). The Arrow
schema and the SQL ``CREATE TABLE`` are derived from the model, so there is one definition.

Conventions:
- money is an exact decimal (``DECIMAL(38, 12)``) in the currency named beside it; nothing is converted
  on import (``mizaan.ingest.currency`` converts with an explicit rate table when asked);
- instants are ``TIMESTAMP WITH TIME ZONE`` held in UTC; dates are the reporting day of the source
  (an ad account's own day);
- IDs are text and keep their case;
- ``source_file`` and ``source_row`` say where each row came from.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from typing import Annotated, ClassVar, Literal, get_args, get_origin

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field

from mizaan.ingest.channels import CanonicalChannel

MONEY_PRECISION = 38
MONEY_SCALE = 12
MONEY_SQL = f"DECIMAL({MONEY_PRECISION}, {MONEY_SCALE})"
MONEY_ARROW = pa.decimal128(MONEY_PRECISION, MONEY_SCALE)

TouchKind = Literal["impression", "click", "visit", "view"]
TOUCH_KINDS: tuple[TouchKind, ...] = ("impression", "click", "visit", "view")

Money = Annotated[Decimal, Field(max_digits=MONEY_PRECISION, decimal_places=MONEY_SCALE)]
Count = Annotated[int, Field(ge=0)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class CanonicalRow(BaseModel):
    """Base of the five row models; ``key`` names the columns that identify a row (re-importing a row
    with the same key replaces it, so importing the same file twice changes nothing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    table: ClassVar[str]
    key: ClassVar[tuple[str, ...]]
    title: ClassVar[dict[str, str]]

    source_file: str = Field(description="The file the row was read from (its name, not its folder).")
    source_row: int = Field(description="The row (line) of that file, 1-based, where the record starts.")


class SpendRow(CanonicalRow):
    table: ClassVar[str] = "spend"
    key: ClassVar[tuple[str, ...]] = ("platform", "account", "date", "campaign", "ad_group", "ad")
    title: ClassVar[dict[str, str]] = {"ar": "الإنفاق", "en": "spend"}

    date: dt.date = Field(description="First reporting day of the row (the ad account's own day).")
    date_end: dt.date = Field(description="Last reporting day, inclusive; equal to date for a daily row.")
    platform: str = Field(
        description="Where the spend was reported: google_ads, meta, tiktok, snapchat, or the "
        "name given in a column-mapping file."
    )
    account: str = Field(description="Ad account name or ID as exported ('' when the export has none).")
    channel: CanonicalChannel = Field(description="Channel ID from the taxonomy (platform, campaign type, name).")
    campaign: str = Field(description="Campaign name as exported (case kept).")
    campaign_id: str | None = Field(description="Campaign ID when the export has one.")
    ad_group: str = Field(description="Ad set / ad group name ('' when the row is a whole campaign).")
    ad: str = Field(description="Ad name ('' when the row is not per ad).")
    cost: Money = Field(description="Amount spent, in currency.")
    currency: Currency = Field(description="ISO 4217 code of cost and conversion value, as exported.")
    impressions: Count | None = Field(description="Impressions the platform reports.")
    reach: Count | None = Field(description="People reached, as the platform reports (not additive over days).")
    clicks: Count | None = Field(description="Clicks (link clicks, swipe-ups, destination clicks).")
    platform_conversions: Decimal | None = Field(
        description="Conversions the platform claims (its own attribution window; platforms over-count)."
    )
    platform_conversion_value: Money | None = Field(description="Value of those conversions, in currency.")


class InfluencerPostRow(CanonicalRow):
    table: ClassVar[str] = "influencer_posts"
    key: ClassVar[tuple[str, ...]] = ("post_id",)
    title: ClassVar[dict[str, str]] = {"ar": "منشورات المؤثرين", "en": "influencer posts"}

    post_id: str = Field(
        description="The post's ID or URL; made from influencer, platform and date when the sheet has neither."
    )
    date: dt.date = Field(description="Day the post went live.")
    influencer: str = Field(description="The influencer's handle or name (case kept).")
    platform: str = Field(description="instagram, tiktok, snapchat, youtube, x ... (lower case).")
    tier: Literal["nano", "micro", "macro", "mega"] = Field(
        description="Tier by follower count (tiers.yaml), or as the sheet states."
    )
    channel: CanonicalChannel = Field(description="The tier's channel ID (influencer_nano ... influencer_mega).")
    followers: Count | None = Field(description="Followers when the post went live.")
    cost: Money = Field(description="What the post cost, in currency.")
    currency: Currency = Field(description="ISO 4217 code of cost.")
    views: Count | None = Field(description="Views or impressions of the post.")
    likes: Count | None = Field(description="Likes.")
    comments: Count | None = Field(description="Comments.")
    shares: Count | None = Field(description="Shares.")
    saves: Count | None = Field(description="Saves.")
    link_clicks: Count | None = Field(description="Clicks on the post's tracked link.")
    promo_code: str | None = Field(description="The promo code given to this influencer (case kept).")
    url: str | None = Field(description="The post's address.")


class OrderRow(CanonicalRow):
    table: ClassVar[str] = "orders"
    key: ClassVar[tuple[str, ...]] = ("shop", "order_id")
    title: ClassVar[dict[str, str]] = {"ar": "الطلبات", "en": "orders"}

    shop: str = Field(description="shopify, salla, zid, woocommerce, or the name given in a mapping file.")
    order_id: str = Field(description="The shop's order ID or number (case kept).")
    time: dt.datetime = Field(description="When the order was placed, UTC.")
    customer_id: str | None = Field(description="The shop's customer ID or e-mail (case kept).")
    revenue: Money = Field(description="Order total as the shop reports it (after discounts), in currency.")
    currency: Currency = Field(description="ISO 4217 code of revenue and discount_amount.")
    discount_code: str | None = Field(description="Discount / promo code used (case kept).")
    discount_amount: Money | None = Field(description="Discount given, in currency.")
    status: str | None = Field(description="The shop's order or payment status, as exported.")
    utm_source: str | None = Field(description="utm_source captured by the shop (attribution fields).")
    utm_medium: str | None = Field(description="utm_medium captured by the shop.")
    utm_campaign: str | None = Field(description="utm_campaign captured by the shop.")
    utm_content: str | None = Field(description="utm_content captured by the shop.")
    landing_page: str | None = Field(description="First page of the buying session, when the shop records it.")
    channel: CanonicalChannel | None = Field(
        description="Channel from the taxonomy (promo code first, then UTM); null when the shop gives neither"
    )


class TouchpointRow(CanonicalRow):
    table: ClassVar[str] = "touchpoints"
    key: ClassVar[tuple[str, ...]] = ("touchpoint_id",)
    title: ClassVar[dict[str, str]] = {"ar": "نقاط التماس", "en": "touchpoints"}

    touchpoint_id: str = Field(
        description="ID of the touch: the source's own, or a hash of its identifying "
        "fields (user, time, kind, source system)."
    )
    user_id: str = Field(description="The person (GA4 user_pseudo_id, a tracking ID); case kept.")
    time: dt.datetime = Field(description="When the touch happened, UTC.")
    channel: CanonicalChannel = Field(description="Channel ID from the taxonomy.")
    campaign: str | None = Field(description="Campaign name (utm_campaign) when known.")
    content: str | None = Field(
        None, description="utm_content when known: the creator or creative a tracked link names."
    )
    kind: TouchKind = Field(
        description="impression (an ad shown), click (an ad clicked), visit (a session on "
        "the site), view (an influencer post seen)."
    )
    source: str | None = Field(description="Traffic source as recorded (utm_source, referrer host, '(direct)').")
    medium: str | None = Field(description="Traffic medium as recorded (utm_medium, '(none)').")
    system: str = Field(description="The system that logged the touch: ga4, or the name in a mapping file.")


class ConversionRow(CanonicalRow):
    table: ClassVar[str] = "conversions"
    key: ClassVar[tuple[str, ...]] = ("conversion_id",)
    title: ClassVar[dict[str, str]] = {"ar": "التحويلات", "en": "conversions"}

    conversion_id: str = Field(
        description="ID of the conversion: the order / transaction ID when there is "
        "one, else a hash of user, time and system."
    )
    user_id: str = Field(description="The person who converted (same IDs as touchpoints.user_id).")
    time: dt.datetime = Field(description="When, UTC.")
    value: Money | None = Field(description="Value of the conversion, in currency (null when none is recorded).")
    currency: Currency | None = Field(description="ISO 4217 code of value.")
    order_id: str | None = Field(description="The order (transaction) ID, joining to orders.order_id.")
    system: str = Field(description="The system that logged it: ga4, or the name in a mapping file.")


TABLES: dict[str, type[CanonicalRow]] = {
    m.table: m for m in (SpendRow, InfluencerPostRow, OrderRow, TouchpointRow, ConversionRow)
}
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)


def _base_type(annotation: object) -> tuple[object, bool]:
    """The type inside ``Optional`` / ``Annotated``, and whether ``None`` is allowed."""
    nullable = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(get_args(annotation))
            annotation = args[0]
        else:
            return annotation, nullable


def _types(annotation: object) -> tuple[str, pa.DataType]:
    base, _ = _base_type(annotation)
    if get_origin(base) is Literal or base is str:
        return "VARCHAR", pa.string()
    if base is Decimal:
        return MONEY_SQL, MONEY_ARROW
    if base is int:
        return "BIGINT", pa.int64()
    if base is float:
        return "DOUBLE", pa.float64()
    if base is dt.datetime:
        return "TIMESTAMPTZ", pa.timestamp("us", tz="UTC")
    if base is dt.date:
        return "DATE", pa.date32()
    raise TypeError(f"no column type for {annotation!r}")  # pragma: no cover - a programming error


def columns(table: str) -> list[str]:
    """The columns of ``table`` in their stored order."""
    return list(TABLES[table].model_fields)


def nullable(table: str, column: str) -> bool:
    return _base_type(TABLES[table].model_fields[column].annotation)[1]


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of ``table``."""
    model = TABLES[table]
    fields = []
    for name, info in model.model_fields.items():
        _, arrow = _types(info.annotation)
        fields.append(pa.field(name, arrow, nullable=nullable(table, name)))
    return pa.schema(fields)


def create_sql(table: str) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for ``table`` (portable SQL types)."""
    model = TABLES[table]
    cols = []
    for name, info in model.model_fields.items():
        sql, _ = _types(info.annotation)
        cols.append(f"{name} {sql}{'' if nullable(table, name) else ' NOT NULL'}")
    return f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(cols)})"


def describe(table: str) -> list[tuple[str, str, bool, str]]:
    """(column, SQL type, nullable, meaning) for each column: what docs/ingest.md lists."""
    model = TABLES[table]
    return [
        (n, _types(i.annotation)[0], nullable(table, n), i.description or "") for n, i in model.model_fields.items()
    ]
