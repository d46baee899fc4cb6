"""The plan as data: what ``make_plan`` returns and what ``mizaan plan --format json`` prints.

The JSON form is a contract other tools read (docs/plan-json.md): fields are only ever added, never
renamed or removed, within one ``schema_version``. Money is a decimal string in the budget's currency,
per budget period unless the field name says ``monthly``; shares are fractions of 1.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, field_serializer, model_serializer

from mizaan.knowledge import ChannelId, Family, Severity, Stage, TierId
from mizaan.plan.replan_model import Replan

SCHEMA_VERSION = "2"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Reason(_Out):
    """Why a number is what it is: a rule (with the factor it applied) or a benchmark figure."""

    kind: Literal["rule", "figure", "constraint", "model"]
    rule: str | None = None
    figure: str | None = None
    text: str
    factor: float | None = None
    stages: list[Stage] = []
    basis: Literal["article", "assumption"] | None = None  # a rule's: the article states it, or an assumption
    range: list[float] | None = None  # the plausible factors where the article gives no size


class PlatformLine(_Out):
    id: str
    name: str
    share: float


class AllocationLine(_Out):
    channel: ChannelId
    name: str
    family: Family
    amount: Decimal
    monthly_amount: Decimal
    min_amount: Decimal
    share: float
    stages: dict[Stage, float]
    actions: str
    reasons: list[Reason]
    platforms: list[PlatformLine] = []
    # by the forecast's numbers: its cost per unit of the goal within what a unit is worth (schema 2)
    pays_for_goal: bool | None = None

    @field_serializer("amount", "monthly_amount", "min_amount")
    def _money(self, v: Decimal) -> str:
        return str(v)


class InfluencerOption(_Out):
    tier: TierId
    channel: ChannelId
    affordable: bool
    min_amount: Decimal
    relative_value: float | None  # objective with this tier / best objective (1.0 = the best)
    chosen: bool
    why: str

    @field_serializer("min_amount")
    def _money(self, v: Decimal) -> str:
        return str(v)


class InfluencerDecision(_Out):
    recommended: bool
    tier: TierId | None
    channel: ChannelId | None
    count: int  # posts (creators) per month
    budget_each: Decimal | None
    monthly_budget: Decimal
    followers_min: int | None
    followers_max: int | None
    selection_criteria: list[str]
    reasons: list[Reason]
    options: list[InfluencerOption]

    @field_serializer("budget_each", "monthly_budget")
    def _money(self, v: Decimal | None) -> str | None:
        return None if v is None else str(v)


class PlanWarning(_Out):
    rule: str
    severity: Severity
    text: str
    action: str
    field: str | None = None  # the profile field the warning concerns (dotted), when it concerns one


StepStage = Literal["setup", "awareness", "consideration", "conversion", "review"]


class BlueprintStep(_Out):
    order: int
    stage: StepStage
    channels: list[ChannelId]
    action: str
    start_week: int
    end_week: int
    rules: list[str]


class Range(_Out):
    p10: float
    p50: float
    p90: float


class Kpi(_Out):
    stage: Stage
    metric: str
    name: str
    unit: str  # "people", "visits", "conversions", "ratio", or a currency code
    target: Range | None
    channels: list[ChannelId]
    note: str | None = None


class TrackingLink(_Out):
    channel: ChannelId
    label: str
    url: str
    utm_source: str
    utm_medium: str
    utm_campaign: str
    utm_content: str | None
    promo_code: str | None


class Measurement(_Out):
    landing_url: str
    landing_url_is_placeholder: bool
    links: list[TrackingLink]
    notes: list[str]


class ChannelForecast(_Out):
    channel: ChannelId
    reach: Range  # people reached in an average month
    visits: Range  # over the horizon
    conversions: Range  # over the horizon
    cpa: Range | None  # cost per conversion, budget currency
    customers: Range  # over the horizon: conversions, times the close rate when they are leads


class Forecast(_Out):
    horizon_months: int
    samples: int
    seed: int
    spend: Decimal  # over the horizon, budget currency
    reach: Range
    visits: Range
    conversions: Range  # what the channels' conversion rates count: leads for a leads goal, else purchases
    cpa: Range  # spend / conversions
    leads: Range | None  # the conversions when the goal is leads; None otherwise
    customers: Range  # leads x lead-to-customer rate for a leads goal; the conversions otherwise
    cost_per_lead: Range | None
    cost_per_customer: Range
    revenue: Range | None  # customers x average order value (None without an order value)
    roas: Range | None  # revenue / spend
    profit: Range | None  # revenue x gross margin - spend
    break_even_roas: Range | None  # 1 / gross margin: the ROAS at which the ads pay for themselves
    # a month, budget currency: where one more unit returns less than it costs (at the margin) or the
    # market runs out; the plan never spends more, and holds the rest back
    recommended_spend: Decimal
    held_back: Decimal  # a month, budget currency: the part of the budget past recommended_spend
    channels: list[ChannelForecast]
    reasons: list[Reason]

    @field_serializer("spend", "recommended_spend", "held_back")
    def _money(self, v: Decimal) -> str:
        return str(v)


class ElsewhereOption(_Out):
    kind: Literal["wider_market", "same_market"]
    text: str
    monthly_amount: Decimal  # budget currency: how much of the held-back money it would absorb a month
    field: str | None = None  # the profile field to change, for a wider market
    value: str | None = None

    @field_serializer("monthly_amount")
    def _money(self, v: Decimal) -> str:
        return str(v)


class Ceiling(_Out):
    """How much of the budget the market and the margin can use, and what the rest would buy elsewhere."""

    recommended_monthly: Decimal
    market_monthly: Decimal  # where every channel has reached nearly all it can (creators: all bookable)
    margin_monthly: Decimal | None  # where one more unit returns less than it costs (needs an order value)
    binding: Literal["market", "margin"]
    held_back: Decimal  # per budget period
    held_back_monthly: Decimal
    text: str
    elsewhere: list[ElsewhereOption]

    @field_serializer("recommended_monthly", "market_monthly", "margin_monthly", "held_back", "held_back_monthly")
    def _money(self, v: Decimal | None) -> str | None:
        return None if v is None else str(v)


class ProfileChange(_Out):
    field: str
    before: Any
    after: Any


class WhatIf(_Out):
    change: ProfileChange
    text: str
    distance: float  # half the sum of absolute share changes (0 = same split, 1 = nothing in common)
    allocation: dict[ChannelId, float]
    family_share: dict[Family, float]
    influencer_tier: TierId | None
    kind: Literal["change", "threshold"] = "change"  # threshold: the next budget where the channel set changes


class RuleApplied(_Out):
    id: str
    statement: str
    model: str
    effects: list[str]


class Assumption(_Out):
    field: str
    value: Any
    text: str
    unknown: bool = False  # the field stays not known (value None): an open question, not an assumed value


class BenchmarkUsed(_Out):
    id: str
    low: float
    typical: float
    high: float
    unit: str
    market: str
    source: str | None
    year: int | None
    confidence: str
    assumption: bool
    note: str | None


class ExchangeRate(_Out):
    currency: str
    per_usd: float
    basis: str
    as_of: str
    source: str


class Plan(_Out):
    schema_version: str = SCHEMA_VERSION
    mizaan_version: str
    kb_version: str
    seed: int
    lang: Literal["ar", "en"]
    digits: Literal["latn", "arab"]
    profile: dict[str, Any]
    currency: str
    period: str
    budget: Decimal
    monthly_budget: Decimal
    horizon_months: int
    exchange_rate: ExchangeRate
    allocation: list[AllocationLine]
    family_share: dict[Family, float]
    stage_share: dict[Stage, float]
    influencer: InfluencerDecision
    warnings: list[PlanWarning]
    blueprint: list[BlueprintStep]
    kpis: list[Kpi]
    measurement: Measurement
    forecast: Forecast
    what_would_change: list[WhatIf]
    rules_applied: list[RuleApplied]
    assumptions: list[Assumption]
    benchmarks: list[BenchmarkUsed]
    ceiling: Ceiling
    replan: Replan | None = None  # a re-plan on fitted curves: day one beside now (absent otherwise)

    @field_serializer("budget", "monthly_budget")
    def _money(self, v: Decimal) -> str:
        return str(v)

    @model_serializer(mode="wrap")
    def _without_empty_replan(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("replan") is None:
            data.pop("replan", None)  # a plan on priors alone reads as it always did
        return data

    def line(self, channel: ChannelId) -> AllocationLine | None:
        return next((a for a in self.allocation if a.channel == channel), None)

    def share(self, channel: ChannelId) -> float:
        line = self.line(channel)
        return line.share if line else 0.0
