"""One economics for deciding and forecasting (issue 12, deliverable 4): every funded line is judged by the
forecast's own numbers, and a line that does not pay for the goal is kept only with the reason said."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mizaan.knowledge import load_knowledge_base
from mizaan.plan import PlanResult, plan
from mizaan.plan.verdict import RELATIVE_LIMIT
from mizaan.present import present
from mizaan.profile import load_profile, parse_profile
from tests.conftest import BASE_PROFILE, merge

KB = load_knowledge_base()
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
KEPT = ("reason.kept.worth", "reason.kept.relative", "reason.kept.reach", "reason.dear.worth", "reason.dear.relative")


def _cost(result: PlanResult, channel: str) -> float:
    """The line's forecast cost per unit of the goal, recomputed from the samples."""
    p = result.profile
    spend = result.allocation.monthly_usd[channel] * KB.per_usd(p.budget.currency) * p.horizon_months
    if p.goal == "awareness":
        units = float(np.median(result.samples.reach[channel] * p.horizon_months))
    else:
        customers = next(c for c in result.forecast.channels if c.channel == channel).customers
        units = customers.p50
    return spend / units


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_line_is_judged_and_a_line_that_does_not_pay_says_why_it_is_kept(path: Path) -> None:
    result = plan(load_profile(path, KB), KB, samples=400, what_if=False)
    for line in result.lines:
        assert line.pays_for_goal is not None
        kept = [r for r in line.reasons if r.text.key in KEPT]
        assert bool(kept) == (line.pays_for_goal is False)  # a reason exactly where the line fails
    en, ar = present(result, "en"), present(result, "ar")
    assert [a.pays_for_goal for a in en.allocation] == [a.pays_for_goal for a in ar.allocation]


def test_a_creator_line_far_dearer_than_a_customer_is_worth_is_kept_only_for_awareness() -> None:
    result = plan(load_profile(EXAMPLES[[p.stem for p in EXAMPLES].index("perfume-store-riyadh")], KB), KB)
    line = result.line("influencer_micro")
    assert line is not None and line.pays_for_goal is False
    reason = line.reasons[-1]
    assert reason.text.key == "reason.kept.worth"
    aov = float(result.profile.average_order_value or 0)
    worth = aov * KB.figure("funnel", "gross_margin_ecommerce", "SA").typical
    assert _cost(result, "influencer_micro") > worth


def _sales(**changes: Any) -> PlanResult:
    data = merge(BASE_PROFILE, {k.replace("__", "."): v for k, v in changes.items()})
    return plan(parse_profile(data, KB), KB, samples=400, what_if=False)


@pytest.mark.parametrize("order", [80, 280, 1200])
def test_a_line_passes_exactly_when_its_forecast_cost_per_customer_is_within_a_first_order_s_profit(
    order: int,
) -> None:
    result = _sales(average_order_value=order, gross_margin=0.5)
    for line in result.lines:
        assert line.pays_for_goal == (_cost(result, line.channel) <= order * 0.5 * (1 + 1e-9))


def test_a_dearer_order_never_turns_a_paying_line_into_a_failing_one() -> None:
    cheap, dear = _sales(average_order_value=150), _sales(average_order_value=1500)
    for line in cheap.lines:
        other = dear.line(line.channel)
        if line.pays_for_goal and other is not None:
            assert other.pays_for_goal


def test_without_an_order_value_the_plan_s_own_cost_sets_the_limit() -> None:
    result = _sales()
    spend = sum(result.allocation.monthly_usd[x.channel] for x in result.lines) * KB.per_usd("SAR") * 6
    total = sum(c.customers.p50 for c in result.forecast.channels)
    limit = RELATIVE_LIMIT * spend / total
    for line in result.lines:
        assert line.pays_for_goal == (_cost(result, line.channel) <= limit * (1 + 1e-6))
