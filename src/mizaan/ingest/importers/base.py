"""What every importer shares: the import options, the header dictionary (``data/headers.yaml``), and
reading a CSV or XLSX file into located records whose columns are named by canonical field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import pyarrow as pa
import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from mizaan.i18n import fold
from mizaan.ingest.channels import Taxonomy
from mizaan.ingest.report import Batch
from mizaan.ingest.sheet import Sheet, open_sheet
from mizaan.ingest.text import Record
from mizaan.ingest.values import DecimalMark, Zone
from mizaan.ingest.vector import date_order_evidence, number_evidence

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
    """A tabular file being read: its sheet (streamed, never held whole), its encoding, and how it writes
    numbers and dates."""

    sheet: Sheet | None
    encoding: str | None
    decimal: DecimalMark | None = None
    date_order: Literal["day", "month"] | None = None
    head: Record | None = None  # the header record, once found
    preamble: list[Record] = field(default_factory=list)  # the records before it

    def rows(self, header: HeaderMatch) -> Iterator[list[Record]]:
        """The records after ``header``, a chunk at a time."""
        assert self.sheet is not None
        return self.sheet.chunks(header.index + 1)


def read_table(ctx: Context) -> Table:
    """CSV (any of the encodings and separators) or XLSX (first sheet), opened to be streamed."""
    sheet = open_sheet(ctx.path, ctx.options.encoding)
    if sheet.guessed:
        ctx.batch.note("ingest.note.cp1256")
    return Table(sheet, sheet.encoding)


def xlsx_records(path: Path) -> list[Record]:
    """The first sheet of a workbook as records (cells as text, dates as ISO), numbered by sheet row."""
    with Sheet(path, "xlsx", False, None) as sheet:
        return list(sheet.records())


def conventions(
    table: Table,
    chunks: Iterable[list[Record]],
    number_cols: list[int],
    date_cols: list[int],
    options: ImportOptions,
    batch: Batch,
) -> None:
    """Settle the file's decimal mark and date order: the user's word, else the file's unambiguous cells,
    read a column of a chunk at a time (``chunks`` is read only when there is something to settle); a file
    whose cells disagree gets a note and keeps ambiguous cells unread (they are rejected)."""
    table.decimal = options.decimal
    table.date_order = options.date_order
    numbers = number_cols if table.decimal is None else []
    dates = date_cols if table.date_order is None else []
    if not numbers and not dates:
        return
    seen: set[str] = set()
    seen_d: set[str] = set()
    for chunk in chunks:
        for c in numbers:
            number_evidence(_column(chunk, c), seen)
        for c in dates:
            date_order_evidence(_column(chunk, c), seen_d)
    if numbers:
        if len(seen) == 1:
            table.decimal = seen.pop()  # type: ignore[assignment]
        elif len(seen) > 1:
            batch.note("ingest.note.mixed_decimal")
    if dates:
        if len(seen_d) == 1:
            table.date_order = seen_d.pop()  # type: ignore[assignment]
        elif len(seen_d) > 1:
            batch.note("ingest.note.mixed_dates")


def _column(chunk: list[Record], c: int) -> pa.Array:
    return pa.array([r.cells[c] if c < len(r.cells) else "" for r in chunk], pa.string())


def cell(rec: Record, cols: dict[str, int], name: str) -> str:
    i = cols.get(name)
    return rec.cells[i] if i is not None and i < len(rec.cells) else ""
