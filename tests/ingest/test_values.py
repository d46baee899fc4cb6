"""Reading cells: numbers in both conventions and Arabic-Indic digits, dates, instants with zones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.ingest.values import (
    CellError,
    Zone,
    parse_count,
    parse_date,
    parse_decimal,
    parse_instant,
    read_number,
)


@pytest.mark.parametrize(
    "text,mark,expected",
    [
        ("1,234.56", None, "1234.56"),
        ("1.234,56", None, "1234.56"),
        ("12,5", None, "12.5"),
        ("0,75", None, "0.75"),
        ("1,234", "point", "1234"),
        ("1,234", "comma", "1.234"),
        ("١٢٣٫٤٥", None, "123.45"),
        ("٢٬٥٠٠", "point", "2500"),
        ("1 234,56", None, "1234.56"),
        ("SAR 99.00", None, "99.00"),
        ("(12.50)", None, "-12.50"),
        (" --", None, None),
        ("1,234,567", None, "1234567"),
    ],
)
def test_numbers_are_read_as_written(text: str, mark: str | None, expected: str | None) -> None:
    got = parse_decimal(text, mark)  # type: ignore[arg-type]
    assert got == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize("text", ["1,234", "1.234", "12.345"])
def test_a_number_two_conventions_read_differently_is_refused(text: str) -> None:
    with pytest.raises(CellError) as err:
        parse_decimal(text, None)
    assert err.value.key == "ingest.cell.ambiguous_number"


def test_counts_settle_grouping_because_a_count_is_whole() -> None:
    assert parse_count("25,881", None) == 25881 and parse_count("2.000", None) == 2000
    with pytest.raises(CellError):
        parse_count("1.5", None)


def test_dates_in_the_forms_exports_use() -> None:
    assert parse_date("July 8, 2025", None) == dt.date(2025, 7, 8)
    assert parse_date("08.07.2025", None) == dt.date(2025, 7, 8)
    assert parse_date("25/12/2025", None) == dt.date(2025, 12, 25)
    assert parse_date("٨ يوليو ٢٠٢٥", None) == dt.date(2025, 7, 8)
    with pytest.raises(CellError) as err:
        parse_date("03/04/2025", None)
    assert err.value.key == "ingest.cell.ambiguous_date"
    assert parse_date("03/04/2025", "day") == dt.date(2025, 4, 3)


def test_instants_keep_their_offset_and_local_times_need_a_zone() -> None:
    utc = dt.UTC
    assert parse_instant("2025-05-11 09:55:16 -0400", Zone(None)) == dt.datetime(2025, 5, 11, 13, 55, 16, tzinfo=utc)
    assert parse_instant("2025-05-11T13:55:16Z", Zone(None)) == dt.datetime(2025, 5, 11, 13, 55, 16, tzinfo=utc)
    with pytest.raises(CellError) as err:
        parse_instant("2026-01-30 15:56:02", Zone(None))
    assert err.value.key == "ingest.cell.no_zone"
    riyadh = parse_instant("2026-01-30 15:56:02", Zone.named("Asia/Riyadh"))
    assert riyadh == dt.datetime(2026, 1, 30, 12, 56, 2, tzinfo=utc)


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"\A[0-9]{1,20}(\.[0-9]{1,3})?\Z"),
    st.sampled_from([None, "point", "comma"]),
    st.booleans(),
)
def test_the_shortcut_for_plain_numbers_reads_them_as_the_rules_do(text: str, mark: Any, integer: bool) -> None:
    def outcome(fn: Any) -> Any:
        try:
            return fn(text, mark, integer=integer)
        except CellError as err:
            return err.key

    assert outcome(parse_decimal) == outcome(read_number)
