"""Per channel and per creator, side by side: what the platforms say (spend or cost, the conversions
they claim, the link clicks they report), what the tracker's links and codes say (human clicks, bots,
orders and revenue after refunds, how each order was known, and imported shop orders joined by UTM tags
or promo code), and what the attribution models say (the measurement's funnel model and the range over
every model).

The platform and model views come from a ``Measurement`` (``mizaan measure`` over the store the tracker
feeds); the tracker's view from the tracking database and the store's imported orders. Money is never
converted here: revenue is kept per currency.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mizaan.ingest import Taxonomy, load_taxonomy
from mizaan.measure import Measurement
from mizaan.track.orders.db import has_table
from mizaan.track.orders.events import Utm
from mizaan.track.orders.feed import SOURCE_FILE, link_channel
from mizaan.track.orders.matching import METHODS, LinkBook

REVERSED_WORDS = ("cancel", "void", "refund", "ملغ", "مسترجع", "مرتجع")


@dataclass
class Side:
    """One channel's or creator's row."""

    key: str
    channel: str | None = None
    # what the platforms say
    spend: Decimal | None = None
    platform_conversions: float | None = None
    platform_clicks: int | None = None
    # what links and codes say
    links: int = 0
    clicks: int = 0
    bots: int = 0
    orders: int = 0
    reversed: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)
    by: dict[str, int] = field(default_factory=dict)  # click_id, utm, promo_code, import_utm, import_code
    # what the models say
    models: dict[str, float] = field(default_factory=dict)

    def add_order(self, how: str, amount: Decimal, currency: str | None) -> None:
        self.orders += 1
        self.by[how] = self.by.get(how, 0) + 1
        cur = currency or ""
        self.revenue[cur] = self.revenue.get(cur, Decimal(0)) + amount

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "channel": self.channel,
            "platform": {
                "spend": None if self.spend is None else money_text(self.spend),
                "conversions": self.platform_conversions,
                "clicks": self.platform_clicks,
            },
            "tracker": {
                "links": self.links,
                "clicks": self.clicks,
                "bots": self.bots,
                "orders": self.orders,
                "reversed": self.reversed,
                "revenue": {k: money_text(v) for k, v in sorted(self.revenue.items())},
                "matched_by": dict(sorted(self.by.items())),
            },
            "models": dict(sorted(self.models.items())),
        }


@dataclass
class SideBySide:
    workspace: str
    funnel_model: str | None
    currency: str | None
    channels: list[Side]
    creators: list[Side]
    unmatched_orders: int = 0
    unmatched_revenue: dict[str, Decimal] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace,
            "funnel_model": self.funnel_model,
            "currency": self.currency,
            "channels": [s.to_json_dict() for s in self.channels],
            "creators": [s.to_json_dict() for s in self.creators],
            "unmatched": {
                "orders": self.unmatched_orders,
                "revenue": {k: money_text(v) for k, v in sorted(self.unmatched_revenue.items())},
            },
        }


def money_text(value: Decimal) -> str:
    """Exact decimal text without the store's padding: at least 2 places, no trailing zeros past them."""
    reduced = value.normalize()
    exponent = reduced.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        reduced = reduced.quantize(Decimal("0.01"))
    return format(reduced, "f")


def handle(text: str | None) -> str:
    return (text or "").strip().casefold().lstrip("@").strip(".")


IMPORTED_ORDERS_SQL = f"""
SELECT shop, order_id, revenue, currency, discount_code, status, utm_source, utm_medium, utm_campaign, utm_content
FROM orders WHERE source_file <> '{SOURCE_FILE}' ORDER BY shop, order_id"""


def side_by_side(
    con: sqlite3.Connection,
    workspace: str,
    measurement: Measurement | None = None,
    imported: list[dict[str, Any]] | None = None,
    taxonomy: Taxonomy | None = None,
) -> SideBySide:
    """The report of ``workspace``: ``imported`` are the store's orders from shop exports
    (``IMPORTED_ORDERS_SQL``), joined to links the way webhook orders are."""
    tax = taxonomy or load_taxonomy()
    book = LinkBook.of(con, workspace)
    channels: dict[str, Side] = {}
    creators: dict[str, Side] = {}

    def rows_of(link_id: str) -> list[Side]:
        link = book.links[link_id]
        ch = link_channel(link, tax)
        out = [channels.setdefault(ch, Side(ch, ch))]
        if link.get("creator"):
            out.append(creators.setdefault(handle(link["creator"]), Side(str(link["creator"]), ch)))
        return out

    for lid in book.links:
        for side in rows_of(lid):
            side.links += 1
    if has_table(con, "clicks"):
        for lid, bot, n in con.execute("SELECT link_id, is_bot, COUNT(*) FROM clicks GROUP BY link_id, is_bot"):
            if lid in book.links:
                for side in rows_of(lid):
                    if bot:
                        side.bots += n
                    else:
                        side.clicks += n
    report = SideBySide(workspace, None, None, [], [])
    for c in con.execute("SELECT * FROM conversions WHERE workspace = ?", [workspace]):
        gone = c["status"] == "cancelled" or (c["status"] == "refunded" and Decimal(c["amount"]) == 0)
        _count(report, rows_of(c["link_id"]) if c["link_id"] in book.links else [], c["matched_by"] or "", gone,
               Decimal(c["amount"]), c["currency"])  # fmt: skip
    for o in imported or []:
        utm = Utm(o.get("utm_source"), o.get("utm_medium"), o.get("utm_campaign"), o.get("utm_content"))
        found = book.match(None, None, utm, [o["discount_code"]] if o.get("discount_code") else [])
        status = str(o.get("status") or "").casefold()
        gone = any(w in status for w in REVERSED_WORDS)
        how = f"import_{'code' if found.matched_by == 'promo_code' else 'utm'}"
        _count(
            report, rows_of(found.link_id) if found.link_id else [], how, gone, Decimal(o["revenue"]), o.get("currency")
        )
    if measurement is not None:
        _views(measurement, channels, creators)
        report.funnel_model, report.currency = measurement.funnel_model, measurement.currency
    report.channels = sorted(channels.values(), key=lambda s: s.key)
    report.creators = sorted(creators.values(), key=lambda s: handle(s.key))
    return report


def _count(report: SideBySide, sides: list[Side], how: str, gone: bool, amount: Decimal, currency: str | None) -> None:
    if not sides:
        if not gone:
            report.unmatched_orders += 1
            cur = currency or ""
            report.unmatched_revenue[cur] = report.unmatched_revenue.get(cur, Decimal(0)) + amount
        return
    for side in sides:
        if gone:
            side.reversed += 1
        else:
            side.add_order(how, amount, currency)


def _views(m: Measurement, channels: dict[str, Side], creators: dict[str, Side]) -> None:
    for r in m.channels:
        side = channels.setdefault(r.channel, Side(r.channel, r.channel))
        side.spend = r.funnel.spend
        side.platform_conversions = r.platform_conversions
        side.platform_clicks = r.funnel.clicks
        side.models = {model: c.conversions for model, c in r.credit.items()}
    per: dict[str, dict[str, float]] = defaultdict(dict)
    for i in m.influencers:
        side = creators.setdefault(handle(i.influencer), Side(i.influencer, i.channel))
        side.spend = (side.spend or Decimal(0)) + i.cost
        side.platform_clicks = (side.platform_clicks or 0) + i.link_clicks
        for model, value in i.credit.items():
            per[handle(i.influencer)][model] = per[handle(i.influencer)].get(model, 0.0) + value
    for key, models in per.items():
        creators[key].models = models


__all__ = ["IMPORTED_ORDERS_SQL", "METHODS", "Side", "SideBySide", "side_by_side"]
