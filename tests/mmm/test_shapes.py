"""Every carry-over and saturation shape: Hill saturation is exact and has finite gradients where nothing was
spent, a world made with each shape is recovered by a fit with that shape, and a fit with the wrong shape
says that the data prefer another (PSIS-LOO), in both languages, while ``auto`` fits the preferred one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mizaan.knowledge import load_knowledge_base
from mizaan.mmm import Options, Table, channel_priors, fit_mmm, read_table, saturation, simulate_mmm
from mizaan.mmm.compare import ELPD_MARGIN, SE_MULTIPLE, ShapeCheck, ShapeScore

KB = load_knowledge_base()


def _world(tmp: Path, seed: int, adstock: str, sat: str, theta: float = 2.5) -> tuple[Table, list[float]]:
    sim = simulate_mmm(seed, adstock_kind=adstock, saturation_kind=sat, theta=theta)  # type: ignore[arg-type]
    path = tmp / f"{adstock}-{sat}-{seed}.csv"
    sim.write_csv(path)
    table = read_table(path, date_col="date", target="sales", channels=["search", "social"], controls=["promo"])
    return table, list(sim.truth.roas)


def _fit(table: Table, **options: object) -> object:
    priors = channel_priors(
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
    return fit_mmm(table, priors, options=Options(method="map", chains=2, draws=400, **options))  # type: ignore[arg-type]


@given(
    x=st.lists(st.floats(0.0, 50.0), min_size=2, max_size=20),
    k=st.floats(0.05, 20.0),
    s=st.floats(0.3, 4.0),
)
def test_hill_is_zero_without_spend_rises_with_it_and_equals_its_formula(x: list[float], k: float, s: float) -> None:
    v = np.sort(np.asarray(x))
    out = np.asarray(saturation("hill", v, {"k": k, "s": s}))
    assert np.all((out >= 0) & (out <= 1)) and np.all(np.diff(out) >= -1e-12)
    assert np.all(out[v == 0] == 0)
    spent = v > 1e-6
    assert np.allclose(out[spent], v[spent] ** s / (v[spent] ** s + k**s), rtol=1e-9, atol=1e-12)


def test_hill_gradients_are_finite_where_nothing_was_spent() -> None:
    import jax
    import jax.numpy as jnp

    def total(params: jax.Array) -> jax.Array:
        x = jnp.array([0.0, 1e-300, 1e-13, 0.2, 1.5])  # no spend, a delayed adstock's far lag, spend
        return jnp.sum(saturation("hill", x, {"k": params[0], "s": params[1]}, jnp))

    point = jnp.array([0.6, 1.5])
    assert np.all(np.isfinite(np.asarray(jax.grad(total)(point))))
    assert np.all(np.isfinite(np.asarray(jax.hessian(total)(point))))


@pytest.mark.parametrize(("adstock", "sat"), [("geometric", "hill"), ("delayed", "logistic"), ("delayed", "hill")])
def test_a_world_of_each_shape_is_recovered_by_a_fit_of_that_shape(tmp_path: Path, adstock: str, sat: str) -> None:
    table, truth = _world(tmp_path, 0, adstock, sat)
    fit = _fit(table, adstock=adstock, saturation=sat, shape_check=False)
    for c, true in zip(fit.channels, truth, strict=True):  # type: ignore[attr-defined]
        assert abs(c.roas.median / true - 1) < 0.2, (adstock, sat, c.column, c.roas, true)


def test_a_fit_of_the_wrong_shape_warns_and_auto_fits_the_datas_shape(tmp_path: Path) -> None:
    table, truth = _world(tmp_path, 0, "delayed", "logistic")
    wrong = _fit(table)  # the default shape: geometric carry-over, logistic saturation
    check = wrong.shape_check  # type: ignore[attr-defined]
    assert check.fitted == ("geometric", "logistic") and check.warn
    assert check.preferred.adstock == "delayed"
    doc = wrong.to_json_dict()["shape_check"]  # type: ignore[attr-defined]
    assert doc["preferred"]["adstock"] == "delayed" and doc["warning"] is not None
    assert "delayed carry-over" in doc["warning"]["text_en"] and "--adstock delayed" in doc["warning"]["text_en"]
    assert "متأخر الذروة" in doc["warning"]["text_ar"] and "--adstock delayed" in doc["warning"]["text_ar"]
    chosen = _fit(table, choose_adstock=True, choose_saturation=True)
    assert chosen.shape_check.fitted == check.preferred.shape and not chosen.shape_check.warn  # type: ignore[attr-defined]
    assert chosen.to_json_dict()["shape_check"]["chosen_by_data"] is True  # type: ignore[attr-defined]
    wrong_error = max(abs(c.roas.median / t - 1) for c, t in zip(wrong.channels, truth, strict=True))  # type: ignore[attr-defined]
    chosen_error = max(abs(c.roas.median / t - 1) for c, t in zip(chosen.channels, truth, strict=True))  # type: ignore[attr-defined]
    assert chosen_error < 0.1 < wrong_error


def _score(adstock: str, sat: str, diff: float, se: float) -> ShapeScore:
    return ShapeScore(adstock, sat, -diff, 1.0, diff, se, 0.3, [1.0])  # type: ignore[arg-type]


@given(diff=st.floats(0.0, 50.0), se=st.floats(0.0, 30.0))
def test_the_warning_needs_a_gap_beyond_the_margin_and_two_standard_errors(diff: float, se: float) -> None:
    scores = [_score("delayed", "hill", 0.0, 0.0), _score("geometric", "logistic", diff, se)]
    check = ShapeCheck(("geometric", "logistic"), scores)
    assert check.warn == (diff > ELPD_MARGIN and diff > SE_MULTIPLE * se)
    assert not ShapeCheck(("delayed", "hill"), scores).warn  # the fitted shape is the preferred one
    if check.warn:
        assert "Hill" in check.message(["x"], "en") and "هيل" in check.message(["x"], "ar")
