"""No plan jumps where the budget crosses one number (issue 12, deliverable 5, in part): rules that depend
on the budget fade in and out instead of switching at a threshold."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from mizaan.knowledge import Fade, RiskAversionEffect, WarningEffect, load_knowledge_base
from mizaan.plan.effects import apply_rules
from mizaan.plan.facts import condition_facts

KB = load_knowledge_base()
BUDGET = "budget.monthly_usd"


def _facts(monthly_usd: float) -> dict[str, object]:
    from mizaan.plan.facts import profile_facts
    from mizaan.profile import parse_profile
    from tests.conftest import BASE_PROFILE, merge

    facts = dict(profile_facts(parse_profile(merge(BASE_PROFILE, {}), KB), KB))
    facts[BUDGET] = monthly_usd
    return facts


def test_every_effect_that_depends_on_the_budget_fades_instead_of_switching() -> None:
    """A case that tests the monthly budget may only warn, or carry effects that fade with it."""
    for rule in KB.rules.values():
        for case in rule.cases:
            if BUDGET not in condition_facts(case.when):
                continue
            for effect in case.effects:
                if isinstance(effect, WarningEffect):
                    continue
                assert isinstance(effect, RiskAversionEffect) and effect.fade is not None, (rule.id, effect)
                assert effect.fade.fact == BUDGET


def test_e4_caution_falls_smoothly_as_the_budget_grows() -> None:
    budgets = [500, 1000, 1500, 1999, 2001, 2500, 3500, 3999, 4001, 8000]
    adds = [apply_rules(KB, _facts(b)).risk_aversion_add for b in budgets]
    assert adds == sorted(adds, reverse=True)  # never more caution for more money
    jumps = [abs(a - b) for a, b in pairwise(adds)]
    assert max(jumps[3], jumps[7]) < 0.01  # no step at USD 2,000 (the old threshold) nor at the fade's end
    assert adds[0] == adds[1] > 0 and adds[-1] == adds[-2]


@given(st.floats(min_value=1, max_value=1e6), st.floats(min_value=1.0001, max_value=10))
def test_a_fade_never_grows_with_its_fact_and_stays_between_zero_and_one(value: float, more: float) -> None:
    fade = Fade(fact=BUDGET, full_at=1000, gone_at=4000)
    a, b = fade.strength(value), fade.strength(value * more)
    assert 0.0 <= b <= a <= 1.0


def test_crossing_the_old_e4_threshold_no_longer_drops_customers() -> None:
    """Services, leads, SAR 6,000 -> 7,500 crossed USD 2,000, where E4's caution used to switch off at once:
    the channel set flipped and customers fell from 439 to 363. With the fade it keeps its channels."""
    from mizaan.present import make_plan
    from mizaan.profile import parse_profile
    from tests.conftest import BASE_PROFILE, merge

    base = {"goal": "leads", "business_type": "services", "average_order_value": 50}
    plans = [
        make_plan(
            parse_profile(merge(BASE_PROFILE, {**base, "budget.amount": amount}), KB), KB, samples=300, what_if=False
        )
        for amount in (6000, 7500)
    ]
    assert {a.channel for a in plans[0].allocation} == {a.channel for a in plans[1].allocation}
    assert plans[1].forecast.customers.p50 > plans[0].forecast.customers.p50
