"""The influencer decision's parts on real examples: which tier, how many posts and what each costs, why
each tier was or was not chosen, and the reasons when no creator is worth the money."""

from __future__ import annotations

from pathlib import Path

import pytest

from mizaan.knowledge import load_knowledge_base
from mizaan.plan import PlanResult, plan, unit
from mizaan.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
KB = load_knowledge_base()


def _result(name: str) -> PlanResult:
    return plan(load_profile(ROOT / "examples" / f"{name}.yaml", KB), KB, samples=100, what_if=False)


@pytest.mark.parametrize("name", ["awareness-launch-fashion", "perfume-store-riyadh"])
def test_the_chosen_tier_gets_posts_priced_within_the_tiers_range(name: str) -> None:
    r = _result(name)
    d = r.influencer
    assert d.recommended and d.channel is not None and d.budget_each is not None
    country = r.profile.location.country
    price = KB.figure(d.channel, "price_per_post", country)
    min_posts = int(KB.figure(d.channel, "min_posts", country).typical)
    monthly_usd = r.allocation.monthly_usd[d.channel]
    assert d.count >= min_posts
    assert monthly_usd / d.count <= price.high + 1e-9
    assert abs(d.budget_each * d.count - d.monthly_budget) <= unit(r.currency) * d.count
    assert [o.channel for o in d.options if o.chosen] == [d.channel]
    chosen = next(o for o in d.options if o.chosen)
    assert chosen.why.key == "influencer.why.chosen" and chosen.affordable
    assert d.reasons[0].kind == "model" and d.reasons[0].text.key == "influencer.reason.best"
    assert d.selection_criteria[0].key == "criteria.fit"
    assert len({repr(w) for w in d.reasons}) == len(d.reasons)  # each reason once
    # the market's creators of the tier are the line's ceiling, and the plan books no more posts than they carry
    supply = next(w for w in d.reasons if w.text.key == "influencer.reason.supply")
    assert supply.kind == "constraint" and supply.figure is not None and "creators_per_million" in supply.figure
    assert supply.text.params["posts"].value >= d.count


def test_tiers_out_of_reach_say_so_with_the_influencer_cap() -> None:
    d = _result("tiny-budget-abaya").influencer
    assert not d.recommended and d.count == 0 and d.budget_each is None and not d.selection_criteria
    assert all(not o.affordable and o.why.key == "influencer.why.unaffordable" for o in d.options)
    assert d.reasons[0].kind == "constraint" and d.reasons[0].text.key == "influencer.none.cap"


def test_no_creators_when_they_are_affordable_but_worth_less() -> None:
    r = _result("b2b-erp-cairo")
    d = r.influencer
    assert not d.recommended and any(o.affordable for o in d.options)
    assert d.reasons[0].kind == "model" and d.reasons[0].text.key == "influencer.none.value"
    lowered = [w for w in d.reasons[1:] if w.kind == "rule"]
    assert lowered and all((w.factor or 1.0) < 1 for w in lowered)


def test_no_landing_page_funds_no_creator_and_says_the_article_s_reason() -> None:
    """X3: influencer marketing fails without a landing page or a clear offer, so a plan that warns of it
    does not fund creators against its own warning (the Jeddah café has no landing page)."""
    r = _result("cafe-jeddah-local")
    assert any(w.rule == "X3" and w.severity == "critical" for w in r.warnings)
    assert not r.influencer.recommended and r.family_share["influencer"] == 0
    first = r.influencer.reasons[0]
    assert first.rule == "X3" and first.text.key == "influencer.none.rule"
    # with a landing page the same café may fund creators again: the stop is the rule's, not the budget's
    fixed = plan(
        load_profile(ROOT / "examples" / "cafe-jeddah-local.yaml", KB).model_copy(update={"has_landing_page": True}),
        KB,
        samples=100,
        what_if=False,
    )
    assert fixed.allocation.problem.influencer_cap > 0
