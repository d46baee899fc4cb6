"""What an import read, rejected and skipped: per file (a ``Batch``, built by an importer) and for the
whole import (an ``ImportReport``, what ``mizaan import`` prints).

Every record of a file ends in exactly one of three places: a canonical row (``read``), ``rejected``
(one problem per record: file, row, column, reason in Arabic and English) or ``skipped`` (records that
are not data, such as a report's ``Total:`` lines or GA4 events that are neither a visit nor a purchase,
counted by reason). Nothing is dropped without a line here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, Protocol

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from mizaan.errors import Problem
from mizaan.i18n import Lang, t
from mizaan.ingest.spill import Rejections
from mizaan.ingest.tables import TABLES, arrow_schema
from mizaan.ingest.values import CellError

FLUSH_ROWS = 50_000  # rows a batch with a sink holds before handing them over
SHOWN = 1_000  # rejected records an ImportReport holds (its count is exact; all_rejected() gives all)


class Sink(Protocol):
    """Where a batch hands its rows as it goes (the store's staging), so that no file is held whole."""

    def put(self, table: str, data: pa.Table) -> None: ...


class Batch:
    """The rows one importer made from one file, and what it could not use. With a ``sink``, rows are handed
    to it every ``FLUSH_ROWS`` rows (and by ``flush()``) instead of being held."""

    def __init__(self, file: str, fmt: str, sink: Sink | None = None) -> None:
        self.file = file
        self.format = fmt
        self.sink = sink
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.arrow: dict[str, pa.Table] = {}
        self.handed: Counter[str] = Counter()  # rows per table handed to the sink
        self.rejected = Rejections()  # spilled to a temporary file past the first few (spill.KEEP)
        self.skipped: Counter[tuple[str, str]] = Counter()  # (reason key, detail) -> records
        self.notes: list[Problem] = []

    def add(self, table: str, row: dict[str, Any], line: int) -> bool:
        """Validate ``row`` against its table's model and keep it; a failure is a rejection."""
        row.setdefault("source_file", self.file)
        row.setdefault("source_row", line)
        try:
            TABLES[table].model_validate(row)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in err["loc"])
            self.reject(
                line,
                "ingest.row.invalid",
                field=field,
                value=str(err.get("input"))[:60],
                detail=err.get("msg", ""),
            )
            return False
        rows = self.rows.setdefault(table, [])
        rows.append(row)
        if self.sink is not None and len(rows) >= FLUSH_ROWS:
            self._hand(table, pa.Table.from_pylist(rows, schema=arrow_schema(table)))
            self.rows[table] = []
        return True

    def add_arrow(self, table: str, data: pa.Table) -> None:
        """Rows already typed (large columnar sources such as GA4); appended to what is there."""
        data = data.select(arrow_schema(table).names).cast(arrow_schema(table))
        if self.sink is not None:
            self._hand(table, data)
            return
        self.arrow[table] = pa.concat_tables([self.arrow[table], data]) if table in self.arrow else data

    def _hand(self, table: str, data: pa.Table) -> None:
        assert self.sink is not None
        self.sink.put(table, data)
        self.handed[table] += data.num_rows

    def flush(self) -> None:
        """Hand every row still held to the sink."""
        if self.sink is None:
            return
        for table, data in self.tables().items():
            self._hand(table, data)
        self.rows.clear()
        self.arrow.clear()

    def repeated(self, table: str, n: int) -> None:
        """``n`` rows handed over were found to repeat a key (and rejected): not read after all."""
        self.handed[table] -= n

    def reject(
        self,
        line: int | None,
        key: str,
        *,
        column: int | None = None,
        field: str | None = None,
        **params: Any,
    ) -> None:
        self.rejected.append(Problem(key, params, file=self.file, row=line, column=column, field=field))

    def reject_cell(self, line: int, err: CellError, column: int | None, field: str | None) -> None:
        self.rejected.append(Problem(err.key, err.params, file=self.file, row=line, column=column, field=field))

    def skip(self, key: str, detail: str = "", count: int = 1) -> None:
        self.skipped[(key, detail)] += count

    def note(self, key: str, **params: Any) -> None:
        self.notes.append(Problem(key, params, file=self.file))

    def tables(self) -> dict[str, pa.Table]:
        """Every table this batch holds, as Arrow."""
        out = dict(self.arrow)
        for table, rows in self.rows.items():
            data = pa.Table.from_pylist(rows, schema=arrow_schema(table))
            out[table] = pa.concat_tables([out[table], data]) if table in out else data
        return out

    def counts(self) -> dict[str, int]:
        out = dict(self.handed)
        for table, data in self.tables().items():
            out[table] = out.get(table, 0) + data.num_rows
        return out


class Rejected(BaseModel):
    """One rejected record, as ``mizaan import --format json`` prints it."""

    model_config = ConfigDict(frozen=True)

    file: str | None
    row: int | None
    column: int | None
    field: str | None
    reason: str
    reason_ar: str
    reason_en: str


class Skipped(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    reason: str
    records: int


class FileSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    format: str
    encoding: str | None = None
    read: dict[str, int]
    rejected: int
    skipped: int


class ImportReport(BaseModel):
    """The whole import: rows read per table, rejected records (the first ``SHOWN``, with the exact count;
    ``all_rejected()`` gives every one, read back from where they were spilled), skipped records by
    reason, notes, per-file summaries, and the store's totals after the import."""

    model_config = ConfigDict(frozen=True)

    store: str
    read: dict[str, int]
    rejected: list[Rejected]
    rejected_count: int = 0
    skipped: list[Skipped]
    notes: list[str]
    files: list[FileSummary]
    totals: dict[str, Any]
    _every: Callable[[], Iterator[Rejected]] | None = PrivateAttr(default=None)

    @property
    def ok(self) -> bool:
        return self.rejected_count == 0 and not self.rejected

    def all_rejected(self) -> Iterator[Rejected]:
        """Every rejected record, in the order found."""
        if self._every is None:
            yield from self.rejected
        else:
            yield from self._every()

    def with_every(self, every: Callable[[], Iterator[Rejected]]) -> ImportReport:
        self._every = every
        return self


def rejected_entry(p: Problem, lang: Lang) -> Rejected:
    ar, en = t(p.key, "ar", **p.params), t(p.key, "en", **p.params)
    return Rejected(
        file=p.file,
        row=p.row,
        column=p.column,
        field=p.field,
        reason=ar if lang == "ar" else en,
        reason_ar=ar,
        reason_en=en,
    )


def json_safe(value: Any) -> Any:
    """Decimals as strings, recursively (money stays exact in JSON)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value
