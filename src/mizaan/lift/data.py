"""Reading the data a lift is measured on, with every bad cell reported by file, row and column.

Two shapes, both CSV (comma, semicolon, tab or bar separated; UTF-8, with or without a byte-order mark):

- a **panel**, one row per unit and date (``date,geo,sales``): every unit must have every date once;
- a **series** with control series, one row per date (``date,sales,organic,other_line``).

Dates are written ``2025-03-31``; numbers may use Eastern Arabic or Persian digits and the Arabic decimal
separator (``١٢٫٥``); unit names are compared with their digits read as 0-9.
An empty cell, a missing unit-date or a repeated one is an error, never filled in.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from mizaan.errors import InputError, Problem
from mizaan.i18n import to_western_digits

MAX_PROBLEMS = 20
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Panel:
    """Dates x units of one metric."""

    dates: list[dt.date]
    units: list[str]
    values: NDArray[np.float64]
    file: str
    metric: str = ""


@dataclass(frozen=True)
class Series:
    """One metric and its control series over the same dates."""

    dates: list[dt.date]
    metric: str
    values: NDArray[np.float64]
    controls: list[str]
    control_values: NDArray[np.float64]  # dates x controls
    file: str


class Problems:
    """Located problems of one file, gathered rather than raised one by one: the first ``MAX_PROBLEMS`` kept,
    the rest counted; ``raise_any`` raises them as one ``InputError`` under ``key``."""

    def __init__(self, file: str, key: str = "lift.bad_input") -> None:
        self.file = file
        self.key = key
        self.items: list[Problem] = []
        self.more = 0

    def add(
        self, key: str, row: int | None = None, column: int | None = None, field: str | None = None, **params: object
    ) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(key, dict(params), file=self.file, row=row, column=column, field=field))
        else:
            self.more += 1

    def raise_any(self) -> None:
        if self.items:
            extra = [Problem("lift.more_problems", {"count": self.more}, file=self.file)] if self.more else []
            raise InputError(self.items + extra, file=self.file, key=self.key)


def unit_name(text: str) -> str:
    """A unit's name as compared: trimmed, digits read as 0-9 (``G٢٦`` and ``G26`` are one unit)."""
    return to_western_digits(text.strip())


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(to_western_digits(text.strip()))
    except ValueError:
        return None


def parse_number(text: str) -> float | None:
    cleaned = to_western_digits(text.strip()).replace("٫", ".").replace("٬", "").replace("\u066c", "")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def _read(path: Path, name: str) -> tuple[list[str], list[list[str]]]:
    if not path.is_file():
        raise InputError([Problem("v.no_file", {"path": name}, file=name)], file=name)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem("v.encoding", {"position": exc.start}, file=name)], file=name) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError([Problem("lift.empty_file", file=name, row=1)], file=name)
    delimiter = max(_DELIMITERS, key=lines[0].count)
    rows = list(csv.reader(lines, delimiter=delimiter))
    return [c.strip() for c in rows[0]], rows[1:]


def _columns(header: list[str], wanted: dict[str, str], problems: Problems) -> dict[str, int]:
    """The index of each wanted column (by name, ignoring case), ``wanted`` maps name -> option naming it."""
    lower = [h.casefold() for h in header]
    found = {}
    for name, option in wanted.items():
        if name.casefold() in lower:
            found[name] = lower.index(name.casefold())
        else:
            problems.add("lift.missing_column", row=1, field=option, name=name, columns=", ".join(header))
    problems.raise_any()
    return found


def _dated_rows(
    header: list[str], rows: list[list[str]], date_at: int, date_col: str, problems: Problems
) -> Iterator[tuple[int, list[str], dt.date | None]]:
    """Each non-blank row of the header's width with its line number and its date (None, and a problem
    said, where the date cannot be read); a row of another width is a problem and is skipped."""
    for i, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            problems.add("lift.bad_row", row=i, got=len(row), expected=len(header))
            continue
        day = parse_date(row[date_at])
        if day is None:
            problems.add("lift.bad_date", row=i, column=date_at + 1, field=date_col, value=row[date_at])
        yield i, row, day


def read_panel(path: str | Path, *, date_col: str, unit_col: str, metric: str) -> Panel:
    """A long panel: one row per unit and date."""
    name = str(path)
    header, rows = _read(Path(path), name)
    problems = Problems(name)
    cols = _columns(header, {date_col: "--date-col", unit_col: "--unit-col", metric: "--metric"}, problems)
    cells: dict[tuple[dt.date, str], float] = {}
    first_row: dict[tuple[dt.date, str], int] = {}
    for i, row, day in _dated_rows(header, rows, cols[date_col], date_col, problems):
        unit = unit_name(row[cols[unit_col]])
        if not unit:
            problems.add("lift.empty_unit", row=i, column=cols[unit_col] + 1, field=unit_col)
        value = parse_number(row[cols[metric]])
        if value is None:
            problems.add("lift.bad_number", row=i, column=cols[metric] + 1, field=metric, value=row[cols[metric]])
        if day is None or not unit or value is None:
            continue
        if (day, unit) in cells:
            problems.add("lift.duplicate", row=i, unit=unit, date=day.isoformat(), first=first_row[(day, unit)])
            continue
        cells[(day, unit)] = value
        first_row[(day, unit)] = i
    if not cells and not problems.items:
        problems.add("lift.no_rows")
    problems.raise_any()
    dates = sorted({d for d, _ in cells})
    units = sorted({u for _, u in cells})
    values = np.full((len(dates), len(units)), np.nan)
    d_index = {d: k for k, d in enumerate(dates)}
    u_index = {u: k for k, u in enumerate(units)}
    for (d, u), v in cells.items():
        values[d_index[d], u_index[u]] = v
    for j, u in enumerate(units):
        missing = [dates[k].isoformat() for k in np.flatnonzero(np.isnan(values[:, j]))]
        if missing:
            shown = ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")
            problems.add("lift.missing_dates", field=unit_col, unit=u, count=len(missing), dates=shown)
    problems.raise_any()
    return Panel(dates, units, values, name, metric)


def read_series(path: str | Path, *, date_col: str, metric: str, controls: list[str]) -> Series:
    """One row per date: the metric and its control series."""
    name = str(path)
    header, rows = _read(Path(path), name)
    problems = Problems(name)
    wanted = {date_col: "--date-col", metric: "--metric"} | {c: "--controls" for c in controls}
    cols = _columns(header, wanted, problems)
    dates: list[dt.date] = []
    seen: dict[dt.date, int] = {}
    table: list[list[float]] = []
    for i, row, day in _dated_rows(header, rows, cols[date_col], date_col, problems):
        if day is not None and day in seen:
            problems.add("lift.duplicate_date", row=i, date=day.isoformat(), first=seen[day])
        numbers = []
        for col in [metric, *controls]:
            value = parse_number(row[cols[col]])
            if value is None:
                problems.add("lift.bad_number", row=i, column=cols[col] + 1, field=col, value=row[cols[col]])
            numbers.append(value if value is not None else np.nan)
        if day is not None and day not in seen:
            seen[day] = i
            dates.append(day)
            table.append(numbers)
    if not table and not problems.items:
        problems.add("lift.no_rows")
    problems.raise_any()
    order = np.argsort(np.array([d.toordinal() for d in dates]))
    data = np.asarray(table, dtype=float)[order]
    return Series([dates[k] for k in order], metric, data[:, 0], list(controls), data[:, 1:], name)
