"""The lift estimators: what they must recover exactly, the constraints they keep, and honest intervals."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.lift import Panel, lift_panel
from mizaan.lift.bsts import bsts
from mizaan.lift.synth import placebo_groups, simplex_weights, synthetic_control
from mizaan.simulate import geo_world


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 12), st.integers(10, 60))
def test_weights_lie_on_the_simplex(seed: int, donors: int, dates: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.lognormal(0, 1, (dates, donors))
    y = rng.lognormal(0, 1, dates)
    w, _ = simplex_weights(y, x)
    assert (w >= 0).all() and abs(w.sum() - 1) < 1e-6


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.0, 0.5))
def test_a_treated_unit_that_is_a_mix_of_donors_gets_its_effect_exactly(seed: int, lift: float) -> None:
    """No noise: the treated unit is a convex mix of donors' shapes, and the campaign multiplies it by
    1 + lift; the synthetic control recovers that effect to rounding."""
    rng = np.random.default_rng(seed)
    days, first = 80, 60
    donors = rng.lognormal(3, 0.3, 8)[None, :] * np.exp(np.cumsum(rng.normal(0, 0.05, (days, 8)), axis=0))
    shape = (donors / donors[:first].mean(axis=0)) @ np.array([0.5, 0.3, 0.2, 0, 0, 0, 0, 0])
    base = 500 * shape
    y = base.copy()
    y[first:] *= 1 + lift
    out = synthetic_control(y, donors, slice(0, first), slice(first, days))
    truth = float((y - base)[first:].sum())
    assert abs(out.effect - truth) <= 1e-3 * max(1.0, base[first:].sum())


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 30), st.integers(1, 5), st.integers(0, 1000))
def test_placebo_groups_are_distinct_groups_of_the_treated_size(n: int, k: int, seed: int) -> None:
    groups = placebo_groups(n, k, np.random.default_rng(seed))
    assert len(set(groups)) == len(groups)
    assert all(len(g) == k and len(set(g)) == k and max(g) < n for g in groups)


def _panel(world: object) -> Panel:
    w = world  # a GeoWorld
    return Panel(w.dates, w.units, w.sales.astype(float), "sim", "sales")  # type: ignore[attr-defined]


def test_simulated_campaigns_are_covered_and_placebos_mostly_quiet() -> None:
    """20 campaigns and 20 placebos (the bench runs 100s): 95 % intervals hold the truth in at least 17
    and show an effect in at most 3 placebos."""
    covered = false_alarms = 0
    for seed in range(20):
        w = geo_world(seed, lift=0.1, treated=1 + seed % 3)
        r = lift_panel(_panel(w), w.treated, w.start)
        covered += r.effect_low <= w.effect <= r.effect_high
        p = geo_world(1000 + seed, lift=0.0, treated=1 + seed % 3)
        false_alarms += lift_panel(_panel(p), p.treated, p.start).significant
    assert covered >= 17 and false_alarms <= 3


def test_large_campaigns_are_mostly_found_with_the_right_sign() -> None:
    """Power: a 30 % lift on 3 of 40 cities for 30 days is shown (interval above zero) in most worlds."""
    found = 0
    for seed in range(8):
        w = geo_world(seed, lift=0.3, treated=3)
        r = lift_panel(_panel(w), w.treated, w.start)
        assert r.method == "synthetic_control" and r.effect_high > 0
        found += r.effect_low > 0 and r.p_value <= 0.05
    assert found >= 6


def test_few_untreated_units_fall_back_to_bsts_and_say_why() -> None:
    w = geo_world(2, units=6, lift=0.3, treated=1)
    r = lift_panel(_panel(w), w.treated, w.start)
    assert r.method == "bsts" and r.reason == "lift.reason.few_units"
    assert r.reason_params["placebos"] < r.reason_params["needed"]
    assert r.effect_low > 0


def test_bsts_finds_a_step_in_a_series_that_follows_its_control() -> None:
    rng = np.random.default_rng(1)
    n, first = 120, 90
    control = 100 + np.cumsum(rng.normal(0, 1, n))
    y = 2 * control + rng.normal(0, 1, n)
    y[first:] += 20
    out = bsts(y, control[:, None], slice(0, first), slice(first, n), draws=400, burn=200)
    assert out.effect_low <= 20 * (n - first) <= out.effect_high
    assert out.effect_low > 0


def test_dates_after_the_end_are_left_out_and_counted() -> None:
    w = geo_world(4, lift=0.1, treated=2, days=150, campaign_days=30)
    end = w.start + dt.timedelta(days=19)
    r = lift_panel(_panel(w), w.treated, w.start, end)
    assert r.post_dates == 20 and r.after_end == 10 and r.dates[-1] == end
