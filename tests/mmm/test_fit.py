"""Fitting simulated histories with a known truth: MAP and NUTS recover each channel's return on spend, a
lift test moves a confounded estimate toward the truth, spend that follows demand is flagged, the fit file
keeps its contract, and a fit that fails its diagnostics says so."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mizaan.knowledge import load_knowledge_base
from mizaan.mmm import (
    MAX_RHAT,
    SCHEMA,
    Diagnostics,
    LiftTest,
    MMMFit,
    Options,
    Table,
    channel_priors,
    fit_mmm,
    judge,
    read_table,
    save_fit,
    simulate_mmm,
)
from mizaan.plan import read_fit
from mizaan.report import render_mmm

KB = load_knowledge_base()


def _table(tmp: Path, seed: int, **kw: object) -> tuple[Table, object]:
    sim = simulate_mmm(seed, **kw)  # type: ignore[arg-type]
    sim.write_csv(tmp / "weekly.csv")
    table = read_table(
        tmp / "weekly.csv", date_col="date", target="sales", channels=["search", "social"], controls=["promo"]
    )
    return table, sim


def _priors(table: Table) -> list:  # type: ignore[type-arg]
    return channel_priors(
        KB,
        table.channels,
        list(table.spend.sum(axis=1)),
        float(table.y.sum()),
        mapping={c: None for c in table.channels},
        country=None,
        currency="USD",
        target_kind="revenue",
        business_type="ecommerce",
        period_days=7.0,
    )


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[Table, object, MMMFit]:
    table, sim = _table(tmp_path_factory.mktemp("plain"), 3)
    return table, sim, fit_mmm(table, _priors(table), options=Options(method="map", chains=2, draws=500))


def test_map_recovers_each_channels_return_inside_its_interval(plain: tuple[Table, object, MMMFit]) -> None:
    _, sim, fit = plain
    for c, truth in zip(fit.channels, sim.truth.roas, strict=True):  # type: ignore[attr-defined]
        assert abs(c.roas.median / truth - 1) < 0.15, (c.column, c.roas, truth)
        assert c.roas.low <= truth <= c.roas.high
    assert fit.diagnostics.ok and fit.diagnostics.messages == []


def test_contributions_are_return_times_spend_and_shares_of_the_target(plain: tuple[Table, object, MMMFit]) -> None:
    table, _, fit = plain
    for c in fit.channels:
        assert c.contribution.median == pytest.approx(c.roas.median * c.spend_total, rel=1e-6)
        assert c.contribution_share == pytest.approx(c.contribution.median / table.y.sum(), rel=1e-3)


def test_nuts_on_a_small_problem_recovers_the_returns_and_reports_its_diagnostics(tmp_path: Path) -> None:
    table, sim = _table(tmp_path, 4)
    fit = fit_mmm(
        table, _priors(table), options=Options(method="nuts", chains=2, draws=150, tune=150, shape_check=False)
    )
    d = fit.diagnostics
    assert d.max_rhat is not None and d.min_ess_bulk is not None and d.ok == (d.messages == [])
    for c, truth in zip(fit.channels, sim.truth.roas, strict=True):  # type: ignore[attr-defined]
        assert abs(c.roas.median / truth - 1) < 0.2, (c.column, c.roas, truth)


def test_spend_that_follows_demand_is_flagged_and_a_lift_test_pulls_the_estimate_to_the_truth(tmp_path: Path) -> None:
    table, sim = _table(tmp_path, 5, confounded=True)
    truth = sim.truth  # type: ignore[attr-defined]
    window = np.zeros(len(table.dates))
    window[40:48] = 1
    change = -0.8 * float(np.sum(table.spend[0] * window))
    outcome = truth.lift(0, table.spend[0], window, change)
    test = LiftTest("search", table.dates[40], table.dates[47], change, outcome, 0.1 * abs(outcome), 2)
    fit = fit_mmm(
        table, _priors(table), options=Options(method="map", chains=2, draws=400, shape_check=False), lift_tests=[test]
    )
    search, social = fit.channels
    assert search.confounding.warn and not social.confounding.warn
    assert search.lift_tests == 1 and social.lift_tests == 0 and search.uncalibrated is not None
    calibrated_error = abs(search.roas.median - truth.roas[0])
    uncalibrated_error = abs(search.uncalibrated.median - truth.roas[0])
    assert calibrated_error < uncalibrated_error
    data = fit.to_json_dict()["channels"]["search"]
    assert data["lift_calibrated"] and data["uncalibrated"]["roas"] == search.uncalibrated.median
    warning = data["confounding_warning"]
    assert warning["correlation"] > 0 and "search" in warning["text_en"] and "search" in warning["text_ar"]


def test_the_fit_file_keeps_the_contract_the_planner_reads(plain: tuple[Table, object, MMMFit], tmp_path: Path) -> None:
    table, _, fit = plain
    path = tmp_path / "fit.json"
    save_fit(fit, path)
    assert [p.name for p in tmp_path.iterdir()] == ["fit.json"]  # written through a temporary file, then renamed
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == SCHEMA and doc["kind"] == "mmm" and doc["method"] == "map" and doc["period"] == "week"
    assert doc["periods_per_month"] == pytest.approx(30.4375 / 7, abs=1e-4)
    assert doc["data"]["rows"] == len(table.dates) and len(doc["data"]["sha256"]) == 64
    assert doc["target"] == {"name": "sales", "kind": "revenue"} and doc["controls"] == ["promo"]
    for name, ch in doc["channels"].items():
        r = ch["response"]
        spend, mid, lo, hi = (
            np.array(r[k]) for k in ("spend_per_period", "outcome_per_period", "outcome_low", "outcome_high")
        )
        assert len(spend) >= 25 and spend[0] == 0 and spend[-1] >= 3 * ch["spend_max_per_period"] - 1e-9
        assert r["observed_max_spend_per_period"] == ch["spend_max_per_period"]
        assert mid[0] == 0 and np.all(np.diff(mid) >= -1e-9) and np.all(lo <= mid + 1e-9) and np.all(mid <= hi + 1e-9)
        assert ch["roas_low"] <= ch["roas"] <= ch["roas_high"] and ch["interval"] == 0.94
        assert ch["adstock"]["kind"] == "geometric" and 0 < ch["adstock"]["alpha"] < 1
        assert ch["saturation"]["kind"] == "logistic" and ch["saturation"]["params"]["lam"] > 0
        assert ch["mizaan_channel"] is None and ch["prior"]["roas"]["source"] == "weak"
        # the curve at the mean spend, times periods, is about what the data's spend earned (steady state)
        at_mean = np.interp(ch["spend_mean_per_period"], spend, mid) * doc["data"]["rows"]
        assert 0.5 < at_mean / ch["contribution"] < 1.5, name
    # the contribution in each period, for the fit page: its medians add up to about the whole contribution
    over = doc["contribution_over_time"]
    assert len(over["dates"]) == len(table.dates) and set(over["channels"]) == set(doc["channels"])
    for name, band in over["channels"].items():
        lo, mid, hi = (np.array(band[k]) for k in ("low", "median", "high"))
        assert len(mid) == len(table.dates) and np.all(lo <= mid + 1e-9) and np.all(mid <= hi + 1e-9)
        assert mid.sum() == pytest.approx(doc["channels"][name]["contribution"], rel=0.1)
    # the shape check scored all four shapes, the fitted one among them; simulated with the fitted shape,
    # the data prefer no other beyond noise, so there is no warning
    check = doc["shape_check"]
    assert check["criterion"] == "psis-loo" and check["fitted"] == {"adstock": "geometric", "saturation": "logistic"}
    shapes = {(c["adstock"], c["saturation"]) for c in check["candidates"]}
    assert shapes == {(a, s) for a in ("geometric", "delayed") for s in ("logistic", "hill")}
    assert check["warning"] is None and check["chosen_by_data"] is False
    read = read_fit(path)  # the planner's reader takes the whole file, the series included
    assert read.doc.contribution_over_time is not None
    assert [d.isoformat() for d in read.doc.contribution_over_time.dates] == over["dates"]


def test_a_fit_that_fails_its_diagnostics_says_so_in_the_file_and_the_report(
    plain: tuple[Table, object, MMMFit],
) -> None:
    failed = judge(1.3, 7, 50.0, 4)
    fit = dataclasses.replace(plain[2], diagnostics=failed, method="nuts")
    doc = fit.to_json_dict()
    assert doc["diagnostics"]["ok"] is False and doc["diagnostics"]["divergences"] == 7
    keys = [m["key"] for m in doc["diagnostics"]["messages"]]
    assert keys == ["mmm.diag.rhat", "mmm.diag.divergences", "mmm.diag.ess"]
    assert all(m["en"] and m["ar"] for m in doc["diagnostics"]["messages"])
    assert "FAILED" in render_mmm(fit, "text", "en") and "فشل التشخيص" in render_mmm(fit, "text", "ar")


@given(rhat=st.floats(1.0, 1.2), divergences=st.integers(0, 3), ess=st.floats(0, 2000), chains=st.integers(1, 8))
def test_diagnostics_pass_exactly_when_every_limit_holds(
    rhat: float, divergences: int, ess: float, chains: int
) -> None:
    d = judge(rhat, divergences, ess, chains)
    assert d.ok == (rhat <= MAX_RHAT and divergences == 0 and ess >= 100 * chains)
    assert d.ok == (not d.messages)
    assert isinstance(d, Diagnostics)
