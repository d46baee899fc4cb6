"""Invariants of every plan, over random valid profiles (Hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.knowledge import load_knowledge_base
from mizaan.present import make_plan
from mizaan.profile import parse_profile

KB = load_knowledge_base()
MARKETS = [
    ("SA", "SAR", "Riyadh"),
    ("AE", "AED", "Dubai"),
    ("EG", "EGP", "Cairo"),
    ("KW", "KWD", None),
    ("QA", "QAR", "Doha"),
    ("BH", "BHD", None),
    ("OM", "OMR", "Muscat"),
    ("JO", "JOD", "Amman"),
    ("MA", "MAD", "Casablanca"),
    ("US", "USD", None),
]
opt_bool = st.sampled_from([True, False, None])


@st.composite
def profiles(draw: Any) -> dict[str, Any]:
    country, currency, city = draw(st.sampled_from(MARKETS))
    per_usd = KB.per_usd(currency)
    monthly_usd = draw(st.floats(min_value=150, max_value=500_000))
    period = draw(st.sampled_from(["month", "quarter", "year", "campaign"]))
    horizon = draw(st.integers(min_value=1, max_value=36))
    months = {"month": 1, "quarter": 3, "year": 12, "campaign": horizon}[period]
    amount = Decimal(str(round(monthly_usd * per_usd * months, 2)))
    data: dict[str, Any] = {
        "business_type": draw(st.sampled_from(["ecommerce", "services", "local", "b2b"])),
        "goal": draw(st.sampled_from(["sales", "leads", "awareness"])),
        "speed": draw(st.sampled_from(["fast", "balanced", "sustainable"])),
        "stage": draw(st.sampled_from(["idea", "launch", "growth", "established"])),
        "budget": {"amount": str(amount), "currency": currency, "period": period},
        "horizon_months": horizon,
        "location": {"country": country, "scope": draw(st.sampled_from(["local", "national", "international"]))},
        "product_complexity": draw(st.sampled_from(["simple", "moderate", "complex"])),
        "brand_risk_tolerance": draw(st.sampled_from(["low", "medium", "high"])),
    }
    if city and draw(st.booleans()):
        data["location"]["city"] = city
    for field in (
        "audience_relies_on_recommendations",
        "has_landing_page",
        "has_clear_offer",
        "has_tracking",
        "must_prove_results",
        "influencers_because_trend",
    ):
        value = draw(opt_bool)
        if value is not None:
            data[field] = value
    if draw(st.booleans()):
        data["decision_speed"] = draw(st.sampled_from(["quick", "considered"]))
    if draw(st.booleans()):
        low = draw(st.integers(min_value=13, max_value=60))
        data["audience_age"] = {"min": low, "max": draw(st.integers(min_value=low, max_value=80))}
    if draw(st.booleans()):
        data["preferred_influencer_tier"] = draw(st.sampled_from(["nano", "micro", "macro", "mega"]))
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.integers(min_value=0, max_value=2**31 - 1))
def test_every_plan_adds_up_respects_minimums_and_orders_its_forecast(data: dict[str, Any], seed: int) -> None:
    profile = parse_profile(data, KB)
    plan = make_plan(profile, KB, seed=seed, samples=300, what_if=False)
    # shares sum to 1; amounts and the part held back past the market's ceiling add up to the budget to the
    # minor unit, and the plan never spends past the recommended spend unless the margin alone sets it
    assert abs(sum(line.share for line in plan.allocation) - 1.0) < 1e-9
    assert sum(line.amount for line in plan.allocation) + plan.ceiling.held_back == profile.budget.amount
    assert plan.ceiling.held_back >= 0
    assert plan.ceiling.recommended_monthly <= plan.ceiling.market_monthly
    if plan.ceiling.held_back > 0:
        assert plan.forecast.held_back > 0 and plan.ceiling.elsewhere
        assert any(w.field == "budget.amount" for w in plan.warnings)
    assert abs(sum(plan.family_share.values()) - 1.0) < 1e-9
    assert abs(sum(plan.stage_share.values()) - 1.0) < 1e-9
    # no channel below its minimum unless zero (zero-funded channels are not listed)
    for line in plan.allocation:
        assert line.amount > 0
        assert line.amount >= line.min_amount
        assert all(v >= 0 for v in line.stages.values())
    # forecast ranges are ordered
    fc = plan.forecast
    for r in [fc.reach, fc.visits, fc.conversions, fc.cpa, *(k.target for k in plan.kpis if k.target)]:
        assert r.p10 <= r.p50 <= r.p90
    for ch in fc.channels:
        for r in (ch.reach, ch.visits, ch.conversions):
            assert r.p10 <= r.p50 <= r.p90
    # never more than one influencer tier, never one the budget cannot buy
    tiers = [line for line in plan.allocation if line.family == "influencer"]
    assert len(tiers) <= 1
    for o in plan.influencer.options:
        if o.chosen:
            assert o.affordable
    # the influencer share respects the caps of the rules
    assert plan.family_share["influencer"] <= 0.5 + 1e-9


@settings(max_examples=8, deadline=None)
@given(profiles(), st.integers(min_value=0, max_value=1000))
def test_the_same_input_and_seed_give_the_same_plan(data: dict[str, Any], seed: int) -> None:
    profile = parse_profile(data, KB)
    a = make_plan(profile, KB, seed=seed, samples=200)
    b = make_plan(parse_profile(data, KB), KB, seed=seed, samples=200)
    assert a.model_dump_json() == b.model_dump_json()
