"""The truth of a simulated world (``truth.json`` written by ``mizaan simulate``), read as typed data: what
each channel and each influencer post really caused, to set beside what the platforms, the promo codes and
the models say."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mizaan.errors import InputError, Problem
from mizaan.validation import problems_from_validation, read_document


class TrueChannel(BaseModel):
    """One channel's true effect in the simulated world."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    family: str
    spend: Decimal
    true_incremental_conversions: float = Field(ge=0)
    true_incremental_revenue: Decimal
    expected_incremental_conversions: float | None = None
    platform_claimed_conversions: float | None = None


class TrueBaseline(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    conversions: float = Field(ge=0)
    revenue: Decimal


class TruePost(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    post_id: str
    influencer: str
    tier: str
    channel: str
    true_lift_conversions: float = Field(ge=0)
    true_lift_revenue: Decimal


class Truth(BaseModel):
    """``truth.json``: the fields measurement compares with (the file holds more)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    currency: str
    start: str
    days: int
    seed: int | None = None
    channels: dict[str, TrueChannel]
    baseline: TrueBaseline
    influencer_posts: list[TruePost] = []

    @property
    def total_conversions(self) -> float:
        return sum(c.true_incremental_conversions for c in self.channels.values()) + self.baseline.conversions

    def influencer(self, name: str) -> tuple[float, Decimal]:
        """An influencer's true lift over all their posts: conversions and revenue."""
        posts = [p for p in self.influencer_posts if p.influencer == name]
        return sum(p.true_lift_conversions for p in posts), sum((p.true_lift_revenue for p in posts), Decimal(0))


def load_truth(path: str | Path) -> Truth:
    """Read a ``truth.json``; problems are reported with the file and the field."""
    doc = read_document(path)
    if not isinstance(doc.data, dict):
        raise InputError([Problem("measure.truth.not_object", {}, file=str(path))], file=str(path))
    try:
        return Truth.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, doc), file=str(path)) from None
