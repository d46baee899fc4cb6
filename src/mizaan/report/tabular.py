"""The plan's tables as CSV, for spreadsheets and tools. ``plan_csv`` is the allocation, one row per
channel with raw numbers (decimal strings for money, fractions for shares), the rules and reasons behind
each line; ``document_csv`` is every table of the document in tidy form, one cell a row."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

from mizaan.plan import Plan
from mizaan.report.document import Cell, Document, Raw, Table
from mizaan.report.plan_document import plan_document
from mizaan.report.safe import csv_writer

ALLOCATION_COLUMNS = (
    "channel",
    "name",
    "family",
    "currency",
    "amount",
    "monthly_amount",
    "min_amount",
    "share",
    "awareness",
    "consideration",
    "conversion",
    "rules",
    "reasons",
)


def raw(value: Raw) -> str:
    """A cell's raw value as CSV text: decimals as written, floats with six places."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6f}"
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def allocation_rows(table: Table, currency: str) -> list[list[str]]:
    """The allocation table's rows in ``ALLOCATION_COLUMNS`` order."""
    rows = []
    for row in table.rows:
        cells: dict[str, Cell] = {c.id: cell for c, cell in zip(table.columns, row.cells, strict=True)}
        rows.append(
            [
                row.key,
                cells["name"].text,
                row.group,
                currency,
                *(raw(cells[c].value) for c in ALLOCATION_COLUMNS[4:11]),
                " ".join(row.rules),
                " | ".join(r.text for r in row.reasons),
            ]
        )
    return rows


def plan_csv(plan: Plan) -> str:
    doc = plan_document(plan)
    out = StringIO()
    writer = csv_writer(out)
    writer.writerow(ALLOCATION_COLUMNS)
    writer.writerows(allocation_rows(doc.section("allocation").table("allocation"), plan.currency))
    return out.getvalue()


def document_csv(doc: Document) -> str:
    """Every table of the document, one cell a row: section, table, row key, column, kind, raw value, text."""
    out = StringIO()
    writer = csv_writer(out)
    writer.writerow(["section", "table", "row", "column", "kind", "value", "text", "rules"])
    for section in doc.sections:
        for b in section.blocks:
            if not isinstance(b, Table):
                continue
            for row in b.rows:
                for col, cell in zip(b.columns, row.cells, strict=True):
                    writer.writerow(
                        [section.id, b.id, row.key, col.id, col.kind, raw(cell.value), cell.text, " ".join(row.rules)]
                    )
    return out.getvalue()
