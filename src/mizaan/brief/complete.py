"""What a brief leaves open, the defaults that would fill it, and the profile that results.

The policy (also in docs/brief.md):

- ``NEEDS_USER``: the kind of business, the budget amount and the country have no safe default; a plan
  made on a guessed budget or market would be a different plan. ``to_profile`` refuses without them.
- The currency defaults to the country's currency; the goal to the usual one for the kind of business
  (sales for shops and local businesses, leads for service and B2B firms); the market's reach to local
  for a local business; the other choices to the profile's own defaults. Each is a marked assumption.
- Yes/no facts (landing page, offer, tracking), the decision speed, the audience's ages, the city and the
  product stay unknown: the planner has rules for "not known" and says so in the plan.
"""

from __future__ import annotations

from typing import Any

from mizaan.brief.errors import BriefIncompleteError
from mizaan.brief.model import BriefAssumption, BriefResult, PartialProfile
from mizaan.errors import Problem
from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.profile import Profile, parse_profile
from mizaan.profile.model import Profile as ProfileModel

# The fields a brief is read for, in the order the questions are asked.
ASKED: tuple[str, ...] = (
    "business_type", "product", "location.country", "location.city", "budget.amount", "budget.currency",
    "budget.period", "goal", "speed", "stage", "horizon_months", "location.scope", "audience_age",
    "product_complexity", "decision_speed", "has_landing_page", "has_clear_offer", "has_tracking",
)  # fmt: skip
NEEDS_USER: tuple[str, ...] = ("business_type", "budget.amount", "location.country")
GOAL_BY_TYPE = {"ecommerce": "sales", "local": "sales", "services": "leads", "b2b": "leads"}
LEFT_UNKNOWN = (
    "product",
    "location.city",
    "audience_age",
    "decision_speed",
    "has_landing_page",
    "has_clear_offer",
    "has_tracking",
)


def _profile_default(field: str) -> Any:
    head, _, tail = field.partition(".")
    if tail:
        nested = ProfileModel.model_fields[head].annotation
        return nested.model_fields[tail].default  # type: ignore[union-attr]
    return ProfileModel.model_fields[head].default


def missing_fields(profile: PartialProfile) -> list[str]:
    """The asked fields the brief did not fill, in question order."""
    return [f for f in ASKED if profile.get(f) is None]


def assumptions_for(profile: PartialProfile, kb: KnowledgeBase) -> list[BriefAssumption]:
    """The default for each missing field, with the reason; fields in ``NEEDS_USER`` get none."""
    out: list[BriefAssumption] = []
    for field in missing_fields(profile):
        if field in NEEDS_USER:
            continue
        if field == "budget.currency":
            country = kb.find_country(profile.location.country) if profile.location.country else None
            if country is not None:
                out.append(
                    BriefAssumption(
                        field=field, value=country.currency, reason="brief.reason.country_currency"
                    )
                )
            continue
        if field == "goal":
            if profile.business_type is not None:
                out.append(
                    BriefAssumption(
                        field=field,
                        value=GOAL_BY_TYPE[profile.business_type],
                        reason="brief.reason.goal_by_type",
                    )
                )
            continue
        if field == "location.scope" and profile.business_type == "local":
            out.append(BriefAssumption(field=field, value="local", reason="brief.reason.scope_by_type"))
            continue
        if field in LEFT_UNKNOWN:
            out.append(BriefAssumption(field=field, value=None, reason="brief.reason.unknown"))
            continue
        out.append(
            BriefAssumption(field=field, value=_profile_default(field), reason="brief.reason.profile_default")
        )
    return out


def still_needed(result: BriefResult) -> list[str]:
    """Required fields that neither the brief nor an assumption fills."""
    filled = {a.field for a in result.assumptions if a.value is not None}
    required = (*NEEDS_USER, "budget.currency", "goal")
    return [f for f in required if result.profile.get(f) is None and f not in filled]


def profile_mapping(result: BriefResult) -> dict[str, Any]:
    """The brief's fields and the assumed defaults as one profile mapping (nested like a profile file)."""
    data = result.profile.as_mapping()
    for a in result.assumptions:
        if a.value is None:
            continue
        head, _, tail = a.field.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = a.value
        else:
            data[head] = a.value
    data["notes"] = result.text.strip()[:5000]
    data.setdefault("language", result.language)
    return data


def to_profile(result: BriefResult, kb: KnowledgeBase | None = None) -> Profile:
    """The ``Profile`` for a brief: see ``BriefResult.to_profile``."""
    kb = kb or load_knowledge_base()
    needed = still_needed(result)
    if needed:
        raise BriefIncompleteError(
            [Problem(f"brief.needs.{f}", {}, field=f) for f in needed], key="brief.error.incomplete"
        )
    return parse_profile(profile_mapping(result), kb)
