"""Ad platforms' exports -> ``spend``: Google Ads campaign reports, Meta Ads Manager, TikTok and Snapchat.

They differ in their quirks, not their meaning, so one reader serves all four: the header dictionary
names the columns (in any interface language), and the quirks are handled here:
- preamble lines before the header (Google Ads: the report's title and its date range, used as the
  row's period when the report has no Day column);
- ``Total: ...`` rows and Meta's unnamed summary row (skipped, counted);
- quoted thousands (``"25,881"``), ``--`` for not available, ``< 10%`` strings in columns we do not read;
- the currency in a column, inside the spend header (``Amount spent (SAR)``) or from ``--currency``;
- Meta's ``Results`` counted as conversions only when its ``Result indicator`` names purchases.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from contextlib import suppress
from decimal import Decimal
from functools import partial
from typing import Any

from mizaan.i18n import fold
from mizaan.ingest.importers.base import Context, HeaderMatch, Table, cell, conventions, header_formats
from mizaan.ingest.importers.chunked import Row, Step, key_of, replay
from mizaan.ingest.spill import Seen
from mizaan.ingest.text import Record
from mizaan.ingest.values import (
    CellError,
    is_missing,
    parse_count,
    parse_currency,
    parse_date,
    parse_decimal,
    parse_money,
)

NUMBER_FIELDS = ("cost", "impressions", "reach", "clicks", "conversions", "conversion_value", "results")
DATE_FIELDS = ("date", "date_start", "date_end")
# a summary row's label: the word alone, or followed by a colon ("Total: Campaigns"); "Total Body Glow" is a name
_TOTAL = re.compile(
    r"^\s*(total|totals|gesamt|insgesamt|summe|المجموع|الإجمالي|الاجمالي|إجمالي|اجمالي|مجموع)\s*(?:[:：].*)?$",
    re.IGNORECASE,
)
_RANGE = re.compile(r"\s+[-–—]\s+")
SPEND_CHANNELS = 100_000  # distinct campaigns whose channel a file remembers


class _Bad(Exception):
    def __init__(self, err: CellError, column: int | None, field: str | None) -> None:
        self.err, self.column, self.field = err, column, field


def import_ads(ctx: Context, table: Table, header: HeaderMatch) -> None:
    fmt = header_formats()[header.format]
    platform = fmt.platform or header.format
    cols = header.columns
    head = table.head
    assert head is not None
    batch = ctx.batch
    for _ in table.preamble:
        batch.skip("ingest.skip.preamble")
    period = _period(table.preamble, ctx)
    conventions(
        table,
        table.rows(header),
        [cols[f] for f in NUMBER_FIELDS if f in cols],
        [cols[f] for f in DATE_FIELDS if f in cols],
        ctx.options,
        batch,
    )
    totals = _Totals()
    read: dict[str, Decimal] = defaultdict(Decimal)

    def kept(r: Row) -> None:
        read[r.row["currency"]] += r.row["cost"]

    with Seen() as seen, totals.costs:
        for chunk in table.rows(header):
            steps: list[Step] = []
            for rec in chunk:
                if _is_total(rec, cols, platform):
                    batch.skip("ingest.skip.total")
                    with suppress(CellError):
                        cost = parse_decimal(cell(rec, cols, "cost"), table.decimal)
                        if cost is not None:
                            totals.add(rec.line, cost)
                    continue
                if len(rec.cells) != len(head.cells):
                    steps.append(
                        partial(
                            batch.reject, rec.line, "ingest.row.width", expected=len(head.cells), got=len(rec.cells)
                        )
                    )
                    continue
                try:
                    row = _row(rec, cols, head, table, ctx, platform, header.currency_in_header, period)
                except _Bad as bad:
                    steps.append(partial(batch.reject_cell, rec.line, bad.err, bad.column, bad.field))
                    continue
                key = key_of(row["platform"], row["account"], row["date"], row["campaign"], row["ad_group"], row["ad"])
                steps.append(Row(key, row, rec.line))
            replay(ctx, seen, steps, "spend", kept)
        _check_totals(ctx, totals, read)


class _Totals:
    """The report's summary rows: the largest cost with its (first) line, and every distinct cost, so that
    one equal to the sum read is found however many there are."""

    def __init__(self) -> None:
        self.costs = Seen()
        self.largest: tuple[int, Decimal] | None = None

    def add(self, line: int, cost: Decimal) -> None:
        if self.largest is None or cost > self.largest[1]:
            self.largest = (line, cost)
        key = _same(cost)
        if not self.costs.earlier([key]):
            self.costs.remember({key: (line, False)})

    def has(self, cost: Decimal) -> bool:
        return bool(self.costs.earlier([_same(cost)]))


def _same(cost: Decimal) -> str:
    """One text for every way of writing the same amount (``10``, ``10.00``)."""
    return "0" if cost == 0 else str(cost.normalize())


def _check_totals(ctx: Context, totals: _Totals, read: dict[str, Decimal]) -> None:
    """A report's grand total is the sum of its rows: when no summary row equals the cost read, say by how
    much, so a row taken for a total, or one left out, does not pass unseen (rejected rows are listed)."""
    if totals.largest is None or len(read) > 1:
        return
    got = sum(read.values(), Decimal(0))
    if totals.has(got):
        return
    line, grand = totals.largest
    ctx.batch.note(
        "ingest.note.total_mismatch",
        line=line,
        total=str(grand),
        read=str(got),
        difference=str(grand - got),
        rejected=len(ctx.batch.rejected),
    )


def _blank(text: str) -> bool:
    return is_missing(text) or bool(_TOTAL.match(text))


def _is_total(rec: Record, cols: dict[str, int], platform: str) -> bool:
    """A summary row, told by its structure: it names no campaign, ad group or ad of its own (each is empty,
    ``--`` or a total label) and has no day of its own when the report has a day column; and it says so (a
    total label in one of its first cells), or, in a Meta export, leaves every name empty. A campaign named
    "Total Body Glow" or "المجموع الكامل" has a name, so it is data."""
    names = [cell(rec, cols, f) for f in ("campaign", "ad_group", "ad")]
    if not all(_blank(n) for n in names):
        return False
    if "date" in cols and not _blank(cell(rec, cols, "date")):
        return False
    labelled = any(_TOTAL.match(c) for c in rec.cells[:3] if c.strip())
    return labelled or (platform == "meta" and not any(names))


def _period(preamble: list[Record], ctx: Context) -> tuple[dt.date, dt.date] | None:
    """The report's date range from a preamble line such as ``"July 8, 2025 - July 31, 2025"``."""
    for rec in preamble:
        text = ",".join(rec.cells).strip().strip('"')
        parts = _RANGE.split(text)
        if len(parts) == 2:
            try:
                return parse_date(parts[0], ctx.options.date_order), parse_date(parts[1], ctx.options.date_order)
            except CellError:
                continue
        if len(parts) == 1 and text:
            try:
                day = parse_date(text, ctx.options.date_order)
                return day, day
            except CellError:
                continue
    return None


def _row(
    rec: Record,
    cols: dict[str, int],
    head: Record,
    table: Table,
    ctx: Context,
    platform: str,
    header_currency: str | None,
    period: tuple[dt.date, dt.date] | None,
) -> dict[str, Any]:
    def where(name: str) -> tuple[int | None, str | None]:
        i = cols.get(name)
        return (None, name) if i is None else (i + 1, head.cells[i])

    def get(name: str, fn: Any) -> Any:
        text = cell(rec, cols, name)
        try:
            return fn(text)
        except CellError as err:
            raise _Bad(err, *where(name)) from None

    mark = table.decimal
    order = table.date_order

    def day(t: str) -> dt.date | None:
        return None if is_missing(t) else parse_date(t, order)

    start = get("date", day) or get("date_start", day)
    end = get("date_end", day) if "date" not in cols else None
    if start is None:
        if period is None:
            raise _Bad(CellError("ingest.row.no_date"), *where("date"))
        start, end = period
    end = end or start
    if end < start:
        raise _Bad(CellError("ingest.row.period", start=start, end=end), *where("date_end"))
    currency_text = cell(rec, cols, "currency") or header_currency or ctx.options.currency
    if not currency_text:
        raise _Bad(CellError("ingest.row.no_currency"), *where("currency"))
    currency = get("currency", lambda _t: parse_currency(currency_text))
    cost = get("cost", lambda t: parse_money(t, mark, currency))
    if cost is None:
        raise _Bad(CellError("ingest.cell.missing"), *where("cost"))
    campaign = cell(rec, cols, "campaign")
    if not campaign:
        raise _Bad(CellError("ingest.cell.missing"), *where("campaign"))
    conversions = get("conversions", lambda t: parse_decimal(t, mark))
    if "conversions" not in cols and "results" in cols:
        indicator = fold(cell(rec, cols, "result_indicator"))
        if "purchase" in indicator or "شراء" in indicator:
            conversions = get("results", lambda t: parse_decimal(t, mark))
    ad_group = cell(rec, cols, "ad_group")
    return {
        "date": start,
        "date_end": end,
        "platform": platform,
        "account": cell(rec, cols, "account"),
        "channel": _spend_channel(ctx, platform, campaign, cell(rec, cols, "campaign_type") or None, ad_group),
        "campaign": campaign,
        "campaign_id": cell(rec, cols, "campaign_id") or None,
        "ad_group": ad_group,
        "ad": cell(rec, cols, "ad"),
        "cost": cost,
        "currency": currency,
        "impressions": get("impressions", lambda t: parse_count(t, mark)),
        "reach": get("reach", lambda t: parse_count(t, mark)),
        "clicks": get("clicks", lambda t: parse_count(t, mark)),
        "platform_conversions": conversions,
        "platform_conversion_value": get("conversion_value", lambda t: parse_money(t, mark, currency)),
    }


def _spend_channel(ctx: Context, platform: str, campaign: str, campaign_type: str | None, ad_group: str) -> str:
    """The taxonomy's channel for a spend row, asked once per distinct campaign in a file (the taxonomy does
    not change while a file is read; a report names the same campaigns row after row)."""
    known: dict[tuple[str, str, str | None, str], str] = ctx.__dict__.setdefault("_spend_channels", {})
    args = (platform, campaign, campaign_type, ad_group)
    if (channel := known.get(args)) is None:
        if len(known) >= SPEND_CHANNELS:
            known.clear()  # a bounded memory: a file of ever new campaigns asks the taxonomy again
        channel = known[args] = ctx.taxonomy.classify_spend(platform, campaign, campaign_type, ad_group)
    return channel
