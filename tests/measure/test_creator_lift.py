"""The per-creator lift (``measure/creator_lift.py``) on worlds whose truth the test draws itself: it
recovers creators' effects where the data separates them, pools them where it cannot, says which and why,
and — whatever the data — never gives creators more than the conversions there were."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from mizaan.measure import CreatorSeries, LiftInputs, fit_creator_lift


def _world(
    rates: list[float], *, days: int = 240, base: float = 40.0, seed: int = 0, visits: float = 300.0
) -> tuple[LiftInputs, list[float]]:
    """Daily conversions = a weekly baseline + each creator's rate × their tracked visits, Poisson drawn.
    Creators post on different days; each post's visits decay over about a week."""
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    mean = base * (1 + 0.2 * np.sin(2 * np.pi * t / 7)) + 5 * np.sin(2 * np.pi * t / 365.25)
    series, truth = [], []
    for j, rate in enumerate(rates):
        x = np.zeros(days)
        for day in rng.choice(np.arange(days - 14), size=2, replace=False):
            x[day : day + 14] += visits * (0.7 ** np.arange(14)) * rng.uniform(0.5, 1.5)
        x = rng.poisson(x).astype(np.float64)
        series.append(CreatorSeries(f"c{j}", "influencer_micro", "sessions", x))
        mean = mean + rate * x
        truth.append(rate * float(x.sum()))
    y = rng.poisson(mean).astype(np.float64)
    return LiftInputs(y, {}, series), truth


def test_creators_whose_rates_differ_are_told_apart() -> None:
    rates = [0.0, 0.01, 0.03, 0.06, 0.1, 0.15]
    data, truth = _world(rates)
    fit = fit_creator_lift(data)
    assert (fit.method, fit.reason) == ("per_creator", "differ")
    assert fit.p_value is not None and fit.p_value < 0.05
    lifts = [c.lift for c in fit.creators]
    assert spearmanr(lifts, truth).statistic > 0.9
    inside = sum(c.low <= true <= c.high for c, true in zip(fit.creators, truth, strict=True))
    assert inside >= len(truth) - 1  # 95 % intervals: all but at most one


def test_creators_alike_share_their_tiers_rate() -> None:
    data, truth = _world([0.05] * 6, seed=3)
    fit = fit_creator_lift(data)
    assert (fit.method, fit.reason) == ("pooled", "alike")
    visits = [float(s.exposure.sum()) for s in data.creators]
    ratios = [c.lift / v for c, v in zip(fit.creators, visits, strict=True)]
    assert max(ratios) == pytest.approx(min(ratios), rel=0.02)  # one rate per visit (up to the daily cap)
    assert fit.tiers[0].low <= sum(truth) <= fit.tiers[0].high


def test_a_world_without_creators_signal_or_days_says_why() -> None:
    data, _ = _world([0.05] * 16, days=40)  # 40 days cannot hold 16 creators' rates beside the baseline's
    fit = fit_creator_lift(data)
    assert (fit.method, fit.reason, fit.p_value) == ("pooled", "few_days", None)
    assert len(fit.creators) == 16 and fit.tiers[0].lift > 0
    short = LiftInputs(data.conversions[:20], {}, [CreatorSeries("a", "t", "sessions", data.creators[0].exposure[:20])])
    assert fit_creator_lift(short).reason == "few_days"
    silent = LiftInputs(data.conversions, {}, [CreatorSeries("a", "t", "sessions", np.zeros(40))])
    assert (fit_creator_lift(silent).method, fit_creator_lift(silent).reason) == ("none", "no_exposure")
    empty = LiftInputs(np.zeros(40), {}, data.creators)
    assert fit_creator_lift(empty).reason == "no_conversions"


@st.composite
def _inputs(draw: st.DrawFn) -> LiftInputs:
    days = draw(st.integers(40, 120))
    seed = draw(st.integers(0, 2**31))
    rng = np.random.default_rng(seed)
    creators = []
    for j in range(draw(st.integers(1, 8))):
        scale = draw(st.sampled_from([0.0, 1.0, 50.0, 1e4]))
        x = rng.poisson(scale * rng.random(days) * (rng.random(days) < 0.3)).astype(np.float64)
        tier = draw(st.sampled_from(["influencer_micro", "influencer_macro"]))
        creators.append(CreatorSeries(f"c{j}", tier, draw(st.sampled_from(["sessions", "views"])), x))
    level = draw(st.sampled_from([0.0, 0.5, 5.0, 200.0]))
    y = rng.poisson(level + sum(draw(st.floats(0, 2)) * c.exposure for c in creators)).astype(np.float64)
    controls = {"spend": rng.random(days) * 100} if draw(st.booleans()) else {}
    return LiftInputs(y, controls, creators, draw(st.integers(0, 6)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_inputs())
def test_creators_never_add_up_to_more_than_their_tier_or_the_conversions(data: LiftInputs) -> None:
    fit = fit_creator_lift(data, draws=60)
    total = float(data.conversions.sum())
    for c in fit.creators:
        assert 0.0 <= c.low <= c.lift + 1e-9 and c.lift <= c.high + 1e-9
    for tier in fit.tiers:
        mine = sum(c.lift for c in fit.creators if c.channel == tier.channel)
        assert mine == pytest.approx(tier.lift, abs=1e-6)
        assert tier.low <= tier.lift + 1e-9 <= tier.high + 2e-9
    assert sum(c.lift for c in fit.creators) <= total + 1e-6
    assert sum(t.high for t in fit.tiers) <= len(fit.tiers) * total + 1e-6
    assert fit.method != "none" or fit.creators == []
