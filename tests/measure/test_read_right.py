"""Measurement output a marketer cannot misread: "—" (null) for what a channel does not report, the currency
on every money figure of the CSV, and converted money disclosed with its rates, date and source."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from mizaan.ingest import RateTable
from mizaan.measure import DuckDBEngine, measure
from mizaan.report import render_measurement
from tests.measure.stores import make_store, spend


def test_reach_not_reported_is_none_not_zero(tmp_path: Path) -> None:
    store = make_store(
        tmp_path / "s.duckdb",
        spend=[
            spend("2025-03-03", "search_ads", "10", platform="google_ads", impressions=100),
            spend("2025-03-03", "social_ads", "10", reach=40, impressions=90),
        ],
    )
    with DuckDBEngine.open(store) as engine:
        m = measure(engine)
    assert m.channel("search_ads").funnel.reach is None
    assert m.channel("social_ads").funnel.reach == 40
    assert m.family("e_marketing").funnel.reach == 40
    shown = render_measurement(m, "text", "en")
    assert "—" in shown


def test_the_csv_names_the_currency_of_every_money_figure(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.duckdb", spend=[spend("2025-03-03", "social_ads", "10", currency="SAR")])
    with DuckDBEngine.open(store) as engine:
        m = measure(engine)
    rows = list(csv.DictReader(io.StringIO(render_measurement(m, "csv", "en"))))
    money = [r for r in rows if r["metric"] in ("spend", "revenue", "cpa")]
    assert money and all(r["currency"] == "SAR" for r in money)
    assert all(r["currency"] == "" for r in rows if r["metric"] in ("impressions", "clicks", "roas"))


def test_converted_money_is_disclosed_with_its_rates(tmp_path: Path) -> None:
    store = make_store(
        tmp_path / "s.duckdb",
        spend=[spend("2025-03-03", "social_ads", "10", currency="USD"), spend("2025-03-04", "email", "5")],
    )
    rates = RateTable(target="SAR", rates={"USD": Decimal("3.75")}, as_of="2025-03-01", source="SAMA peg")
    with DuckDBEngine.open(store) as engine:
        m = measure(engine, rates=rates)
    assert m.converted is not None and m.converted.rates == {"USD": Decimal("3.75")}
    (note,) = [n for n in m.notes if n.key == "measure.note.converted"]
    assert "1 USD = 3.75 SAR" in note.text["en"] and "2025-03-01" in note.text["en"] and "SAMA" in note.text["ar"]
    assert m.channel("social_ads").funnel.spend == Decimal("37.5")
    with DuckDBEngine.open(store) as engine:  # a rate of 1 is a conversion all the same: disclosed
        at_par = measure(engine, rates=RateTable(target="SAR", rates={"USD": Decimal(1)}))
    assert at_par.converted is not None and at_par.converted.rates == {"USD": Decimal(1)}
