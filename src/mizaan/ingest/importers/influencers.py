"""An influencer-deals sheet (CSV or XLSX, English or Arabic headers) -> ``influencer_posts``.

One row per post: date, influencer, cost are required; the tier is the sheet's when it names one, else
the tier whose follower range (tiers.yaml) holds the follower count; a row with neither is rejected,
since its channel cannot be told. Each influencer's promo code is then known to the taxonomy, so the
orders that use it are given the influencer's channel.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from mizaan.ingest.channels import TIER_CHANNEL, tier_for_followers
from mizaan.ingest.importers.base import Context, HeaderMatch, Table, cell, conventions
from mizaan.ingest.importers.chunked import Row, Step, replay
from mizaan.ingest.spill import Seen
from mizaan.ingest.text import Record
from mizaan.ingest.values import CellError, parse_count, parse_currency, parse_date, parse_money

COUNTS = ("followers", "views", "likes", "comments", "shares", "saves", "link_clicks")


def import_influencer_deals(ctx: Context, table: Table, header: HeaderMatch) -> None:
    cols, head = header.columns, table.head
    assert head is not None
    conventions(
        table,
        table.rows(header),
        [cols[f] for f in ("cost", *COUNTS) if f in cols],
        [cols["date"]] if "date" in cols else [],
        ctx.options,
        ctx.batch,
    )

    def learn(r: Row) -> None:
        ctx.taxonomy.learn_influencer(r.row["influencer"], r.row["tier"], r.row["promo_code"])

    with Seen() as seen:
        for chunk in table.rows(header):
            steps = [_deal(ctx, table, header, head, rec) for rec in chunk]
            replay(ctx, seen, steps, "influencer_posts", learn)


def _deal(ctx: Context, table: Table, header: HeaderMatch, head: Record, rec: Record) -> Step:
    """One post of the sheet, keyed by its post ID, or its rejection."""
    cols = header.columns
    field = "date"
    try:
        values: dict[str, Any] = {}
        for field in COUNTS:
            values[field] = parse_count(cell(rec, cols, field), table.decimal)
        field = "date"
        day = parse_date(cell(rec, cols, "date"), table.date_order)
        field = "currency"
        currency = parse_currency(cell(rec, cols, "currency") or header.currency_in_header or ctx.options.currency)
        field = "cost"
        cost = parse_money(cell(rec, cols, "cost"), table.decimal, currency)
        if cost is None:
            raise CellError("ingest.cell.missing")
        field = "influencer"
        influencer = cell(rec, cols, "influencer")
        if not influencer:
            raise CellError("ingest.cell.missing")
        field = "tier"
        tier = ctx.taxonomy.tier_in(cell(rec, cols, "tier")) if cell(rec, cols, "tier") else None
        if tier is None and values["followers"] is not None:
            tier = tier_for_followers(values["followers"])
        if tier is None:
            raise CellError("ingest.row.no_tier")
    except CellError as err:
        i = cols.get(field)
        where = (None, field) if i is None else (i + 1, head.cells[i])
        return partial(ctx.batch.reject_cell, rec.line, err, *where)
    platform = (cell(rec, cols, "platform") or "instagram").strip().casefold()
    post_id = cell(rec, cols, "post_id") or cell(rec, cols, "url") or f"{influencer}|{platform}|{day.isoformat()}"
    row = {
        "post_id": post_id,
        "date": day,
        "influencer": influencer,
        "platform": platform,
        "tier": tier,
        "channel": TIER_CHANNEL[tier],
        "cost": cost,
        "currency": currency,
        **values,
        "promo_code": cell(rec, cols, "promo_code") or None,
        "url": cell(rec, cols, "url") or None,
    }
    return Row(post_id, row, rec.line)
