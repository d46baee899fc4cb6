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
from mizaan.i18n.digits import to_western_digits
from mizaan.measure.paths import Paths

PATH = "path"
CONVERSIONS = "total_conversions"
VALUE = "total_conversion_value"
NULLS = "total_null"
COLUMNS = (PATH, CONVERSIONS, VALUE, NULLS)
REQUIRED = (PATH, CONVERSIONS)
STEP_SEPARATOR = ">"
MAX_PROBLEMS = 20
BATCH_ROWS = 1 << 16

_NUMBER = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"
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
        self.problems = _Problems(file, first_data_row)
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
        self.conv.append(_numbers(batch.column(col[CONVERSIONS]), CONVERSIONS, col[CONVERSIONS] + 1, self.problems))
        if NULLS in col:
            self.nulls.append(_numbers(batch.column(col[NULLS]), NULLS, col[NULLS] + 1, self.problems))
        if VALUE in col:
            self.value.append(_numbers(batch.column(col[VALUE]), VALUE, col[VALUE] + 1, self.problems))
        lengths, touches = _split_paths(batch.column(col[PATH]), col[PATH] + 1, self.problems, self.codes)
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


class _Problems:
    """Problems found cell by cell; keeps the first ``MAX_PROBLEMS`` in row order and counts the rest."""

    def __init__(self, file: str | None, first_row: int) -> None:
        self.file = file
        self.first_row = first_row
        self.found: list[tuple[int, int, Problem]] = []
        self.extra = 0
        self.base = 0  # rows of the file before the current batch
        self.row_map: NDArray[np.int64] | None = None  # batch row -> row within the batch's file rows

    def add(
        self,
        rows: NDArray[np.int64],
        column: int,
        key: str,
        params: dict[str, str],
        field: str,
        values: list[str] | None = None,
    ) -> None:
        for k, r in enumerate(rows[:MAX_PROBLEMS]):
            ps = dict(params)
            if values is not None:
                ps["value"] = _show(values[k])
            at = self.base + int(r if self.row_map is None else self.row_map[r])
            self.found.append(
                (
                    at,
                    column,
                    Problem(key, ps, file=self.file, row=at + self.first_row, column=column, field=field),
                )
            )
        self.extra += max(0, len(rows) - MAX_PROBLEMS)

    def raise_if_any(self) -> None:
        if not self.found:
            return
        self.found.sort(key=lambda x: (x[0], x[1]))
        kept = [p for _, _, p in self.found[:MAX_PROBLEMS]]
        more = self.extra + max(0, len(self.found) - MAX_PROBLEMS)
        if more:
            kept.append(Problem("measure.more_problems", {"count": more}, file=self.file))
        raise InputError(kept, file=self.file)


def _show(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _numbers(column: pa.ChunkedArray, field: str, col_no: int, problems: _Problems) -> NDArray[np.float64]:
    """A numeric column as float64; text cells may use Eastern Arabic digits; empty, negative, non-finite
    and non-numeric cells are problems."""
    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    n = len(arr)
    if pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type) or pa.types.is_decimal(arr.type):
        values = np.asarray(
            pc.cast(arr, pa.float64()).fill_null(np.nan).to_numpy(zero_copy_only=False), dtype=np.float64
        )
        bad_null = np.flatnonzero(np.isnan(values))
        problems.add(bad_null, col_no, "measure.empty_number", {}, field)
    elif (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)) and (
        fast := _plain_floats(arr)
    ) is not None:
        values = fast
    elif pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        arr = arr.fill_null("")
        ok = np.asarray(pc.match_substring_regex(arr, _NUMBER).to_numpy(zero_copy_only=False), dtype=bool)
        values = np.full(n, np.nan)
        if ok.any():
            values[ok] = np.asarray(
                pc.cast(pc.utf8_trim_whitespace(arr.filter(pa.array(ok))), pa.float64()).to_numpy(zero_copy_only=False),
                dtype=np.float64,
            )
        bad = np.flatnonzero(~ok)
        still_bad: list[int] = []
        texts: list[str] = []
        for r in bad:  # only the cells the fast path refused: Eastern digits, or real problems
            text = str(arr[int(r)].as_py())
            western = to_western_digits(text).strip()
            if re.match(_NUMBER, western):
                values[r] = float(western)
            else:
                still_bad.append(int(r))
                texts.append(text)
        empty = [i for i, t in enumerate(texts) if not t.strip()]
        filled = [i for i, t in enumerate(texts) if t.strip()]
        problems.add(np.array([still_bad[i] for i in empty], dtype=np.int64), col_no, "measure.empty_number", {}, field)
        problems.add(
            np.array([still_bad[i] for i in filled], dtype=np.int64),
            col_no,
            "measure.not_number",
            {},
            field,
            [texts[i] for i in filled],
        )
    else:
        problems.add(np.array([0], dtype=np.int64), col_no, "measure.column_type", {"type": str(arr.type)}, field)
        return np.zeros(n)
    negative = np.flatnonzero(values < 0)
    problems.add(negative, col_no, "measure.negative", {}, field, [repr(float(values[i])) for i in negative[:25]])
    infinite = np.flatnonzero(np.isinf(values))
    problems.add(infinite, col_no, "measure.not_number", {}, field, ["inf"] * min(len(infinite), 25))
    return np.where(np.isfinite(values) & (values >= 0), values, 0.0)


def _plain_floats(arr: pa.Array) -> NDArray[np.float64] | None:
    """The column as float64 when every cell is a plain number (the usual case, parsed in C++); ``None``
    when some cell needs a closer look (empty, Eastern Arabic digits, text, nan)."""
    if arr.null_count:
        return None
    try:
        values = np.asarray(pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return None if np.isnan(values).any() else values


def _tokens(arr: pa.Array) -> tuple[NDArray[np.int64], pa.Array]:
    """Steps per path, and the steps as one string array built over the column's own bytes (no copy).

    A step runs from the start of its path, or just after a ``>``, up to the start of the next step, so it
    may end with the separator and spaces (``"sms > "``); callers strip the few distinct texts afterwards.
    ``>`` is one byte that never occurs inside a multi-byte UTF-8 character, so the byte scan is safe."""
    n = len(arr)
    large = pa.types.is_large_string(arr.type)
    _, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64 if large else np.int32)[arr.offset : arr.offset + n + 1]
    offsets = offsets.astype(np.int64)
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, dtype=np.uint8)
    lo, hi = int(offsets[0]), int(offsets[-1])
    gt = np.flatnonzero(data[lo:hi] == ord(STEP_SEPARATOR)) + lo
    per_path = np.diff(np.searchsorted(gt, offsets))
    owner = np.repeat(np.arange(n, dtype=np.int64), per_path)
    before = np.zeros(n, dtype=np.int64)
    np.cumsum(per_path[:-1], out=before[1:])
    starts = np.empty(n + len(gt) + 1, dtype=np.int64)
    starts[np.arange(n) + before] = offsets[:-1]
    starts[owner + 1 + np.arange(len(gt))] = gt + 1
    starts[-1] = hi
    kind = pa.large_string() if large or hi >= 2**31 else pa.string()
    index = starts if kind == pa.large_string() else starts.astype(np.int32)
    tokens = pa.Array.from_buffers(kind, len(starts) - 1, [None, pa.py_buffer(index), data_buf])
    return per_path.astype(np.int64) + 1, tokens


def _split_paths(
    column: pa.Array, col_no: int, problems: _Problems, codes: dict[str, int]
) -> tuple[NDArray[np.int64], NDArray[np.int32]]:
    """Path strings as (touches per path, channel code per touch); codes are given to new channel names
    in ``codes`` as they are met. Splitting and encoding run in Arrow; only the batch's distinct step
    texts (a few dozen) are looked at in Python."""
    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        problems.add(np.array([0], dtype=np.int64), col_no, "measure.column_type", {"type": str(arr.type)}, PATH)
        return np.zeros(len(arr), dtype=np.int64), np.zeros(0, dtype=np.int32)
    lengths, tokens = _tokens(arr.fill_null("") if arr.null_count else arr)
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    encoded = pc.dictionary_encode(tokens)
    texts = [str(s).rstrip().removesuffix(STEP_SEPARATOR).strip() for s in encoded.dictionary.to_pylist()]
    lookup = np.empty(len(texts), dtype=np.int32)
    for i, text in enumerate(texts):
        lookup[i] = -1 if not text else codes.setdefault(text, len(codes))
    touches = lookup[np.asarray(encoded.indices.to_numpy(zero_copy_only=False))]
    empty_step = touches < 0
    if empty_step.any():
        row_of = np.repeat(np.arange(len(arr), dtype=np.int64), lengths)
        bad_rows = np.unique(row_of[empty_step])
        whole = lengths[bad_rows] == 1
        problems.add(bad_rows[whole], col_no, "measure.empty_path", {}, PATH)
        partly = bad_rows[~whole]
        first_step = {
            int(r): int(s)
            for r, s in zip(
                row_of[empty_step][::-1],
                (np.flatnonzero(empty_step) - offsets[row_of[empty_step]] + offsets[0])[::-1] + 1,
                strict=True,
            )
        }
        for r in partly[:MAX_PROBLEMS]:
            problems.add(
                np.array([r]),
                col_no,
                "measure.empty_step",
                {"step": str(first_step[int(r)])},
                PATH,
                [str(arr[int(r)].as_py())],
            )
        problems.extra += max(0, len(partly) - MAX_PROBLEMS)
    return lengths, touches
