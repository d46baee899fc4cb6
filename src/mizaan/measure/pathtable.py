"""Aggregated path tables in ChannelAttribution's format, read from CSV or Parquet, with every bad cell
reported by file, row and column.

Columns (names are matched without regard to case or surrounding spaces):

=========================  ========  ==========================================================
column                     needed    what
=========================  ========  ==========================================================
``path``                   yes       the channels in order, separated by ``>`` (``a > b > c``)
``total_conversions``      yes       journeys on this path that converted (a number >= 0)
``total_conversion_value`` no        the value of those conversions (>= 0)
``total_null``             no        journeys on this path that did not convert (>= 0)
=========================  ========  ==========================================================

CSV files may be separated by commas, semicolons (ChannelAttribution's own sample), tabs or bars; the
separator is read from the header line. Numbers may use Eastern Arabic or Persian digits. A path string may
repeat on several rows (its rows add up). Spaces around channel names are ignored, as ChannelAttribution
does; an empty step (``a >  > b``) is an error rather than silently skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from numpy.typing import NDArray

from mizaan.errors import InputError, Problem
from mizaan.measure.pathcells import PATH, Problems, numbers, split_paths
from mizaan.measure.paths import Paths

CONVERSIONS = "total_conversions"
VALUE = "total_conversion_value"
NULLS = "total_null"
COLUMNS = (PATH, CONVERSIONS, VALUE, NULLS)
REQUIRED = (PATH, CONVERSIONS)
BATCH_ROWS = 1 << 16

_DELIMITERS = (",", ";", "\t", "|")


def read_path_table(path: str | Path, batch_rows: int = BATCH_ROWS) -> Paths:
    """Read a ChannelAttribution-style path table (``.csv``, ``.tsv``, ``.txt`` or ``.parquet``).

    The file is read in batches, so memory holds the parsed paths plus one batch of text, whatever the
    file's size. Raises ``InputError`` naming the file, row and column of every problem (up to 20, then a
    count of the rest).
    """
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise InputError([Problem("v.no_file", {"path": name}, file=name)], file=name)
    if p.suffix.lower() in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        try:
            source = pq.ParquetFile(p)
            names = list(source.schema_arrow.names)
        except (pa.ArrowInvalid, OSError) as exc:
            raise InputError(
                [Problem("measure.unreadable", {"detail": _arrow_detail(exc)}, file=name)], file=name
            ) from None
        builder = PathTableBuilder(names, file=name, first_data_row=1)
        builder.add_all(source.iter_batches(batch_size=batch_rows))
        return builder.finish()
    delimiter, names, raw_names = _sniff(p, name)
    builder = PathTableBuilder(names, file=name, first_data_row=2)
    try:
        reader = pacsv.open_csv(
            p,
            read_options=pacsv.ReadOptions(block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in names} | {c: pa.string() for c in raw_names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        builder.add_all(reader)
    except pa.ArrowInvalid as exc:
        raise _csv_error(p, name, delimiter, exc) from None
    return builder.finish()


def path_table_to_paths(table: pa.Table, *, file: str | None = None, first_data_row: int = 1) -> Paths:
    """Validate an Arrow table with the path-table columns and turn it into ``Paths`` (``first_data_row``
    is the file row of the first record, 2 after a CSV header, so that problems point at the right line)."""
    builder = PathTableBuilder(table.column_names, file=file, first_data_row=first_data_row)
    builder.add_all(table.to_batches(max_chunksize=BATCH_ROWS))
    return builder.finish()


def _sniff(p: Path, name: str) -> tuple[str, list[str], list[str]]:
    """The delimiter and the column names, trimmed and as written, from the header line."""
    with p.open("rb") as fh:
        raw = fh.read(1 << 16)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(raw) - 4:  # not just a character cut by the 64 KiB read
            raise InputError([Problem("v.encoding", {"position": exc.start}, file=name)], file=name) from None
        text = raw[: exc.start].decode("utf-8-sig")
    head = text.splitlines()[0] if text.strip() else ""
    if not head.strip():
        raise InputError([Problem("measure.empty_file", file=name, row=1)], file=name)
    delimiter = max(_DELIMITERS, key=head.count)
    return (
        delimiter,
        [c.strip().strip('"') for c in head.split(delimiter)],
        [c.strip('"') for c in head.split(delimiter)],
    )


def _csv_error(p: Path, name: str, delimiter: str, exc: Exception) -> InputError:
    """A CSV the reader refused, with its row: the streaming reader does not say which row, so the file
    is read once more without threads, which does."""
    detail = _arrow_detail(exc)
    if "UTF8" in detail or "utf8" in detail.lower():
        return InputError([Problem("v.encoding", {"position": "?"}, file=name)], file=name)
    try:
        pacsv.read_csv(
            p,
            read_options=pacsv.ReadOptions(use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
        )
    except pa.ArrowInvalid as again:
        detail = _arrow_detail(again)
    match = re.search(r"Row #(\d+): ", detail)
    row = int(match.group(1)) if match else None
    text = detail[match.end() :] if match else detail.removeprefix("CSV parse error: ")
    return InputError([Problem("measure.bad_csv_row", {"detail": text}, file=name, row=row)], file=name)


def _arrow_detail(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200]


class PathTableBuilder:
    """Validates path-table batches one at a time and gathers them into ``Paths``: problems are collected
    over the whole file (with their rows), channel names get codes as they are met, and only numbers and
    codes are kept between batches."""

    def __init__(self, column_names: list[str], *, file: str | None, first_data_row: int) -> None:
        self.file = file
        self.first_data_row = first_data_row
        names = [str(n).strip().lower() for n in column_names]
        problems: list[Problem] = []
        self.index: dict[str, int] = {}
        header_row = first_data_row - 1 if first_data_row > 1 else None
        for i, n in enumerate(names):
            if n not in COLUMNS:
                problems.append(
                    Problem(
                        "measure.unknown_column",
                        {"name": column_names[i], "expected": ", ".join(COLUMNS)},
                        file=file,
                        row=header_row,
                        column=i + 1,
                    )
                )
            elif n in self.index:
                problems.append(
                    Problem("measure.duplicate_column", {"name": n}, file=file, row=header_row, column=i + 1)
                )
            else:
                self.index[n] = i
        for need in REQUIRED:
            if need not in self.index:
                problems.append(
                    Problem("measure.missing_column", {"name": need}, file=file, row=header_row, field=need)
                )
        if problems:
            raise InputError(problems, file=file)
        self.problems = Problems(file, first_data_row)
        self.rows = 0
        self.codes: dict[str, int] = {}
        self.touches: list[NDArray[np.int32]] = []
        self.lengths: list[NDArray[np.int64]] = []
        self.conv: list[NDArray[np.float64]] = []
        self.nulls: list[NDArray[np.float64]] = []
        self.value: list[NDArray[np.float64]] = []

    def add_all(self, batches: Iterable[pa.RecordBatch]) -> None:
        for batch in batches:
            self.add(batch)

    def add(self, batch: pa.RecordBatch) -> None:
        blank = _blank_rows(batch)
        if blank is not None:
            batch = batch.filter(pa.array(~blank))
            offsets_in_file = np.flatnonzero(~blank)
        else:
            offsets_in_file = None
        self.problems.base = self.rows
        self.problems.row_map = offsets_in_file
        col = self.index
        self.conv.append(numbers(batch.column(col[CONVERSIONS]), CONVERSIONS, col[CONVERSIONS] + 1, self.problems))
        if NULLS in col:
            self.nulls.append(numbers(batch.column(col[NULLS]), NULLS, col[NULLS] + 1, self.problems))
        if VALUE in col:
            self.value.append(numbers(batch.column(col[VALUE]), VALUE, col[VALUE] + 1, self.problems))
        lengths, touches = split_paths(batch.column(col[PATH]), col[PATH] + 1, self.problems, self.codes)
        self.lengths.append(lengths)
        self.touches.append(touches)
        self.rows += len(blank) if blank is not None else batch.num_rows

    def finish(self) -> Paths:
        self.problems.raise_if_any()
        lengths = np.concatenate(self.lengths) if self.lengths else np.zeros(0, dtype=np.int64)
        if len(lengths) == 0:
            raise InputError([Problem("measure.no_rows", file=self.file, row=self.first_data_row)], file=self.file)
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        touches = np.concatenate(self.touches)
        self.touches.clear()
        names = sorted(self.codes, key=lambda n: n)
        rank = np.empty(len(names), dtype=np.int32)
        for r, n in enumerate(names):
            rank[self.codes[n]] = r
        touches = rank[touches]
        conv = np.concatenate(self.conv)
        nulls = np.concatenate(self.nulls) if self.nulls else np.zeros(len(conv))
        value = np.concatenate(self.value) if self.value else None
        return Paths(tuple(names), offsets, touches, conv, nulls, value, None)


def _blank_rows(batch: pa.RecordBatch) -> NDArray[np.bool_] | None:
    """Rows where every cell is empty text (blank lines): they carry nothing and are skipped, but still
    counted so that later rows keep their line numbers."""
    first = batch.column(0)
    if pa.types.is_string(first.type) and not pc.any(pc.equal(pc.utf8_length(first.fill_null("")), 0)).as_py():
        return None  # the usual case: no empty cell in the first column, so no blank line
    blank: NDArray[np.bool_] | None = None
    for column in batch.columns:
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            return None
        empty = np.asarray(pc.equal(pc.utf8_length(column.fill_null("")), 0).to_numpy(zero_copy_only=False), dtype=bool)
        blank = empty if blank is None else blank & empty
    if blank is None or not blank.any():
        return None
    return blank
