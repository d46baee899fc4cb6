"""Fuzzing the order importers for silent misreads: generated Shopify exports (orders of one to three line
items, totals with currency markers of the order's currency or another's, decimal commas, Eastern Arabic
digits, offsets in the times, repeated orders) and the same orders as a generic CSV with a mapping file.
For every export, each order is read with exactly its total and currency or rejected with its line, each
later line item is skipped (or rejected with its order), and the revenue read plus the revenue of the
orders rejected is the export's revenue: every difference is accounted for, row by row.

``MIZAAN_FUZZ_EXAMPLES=10000`` runs it as a benchmark (``bench/import_fuzz.py``)."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.i18n import to_eastern_digits
from mizaan.ingest import ImportOptions
from mizaan.ingest.channels import load_taxonomy
from mizaan.ingest.importing import _read_one
from mizaan.ingest.values import Zone

TAX = load_taxonomy()
EXAMPLES = int(os.environ.get("MIZAAN_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKERS = {"SAR": ["{}", "SAR {}", "{} SR", "﷼ {}", "{} ر.س"], "USD": ["{}", "USD {}", "${}", "{} USD"]}
FOREIGN = ["€{}", "{} EUR", "£{}"]
MAPPING = (
    "table: orders\ncolumns: {order_id: Name, time: Created at, revenue: Total, currency: Currency, "
    "discount_code: Discount Code}\nconstants: {shop: myshop}\n"
)


@st.composite
def orders(draw: st.DrawFn) -> dict[str, Any]:
    currency = draw(st.sampled_from(["SAR", "USD"]))
    comma, eastern = draw(st.booleans()), draw(st.booleans())
    out = []
    for i in range(draw(st.integers(0, 8))):
        foreign = draw(st.integers(0, 7)) == 0
        out.append(
            {
                "name": f"#{1000 + i}" if draw(st.integers(0, 9)) else "#1000",  # now and then a repeat
                "total": Decimal(draw(st.integers(0, 5_000_000))) / 100,
                "marker": draw(st.sampled_from(FOREIGN if foreign else MARKERS[currency])),
                "foreign": foreign,
                "items": draw(st.integers(1, 3)),
                "offset": draw(st.sampled_from(["+0300", "-0400", "+0000", "+05:30"])),
                "code": draw(st.sampled_from(["", "NOURA10", "SALE"])),
            }
        )
    return {"currency": currency, "comma": comma, "eastern": eastern, "orders": out}


def amount(value: Decimal, comma: bool, eastern: bool) -> str:
    text = f"{value:.2f}".replace(".", "," if comma else ".")
    return to_eastern_digits(text) if eastern else text


def write(ex: dict[str, Any]) -> tuple[str, list[tuple[int, dict[str, Any], bool]]]:
    """The export, and (line, order, first row of its order) for every data row."""
    sep = ";" if ex["comma"] else ","
    lines = [sep.join(["Name", "Currency", "Total", "Discount Code", "Created at", "Lineitem quantity"])]
    rows = []
    for o in ex["orders"]:
        total = o["marker"].format(amount(o["total"], ex["comma"], ex["eastern"]))
        first = [o["name"], ex["currency"], f'"{total}"', o["code"], f"2025-05-11 09:55:16 {o['offset']}", "1"]
        lines.append(sep.join(first))
        rows.append((len(lines), o, True))
        for _ in range(o["items"] - 1):
            lines.append(sep.join([o["name"], "", "", "", "", "1"]))
            rows.append((len(lines), o, False))
    return "\n".join(lines) + "\n", rows


def read(text: str, name: str, ex: dict[str, Any], mapping: str | None = None) -> Any:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_text(text, encoding="utf-8")
        if mapping:
            Path(d, name + ".mapping.yaml").write_text(mapping + (f"decimal: {'comma' if ex['comma'] else 'point'}\n"))
        options = ImportOptions(decimal="comma" if ex["comma"] else "point")
        return _read_one(path, options, TAX, Zone.named("Asia/Riyadh"))


@FUZZ
@given(orders())
def test_every_shopify_order_is_read_exactly_or_rejected_with_its_line(ex: dict[str, Any]) -> None:
    text, rows = write(ex)
    batch = read(text, "orders_export.csv", ex)
    got = batch.tables().get("orders")
    by_line = {r["source_row"]: r for r in (got.to_pylist() if got is not None else [])}
    rejected = {p.row: p for p in batch.rejected}
    assert all(p.row is not None for p in batch.rejected), batch.rejected
    first_seen: set[str] = set()
    expected = Decimal(0)
    accounted = Decimal(0)
    for line, o, first in rows:
        if not first:
            assert line not in by_line  # a later line item is no order
            continue
        if o["name"] in first_seen:
            assert line in rejected and rejected[line].key == "ingest.row.duplicate"  # a repeated order
            continue
        first_seen.add(o["name"])
        expected += o["total"]
        if o["foreign"]:
            assert line in rejected and line not in by_line  # another currency: refused, with its line
            accounted += o["total"]
        else:
            stored = by_line[line]
            assert (stored["revenue"], stored["currency"], stored["order_id"]) == (
                o["total"],
                ex["currency"],
                o["name"],
            )
            accounted += stored["revenue"]
    assert accounted == expected
    # every data row ends somewhere: an order, a rejection or a skipped line item
    assert len(by_line) + len(rejected) + sum(batch.skipped.values()) == len(rows)


@FUZZ
@given(orders())
def test_every_order_of_a_generic_csv_is_read_exactly_or_rejected_with_its_line(ex: dict[str, Any]) -> None:
    text, rows = write({**ex, "orders": [{**o, "items": 1} for o in ex["orders"]]})
    batch = read(text, "orders.csv", ex, MAPPING)
    got = batch.tables().get("orders")
    by_line = {r["source_row"]: r for r in (got.to_pylist() if got is not None else [])}
    rejected = {p.row for p in batch.rejected}
    assert None not in rejected, batch.rejected
    for line, o, _ in rows:
        if o["foreign"]:
            assert line in rejected and line not in by_line
        else:
            assert line in by_line and line not in rejected
            stored = by_line[line]
            assert (stored["revenue"], stored["currency"], stored["order_id"]) == (
                o["total"],
                ex["currency"],
                o["name"],
            )
    assert len(by_line) + len(rejected) == len(rows)
