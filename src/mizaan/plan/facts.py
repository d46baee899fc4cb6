"""Profile facts that rule conditions test, and the evaluation of those conditions.

Facts are flat dotted names (``location.scope``, ``budget.monthly_usd``). Facts starting with ``plan.``
exist only once the budget is split (whether influencers were recommended, the share of owned media...);
rules may use them only to raise warnings.
"""

from __future__ import annotations

from typing import Any

from mizaan.knowledge import Clause, Condition, KnowledgeBase
from mizaan.profile import EMAIL_LIST_SIZE, HAS_LANDING_PAGE, WEBSITE, Profile, facts_of, value_at

# Facts computed from several fields, beside the declared ones (``Fact`` in ``mizaan.profile.model``).
DERIVED_FACTS: dict[str, str] = {
    "budget.monthly_usd": "monthly budget in US dollars (number)",
    "order_value.usd": "average order value in US dollars (number) | unknown",
    "asset.website": "true (a website or landing page) | false (none) | unknown",
    "asset.list": "true (an email list with contacts) | false (none) | unknown",
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


def known_facts(model: type[Profile] = Profile) -> dict[str, str]:
    """Every fact a rule may test on profiles of ``model``, with what it holds. `mizaan kb check` refuses
    conditions on other names."""
    return {**{f.name: f.holds for f in facts_of(model)}, **DERIVED_FACTS, **PLAN_FACTS}


PROFILE_FACTS: dict[str, str] = {**{f.name: f.holds for f in facts_of(Profile)}, **DERIVED_FACTS}
KNOWN_FACTS = known_facts()

Facts = dict[str, Any]


def profile_facts(profile: Profile, kb: KnowledgeBase) -> Facts:
    """The facts of ``profile`` (unknown values are ``None``): its declared facts, and its monthly budget
    and average order value in US dollars."""
    facts: Facts = {f.name: f.read(profile) for f in facts_of(type(profile))}
    per_usd = kb.per_usd(profile.budget.currency)
    facts["budget.monthly_usd"] = float(profile.monthly_budget) / per_usd
    aov = profile.average_order_value
    facts["order_value.usd"] = None if aov is None else float(aov) / per_usd
    facts.update(asset_facts(profile))
    return facts


def asset_facts(profile: Profile) -> Facts:
    """Whether the business has a website and an email list: true, false, or None when the profile does
    not say. A website address or a landing page counts as a website; a list of 0 contacts is no list."""
    landing = value_at(profile, HAS_LANDING_PAGE)
    website: bool | None = True if value_at(profile, WEBSITE) is not None or landing is True else None
    if website is None and landing is False:
        website = False
    size = value_at(profile, EMAIL_LIST_SIZE)
    return {"asset.website": website, "asset.list": None if size is None else size > 0}


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
