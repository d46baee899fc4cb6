"""Shop exports as CSV -> ``orders``: Shopify's orders CSV (one row per line item) and WooCommerce's orders
CSV with its order-attribution fields, read a chunk of records at a time (``chunked.py``), so that memory
does not grow with the file: the orders met earlier are looked up a chunk at a time (``spill.Seen``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from mizaan.ingest.importers.base import Context, HeaderMatch, Table, cell, conventions
from mizaan.ingest.importers.chunked import Row, Step, replay
from mizaan.ingest.importers.shops import Bad, located, order_channel, wc_attribution
from mizaan.ingest.spill import Seen
from mizaan.ingest.text import Record
from mizaan.ingest.values import CellError, parse_currency, parse_instant, parse_money

# --- Shopify -----------------------------------------------------------------------------------------


def parse_note_attributes(text: str) -> dict[str, str]:
    """Shopify's multi-line ``Note Attributes`` cell (``utm_source: instagram``) as a mapping."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip().casefold()] = value.strip()
    return out


def import_shopify(ctx: Context, table: Table, header: HeaderMatch) -> None:
    """An order's first row (with its total or time) is the order; later rows of the same order are its
    line items (skipped, or rejected with a rejected order); a later row with its own total or time repeats
    the order (rejected naming the first)."""
    cols, head = header.columns, table.head
    assert head is not None
    batch = ctx.batch
    conventions(
        table, table.rows(header), [cols[f] for f in ("total", "discount_amount") if f in cols], [], ctx.options, batch
    )
    with Seen() as orders:  # order name -> (line of its first row, whether that row was rejected)
        for chunk in table.rows(header):
            names = [cell(rec, cols, "order_id") or cell(rec, cols, "shopify_id") for rec in chunk]
            met = orders.earlier(n for n in names if n)
            new: dict[str, tuple[int, bool]] = {}
            for rec, name in zip(chunk, names, strict=True):
                _shopify_record(ctx, table, cols, head, rec, name, new.get(name) or met.get(name), new)
            orders.remember(new)


def _shopify_record(
    ctx: Context,
    table: Table,
    cols: dict[str, int],
    head: Record,
    rec: Record,
    name: str,
    first: tuple[int, bool] | None,
    new: dict[str, tuple[int, bool]],
) -> None:
    """One record, given the first row of its order met earlier (``first``); a first row is noted in
    ``new``."""
    batch = ctx.batch
    if len(rec.cells) != len(head.cells):
        batch.reject(rec.line, "ingest.row.width", expected=len(head.cells), got=len(rec.cells))
        return
    if not name:
        batch.reject(rec.line, "ingest.cell.missing", column=cols["order_id"] + 1, field=head.cells[cols["order_id"]])
        return
    if first is not None:
        line, rejected = first
        if not cell(rec, cols, "total") and not cell(rec, cols, "time"):
            if rejected:
                batch.reject(rec.line, "ingest.row.order_rejected", first=line)
            else:
                batch.skip("ingest.skip.line_item")
            return
        batch.reject(rec.line, "ingest.row.duplicate", first=line)
        return
    try:
        row = _shopify_row(rec, cols, table, ctx)
    except Bad as bad:
        i = cols.get(bad.field or "")
        batch.reject_cell(rec.line, bad.err, None if i is None else i + 1, None if i is None else head.cells[i])
        new[name] = (rec.line, True)
        return
    row["order_id"] = name
    new[name] = (rec.line, False)
    row["channel"] = order_channel(ctx, row)
    batch.add("orders", row, rec.line)


def _shopify_row(rec: Record, cols: dict[str, int], table: Table, ctx: Context) -> dict[str, Any]:
    mark = table.decimal
    currency_text = cell(rec, cols, "currency") or ctx.options.currency or ""
    currency = located("currency", lambda: parse_currency(currency_text))
    total = located("total", lambda: parse_money(cell(rec, cols, "total"), mark, currency))
    if total is None:
        raise Bad(CellError("ingest.cell.missing"), "total")
    notes = parse_note_attributes(cell(rec, cols, "note_attributes"))
    return {
        "shop": "shopify",
        "time": located("time", lambda: parse_instant(cell(rec, cols, "time"), ctx.zone)),
        "customer_id": cell(rec, cols, "customer_id") or None,
        "revenue": total,
        "currency": currency,
        "discount_code": cell(rec, cols, "discount_code") or None,
        "discount_amount": located(
            "discount_amount", lambda: parse_money(cell(rec, cols, "discount_amount"), mark, currency)
        ),
        "status": cell(rec, cols, "status") or None,
        "utm_source": notes.get("utm_source") or notes.get("utm source"),
        "utm_medium": notes.get("utm_medium") or notes.get("utm medium"),
        "utm_campaign": notes.get("utm_campaign") or notes.get("utm campaign"),
        "utm_content": notes.get("utm_content") or notes.get("utm content"),
        "landing_page": notes.get("landing_page") or notes.get("landing page") or notes.get("landing_site"),
    }


# --- WooCommerce CSV ---------------------------------------------------------------------------------


def import_woocommerce_csv(ctx: Context, table: Table, header: HeaderMatch) -> None:
    cols, head = header.columns, table.head
    assert head is not None
    conventions(
        table,
        table.rows(header),
        [cols[f] for f in ("total", "discount_amount") if f in cols],
        [],
        ctx.options,
        ctx.batch,
    )
    with Seen() as seen:
        for chunk in table.rows(header):
            steps: list[Step] = []
            for rec in chunk:
                if len(rec.cells) != len(head.cells):
                    steps.append(
                        partial(
                            ctx.batch.reject, rec.line, "ingest.row.width", expected=len(head.cells), got=len(rec.cells)
                        )
                    )
                    continue
                try:
                    row = _woo_csv_row(rec, cols, table, ctx)
                except Bad as bad:
                    i = cols.get(bad.field or "")
                    where = (None, None) if i is None else (i + 1, head.cells[i])
                    steps.append(partial(ctx.batch.reject_cell, rec.line, bad.err, *where))
                    continue
                row["channel"] = order_channel(ctx, row)
                steps.append(Row(row["order_id"], row, rec.line))
            replay(ctx, seen, steps, "orders")


def _woo_csv_row(rec: Record, cols: dict[str, int], table: Table, ctx: Context) -> dict[str, Any]:
    mark = table.decimal
    order_id = cell(rec, cols, "order_id")
    if not order_id:
        raise Bad(CellError("ingest.cell.missing"), "order_id")
    currency_text = cell(rec, cols, "currency") or ctx.options.currency or ""
    currency = located("currency", lambda: parse_currency(currency_text))
    total = located("total", lambda: parse_money(cell(rec, cols, "total"), mark, currency))
    if total is None:
        raise Bad(CellError("ingest.cell.missing"), "total")
    attribution = (
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_content",
        "source_type",
        "referrer",
        "landing_page",
    )
    return {
        "shop": "woocommerce",
        "order_id": order_id,
        "time": located("time", lambda: parse_instant(cell(rec, cols, "time"), ctx.zone)),
        "customer_id": cell(rec, cols, "customer_id") or None,
        "revenue": total,
        "currency": currency,
        "discount_code": cell(rec, cols, "discount_code") or None,
        "discount_amount": located(
            "discount_amount", lambda: parse_money(cell(rec, cols, "discount_amount"), mark, currency)
        ),
        "status": cell(rec, cols, "status") or None,
        **wc_attribution({f: cell(rec, cols, f) for f in attribution}),
    }
