"""Profile facts that rule conditions test, and the evaluation of those conditions.

Facts are flat dotted names (``location.scope``, ``budget.monthly_usd``). Facts starting with ``plan.``
exist only once the budget is split (whether influencers were recommended, the share of owned media...);
rules may use them only to raise warnings.
"""

from __future__ import annotations

from typing import Any

from mizaan.knowledge import KnowledgeBase
from mizaan.knowledge.schema import Clause, Condition
from mizaan.profile import Profile

# Every fact a rule may test, with what it holds. `mizaan kb check` refuses conditions on other names.
PROFILE_FACTS: dict[str, str] = {
    "business_type": "ecommerce | services | local | b2b",
    "goal": "sales | leads | awareness",
    "speed": "fast | balanced | sustainable",
    "stage": "idea | launch | growth | established",
    "horizon_months": "months (number)",
    "product_complexity": "simple | moderate | complex",
    "decision_speed": "quick | considered | unknown",
    "audience_relies_on_recommendations": "true | false | unknown",
    "has_landing_page": "true | false | unknown",
    "has_clear_offer": "true | false | unknown",
    "has_tracking": "true | false | unknown",
    "brand_risk_tolerance": "low | medium | high",
    "location.country": "ISO country code",
    "location.scope": "local | national | international",
    "location.city": "city name | unknown",
    "audience_age.min": "years | unknown",
    "audience_age.max": "years | unknown",
    "budget.currency": "currency code",
    "budget.monthly_usd": "monthly budget in US dollars (number)",
    "must_prove_results": "true | false | unknown",
    "influencers_because_trend": "true | false | unknown",
    "choose_influencers_by_followers": "true | false | unknown",
    "preferred_influencer_tier": "nano | micro | macro | mega | unknown",
}
PLAN_FACTS: dict[str, str] = {
    "plan.influencer_recommended": "true | false",
    "plan.influencer_tier": "the recommended tier | unknown",
    "plan.influencer_share": "share of the budget to influencers (0-1)",
    "plan.owned_media_share": "share of the budget to content and SEO (0-1)",
    "plan.channel_count": "number of funded channels",
    "plan.preferred_tier_mismatch": "true when the profile prefers a tier the plan does not recommend",
    "plan.preferred_tier_affordable": "false when the preferred tier's minimum is above the influencer room",
}
KNOWN_FACTS = {**PROFILE_FACTS, **PLAN_FACTS}

Facts = dict[str, Any]


def profile_facts(profile: Profile, kb: KnowledgeBase) -> Facts:
    """The facts of ``profile`` (unknown values are ``None``)."""
    monthly_usd = float(profile.monthly_budget) / kb.per_usd(profile.budget.currency)
    return {
        "business_type": profile.business_type,
        "goal": profile.goal,
        "speed": profile.speed,
        "stage": profile.stage,
        "horizon_months": profile.horizon_months,
        "product_complexity": profile.product_complexity,
        "decision_speed": profile.decision_speed,
        "audience_relies_on_recommendations": profile.audience_relies_on_recommendations,
        "has_landing_page": profile.has_landing_page,
        "has_clear_offer": profile.has_clear_offer,
        "has_tracking": profile.has_tracking,
        "brand_risk_tolerance": profile.brand_risk_tolerance,
        "location.country": profile.location.country,
        "location.scope": profile.location.scope,
        "location.city": profile.location.city,
        "audience_age.min": profile.audience_age.min if profile.audience_age else None,
        "audience_age.max": profile.audience_age.max if profile.audience_age else None,
        "budget.currency": profile.budget.currency,
        "budget.monthly_usd": monthly_usd,
        "must_prove_results": profile.must_prove_results,
        "influencers_because_trend": profile.influencers_because_trend,
        "choose_influencers_by_followers": profile.choose_influencers_by_followers,
        "preferred_influencer_tier": profile.preferred_influencer_tier,
    }


def clause_holds(clause: Clause, facts: Facts) -> bool:
    """Whether one clause holds; a clause on an unknown fact holds only for ``is_unknown``."""
    value = facts.get(clause.fact)
    if clause.op == "is_unknown":
        return value is None
    if clause.op == "is_known":
        return value is not None
    if value is None:
        return False
    target = clause.value
    match clause.op:
        case "eq":
            return bool(value == target)
        case "ne":
            return bool(value != target)
        case "in":
            return value in target
        case "lt":
            return bool(value < target)
        case "le":
            return bool(value <= target)
        case "gt":
            return bool(value > target)
        case "ge":
            return bool(value >= target)
    raise ValueError(f"unknown op {clause.op}")  # pragma: no cover - the schema limits ops


def condition_holds(condition: Condition | None, facts: Facts) -> bool:
    if condition is None:
        return True
    if not all(clause_holds(c, facts) for c in condition.all):
        return False
    return not condition.any or any(clause_holds(c, facts) for c in condition.any)


def condition_facts(condition: Condition | None) -> set[str]:
    if condition is None:
        return set()
    return {c.fact for c in [*condition.all, *condition.any]}
