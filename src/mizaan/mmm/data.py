"""Reading a media-mix table and a lift-test file, with every bad cell reported by file, row and column.

The table has one row per period (a day or a week, the same step throughout): a date column, the target,
each channel's spend and any control columns, as CSV (comma, semicolon, tab or bar separated; UTF-8) or
an Excel workbook (its first sheet). Dates are written ``2025-03-31`` (or are Excel dates); numbers may
use Eastern Arabic or Persian digits and the Arabic decimal separator (``١٢٫٥``). An empty cell, a missing
or repeated period, a negative spend or a channel that never spent is an error, never filled in.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from mizaan.errors import InputError, Problem
from mizaan.lift import Problems, parse_date, parse_number
from mizaan.mmm.transforms import Array

Period = Literal["day", "week"]
MIN_PERIODS = 20
DAYS_PER_MONTH = 30.4375
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Table:
    """The periods, the target, each channel's spend and the controls, in date order."""

    file: str
    dates: list[dt.date]
    period: Period
    target: str
    y: Array
    channels: list[str]
    spend: Array  # channels x periods
    controls: list[str]
    control_values: Array  # periods x controls

    @property
    def periods_per_month(self) -> float:
        return DAYS_PER_MONTH / (7.0 if self.period == "week" else 1.0)


@dataclass(frozen=True)
class LiftTest:
    """One experiment: spend on ``channel`` changed by ``spend_change`` (in total over the window) and the
    outcome changed by ``outcome_change`` (standard deviation ``outcome_sd``); a turn-off test is negative."""

    channel: str
    start: dt.date
    end: dt.date
    spend_change: float
    outcome_change: float
    outcome_sd: float
    row: int


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_rows(path: Path, name: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a CSV file or of a workbook's first sheet, every cell as text."""
    if not path.is_file():
        raise InputError([Problem("v.no_file", {"path": name}, file=name)], file=name)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise InputError([Problem("mmm.bad_workbook", file=name)], file=name) from None
        rows = [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError([Problem("v.encoding", {"position": exc.start}, file=name)], file=name) from None
        lines = text.splitlines()
        delimiter = max(_DELIMITERS, key=lines[0].count) if lines else ","
        rows = list(csv.reader(lines, delimiter=delimiter))
    if not rows or not any(c.strip() for c in rows[0]):
        raise InputError([Problem("lift.empty_file", file=name, row=1)], file=name)
    return [c.strip() for c in rows[0]], rows[1:]


def _columns(header: list[str], wanted: dict[str, str], problems: Problems) -> dict[str, int]:
    lower = [h.casefold() for h in header]
    found = {}
    for name, option in wanted.items():
        if name.casefold() in lower:
            found[name] = lower.index(name.casefold())
        else:
            problems.add("lift.missing_column", row=1, field=option, name=name, columns=", ".join(header))
    problems.raise_any()
    return found


def read_table(path: str | Path, *, date_col: str, target: str, channels: list[str], controls: list[str]) -> Table:
    """A media-mix table: one row per day or week."""
    name = str(path)
    header, rows = read_rows(Path(path), name)
    problems = Problems(name, key="mmm.bad_input")
    if not channels:
        problems.add("mmm.no_channels", field="--channels")
    repeated = sorted({c for c in [target, *channels, *controls] if [target, *channels, *controls].count(c) > 1})
    for col in repeated:
        problems.add("mmm.repeated_column", field=col, name=col)
    problems.raise_any()
    wanted = {date_col: "--date-col", target: "--target"} | {c: "--channels" for c in channels}
    cols = _columns(header, wanted | {c: "--controls" for c in controls}, problems)
    dates: list[dt.date] = []
    table: list[list[float]] = []
    seen: dict[dt.date, int] = {}
    numeric = [target, *channels, *controls]
    for i, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        day = parse_date(row[cols[date_col]])
        if day is None:
            problems.add("lift.bad_date", row=i, column=cols[date_col] + 1, field=date_col, value=row[cols[date_col]])
        elif day in seen:
            problems.add("lift.duplicate_date", row=i, column=cols[date_col] + 1, date=day.isoformat(), first=seen[day])
        values = []
        for col in numeric:
            value = parse_number(row[cols[col]])
            if value is None:
                problems.add("lift.bad_number", row=i, column=cols[col] + 1, field=col, value=row[cols[col]])
            elif value < 0 and col in channels:
                problems.add("mmm.negative_spend", row=i, column=cols[col] + 1, field=col, value=row[cols[col]])
            values.append(np.nan if value is None else value)
        if day is not None and day not in seen:
            seen[day] = i
            dates.append(day)
            table.append(values)
    if not table:
        if not problems.items:
            problems.add("lift.no_rows")
        problems.raise_any()
    order = sorted(range(len(dates)), key=lambda k: dates[k])
    dates = [dates[k] for k in order]
    data = np.asarray([table[k] for k in order], dtype=float)
    period = _period(dates, seen, name, date_col, problems)
    if len(dates) < MIN_PERIODS:
        problems.add("mmm.too_few_periods", count=len(dates), needed=MIN_PERIODS)
    for j, col in enumerate(channels, start=1):
        if not np.any(data[:, j] > 0):
            problems.add("mmm.never_spent", field=col, column=cols[col] + 1, name=col)
    problems.raise_any()
    k = 1 + len(channels)
    return Table(name, dates, period, target, data[:, 0], list(channels), data[:, 1:k].T, list(controls), data[:, k:])


def _period(dates: list[dt.date], seen: dict[dt.date, int], name: str, date_col: str, problems: Problems) -> Period:
    """Days or weeks, by the most common step; every other step is a gap or an irregular date, said by row."""
    if len(dates) < 2:
        return "week"
    steps = np.diff([d.toordinal() for d in dates])
    values, counts = np.unique(steps, return_counts=True)
    step = int(values[np.argmax(counts)])
    if step not in (1, 7):
        problems.add("mmm.bad_step", field=date_col, step=step)
        return "week"
    for k in np.flatnonzero(steps != step):
        problems.add(
            "mmm.gap",
            row=seen[dates[k + 1]],
            field=date_col,
            date=dates[k + 1].isoformat(),
            previous=dates[k].isoformat(),
            step=step,
        )
    return "day" if step == 1 else "week"


def read_lift_tests(path: str | Path, channels: list[str], first: dt.date, last: dt.date) -> list[LiftTest]:
    """``channel,start,end,spend_change,outcome_change,outcome_sd``: one experiment a row."""
    name = str(path)
    header, rows = read_rows(Path(path), name)
    problems = Problems(name, key="mmm.bad_input")
    fields = ["channel", "start", "end", "spend_change", "outcome_change", "outcome_sd"]
    cols = _columns(header, {f: "--lift-tests" for f in fields}, problems)
    tests = []
    for i, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        row = row + [""] * (len(header) - len(row))
        channel = row[cols["channel"]].strip()
        if channel not in channels:
            problems.add(
                "mmm.unknown_channel",
                row=i,
                column=cols["channel"] + 1,
                field="channel",
                value=channel,
                channels=", ".join(channels),
            )
        days = {}
        for f in ("start", "end"):
            day = parse_date(row[cols[f]])
            if day is None:
                problems.add("lift.bad_date", row=i, column=cols[f] + 1, field=f, value=row[cols[f]])
            days[f] = day
        nums = {}
        for f in ("spend_change", "outcome_change", "outcome_sd"):
            nums[f] = parse_number(row[cols[f]])
            if nums[f] is None:
                problems.add("lift.bad_number", row=i, column=cols[f] + 1, field=f, value=row[cols[f]])
        start, end = days["start"], days["end"]
        if start is not None and end is not None:
            if end < start:
                problems.add(
                    "lift.end_before_start",
                    row=i,
                    column=cols["end"] + 1,
                    field="end",
                    start=start.isoformat(),
                    end=end.isoformat(),
                )
            elif end < first or start > last:
                problems.add(
                    "mmm.test_outside",
                    row=i,
                    column=cols["start"] + 1,
                    field="start",
                    first=first.isoformat(),
                    last=last.isoformat(),
                )
        sd, change = nums["outcome_sd"], nums["spend_change"]
        if sd is not None and sd <= 0:
            problems.add(
                "mmm.bad_sd", row=i, column=cols["outcome_sd"] + 1, field="outcome_sd", value=row[cols["outcome_sd"]]
            )
        if change is not None and change == 0:
            problems.add("mmm.zero_change", row=i, column=cols["spend_change"] + 1, field="spend_change")
        if None in days.values() or None in nums.values() or channel not in channels:
            continue
        assert start is not None and end is not None
        tests.append(
            LiftTest(
                channel,
                start,
                end,
                float(nums["spend_change"] or 0.0),
                float(nums["outcome_change"] or 0.0),
                float(nums["outcome_sd"] or 0.0),
                i,
            )
        )
    if not tests and not problems.items:
        problems.add("lift.no_rows")
    problems.raise_any()
    return tests
