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
from mizaan.brief.partial import BriefAssumption, PartialProfile
from mizaan.errors import Problem
from mizaan.i18n import Lang
from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.profile import Profile, asked_fields, parse_profile

# The fields a brief is read for, in the order the questions are asked (``ask`` in the declaration).
ASKED: tuple[str, ...] = tuple(f.path for f in asked_fields(Profile))
NEEDS_USER: tuple[str, ...] = ("business_type", "budget.amount", "location.country")
# The profile's other required fields, which a brief fills with a marked default when it can.
REQUIRED: tuple[str, ...] = (
    *NEEDS_USER,
    *(f.path for f in asked_fields(Profile) if f.required and f.path not in NEEDS_USER),
)
GOAL_BY_TYPE = {"ecommerce": "sales", "local": "sales", "services": "leads", "b2b": "leads"}
DEFAULTS: dict[str, Any] = {f.path: f.default for f in asked_fields(Profile)}
# Asked fields without a default stay unknown when the brief does not give them.
LEFT_UNKNOWN = tuple(f.path for f in asked_fields(Profile) if not f.required and f.default is None)


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
                out.append(BriefAssumption(field=field, value=country.currency, reason="brief.reason.country_currency"))
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
        out.append(BriefAssumption(field=field, value=DEFAULTS[field], reason="brief.reason.profile_default"))
    return out


def still_needed(profile: PartialProfile, assumptions: list[BriefAssumption]) -> list[str]:
    """Required fields that neither the brief nor an assumption fills."""
    filled = {a.field for a in assumptions if a.value is not None}
    return [f for f in REQUIRED if profile.get(f) is None and f not in filled]


def profile_mapping(
    profile: PartialProfile, assumptions: list[BriefAssumption], text: str, language: Lang
) -> dict[str, Any]:
    """The brief's fields and the assumed defaults as one profile mapping (nested like a profile file)."""
    data = profile.as_mapping()
    for a in assumptions:
        if a.value is None:
            continue
        head, _, tail = a.field.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = a.value
        else:
            data[head] = a.value
    data["notes"] = text.strip()[:5000]
    data.setdefault("language", language)
    return data


def to_profile(
    profile: PartialProfile,
    assumptions: list[BriefAssumption],
    text: str,
    language: Lang,
    kb: KnowledgeBase | None = None,
) -> Profile:
    """The ``Profile`` for a brief's partial profile, assumptions and text: see ``BriefResult.to_profile``."""
    kb = kb or load_knowledge_base()
    needed = still_needed(profile, assumptions)
    if needed:
        raise BriefIncompleteError(
            [Problem(f"brief.needs.{f}", {}, field=f) for f in needed], key="brief.error.incomplete"
        )
    return parse_profile(profile_mapping(profile, assumptions, text, language), kb)
