"""From a file (CSV, XLSX or JSON) to located rows whose cells are named by field.

CSV and XLSX go through the importers' readers (any of the usual encodings and separators, Eastern
Arabic digits, the first sheet of a workbook); JSON is a list of objects, or an object holding that list
under the table's name. Headers are matched in English or Arabic against ``data/columns.yaml``; columns
that mean nothing to vetting are left alone. Every row keeps its file, its line (or item number in JSON)
and the column each cell came from, so every later problem can name its place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from mizaan.errors import InputError, Problem
from mizaan.i18n import fold
from mizaan.ingest import CellError, Record, decode, header_key, read_records, xlsx_records

TableName = Literal["candidates", "posts", "history", "audience", "followers", "comments"]
TABLE_NAMES: tuple[TableName, ...] = ("candidates", "posts", "history", "audience", "followers", "comments")
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json")


@dataclass(frozen=True)
class TableSpec:
    name: TableName
    required: tuple[str, ...]
    fields: dict[str, frozenset[str]]


@cache
def table_specs() -> dict[TableName, TableSpec]:
    raw = yaml.safe_load(resources.files("mizaan.influencers").joinpath("data", "columns.yaml").read_text("utf-8"))
    out: dict[TableName, TableSpec] = {}
    for name in TABLE_NAMES:
        spec = raw["tables"][name]
        out[name] = TableSpec(
            name=name,
            required=tuple(spec["required"]),
            fields={f: frozenset(fold(str(a)) for a in aliases) for f, aliases in spec["fields"].items()},
        )
    return out


@dataclass(frozen=True)
class Row:
    """One row of a table: its cells by field (text as written), and where each came from."""

    file: str
    line: int
    cells: dict[str, str]
    columns: dict[str, int]  # field -> 1-based column (absent for JSON)
    headers: dict[str, str]  # field -> the header as written in the file
    currency_in_header: str | None = None

    def get(self, field: str) -> str:
        return self.cells.get(field, "").strip()

    def problem(self, key: str, field: str | None = None, **params: Any) -> Problem:
        """A problem located at this row (and at ``field``'s column when given)."""
        return Problem(
            key,
            params,
            file=self.file,
            row=self.line,
            column=self.columns.get(field) if field else None,
            field=self.headers.get(field, field) if field else None,
        )


def read_table(path: str | Path, table: TableName) -> list[Row]:
    """The rows of ``path`` as ``table``; a file that cannot be read raises ``InputError`` naming it."""
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise InputError([Problem("influencers.file.missing", {"path": name}, file=name)], file=name)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            [Problem("influencers.file.suffix", {"suffix": suffix or "—", "expected": ", ".join(SUFFIXES)}, file=name)],
            file=name,
        )
    try:
        if suffix == ".json":
            rows = _json_rows(p, name, table)
        else:
            records = xlsx_records(p) if suffix in (".xlsx", ".xlsm") else _csv_records(p)
            rows = _tabular_rows(records, name, table)
    except CellError as err:
        raise InputError([Problem(err.key, err.params, file=name)], file=name) from None
    if not rows:
        raise InputError([Problem("influencers.file.no_rows", {"table": table}, file=name)], file=name)
    return rows


def _csv_records(path: Path) -> list[Record]:
    decoded = decode(path.read_bytes())
    recs = read_records(decoded.text)
    if recs.broken_at is not None:
        raise InputError([Problem("ingest.file.broken_csv", {}, file=str(path), row=recs.broken_at)], file=str(path))
    return recs.records


def _match_header(cells: list[str], spec: TableSpec) -> tuple[dict[str, int], str | None]:
    columns: dict[str, int] = {}
    currency: str | None = None
    for i, cell in enumerate(cells):
        key, cur = header_key(cell)
        for field, aliases in spec.fields.items():
            if field not in columns and key in aliases:
                columns[field] = i
                if cur and field == "price_per_post":
                    currency = cur
                break
    return columns, currency


def _tabular_rows(records: list[Record], file: str, table: TableName) -> list[Row]:
    spec = table_specs()[table]
    if not records:
        raise InputError([Problem("influencers.file.empty", {}, file=file)], file=file)
    head = records[0]
    columns, currency = _match_header(head.cells, spec)
    missing = [f for f in spec.required if f not in columns]
    if missing:
        raise InputError(
            [
                Problem(
                    "influencers.file.missing_columns",
                    {"columns": ", ".join(missing), "table": table, "found": ", ".join(c for c in head.cells if c)},
                    file=file,
                    row=head.line,
                )
            ],
            file=file,
        )
    headers = {f: head.cells[i] for f, i in columns.items()}
    out = []
    for rec in records[1:]:
        if rec.blank():
            continue
        if len(rec.cells) > len(head.cells) and any(c.strip() for c in rec.cells[len(head.cells) :]):
            raise InputError(
                [
                    Problem(
                        "ingest.row.width",
                        {"got": len(rec.cells), "expected": len(head.cells)},
                        file=file,
                        row=rec.line,
                    )
                ],
                file=file,
            )
        cells = {f: (rec.cells[i] if i < len(rec.cells) else "") for f, i in columns.items()}
        out.append(Row(file, rec.line, cells, {f: i + 1 for f, i in columns.items()}, headers, currency))
    return out


def _json_rows(path: Path, file: str, table: TableName) -> list[Row]:
    spec = table_specs()[table]
    try:
        data = json.loads(decode(path.read_bytes()).text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem("ingest.file.json", {"line": exc.lineno, "detail": exc.msg}, file=file, row=exc.lineno)], file=file
        ) from None
    if isinstance(data, dict):
        found = next((v for k, v in data.items() if fold(str(k)) in (table, fold(table))), None)
        data = found
    if not isinstance(data, list):
        raise InputError([Problem("influencers.file.json_shape", {"table": table}, file=file)], file=file)
    out = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InputError([Problem("influencers.file.json_item", {}, file=file, row=i)], file=file)
        cells: dict[str, str] = {}
        headers: dict[str, str] = {}
        for key, value in item.items():
            folded, _ = header_key(str(key))
            for field, aliases in spec.fields.items():
                if field not in cells and folded in aliases:
                    cells[field] = _json_text(value)
                    headers[field] = str(key)
                    break
        missing = [f for f in spec.required if f not in cells]
        if missing:
            raise InputError(
                [Problem("influencers.row.missing_fields", {"columns": ", ".join(missing)}, file=file, row=i)],
                file=file,
            )
        out.append(Row(file, i, cells, {}, headers))
    return out


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "\n".join(_json_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
