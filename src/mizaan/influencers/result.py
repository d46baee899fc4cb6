"""What vetting returns: per influencer, the metrics (each with its formula and denominator, raw counts
kept), the authenticity signals and score, the estimated share of suspicious followers, audience fit,
risks, and the expected outcome per cost; for the list, the ranking and the shortlist within budget.

The JSON form (``mizaan vet --format json``) is this model dumped as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_serializer

from mizaan.influencers.model import Platform
from mizaan.knowledge import TierId

Verdict = Literal["ok", "caution", "avoid", "unknown"]
Severity = Literal["info", "warning", "critical"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Benchmark(_Out):
    """The knowledge-base figure a metric is compared with, and where the metric falls against it."""

    figure: str  # figure ID in the knowledge base
    low: float
    typical: float
    high: float
    position: Literal["far_below", "below", "within", "above", "far_above"]
    ratio: float  # metric / typical


class Metric(_Out):
    """One figure of an influencer, with how it was computed: ``value = numerator / denominator`` over
    ``n`` posts (``method`` says median, trimmed mean or totals). ``value`` is None when it cannot be
    computed; ``gap`` then says why."""

    id: str
    value: float | None
    numerator: str  # what is counted, e.g. "likes + comments"
    denominator: str  # "followers", "views", "likes", "weeks" ...
    method: Literal["median", "trimmed_mean", "total", "ratio_of_medians", "count", "rate"]
    n: int
    gap: str | None = None  # message key when value is None
    benchmark: Benchmark | None = None


class Signal(_Out):
    """One authenticity signal: whether it fired (None: not computable from what was given), how much
    it costs the score, and the reason in the output language."""

    id: str
    fired: bool | None
    penalty: float
    severity: Severity
    text: str
    evidence: dict[str, float | int | str] = {}


class FakeShare(_Out):
    """The estimated share of suspicious followers from a sample of follower accounts."""

    sample: int
    estimate: float
    low: float  # the interval's bounds (``level`` coverage)
    high: float
    level: float
    flagged: int  # accounts whose probability of being suspicious is at least one half
    method: str


class Authenticity(_Out):
    score: float | None  # 0-100, 100 = no sign of inauthenticity; None when nothing could be checked
    verdict: Verdict
    signals: list[Signal]
    fake_share: FakeShare | None = None


class FitPart(_Out):
    id: Literal["geography", "age", "language", "niche"]
    value: float | None  # 0-1
    source: Literal["audience_data", "profile_figures", "assumed"]
    text: str


class Fit(_Out):
    """Audience fit to the business (K5): the share of the audience in target, weighted by relevance."""

    value: float
    parts: list[FitPart]


class Flag(_Out):
    """A risk: brand safety in captions, a missing licence (P1/P2), a tier other than the plan's (T4)."""

    id: str
    severity: Severity
    rule: str | None = None
    text: str
    post_date: dt.date | None = None


class Range(_Out):
    p10: float
    p50: float
    p90: float


class Outcome(_Out):
    """What one post is expected to buy, from the planner's economics applied to this influencer's own
    followers, view and engagement rates, fit, authenticity and price."""

    price: Decimal | None  # in the plan's currency
    impressions: Range
    reach: Range  # people in target reached
    clicks: Range  # site visits
    conversions: Range
    cost_per_conversion: Range | None
    value: float  # P50 of the value: conversions, or reach for awareness goals
    value_range: Range  # its P10/P50/P90 (wider with fewer posts)
    value_mean: float
    value_sd: float
    risk_adjusted: float  # what the shortlist maximises: mean - risk aversion x sd (at least 0)
    value_per_cost: float | None  # risk_adjusted / price: the ranking
    factors: dict[str, float] = {}  # every factor applied to value, by id (real_followers, trust, likes...)
    rules: list[str]  # rule IDs whose effects moved the figures
    notes: list[str]

    @field_serializer("price")
    def _money(self, v: Decimal | None) -> str | None:
        return None if v is None else str(v)


class PostPoint(_Out):
    """One post on the engagement-over-time chart: ``(likes + comments) / followers`` (None when the post
    lacks the counts)."""

    date: dt.date
    engagement: float | None
    sponsored: bool


class Vetted(_Out):
    handle: str
    platform: Platform
    name: str | None
    followers: int
    tier: TierId | None
    price: Decimal | None  # as given, in ``currency``
    currency: str | None
    posts: int
    metrics: list[Metric]
    authenticity: Authenticity
    fit: Fit
    flags: list[Flag]
    outcome: Outcome | None
    eligible: bool
    reasons: list[str]  # why it ranks where it does, most important first
    series: list[PostPoint] = []
    rank: int | None = None
    shortlisted: bool = False
    alternate_of: str | None = None  # a chosen creator whose value this one's is within noise of

    @field_serializer("price")
    def _money(self, v: Decimal | None) -> str | None:
        return None if v is None else str(v)

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)


class Shortlist(_Out):
    budget: Decimal
    currency: str
    budget_source: Literal["plan", "given"]
    handles: list[str]
    spent: Decimal
    value: float  # sum of the chosen creators' P50 values
    risk_adjusted: float  # the objective maximised: sum of (mean - risk_aversion x sd)
    risk_aversion: float
    objective: Literal["conversions", "reach"]
    method: str
    alternates: list[str] = []  # creators left out whose risk-adjusted value per cost is within noise of a chosen one

    @field_serializer("budget", "spent")
    def _money(self, v: Decimal) -> str:
        return str(v)


class VetReport(_Out):
    lang: Literal["ar", "en"]
    currency: str
    country: str
    recommended_tier: TierId | None
    plan_influencer_budget: Decimal
    goal: str
    influencers: list[Vetted]
    shortlist: Shortlist
    notes: list[str]

    @field_serializer("plan_influencer_budget")
    def _money(self, v: Decimal) -> str:
        return str(v)

    def get(self, handle: str) -> Vetted:
        key = handle.lstrip("@").casefold()
        return next(v for v in self.influencers if v.handle.casefold() == key)
