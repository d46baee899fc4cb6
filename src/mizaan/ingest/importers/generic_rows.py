"""One record of a generic CSV read cell by cell: the reading every record had before chunks, and the
one a chunk still gives the records its column readers do not vouch for (``generic_csv.py``), so both
read a record, or reject it, alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from mizaan.ingest.importers.base import Context, Table
from mizaan.ingest.tables import TABLES, _base_type, columns, nullable
from mizaan.ingest.text import Record
from mizaan.ingest.values import (
    CellError,
    check_marker,
    is_missing,
    parse_currency,
    parse_date,
    parse_decimal,
    parse_instant,
)

IDENTITY = {
    "touchpoints": ("touchpoint_id", ("system", "user_id", "time", "kind", "channel", "campaign")),
    "conversions": ("conversion_id", ("system", "user_id", "time")),
}


def cell_kind(table: str, column: str) -> str:
    base, _ = _base_type(TABLES[table].model_fields[column].annotation)
    kinds: dict[object, str] = {Decimal: "decimal", int: "int", dt.datetime: "instant", dt.date: "date"}
    return kinds.get(base, "text")


def _fill(ctx: Context, mapping: Any, row: dict[str, Any]) -> None:
    table = mapping.table
    if "channel" in columns(table) and not row.get("channel"):
        if table in ("touchpoints", "orders") or row.get("source") or row.get("medium"):
            row["channel"] = ctx.taxonomy.classify(
                row.get("source") or row.get("utm_source"),
                row.get("medium") or row.get("utm_medium"),
                row.get("campaign") or row.get("utm_campaign"),
                row.get("content") or row.get("utm_content"),
                row.get("discount_code"),
            )
    if table in IDENTITY:
        key, parts = IDENTITY[table]
        if not row.get(key):
            row[key] = "|".join("" if row.get(p) is None else str(row[p]) for p in parts)
    if table == "spend":
        row.setdefault("date_end", row.get("date"))
        for k in ("account", "ad_group", "ad"):
            row.setdefault(k, "")
    for name in columns(table):
        if name not in row and nullable(table, name):
            row[name] = None


def read_row(
    ctx: Context, mapping: Any, rec: Record, idx: dict[str, int], kinds: dict[str, str], tbl: Table, head: Record
) -> None:
    """Read ``rec`` into the batch, or reject it naming its line, column and reason."""
    row: dict[str, Any] = dict(mapping.constants)
    try:
        for canon, i in idx.items():
            text = rec.cells[i] if i < len(rec.cells) else ""
            row[canon] = _cell(kinds[canon], text, tbl, ctx, canon)
        for canon, i in idx.items():  # a currency written in an amount must be the row's
            if kinds[canon] == "decimal" and i < len(rec.cells):
                try:
                    check_marker(rec.cells[i], row.get("currency"))
                except CellError as err:
                    raise _Bad(err, canon) from None
    except _Bad as bad:
        ctx.batch.reject_cell(rec.line, bad.err, idx[bad.canon] + 1, head.cells[idx[bad.canon]])
        return
    _fill(ctx, mapping, row)
    ctx.batch.add(mapping.table, row, rec.line)


class _Bad(Exception):
    def __init__(self, err: CellError, canon: str) -> None:
        self.err, self.canon = err, canon


def _cell(kind: str, text: str, tbl: Table, ctx: Context, canon: str) -> Any:
    try:
        if is_missing(text) and kind != "text":
            return None
        if kind == "decimal":
            return parse_decimal(text, tbl.decimal)
        if kind == "int":
            return int(parse_decimal(text, tbl.decimal, integer=True) or 0)
        if kind == "instant":
            return parse_instant(text, ctx.zone)
        if kind == "date":
            return parse_date(text, tbl.date_order)
        if canon == "currency":
            return parse_currency(text)
        return text or None
    except CellError as err:
        raise _Bad(err, canon) from None
