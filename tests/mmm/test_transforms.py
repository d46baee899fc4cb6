"""Adstock and saturation: the invariants every fit and report relies on, the same in NumPy and JAX, and
the planner's curve as one of the saturations."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.mmm import adstock, adstock_weights, lagged, planner_curve, saturation
from mizaan.plan import ResponseCurve

alphas = st.floats(0.0, 0.99)
thetas = st.floats(0.0, 6.0)
kinds = st.sampled_from(["geometric", "delayed"])


@given(kind=kinds, alpha=alphas, theta=thetas, l_max=st.integers(1, 12))
def test_adstock_weights_are_a_distribution_over_lags(kind: str, alpha: float, theta: float, l_max: int) -> None:
    w = adstock_weights(kind, alpha, theta, l_max)  # type: ignore[arg-type]
    assert w.shape == (l_max,)
    assert np.all(w >= 0) and abs(w.sum() - 1) < 1e-9


@given(kind=kinds, alpha=alphas, theta=thetas, level=st.floats(0.0, 1e6), l_max=st.integers(1, 10))
def test_a_constant_spend_has_itself_as_adstock_once_the_window_is_full(
    kind: str, alpha: float, theta: float, level: float, l_max: int
) -> None:
    x = np.full(3 * l_max, level)
    ad = adstock(lagged(x, l_max), adstock_weights(kind, alpha, theta, l_max))  # type: ignore[arg-type]
    assert np.allclose(ad[l_max - 1 :], level, rtol=1e-9, atol=1e-9)
    assert np.all(ad[: l_max - 1] <= level + 1e-9)  # before the window fills, less has built up


@given(alpha=alphas, spend=st.lists(st.floats(0.0, 1e4), min_size=12, max_size=40))
def test_adstock_keeps_the_total_spend_when_the_window_ends_inside_the_data(alpha: float, spend: list[float]) -> None:
    l_max = 4
    x = np.array([*spend, *([0.0] * l_max)])
    ad = adstock(lagged(x, l_max), adstock_weights("geometric", alpha, 0.0, l_max))
    assert abs(ad.sum() - x.sum()) <= 1e-6 * max(1.0, x.sum())


sat_cases = st.sampled_from(
    [
        ("hill", {"k": 0.5, "s": 1.5}),
        ("hill", {"k": 3.0, "s": 0.7}),
        ("logistic", {"lam": 2.0}),
        ("exponential", {"scale": 1.3}),
    ]
)


@given(case=sat_cases, xs=st.lists(st.floats(0.0, 50.0), min_size=2, max_size=20))
def test_saturation_starts_at_zero_rises_and_stays_below_its_ceiling(
    case: tuple[str, dict[str, float]], xs: list[float]
) -> None:
    kind, params = case
    x = np.sort(np.array(xs))
    y = saturation(kind, x, params)  # type: ignore[arg-type]
    assert saturation(kind, np.array([0.0]), params)[0] == 0.0  # type: ignore[arg-type]
    assert np.all(np.diff(y) >= -1e-12)
    assert np.all((y >= 0) & (y <= 1))


@settings(max_examples=20, deadline=None)
@given(case=sat_cases, kind=kinds, alpha=alphas)
def test_numpy_and_jax_compute_the_same_curves(case: tuple[str, dict[str, float]], kind: str, alpha: float) -> None:
    import jax.numpy as jnp

    sat_kind, params = case
    x = np.linspace(0, 4, 30)
    w_np = adstock_weights(kind, alpha, 1.5, 6)  # type: ignore[arg-type]
    w_jx = adstock_weights(kind, jnp.asarray(alpha), jnp.asarray(1.5), 6, jnp)  # type: ignore[arg-type]
    assert np.allclose(w_np, np.asarray(w_jx), atol=1e-6)
    jparams = {k: jnp.asarray(v) for k, v in params.items()}
    assert np.allclose(
        saturation(sat_kind, x, params),
        np.asarray(saturation(sat_kind, jnp.asarray(x), jparams, jnp)),  # type: ignore[arg-type]
        atol=1e-6,
    )


@given(per_usd=st.floats(0.001, 10.0), scale=st.floats(10.0, 1e5), spend=st.floats(0.0, 1e6))
def test_the_planners_curve_is_the_exponential_saturation_times_per_usd_and_scale(
    per_usd: float, scale: float, spend: float
) -> None:
    curve = ResponseCurve(
        channel="search_ads",
        per_usd={"awareness": 0.0, "consideration": 0.0, "conversion": per_usd},
        impressions_per_usd=1.0,
        scale_usd=scale,
        realised=1.0,
        persistence=0.0,
        value_weight={"awareness": 0.0, "consideration": 0.0, "conversion": 1.0},
        spread=0.1,
        min_spend_usd=0.0,
    )
    ours = float(planner_curve(per_usd, scale, np.array([spend]))[0])
    assert abs(ours - curve.outcome("conversion", spend)) <= 1e-9 * max(1.0, abs(ours))
