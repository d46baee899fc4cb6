"""What ``measure()`` produces, as typed values: the funnel and ROI per channel, family and period; every
attribution model's credit; the three views of results (platforms, codes and links, models) with the truth
beside them when the world is simulated; and how far each model is from that truth.

``Measurement.to_json_dict()`` is the JSON that ``mizaan measure --format json`` prints
(``docs/measurement.md``). Money (spend, tracked revenue) stays an exact decimal in the report's currency;
credited conversions and value are floats (shares of journeys).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mizaan.measure.queries import Period
from mizaan.measure.result import AttributionReport

Family = Literal["e_marketing", "influencer", "baseline"]
FAMILIES: tuple[Family, ...] = ("e_marketing", "influencer", "baseline")
STAGES = ("awareness", "consideration", "conversion")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Credit(Frozen):
    """Conversions and value a model credits to a channel, and what they cost."""

    conversions: float
    value: float | None = None
    cpa: float | None = Field(None, description="spend / conversions; None without spend or conversions")
    roas: float | None = Field(None, description="value / spend; None without spend")


class Funnel(Frozen):
    """One channel's (or family's, or period's) funnel: what was spent and reported at each stage.

    Awareness: ``impressions`` (ad impressions and influencer views, as the platforms report them) and
    ``reach`` (the platforms' reach, summed over rows: not de-duplicated; ``None`` where none is reported).
    Consideration: ``clicks`` (ad clicks and influencer link clicks) and ``visits`` (visit touchpoints logged
    by the analytics).
    Conversion: ``conversions`` and ``revenue`` credited by the report's funnel model.
    """

    spend: Decimal = Decimal(0)
    impressions: int = 0
    reach: int | None = Field(None, description="None where no export of the channel reports reach")
    clicks: int = 0
    visits: int = 0
    conversions: float = 0.0
    revenue: float = 0.0
    cpa: float | None = None
    roas: float | None = None


class TrueEffect(Frozen):
    """What a channel or influencer really caused (simulated worlds only)."""

    conversions: float
    revenue: Decimal
    cpa: float | None = None
    roas: float | None = None


class ChannelResult(Frozen):
    """Everything measured about one channel, e-marketing and influencer tiers alike."""

    channel: str
    family: Family
    funnel: Funnel
    posts: int | None = Field(None, description="influencer posts (influencer channels)")
    engagements: int | None = Field(None, description="likes, comments, shares and saves reported for the posts")
    platform_conversions: float | None = Field(None, description="conversions the ad platforms claim")
    platform_value: Decimal | None = None
    code_orders: int = 0
    code_revenue: Decimal = Decimal(0)
    link_orders: int = 0
    link_revenue: Decimal = Decimal(0)
    credit: dict[str, Credit] = Field(default_factory=dict, description="per attribution model")
    truth: TrueEffect | None = None

    @property
    def tracked_orders(self) -> int:
        return self.code_orders + self.link_orders


class FamilyResult(Frozen):
    """A family's funnel (``e_marketing``, ``influencer``, ``baseline``) and each model's credit to it."""

    family: Family
    channels: list[str]
    funnel: Funnel
    credit: dict[str, Credit] = Field(default_factory=dict)
    truth: TrueEffect | None = None


class PeriodRow(Frozen):
    """One channel in one period (day, ISO week from Monday, or month; ``period`` is its first day)."""

    period: dt.date
    channel: str
    family: Family
    funnel: Funnel


class InfluencerResult(Frozen):
    """One influencer, three views and the truth: what the platform reports (views, engagement, link
    clicks), what the promo code and tracked links brought, and what each model credits (the tier's credit
    shared in proportion to the influencer's touches in converting people's journeys)."""

    influencer: str
    tier: str
    channel: str
    posts: int
    cost: Decimal
    views: int
    engagements: int
    link_clicks: int
    code_orders: int = 0
    code_revenue: Decimal = Decimal(0)
    link_orders: int = 0
    link_revenue: Decimal = Decimal(0)
    touch_share: float = Field(0.0, description="the influencer's share of the tier's converting touches")
    credit: dict[str, float] = Field(default_factory=dict, description="conversions per model")
    lift: float | None = Field(None, description="incremental conversions the creator added (creator_lift)")
    lift_low: float | None = Field(None, description="the lift's 95 % interval, lower end")
    lift_high: float | None = Field(None, description="the lift's 95 % interval, upper end")
    lift_exposure: Literal["sessions", "views"] | None = Field(
        None, description="what the lift was regressed on: the creator's tracked visits, or their posts' views"
    )
    truth: TrueEffect | None = None


class TierLift(Frozen):
    """A tier's incremental conversions: its creators' lifts added up (the same posterior draws)."""

    channel: str
    lift: float
    lift_low: float
    lift_high: float


class CreatorLiftSummary(Frozen):
    """How the per-creator lift was estimated: the method that ran and why, over how many days."""

    method: Literal["per_creator", "pooled", "none"]
    reason: Literal["differ", "alike", "few_days", "no_exposure", "no_conversions"]
    p_value: float | None = Field(None, description="F test of creators' rates being equal within a tier")
    days: int
    conversions: float = Field(description="conversions in the window: the creators' lifts never sum past it")
    tiers: list[TierLift] = Field(default_factory=list)


class UnassignedValue(Frozen):
    """Influencer touches or orders credited to no creator, and why: their tags name no known creator
    (``no_creator``), several (``several_creators``), a creator who never posted in the touch's tier
    (``other_tier``), or their promo code was given to several creators (``shared_code``)."""

    what: Literal["touches", "orders"]
    reason: Literal["no_creator", "several_creators", "other_tier", "shared_code"]
    channel: str | None
    source: str | None
    content: str | None
    campaign: str | None
    code: str | None = Field(None, description="the promo code, normalised (orders)")
    creators: list[str] = Field(default_factory=list, description="the creators it names")
    count: int = Field(description="touches of converting people, or orders")
    revenue: Decimal | None = Field(None, description="the orders' revenue, in the report's currency")


class ModelAccuracy(Frozen):
    """How far one model's credit is from the truth, channel by channel (conversions)."""

    model: str
    misplaced_share: float = Field(
        description="share of all conversions credited to the wrong place: sum |credit - truth| / 2 / total"
    )
    mean_absolute_error: float = Field(description="mean over rows of |credit - truth|, in conversions")
    rows: dict[str, tuple[float, float]] = Field(
        description="row -> (credit, truth); 'baseline' holds baseline channels"
    )


class Note(Frozen):
    key: str
    text: dict[str, str]


class Totals(Frozen):
    spend: Decimal
    conversions: float
    value: float
    orders: int
    revenue: Decimal
    touchpoints: dict[str, int]
    journeys: int
    unattributed_conversions: float = Field(description="conversions with no touchpoint before them")
    unattributed_value: float


class ConvertedMoney(Frozen):
    """Money converted into the report's currency (``--rates``): at which rates, as of when, from where."""

    target: str
    rates: dict[str, Decimal] = Field(description="target units one unit of each converted currency is worth")
    as_of: str | None = None
    source: str | None = None


class Measurement(Frozen):
    """The whole measurement of a store over a window."""

    store: str | None
    engine: str
    start: dt.date | None
    end: dt.date | None
    period: Period
    currency: str
    funnel_model: str
    totals: Totals
    families: list[FamilyResult]
    channels: list[ChannelResult]
    series: list[PeriodRow]
    influencers: list[InfluencerResult]
    unassigned: list[UnassignedValue] = Field(
        default_factory=list, description="influencer touches and orders credited to no creator, and why"
    )
    attribution: AttributionReport
    creator_lift: CreatorLiftSummary | None = Field(None, description="how the influencers' lift was estimated")
    accuracy: list[ModelAccuracy] | None = None
    converted: ConvertedMoney | None = Field(None, description="the rates money was converted at, when it was")
    notes: list[Note] = Field(default_factory=list)

    def channel(self, name: str) -> ChannelResult:
        for c in self.channels:
            if c.channel == name:
                return c
        raise KeyError(name)

    def family(self, name: str) -> FamilyResult:
        for f in self.families:
            if f.family == name:
                return f
        raise KeyError(name)

    def to_json_dict(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", exclude={"attribution"})
        data["attribution"] = self.attribution.to_json_dict()
        return data
