"""Exports that used to be misread silently: campaigns named like totals, amounts in another currency,
duplicate headers, a cell longer than Python's csv limit, a header-only file."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from mizaan.ingest import CellError, ImportReport, Store
from mizaan.ingest.values import check_marker, parse_decimal

Write = Callable[..., Path]
Run = Callable[..., ImportReport]


def spend(store: Path) -> list[dict[str, object]]:
    with Store(store, read_only=True) as st:
        return st.table("spend").to_pylist()


@pytest.mark.parametrize("name", ["Total Body Glow", "Totals Promo", "المجموع الكامل للعطور", "الإجمالي رمضان"])
def test_a_campaign_named_like_a_total_is_data(name: str, write: Write, run_import: Run, tmp_path: Path) -> None:
    text = (
        'Campaign report\n"July 8, 2025 - July 31, 2025"\nCampaign status,Campaign,Campaign type,Currency code,Cost\n'
        f"Enabled,{name},Search,SAR,10.00\nEnabled,Brand,Search,SAR,5.00\n"
        "Total: Campaigns,,,,15.00\n"
    )
    report = run_import(write("r.csv", text))
    assert report.rejected == [] and not report.notes
    assert sorted(str(r["campaign"]) for r in spend(tmp_path / "store.duckdb")) == sorted([name, "Brand"])
    assert sum(s.records for s in report.skipped if "total" in s.reason) == 1


def test_a_total_row_that_disagrees_with_the_rows_read_is_noted(write: Write, run_import: Run) -> None:
    text = "Day,Campaign,Currency code,Cost\n2025-07-08,A,SAR,10.00\n2025-07-08,B,SAR,5.00\n --,Total,,99.00\n"
    report = run_import(write("r.csv", text))
    assert sum(s.records for s in report.skipped if "total" in s.reason) == 1
    (note,) = report.notes
    assert "99.00" in note and "15.00" in note and "84.00" in note


@pytest.mark.parametrize("cell", ["USD 123.45", "$153.45", "€183.45", "123.45 EUR", "US$ 5"])
def test_an_amount_in_another_currency_is_refused(cell: str, write: Write, run_import: Run) -> None:
    text = f'Day,Campaign,Currency code,Cost\n2025-07-08,A,SAR,"{cell}"\n2025-07-08,B,SAR,5.00\n'
    report = run_import(write("r.csv", text))
    (bad,) = report.rejected
    assert (bad.row, bad.column, bad.field) == (2, 4, "Cost")
    assert "SAR" in bad.reason_en and cell in bad.reason_en and "SAR" in bad.reason_ar


@pytest.mark.parametrize("cell", ["﷼ 12.50", "12.50 SR", "ر.س 12.50", "12.50 ر.س.", "SAR 12.50", "١٢٫٥٠ ريال"])
def test_riyal_markers_are_read_in_a_riyal_report(cell: str, write: Write, run_import: Run, tmp_path: Path) -> None:
    report = run_import(write("r.csv", f'Day,Campaign,Currency code,Cost\n2025-07-08,A,SAR,"{cell}"\n'))
    assert report.rejected == []
    assert [r["cost"] for r in spend(tmp_path / "store.duckdb")] == [Decimal("12.50")]


def test_markers_stand_for_the_currencies_they_can_mean() -> None:
    check_marker("$12", "USD")
    check_marker("12 درهم", "MAD")
    with pytest.raises(CellError):
        check_marker("12 درهم", "SAR")
    with pytest.raises(CellError):
        parse_decimal("SAR 12", "point", integer=True)  # a count carries no currency
    with pytest.raises(CellError):
        parse_decimal("12 apples", "point")


def test_duplicate_headers_are_refused_with_both_positions(write: Write, run_import: Run, tmp_path: Path) -> None:
    text = "Day,Campaign,Currency code,Cost,Cost\n2025-07-08,A,SAR,0.00,10.00\n"
    report = run_import(write("r.csv", text))
    (bad,) = report.rejected
    assert "Cost" in bad.reason_en and "4" in bad.reason_en and "5" in bad.reason_en
    assert spend(tmp_path / "store.duckdb") == []


def test_a_cell_longer_than_the_csv_modules_limit_loses_nothing(write: Write, run_import: Run, tmp_path: Path) -> None:
    long = "x" * 200_000
    text = f'Day,Campaign,Currency code,Cost\n2025-07-08,"{long}",SAR,1.00\n2025-07-09,B,SAR,2.00\n'
    report = run_import(write("r.csv", text))
    assert report.rejected == []
    assert sorted(len(str(r["campaign"])) for r in spend(tmp_path / "store.duckdb")) == [1, 200_000]


def test_a_header_only_file_says_so(write: Write, run_import: Run) -> None:
    report = run_import(write("r.csv", "Day,Campaign,Currency code,Cost\n"))
    assert report.rejected == [] and len(report.notes) == 1 and "no data rows" in report.notes[0]
