"""What every importer shares: the import options, the header dictionary (``data/headers.yaml``), and
reading a CSV or XLSX file into located records whose columns are named by canonical field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from mizaan.i18n import fold
from mizaan.ingest.channels import Taxonomy
from mizaan.ingest.report import Batch
from mizaan.ingest.text import Record, decode, read_records
from mizaan.ingest.values import CellError, DecimalMark, Zone, date_evidence, evidence

FORMATS = (
    "google_ads",
    "meta",
    "tiktok",
    "snapchat",
    "shopify",
    "woocommerce",
    "salla",
    "zid",
    "ga4",
    "influencer_deals",
    "generic",
)
_CURRENCY_SUFFIX = re.compile(r"\s*[\(\[]([A-Za-z]{3})[\)\]]\s*$")


class ImportOptions(BaseModel):
    """What the user may state instead of letting the importer find it (all optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str | None = None  # zone of local (offset-less) times, e.g. Asia/Riyadh
    currency: str | None = None  # currency of files that name none
    decimal: DecimalMark | None = None  # decimal mark of files whose numbers are ambiguous
    date_order: Literal["day", "month"] | None = None  # 03/04/2025: day first or month first
    encoding: str | None = None
    format: (
        Literal[
            "google_ads",
            "meta",
            "tiktok",
            "snapchat",
            "shopify",
            "woocommerce",
            "salla",
            "zid",
            "ga4",
            "influencer_deals",
            "generic",
        ]
        | None
    ) = None
    mapping: Path | None = None  # column-mapping file for generic CSV / Parquet

    @field_validator("currency")
    @classmethod
    def _upper(cls, v: str | None) -> str | None:
        return v.upper() if v else v


@dataclass
class Context:
    """One file being imported: its options, taxonomy, time zone and batch."""

    path: Path
    options: ImportOptions
    taxonomy: Taxonomy
    batch: Batch
    zone: Zone = field(default_factory=lambda: Zone(None))


@dataclass(frozen=True)
class FormatHeaders:
    name: str
    platform: str | None
    detect: tuple[str, ...]
    any_of: tuple[tuple[str, ...], ...]
    fields: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def header_formats() -> dict[str, FormatHeaders]:
    raw = yaml.safe_load(resources.files("mizaan.ingest").joinpath("data", "headers.yaml").read_text("utf-8"))
    out = {}
    for name, spec in raw["formats"].items():
        out[name] = FormatHeaders(
            name=name,
            platform=spec.get("platform"),
            detect=tuple(spec["detect"]),
            any_of=tuple(tuple(g) for g in spec.get("any_of", [])),
            fields={f: frozenset(fold(a) for a in aliases) for f, aliases in spec["fields"].items()},
        )
    return out


def header_key(cell: str) -> tuple[str, str | None]:
    """A header cell as (folded name, currency in brackets or None)."""
    text = cell.strip().lstrip("\ufeff")
    m = _CURRENCY_SUFFIX.search(text)
    currency = m.group(1).upper() if m else None
    if m:
        text = text[: m.start()]
    return fold(text), currency


@dataclass(frozen=True)
class HeaderMatch:
    format: str
    index: int  # position of the header record among the records
    columns: dict[str, int]  # canonical field -> column position (0-based)
    currency_in_header: str | None
    score: int
    duplicates: tuple[tuple[str, int, int], ...] = ()  # (header, first column, second column), 1-based


def match_header(cells: list[str], fmt: FormatHeaders) -> HeaderMatch | None:
    keys = [header_key(c) for c in cells]
    cols: dict[str, int] = {}
    currency = None
    duplicates = []
    for fname, aliases in fmt.fields.items():
        for i, (k, cur) in enumerate(keys):
            if k in aliases:
                cols[fname] = i
                if fname == "cost" and cur:
                    currency = cur
                again = [j for j in range(i + 1, len(keys)) if keys[j][0] == k]
                if again:  # two columns with the header a field is read from: which one is meant?
                    duplicates.append((cells[i].strip(), i + 1, again[0] + 1))
                break
    if not all(f in cols for f in fmt.detect):
        return None
    if any(not any(f in cols for f in group) for group in fmt.any_of):
        return None
    return HeaderMatch(fmt.name, 0, cols, currency, len(cols), tuple(duplicates))


def find_header(records: list[Record], names: tuple[str, ...] | None = None, look: int = 12) -> HeaderMatch | None:
    """The best header among the first ``look`` records over the formats ``names`` (all by default)."""
    formats = header_formats()
    best: HeaderMatch | None = None
    for i, rec in enumerate(records[:look]):
        for name in names or tuple(formats):
            m = match_header(rec.cells, formats[name])
            if m and (best is None or m.score > best.score):
                best = HeaderMatch(m.format, i, m.columns, m.currency_in_header, m.score, m.duplicates)
    return best


@dataclass
class Table:
    """A tabular file's records, its encoding, and how it writes numbers and dates."""

    records: list[Record]
    encoding: str | None
    broken_at: int | None
    decimal: DecimalMark | None = None
    date_order: Literal["day", "month"] | None = None


def read_table(ctx: Context) -> Table:
    """CSV (any of the encodings and separators) or XLSX (first sheet) as records."""
    if ctx.path.suffix.lower() in (".xlsx", ".xlsm"):
        return Table(xlsx_records(ctx.path), "xlsx", None)
    decoded = decode(ctx.path.read_bytes(), ctx.options.encoding)
    if decoded.guessed:
        ctx.batch.note("ingest.note.cp1256")
    recs = read_records(decoded.text)
    return Table(recs.records, decoded.encoding, recs.broken_at)


def xlsx_records(path: Path) -> list[Record]:
    """The first sheet of a workbook as records (cells as text, dates as ISO), numbered by sheet row."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise CellError("ingest.file.xlsx", detail=type(exc).__name__) from None
    try:
        ws = wb.worksheets[0]
        out = []
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in row]
            if any(c for c in cells):
                out.append(Record(n, cells))
        return out
    finally:
        wb.close()


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v) if v != int(v) else str(int(v))
    return str(v).strip()


def conventions(
    table: Table,
    rows: list[Record],
    number_cols: list[int],
    date_cols: list[int],
    options: ImportOptions,
    batch: Batch,
) -> None:
    """Settle the file's decimal mark and date order: the user's word, else the file's unambiguous cells;
    a file whose cells disagree gets a note and keeps ambiguous cells unread (they are rejected)."""
    table.decimal = options.decimal
    table.date_order = options.date_order
    if table.decimal is None:
        seen = {e for r in rows for c in number_cols if c < len(r.cells) for e in [evidence(r.cells[c])] if e}
        if len(seen) == 1:
            table.decimal = seen.pop()
        elif len(seen) > 1:
            batch.note("ingest.note.mixed_decimal")
    if table.date_order is None:
        seen_d = {e for r in rows for c in date_cols if c < len(r.cells) for e in [date_evidence(r.cells[c])] if e}
        if len(seen_d) == 1:
            table.date_order = seen_d.pop()
        elif len(seen_d) > 1:
            batch.note("ingest.note.mixed_dates")


def cell(rec: Record, cols: dict[str, int], name: str) -> str:
    i = cols.get(name)
    return rec.cells[i] if i is not None and i < len(rec.cells) else ""
