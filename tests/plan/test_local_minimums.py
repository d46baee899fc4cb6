"""Channel minimums in the market's own cost level (item 2 of issue 12, deliverable 3): where the country
has its own minimum figure the plan uses it, so a small Cairo budget gets a small real plan instead of
the one channel whose global minimum it can afford."""

from __future__ import annotations

from typing import Any

from mizaan.knowledge import load_knowledge_base
from mizaan.plan import plan
from mizaan.plan.optimise import candidate_sets
from mizaan.profile import parse_profile

KB = load_knowledge_base()
BAKERY: dict[str, Any] = {
    "business_type": "local",
    "goal": "sales",
    "budget": {"amount": "3000", "currency": "EGP", "period": "month"},
    "location": {"country": "EG", "city": "Cairo", "scope": "local"},
    "stage": "launch",
    "horizon_months": 6,
    "email_list_size": 0,
}


def test_egypt_minimums_are_below_the_global_ones_and_say_they_are_assumed() -> None:
    for channel in ("social_ads", "content", "seo", "retargeting"):
        local, world = KB.figure(channel, "min_spend", "EG"), KB.figure(channel, "min_spend", "US")
        assert local.market == "EG" and local.typical < world.typical
        assert local.assumption and local.note and "cost index" in local.note


def test_a_cairo_bakery_with_egp_3000_and_no_list_gets_a_small_real_plan() -> None:
    result = plan(parse_profile(BAKERY, KB), KB, seed=0, samples=300, what_if=False)
    alloc = result.allocation
    p = alloc.problem
    assert p.excluded is not None
    affordable = [c for i, c in enumerate(p.channels) if p.min_spend[i] <= p.budget and not p.excluded[i]]
    assert {"social_ads", "content", "retargeting"} <= set(affordable)  # before: email alone fitted
    assert len(candidate_sets(p)) >= 1
    funded = alloc.funded()
    assert "email" not in funded and 1 <= len(funded) <= 3
    for c in funded:  # nobody is funded below the local minimum, in dollars and in pounds
        assert alloc.monthly_usd[c] >= alloc.prior.curves[c].min_spend_usd - 1e-6
    for line in result.lines:
        assert line.monthly_amount >= line.min_amount
    # before: 100 % email and a reach of 86 people in six months for EGP 18,000
    assert result.forecast.reach.p50 > 1_000
