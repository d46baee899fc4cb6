"""The cells of a path table, checked a batch at a time: numbers (plain, with Eastern Arabic digits, or
wrong) and path strings cut into steps, with each problem kept by row and column (the first 20, then a
count)."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from mizaan.errors import InputError, Problem
from mizaan.i18n import to_western_digits

PATH = "path"
STEP_SEPARATOR = ">"
MAX_PROBLEMS = 20

_NUMBER = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"


class Problems:
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


def numbers(column: pa.ChunkedArray, field: str, col_no: int, problems: Problems) -> NDArray[np.float64]:
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


def split_paths(
    column: pa.Array, col_no: int, problems: Problems, codes: dict[str, int]
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
