"""Re-planning on fitted curves, over random profiles and fits (Hypothesis): a better fit never gets less
budget, more budget never buys a worse risk-adjusted outcome, and a fit for one channel leaves the others on
their priors."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.plan import Fit, HillCurve, allocate, fit_from_curves, parse_fit
from mizaan.profile import parse_profile
from tests.plan.test_plan_properties import KB, profiles

FITTABLE = [c for c in KB.channel_ids if KB.channels[c].family == "e_marketing"]


def _fit(channel: str, curve: dict[str, float], currency: str, k: float = 1.0, target: str = "revenue") -> Fit:
    hill = HillCurve(
        channel, beta=curve["beta"] * k, half=curve["half"], observed_max=curve["top"], shape=curve["shape"]
    )
    doc = fit_from_curves({"col": hill}, currency=currency, target_kind=target)  # type: ignore[arg-type]
    return parse_fit(json.dumps(doc).encode(), "fit.json")


curves = st.fixed_dictionaries(
    {
        "beta": st.floats(min_value=50, max_value=1e6),
        "half": st.floats(min_value=20, max_value=1e5),
        "top": st.floats(min_value=20, max_value=1e5),
        "shape": st.sampled_from([1.0, 1.5, 2.0]),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.sampled_from(FITTABLE), curves, st.floats(min_value=1.0, max_value=8.0))
def test_a_better_fit_never_gets_less_budget(
    data: dict[str, Any], channel: str, curve: dict[str, float], k: float
) -> None:
    profile = parse_profile(data, KB)
    currency = profile.budget.currency
    worse = allocate(profile, KB, [_fit(channel, curve, currency)])
    better = allocate(profile, KB, [_fit(channel, curve, currency, k)])
    x_worse, x_better = worse.monthly_usd[channel], better.monthly_usd[channel]
    # The allocation is a fixed point the optimiser reaches in a set number of rounds (the risk term and the
    # retargeting pool are updated between water-fills), exact to about 1e-4 of the budget: Hypothesis once
    # found a "reversal" of USD 0.86 in 5,183 (1.7e-4). A real reversal is far larger than 1e-3.
    assert x_better >= x_worse - 1e-3 * max(1.0, worse.problem.budget)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.sampled_from(FITTABLE), curves, st.floats(min_value=1.05, max_value=4.0))
def test_more_budget_never_buys_less_with_fitted_curves(
    data: dict[str, Any], channel: str, curve: dict[str, float], r: float
) -> None:
    profile = parse_profile(data, KB)
    fit = _fit(channel, curve, profile.budget.currency)
    more = dict(
        data,
        budget=dict(
            data["budget"], amount=str((Decimal(data["budget"]["amount"]) * Decimal(str(r))).quantize(Decimal("0.01")))
        ),
    )
    low = allocate(profile, KB, [fit])
    high = allocate(parse_profile(more, KB), KB, [fit])
    # what the optimiser maximises, the outcome less its risk, never falls; the outcome alone can (below)
    assert high.solution.objective >= low.solution.objective - 1e-9 * max(1.0, abs(low.solution.objective))


# Not yet true: a risk-averse plan (brand_risk_tolerance low) can switch, 6 % more budget later, to a set of
# channels with less risk and less expected outcome (here a macro creator at its minimum joins: outcome
# 2,958 -> 2,933, outcome less risk 1,564 -> 1,629). The same cause as issue 12's continuity counterexample
# (tests/plan/test_funnel.py); `strict` turns this into a failure the day the planner keeps the promise.
@pytest.mark.xfail(strict=True, reason="budget continuity of the outcome is issue 12, deliverable 5")
def test_more_budget_never_buys_less_outcome_with_fitted_curves() -> None:
    data: dict[str, Any] = {
        "business_type": "services",
        "goal": "leads",
        "speed": "fast",
        "stage": "idea",
        "budget": {"amount": "885010.5", "currency": "EGP", "period": "month"},
        "horizon_months": 12,
        "location": {"country": "EG", "scope": "national"},
        "product_complexity": "simple",
        "brand_risk_tolerance": "low",
        "audience_relies_on_recommendations": True,
        "has_landing_page": True,
        "has_clear_offer": True,
        "has_tracking": False,
        "must_prove_results": True,
        "influencers_because_trend": True,
    }
    curve = {"beta": 50.0, "half": 20.0, "top": 20.0, "shape": 1.0}
    more = dict(data, budget=dict(data["budget"], amount="940323.66"))
    low = allocate(parse_profile(data, KB), KB, [_fit("search_ads", curve, "EGP")])
    high = allocate(parse_profile(more, KB), KB, [_fit("search_ads", curve, "EGP")])
    assert high.solution.value >= low.solution.value * (1 - 1e-9)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.sampled_from(FITTABLE), curves)
def test_a_fit_for_one_channel_leaves_the_others_on_priors(
    data: dict[str, Any], channel: str, curve: dict[str, float]
) -> None:
    profile = parse_profile(data, KB)
    prior = allocate(profile, KB)
    fitted = allocate(profile, KB, [_fit(channel, curve, profile.budget.currency)])
    assert set(fitted.fitted) == {channel}
    for c in KB.channel_ids:
        if c == channel:
            assert fitted.prior.curves[c].origin == "fitted"
        else:
            assert fitted.prior.curves[c] == prior.prior.curves[c]
            assert fitted.prior.curves[c].origin == "prior"
