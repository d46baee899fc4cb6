"""Reading a media-mix table and a lift-test file: CSV and XLSX, Eastern Arabic digits, and every bad cell
reported in both languages by file, row and column; nothing filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.errors import InputError
from mizaan.i18n import to_eastern_digits
from mizaan.mmm import read_lift_tests, read_table, simulate_mmm

ARGS = {"date_col": "date", "target": "sales", "channels": ["search", "social"], "controls": ["promo"]}


def _csv(tmp_path: Path, weeks: int = 30) -> Path:
    path = tmp_path / "weekly.csv"
    simulate_mmm(0, weeks=weeks).write_csv(path)
    return path


def _problems(exc: pytest.ExceptionInfo[InputError]) -> list[tuple[str, int | None, int | None, str | None]]:
    return [(p.key, p.row, p.column, p.field) for p in exc.value.problems]


def test_a_weekly_table_reads_in_date_order_with_its_spend_and_controls(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    tb = read_table(path, **ARGS)  # type: ignore[arg-type]
    assert tb.period == "week" and len(tb.dates) == 30 and tb.dates == sorted(tb.dates)
    assert tb.spend.shape == (2, 30) and tb.control_values.shape == (30, 1)
    assert abs(tb.periods_per_month - 30.4375 / 7) < 1e-12


@settings(max_examples=15, deadline=None)
@given(value=st.decimals(min_value=0, max_value=99999, places=2))
def test_eastern_arabic_digits_and_the_arabic_decimal_separator_read_as_numbers(
    tmp_path_factory: pytest.TempPathFactory, value: object
) -> None:
    path = _csv(tmp_path_factory.mktemp("d"))
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = to_eastern_digits(f"{value}").replace(".", "٫")
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tb = read_table(path, **ARGS)  # type: ignore[arg-type]
    assert tb.spend[0, 0] == pytest.approx(float(str(value)))


def test_an_excel_workbook_reads_like_its_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = _csv(tmp_path)
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    book = Workbook()
    sheet = book.active
    sheet.append(rows[0])
    for r in rows[1:]:
        sheet.append([dt.date.fromisoformat(r[0]), *(float(v) for v in r[1:])])
    book.save(tmp_path / "weekly.xlsx")
    a = read_table(path, **ARGS)  # type: ignore[arg-type]
    b = read_table(tmp_path / "weekly.xlsx", **ARGS)  # type: ignore[arg-type]
    assert a.dates == b.dates and np.allclose(a.spend, b.spend) and np.allclose(a.y, b.y)


def test_bad_cells_are_named_by_row_and_column_in_both_languages(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[2], "abc", 1)  # row 4: spend not a number
    cells = lines[5].split(",")
    cells[3] = "-5"  # row 6: negative spend
    lines[5] = ",".join(cells)
    lines[7] = lines[7].split(",", 1)[0] + ",,1,2,0"  # row 8: empty target
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_table(path, **ARGS)  # type: ignore[arg-type]
    found = _problems(exc)
    assert ("lift.bad_number", 4, 3, "search") in found
    assert ("mmm.negative_spend", 6, 4, "social") in found
    assert ("lift.bad_number", 8, 2, "sales") in found
    for lang, word in (("en", "row 4"), ("ar", "٤")):
        text = exc.value.message(lang)  # type: ignore[arg-type]
        assert str(path) in text and (word in text or "4" in text)


def test_a_missing_week_a_repeated_week_and_a_channel_that_never_spent_are_errors(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    del lines[10]  # a gap after row 10
    lines.append(lines[2])  # a repeated date
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_table(path, **ARGS)  # type: ignore[arg-type]
    keys = [k for k, *_ in _problems(exc)]
    assert "mmm.gap" in keys and "lift.duplicate_date" in keys
    zero = tmp_path / "zero.csv"
    rows = _csv(tmp_path).read_text(encoding="utf-8").splitlines()
    zero.write_text(
        "\n".join([rows[0]] + [",".join([*r.split(",")[:3], "0", r.split(",")[4]]) for r in rows[1:]]) + "\n"
    )
    with pytest.raises(InputError) as exc:
        read_table(zero, **ARGS)  # type: ignore[arg-type]
    assert ("mmm.never_spent", None, 4, "social") in _problems(exc)


def test_missing_columns_and_too_short_a_history_say_what_to_do(tmp_path: Path) -> None:
    path = _csv(tmp_path, weeks=12)
    with pytest.raises(InputError) as exc:
        read_table(path, **{**ARGS, "channels": ["search", "tv"]})  # type: ignore[arg-type]
    assert ("lift.missing_column", 1, None, "--channels") in _problems(exc)
    with pytest.raises(InputError) as exc:
        read_table(path, **ARGS)  # type: ignore[arg-type]
    assert [k for k, *_ in _problems(exc)] == ["mmm.too_few_periods"]
    assert "12" in exc.value.message("en") and "20" in exc.value.message("en")


def test_lift_tests_read_and_their_bad_rows_are_located(tmp_path: Path) -> None:
    first, last = dt.date(2024, 1, 1), dt.date(2024, 12, 30)
    good = tmp_path / "tests.csv"
    good.write_text(
        "channel,start,end,spend_change,outcome_change,outcome_sd\nsearch,2024-03-04,2024-03-31,-٤٠٠٠,-٩٠٠٠,٢٠٠٠\n",
        encoding="utf-8",
    )
    (test,) = read_lift_tests(good, ["search", "social"], first, last)
    assert (test.channel, test.spend_change, test.outcome_change, test.outcome_sd, test.row) == (
        "search",
        -4000,
        -9000,
        2000,
        2,
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "channel,start,end,spend_change,outcome_change,outcome_sd\n"
        "tv,2024-03-04,2024-03-31,100,50,10\n"
        "search,2024-03-31,2024-03-04,100,50,10\n"
        "search,2026-01-05,2026-02-01,100,50,10\n"
        "social,2024-03-04,2024-03-31,0,50,0\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        read_lift_tests(bad, ["search", "social"], first, last)
    found = _problems(exc)
    assert ("mmm.unknown_channel", 2, 1, "channel") in found
    assert ("lift.end_before_start", 3, 3, "end") in found
    assert ("mmm.test_outside", 4, 2, "start") in found
    assert ("mmm.zero_change", 5, 4, "spend_change") in found and ("mmm.bad_sd", 5, 6, "outcome_sd") in found
