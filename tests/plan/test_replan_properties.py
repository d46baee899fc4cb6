"""Re-planning on fitted curves, over random profiles and fits (Hypothesis): a better fit never gets less
budget, more budget never buys less, and a fit for one channel leaves the others on their priors."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

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
