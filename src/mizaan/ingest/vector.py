"""Cells read a column at a time, exactly as the cell parsers of ``values.py`` read them one by one.

Each reader takes a column of stripped cell texts and returns the values it read and a mask of the cells it
vouches for. It vouches only for cells in a strict, unambiguous form (``-12.50``, ``2025-03-01``,
``2025-03-01T10:00:00+03:00``, a not-available marker) whose meaning the one-by-one parser gives the same;
every other cell (Arabic-Indic digits, grouping marks, currency markers, other date forms, anything
wrong) is left to the one-by-one parser, so what is read, and every error message, is the same on both
paths. ``tests/ingest/test_vector.py`` checks the agreement with Hypothesis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mizaan.ingest.values import MISSING, DecimalMark, Zone, date_evidence, evidence

Kind = Literal["text", "currency", "decimal", "int", "instant", "date"]
_MISSING = pa.array(sorted(MISSING), pa.string())
_INT = r"^-?\d{1,20}$"
_COUNT = r"^\d{1,18}$"
# a decimal point that no file convention reads otherwise (values.evidence): not three digits after it,
# or a whole part of 0 or of more than three digits
_POINT_ALWAYS = r"^-?\d{1,20}\.(\d{1,2}|\d{4,12})$|^-?(0|\d{4,20})\.\d{3}$"
_POINT = r"^-?\d{1,20}\.\d{1,12}$"
_YEAR = r"(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_DATE = f"^{_YEAR}$"
_TIME = r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?"
_INSTANT_TZ = f"^{_YEAR}[T ]{_TIME}(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$"
_INSTANT_LOCAL = f"^{_YEAR}[T ]{_TIME}$"


@dataclass(frozen=True)
class Read:
    values: pa.Array  # of the column's Arrow type; null where not vouched for or missing
    ok: pa.Array  # bool: this reader vouches for the value


def missing(arr: pa.Array) -> pa.Array:
    """Cells that are not-available markers (``is_missing``)."""
    return pc.is_in(pc.utf8_lower(arr), value_set=_MISSING)


def read(kind: Kind, arr: pa.Array, *, mark: DecimalMark | None, zone: Zone, target: pa.DataType) -> Read:
    if kind == "text":
        return Read(pc.if_else(pc.equal(pc.utf8_length(arr), 0), pa.scalar(None, pa.string()), arr), _all(arr, True))
    if kind == "currency":
        ok = pc.match_substring_regex(arr, r"^[A-Za-z]{3}$")
        return Read(pc.if_else(ok, pc.utf8_upper(arr), pa.scalar(None, pa.string())), ok)
    absent = missing(arr)
    if kind == "decimal":
        pattern = _POINT if mark == "point" else f"{_INT}|{_POINT_ALWAYS}"
        return _cast(arr, absent, pc.match_substring_regex(arr, pattern), target)
    if kind == "int":
        return _cast(arr, absent, pc.match_substring_regex(arr, _COUNT), target)
    if kind == "date":
        return _date(arr, absent)
    return _instant(arr, absent, zone)


def _all(arr: pa.Array, value: bool) -> pa.Array:
    return pa.array(np.full(len(arr), value, dtype=bool))


def _cast(arr: pa.Array, absent: pa.Array, form: pa.Array, target: pa.DataType) -> Read:
    nulled = pc.if_else(form, arr, pa.scalar(None, pa.string()))
    try:
        values = pc.cast(nulled, target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return Read(pa.nulls(len(arr), target), absent)
    return Read(values, pc.or_(form, absent))


def _date(arr: pa.Array, absent: pa.Array) -> Read:
    form = pc.match_substring_regex(arr, _DATE)
    parsed = pc.strptime(
        pc.if_else(form, arr, pa.scalar(None, pa.string())), format="%Y-%m-%d", unit="s", error_is_null=True
    )
    # strptime rolls 2025-02-30 over to March: only a date that prints back as written is vouched for
    back = pc.strftime(parsed, format="%Y-%m-%d")
    same = pc.fill_null(pc.equal(back, arr), False)
    values = pc.cast(pc.if_else(same, parsed, pa.scalar(None, parsed.type)), pa.date32())
    return Read(values, pc.or_(same, absent))


def _instant(arr: pa.Array, absent: pa.Array, zone: Zone) -> Read:
    target = pa.timestamp("us", tz="UTC")
    with_tz = pc.match_substring_regex(arr, _INSTANT_TZ)
    values = pa.nulls(len(arr), target)
    ok = absent
    if pc.any(with_tz).as_py():
        try:
            read_tz = pc.cast(pc.if_else(with_tz, arr, pa.scalar(None, pa.string())), target)
            values = pc.if_else(with_tz, read_tz, values)
            ok = pc.or_(ok, with_tz)
        except pa.ArrowInvalid:
            pass  # a day that does not exist somewhere: the one-by-one parser says where
    local = pc.match_substring_regex(arr, _INSTANT_LOCAL)
    if zone.tz is not None and pc.any(local).as_py():
        try:
            naive = pc.cast(pc.if_else(local, arr, pa.scalar(None, pa.string())), pa.timestamp("us"))
            # a local time that a clock change skips or repeats is left to the one-by-one parser
            placed = pc.assume_timezone(naive, timezone=zone.tz.key, ambiguous="raise", nonexistent="raise")
            values = pc.if_else(local, pc.cast(placed, target), values)
            ok = pc.or_(ok, local)
        except pa.ArrowInvalid:
            pass  # a skipped or repeated local time somewhere: these rows stay to the one-by-one parser
    return Read(values, ok)


def number_evidence(col: pa.Array, seen: set[str]) -> None:
    """What a column of number cells says about the file's decimal mark (``values.evidence`` of each cell,
    added to ``seen``): cells whose form tells nothing, or a decimal point on its face, are settled in a
    column; the rest one distinct value at a time."""
    if pc.any(pc.match_substring_regex(col, _POINT_ALWAYS)).as_py():
        seen.add("point")
    plain = pc.or_(pc.match_substring_regex(col, f"{_INT}|{_POINT_ALWAYS}"), pc.equal(pc.utf8_length(col), 0))
    for text in pc.unique(col.filter(pc.invert(plain))).to_pylist():
        if e := evidence(text):
            seen.add(e)


def date_order_evidence(col: pa.Array, seen: set[str]) -> None:
    """What a column of date cells says about the file's day order (``values.date_evidence``): ISO dates
    say nothing; the rest are asked one distinct value at a time."""
    iso = pc.match_substring_regex(col, r"^\d{4}-\d{2}-\d{2}")
    for text in pc.unique(col.filter(pc.invert(iso))).to_pylist():
        if d := date_evidence(text):
            seen.add(d)
