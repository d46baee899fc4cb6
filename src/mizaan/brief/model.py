"""What a brief gives: a partial profile (``mizaan.brief.partial``), the evidence behind each field, what
is missing, the defaults that would fill it (marked as assumptions), and the signals of common mistakes.

Field names are the planner profile's, dotted for nested fields (``budget.amount``, ``location.city``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mizaan.brief.complete import to_profile
from mizaan.brief.partial import BriefAssumption, PartialProfile
from mizaan.i18n import Lang

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


class Signal(_Model):
    """A sign of one of the common mistakes (rules M1 to M3) in the brief's words."""

    rule: Literal["M1", "M2", "M3"]
    field: str
    spans: list[Span]


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
        return to_profile(self.profile, self.assumptions, self.text, self.language, kb)

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
