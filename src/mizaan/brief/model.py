"""What a brief gives: a partial profile, the evidence behind each field, what is missing, the defaults
that would fill it (marked as assumptions), and the signals of common mistakes.

Field names are the planner profile's, dotted for nested fields (``budget.amount``, ``location.city``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mizaan.i18n import Lang
from mizaan.profile.model import (
    BusinessStage,
    BusinessType,
    Complexity,
    DecisionSpeed,
    Goal,
    Period,
    Scope,
    Speed,
    TierPreference,
)

if TYPE_CHECKING:
    from mizaan.knowledge import KnowledgeBase
    from mizaan.profile import Profile

Confidence = Annotated[float, Field(ge=0.0, le=1.0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Model):
    """Words of the brief: the text as the user wrote it, and its start and end (character offsets)."""

    text: str
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]


class Evidence(_Model):
    """Why a field has its value: the words it came from, and how sure the extractor is (0 to 1)."""

    field: str
    value: Any
    spans: list[Span]
    confidence: Confidence
    cue: str  # which kind of cue produced it: a lexicon entry, the gazetteer, a number with a currency...


class BriefAssumption(_Model):
    """A default that fills a field the brief did not give. ``value`` None means "left unknown": the
    planner then treats the field as not known."""

    field: str
    value: Any
    reason: str  # a message key (brief.reason.*) saying where the default comes from


class Signal(_Model):
    """A sign of one of the common mistakes (rules M1 to M3) in the brief's words."""

    rule: Literal["M1", "M2", "M3"]
    field: str
    spans: list[Span]


class PartialBudget(_Model):
    amount: Annotated[Decimal, Field(gt=0)] | None = None
    currency: str | None = None
    period: Period | None = None


class PartialLocation(_Model):
    country: str | None = None
    city: str | None = None
    scope: Scope | None = None


class AgeSpan(_Model):
    min: Annotated[int, Field(ge=13, le=100)]
    max: Annotated[int, Field(ge=13, le=100)]


class PartialProfile(_Model):
    """The profile fields a brief supports, every one optional; the names and values are the profile's."""

    business_type: BusinessType | None = None
    goal: Goal | None = None
    budget: PartialBudget = PartialBudget()
    location: PartialLocation = PartialLocation()
    speed: Speed | None = None
    stage: BusinessStage | None = None
    horizon_months: Annotated[int, Field(ge=1, le=60)] | None = None
    product_complexity: Complexity | None = None
    decision_speed: DecisionSpeed | None = None
    audience_relies_on_recommendations: bool | None = None
    has_landing_page: bool | None = None
    has_clear_offer: bool | None = None
    has_tracking: bool | None = None
    audience_age: AgeSpan | None = None
    language: Lang | None = None
    product: Annotated[str, Field(max_length=200)] | None = None
    website: str | None = None
    average_order_value: Annotated[Decimal, Field(gt=0)] | None = None
    must_prove_results: bool | None = None
    influencers_because_trend: bool | None = None
    choose_influencers_by_followers: bool | None = None
    preferred_influencer_tier: TierPreference | None = None

    def get(self, field: str) -> Any:
        """The value of a dotted field (``budget.amount``), or None."""
        head, _, tail = field.partition(".")
        value = getattr(self, head)
        return getattr(value, tail) if tail else value

    def with_value(self, field: str, value: Any) -> PartialProfile:
        """A copy with one dotted field set (validated)."""
        data = self.model_dump()
        head, _, tail = field.partition(".")
        if tail:
            data[head][tail] = value
        else:
            data[head] = value
        return PartialProfile.model_validate(data)

    def as_mapping(self) -> dict[str, Any]:
        """The given fields only, nested as in a profile file (JSON-ready)."""
        data = self.model_dump(mode="json", exclude_none=True)
        for nested in ("budget", "location"):
            if not data.get(nested):
                data.pop(nested, None)
        return data


class BriefResult(_Model):
    """What ``extract`` understood from a brief, and what it did not."""

    text: str
    language: Lang
    profile: PartialProfile
    evidence: dict[str, Evidence]
    missing: list[str]
    assumptions: list[BriefAssumption]
    signals: list[Signal]

    def to_profile(self, kb: KnowledgeBase | None = None) -> Profile:
        """A valid ``Profile``: the extracted fields, and the marked defaults for the missing ones.

        Raises ``BriefIncompleteError`` naming each field that has no safe default (see
        ``mizaan.brief.complete.NEEDS_USER``), and ``ProfileError`` when a value the brief gave cannot be
        used (an unsupported currency, a budget too small to plan).
        """
        from mizaan.brief.complete import to_profile

        return to_profile(self, kb)

    def as_json(self) -> dict[str, Any]:
        """The result as the JSON object of ``mizaan brief --format json``."""
        return {
            "language": self.language,
            "profile": self.profile.as_mapping(),
            "evidence": {k: v.model_dump(mode="json") for k, v in self.evidence.items()},
            "missing": list(self.missing),
            "assumptions": [a.model_dump(mode="json") for a in self.assumptions],
            "signals": [s.model_dump(mode="json") for s in self.signals],
        }
