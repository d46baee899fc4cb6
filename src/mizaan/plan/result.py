"""What the planning core returns: the plan as typed data, every text a ``Msg`` (see ``messages``).

``PlanResult`` holds everything the documented plan JSON (``Plan``) shows and more (the optimiser's
``Allocation`` and the forecast's samples), in no language. ``mizaan.present.present`` turns it into the
``Plan`` of one language and digit style.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from mizaan.knowledge import ChannelId, Family, Severity, Stage, Text, TierId
from mizaan.plan.allocate import Allocation
from mizaan.plan.forecast import ForecastSamples
from mizaan.plan.heldback import SpendCeiling
from mizaan.plan.messages import Msg, Phrase
from mizaan.plan.model import BenchmarkUsed, ChannelForecast, ExchangeRate, ProfileChange, Range, StepStage
from mizaan.plan.replan import ReplanResult
from mizaan.profile import Profile


@dataclass(frozen=True)
class Why:
    """Why a number is what it is: a rule (with the factor it applied), a benchmark figure, a
    constraint or the model itself."""

    kind: Literal["rule", "figure", "constraint", "model"]
    text: Msg
    rule: str | None = None
    figure: str | None = None
    factor: float | None = None
    stages: tuple[Stage, ...] = ()
    # a rule's effect: whether the article states it or it is the product's assumption, and the range of
    # plausible factors where the article gives no size
    basis: Literal["article", "assumption"] | None = None
    range: tuple[float, float] | None = None


@dataclass(frozen=True)
class PlatformShare:
    """A platform a line's money goes to, and its share of the line (the shares of a line add up to 1)."""

    id: str
    name: Text
    share: float


@dataclass(frozen=True)
class ChannelLine:
    """One funded channel: its money (per budget period, per month, the least worth spending), its
    share of the budget and of each funnel stage, and the reasons."""

    channel: ChannelId
    name: Text
    family: Family
    amount: Decimal
    monthly_amount: Decimal
    min_amount: Decimal
    share: float
    stages: dict[Stage, float]
    actions: Text
    reasons: list[Why]
    platforms: list[PlatformShare]
    pays_for_goal: bool | None = None  # by the forecast's numbers (``verdict``); None before it is judged


@dataclass(frozen=True)
class TierOption:
    tier: TierId
    channel: ChannelId
    affordable: bool
    min_amount: Decimal
    relative_value: float | None  # objective with this tier / best objective (1.0 = the best)
    chosen: bool
    why: Msg


@dataclass(frozen=True)
class InfluencerChoice:
    recommended: bool
    tier: TierId | None
    channel: ChannelId | None
    count: int  # posts (creators) per month
    budget_each: Decimal | None
    monthly_budget: Decimal
    followers_min: int | None
    followers_max: int | None
    selection_criteria: list[Msg]
    reasons: list[Why]
    options: list[TierOption]


@dataclass(frozen=True)
class RuleWarning:
    """A warning with what to do about it: a rule's (its knowledge-base texts) or the planner's own about
    the profile (messages), with the profile ``field`` it concerns when there is one."""

    rule: str
    severity: Severity
    text: Phrase
    action: Phrase
    field: str | None = None


@dataclass(frozen=True)
class Step:
    order: int
    stage: StepStage
    channels: list[ChannelId]
    action: Msg
    start_week: int
    end_week: int
    rules: list[str]


@dataclass(frozen=True)
class KpiTarget:
    stage: Stage
    metric: str
    name: Msg
    unit: str  # "people", "visits", "conversions", "ratio", or a currency code
    target: Range | None
    channels: list[ChannelId]
    note: Msg | None = None


@dataclass(frozen=True)
class Link:
    channel: ChannelId
    label: Phrase
    url: str
    utm_source: str
    utm_medium: str
    utm_campaign: str
    utm_content: str | None
    promo_code: str | None


@dataclass(frozen=True)
class Tracking:
    landing_url: str
    landing_url_is_placeholder: bool
    links: list[Link]
    notes: list[Msg]


@dataclass(frozen=True)
class ForecastSummary:
    """P10 / P50 / P90 of the forecast samples, in total and per channel. ``conversions`` are what the
    channels' conversion rates count (leads for a leads goal); ``customers`` are the conversions times the
    lead-to-customer rate (``mizaan.plan.funnel``), and revenue, ROAS and profit come from customers only."""

    horizon_months: int
    samples: int
    seed: int
    spend: Decimal  # over the horizon, budget currency
    reach: Range
    visits: Range
    conversions: Range
    cpa: Range
    leads: Range | None
    customers: Range
    cost_per_lead: Range | None
    cost_per_customer: Range
    revenue: Range | None
    roas: Range | None
    profit: Range | None
    break_even_roas: Range | None
    recommended_spend: Decimal  # a month, budget currency: past it money returns less than it costs, or buys nothing
    held_back: Decimal  # a month, budget currency: the part of the budget the plan does not spend
    channels: list[ChannelForecast]
    reasons: list[Why]


@dataclass(frozen=True)
class Alternative:
    """One profile change and the plan it would give."""

    change: ProfileChange
    text: Msg
    distance: float  # half the sum of absolute share changes (0 = same split, 1 = nothing in common)
    allocation: dict[ChannelId, float]
    family_share: dict[Family, float]
    influencer_tier: TierId | None
    # "change": one field changed (the top moves); "threshold": the nearest budget above this one at which
    # the set of funded channels changes, and the minimum that makes it jump
    kind: Literal["change", "threshold"] = "change"


@dataclass(frozen=True)
class RuleUse:
    id: str
    statement: Text
    model: Text
    effects: list[Phrase]


@dataclass(frozen=True)
class Assumed:
    """What the plan took for a field the profile did not give; ``unknown`` when the field stays not known
    (its value is None) and the plan does not count on it, rather than assuming a value."""

    field: str
    value: Any
    text: Msg
    unknown: bool = False


@dataclass(frozen=True)
class PlanResult:
    """The plan for one profile, in no language. ``allocation`` is the optimiser's run (rules, curves,
    problem and solution, in US dollars a month); ``samples`` the forecast's draws."""

    profile: Profile
    kb_version: str
    seed: int
    currency: str
    period: str
    budget: Decimal
    monthly_budget: Decimal
    horizon_months: int
    exchange_rate: ExchangeRate
    allocation: Allocation
    lines: list[ChannelLine]
    family_share: dict[Family, float]
    stage_share: dict[Stage, float]
    influencer: InfluencerChoice
    warnings: list[RuleWarning]
    blueprint: list[Step]
    kpis: list[KpiTarget]
    tracking: Tracking
    samples: ForecastSamples
    forecast: ForecastSummary
    what_would_change: list[Alternative]
    rules_applied: list[RuleUse]
    assumptions: list[Assumed]
    benchmarks: list[BenchmarkUsed]
    ceiling: SpendCeiling
    replan: ReplanResult | None = None  # with fit files: day one (priors, or a kept first plan) beside now

    def line(self, channel: ChannelId) -> ChannelLine | None:
        return next((a for a in self.lines if a.channel == channel), None)
