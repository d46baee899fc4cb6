"""Typed models of the knowledge base: channels, influencer tiers, benchmark figures, places, currencies,
rules and the objective's weights.

The data lives in YAML files beside this module (``data/``); ``loader.py`` reads and validates them into
these models. Nothing here knows about business profiles: a rule's condition names profile *facts* by
path (``product_complexity``, ``location.scope``, ``budget.monthly_usd``), and the planner evaluates it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Stage = Literal["awareness", "consideration", "conversion"]
STAGES: tuple[Stage, ...] = get_args(Stage)
Family = Literal["e_marketing", "influencer"]
FAMILIES: tuple[Family, ...] = get_args(Family)
# A channel's ID: the registry in channels.yaml says which exist (``KnowledgeBase.channel_ids``); the loader
# refuses a rule, figure or tier that names one the registry does not hold.
ChannelId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
TierId = Literal["nano", "micro", "macro", "mega"]
TIER_IDS: tuple[TierId, ...] = get_args(TierId)
Level = Literal["low", "medium", "high"]
Severity = Literal["info", "warning", "critical"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A user-facing text in both languages."""

    ar: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def get(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.en


# --- benchmark figures -------------------------------------------------------------------------------


class Figure(_Strict):
    """One benchmark figure as low / typical / high, for one metric of one subject in one market.

    A figure without a ``source`` must say ``assumption: true``: it is shown as an assumption wherever
    it is used. ``typical`` is what plans use; ``low`` and ``high`` bound the forecast's distribution.
    """

    id: str
    subject: str  # a channel ID, a tier ID, or a model parameter group such as "audience"
    metric: str
    market: str = "global"  # "global", a region ("mena"), or an ISO 3166 alpha-2 country code
    unit: str  # "USD", "ratio", "people", "months", "per_person" ...
    low: float
    typical: float
    high: float
    source: str | None = None
    year: int | None = None
    confidence: Level = "medium"
    assumption: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Figure:
        if not (self.low <= self.typical <= self.high):
            raise ValueError(f"low <= typical <= high must hold (got {self.low}, {self.typical}, {self.high})")
        if self.low < 0:
            raise ValueError("figures cannot be negative")
        if self.source is None and not self.assumption:
            raise ValueError("a figure with no source must be marked `assumption: true`")
        if self.id != f"{self.subject}.{self.metric}.{self.market}":
            raise ValueError(f"id must be '<subject>.<metric>.<market>' = '{self.subject}.{self.metric}.{self.market}'")
        return self


# --- channels and tiers ------------------------------------------------------------------------------


class ChannelSpeed(_Strict):
    """How fast a channel's effect builds while it runs, and how long it lasts after spending stops."""

    rise_months: Annotated[float, Field(gt=0)]
    half_life_months: Annotated[float, Field(ge=0)]


class Utm(_Strict):
    source: str
    medium: str


# The mechanisms that turn benchmark figures into what a dollar buys (plan/economics.py implements each).
# The economics evaluates channels grouped by kind in this order, so that the forecast's random draws keep
# their order whatever the registry's order is.
CostModelKind = Literal[
    "cpc_search", "cpm_social", "retargeting_pool", "cost_per_visit", "organic_search", "owned_list", "creator_post"
]  # fmt: skip
COST_MODEL_KINDS: tuple[CostModelKind, ...] = get_args(CostModelKind)

# The figures each kind reads, as roles. A role's figure is named ``subject.metric``; for the roles in
# ``STEM_ROLES`` the metric is a stem the planner completes (``cvr`` + ``_lead``/``_purchase`` by goal,
# ``list_size`` + ``_<business stage>``).
COST_MODEL_ROLES: dict[CostModelKind, tuple[str, ...]] = {
    "cpc_search": ("cpc", "ctr", "frequency", "cvr", "reach_share", "min_spend"),
    "cpm_social": ("cpm", "ctr", "cvr", "frequency", "reach_share", "min_spend"),
    "retargeting_pool": ("cpm", "cpm_factor", "ctr", "frequency", "cvr", "cvr_lift", "min_spend", "viewer_share"),
    "cost_per_visit": ("cost_per_visit", "visit_rate", "cvr", "reach_share", "min_spend"),
    "organic_search": ("paid_cpc", "paid_cvr", "cvr", "cac_ratio", "serp_ctr", "reach_share", "min_spend"),
    "owned_list": (
        "cost_per_contact", "open_rate", "sends_per_month", "click_rate", "orders_per_contact", "list_size",
        "min_spend",
    ),
    "creator_post": (
        "view_rate", "frequency", "link_ctr", "cvr", "price_per_post", "followers", "reach_share", "min_posts",
        "engagement_rate", "engagement_reference", "audience_fit", "trust",
    ),
}  # fmt: skip
STEM_ROLES: dict[str, tuple[str, ...]] = {"cvr": ("cvr_lead", "cvr_purchase"), "paid_cvr": ("cvr_lead", "cvr_purchase")}
LIST_SIZE_ROLE = "list_size"  # completed with the business stage

# What the planner, the blueprint, the measurement set-up and the simulator ask of a channel.
ChannelRole = Literal[
    "paid",  # bought media (ad platforms bill it)
    "owned_media",  # media the business owns and builds (counts in the plan's owned-media share)
]
BlueprintRole = Literal[
    "retarget_viewers", "social_awareness", "persuade", "search", "retarget_visitors", "offer"
]  # fmt: skip
AssetId = Literal["website", "list"]  # what a channel needs before money helps (a setup step otherwise)


class FigureRef(_Strict):
    """A benchmark figure by subject and metric (looked up in the plan's market), written ``subject.metric``."""

    subject: str
    metric: str

    def __str__(self) -> str:
        return f"{self.subject}.{self.metric}"


def _ref(value: Any) -> Any:
    if isinstance(value, str):
        subject, dot, metric = value.partition(".")
        if not dot or not subject or not metric:
            raise ValueError(f"a figure is named 'subject.metric' (got {value!r})")
        return {"subject": subject, "metric": metric}
    return value


class CostModel(_Strict):
    """How a channel's figures become what a dollar buys: the mechanism (``kind``) and the figure for each
    of its roles (``COST_MODEL_ROLES``)."""

    kind: CostModelKind
    figures: dict[str, FigureRef]

    @field_validator("figures", mode="before")
    @classmethod
    def _refs(cls, v: Any) -> Any:
        return {k: _ref(x) for k, x in v.items()} if isinstance(v, dict) else v

    @model_validator(mode="after")
    def _check(self) -> CostModel:
        want = COST_MODEL_ROLES[self.kind]
        missing = [r for r in want if r not in self.figures]
        extra = [r for r in self.figures if r not in want]
        if missing:
            raise ValueError(f"a {self.kind} cost model needs figures for: {', '.join(missing)}")
        if extra:
            raise ValueError(f"a {self.kind} cost model has no role {', '.join(extra)}")
        return self

    def ref(self, role: str) -> FigureRef:
        return self.figures[role]


class Platform(_Strict):
    """A platform a channel buys or publishes on."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text


class Tracking(_Strict):
    """How the measurement set-up tags a channel: one link per platform, one link, or none (measured in
    the platform's own tools); an optional UTM medium override and promo-code suffix; an optional note."""

    link: Literal["per_platform", "single", "none"]
    medium: str | None = None
    code: str | None = None
    note: Literal["organic_search"] | None = None


class SimCampaign(_Strict):
    """One ad-platform campaign the simulator runs for a paid channel."""

    platform: str
    name: str
    share: Annotated[float, Field(gt=0, le=1)]  # of the channel's spend
    source: str  # the UTM source its clicks carry
    brand: bool = False  # the campaign a navigational click (someone who knows the brand) goes through


class Simulation(_Strict):
    """The simulator's view of a channel: its campaigns, touchpoints per visit, whether its ads are
    sometimes only seen, its weight among the touches of returning and baseline visitors, and the vendor of
    its fees when it is not bought on an ad platform."""

    campaigns: list[SimCampaign] = []  # paid channels: the campaigns its spend runs on
    campaign: str | None = None  # unpaid channels: the UTM campaign of its touchpoints
    touches_per_visit: Annotated[float, Field(gt=0)] = 3.3
    impressions: bool = False  # paid display formats: some people only see the ad, and some see it first
    return_weight: Annotated[float, Field(ge=0)] = 0.0  # among the touches that bring buyers back
    baseline_weight: Annotated[float, Field(ge=0)] = 0.0  # among the touches of the baseline's buyers
    vendor: str | None = None


class Channel(_Strict):
    id: ChannelId
    family: Family
    tier: TierId | None = None
    name: Text
    description: Text
    funnel_roles: dict[Stage, Literal["lead", "support", "weak"]]
    speed: ChannelSpeed
    measurability: Level
    hidden_cost_risk: Level
    utm: Utm
    actions: Text  # what running the channel means in practice, shown in the plan
    economics: CostModel
    explain: list[FigureRef]  # the figures that explain its numbers in a plan
    assets: list[AssetId] = []
    platforms: list[Platform] = []
    roles: list[ChannelRole] = []
    blueprint: list[BlueprintRole] = []
    tracking: Tracking
    simulation: Simulation = Simulation()

    @field_validator("explain", mode="before")
    @classmethod
    def _refs(cls, v: Any) -> Any:
        return [_ref(x) for x in v] if isinstance(v, list) else v

    def has(self, role: str) -> bool:
        return role in self.roles

    @model_validator(mode="after")
    def _check(self) -> Channel:
        if set(self.funnel_roles) != set(STAGES):
            raise ValueError("funnel_roles must give a role for each of awareness, consideration, conversion")
        if (self.family == "influencer") != (self.tier is not None):
            raise ValueError("influencer channels (and only they) name their tier")
        if (self.family == "influencer") != (self.economics.kind == "creator_post"):
            raise ValueError("influencer channels (and only they) use the creator_post cost model")
        return self


class Tier(_Strict):
    id: TierId
    channel: ChannelId
    name: Text
    followers_min: Annotated[int, Field(ge=0)]
    followers_max: int | None
    source: str


# --- places and currencies ---------------------------------------------------------------------------


class City(_Strict):
    id: str
    name: Text
    aliases: list[str] = []
    population: Annotated[int, Field(gt=0)]
    source: str | None = None


class Country(_Strict):
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    name: Text
    aliases: list[str] = []
    currency: str
    region: Literal["gcc", "levant", "egypt", "maghreb", "other"]
    population: Annotated[int, Field(gt=0)]
    social_media_users: Annotated[int, Field(gt=0)]
    source: str
    assumption: bool = False
    cities: list[City] = []


class Currency(_Strict):
    code: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    name: Text
    per_usd: Annotated[float, Field(gt=0)]  # units of this currency for one US dollar
    basis: Literal["peg", "market"]
    as_of: str
    source: str


# --- rules -------------------------------------------------------------------------------------------

Op = Literal["eq", "ne", "in", "lt", "le", "gt", "ge", "is_unknown", "is_known"]


class Clause(_Strict):
    """One test on a profile fact: ``{fact: location.scope, op: eq, value: local}``."""

    fact: str
    op: Op = "eq"
    value: Any = None

    @model_validator(mode="after")
    def _check(self) -> Clause:
        if self.op in ("is_unknown", "is_known"):
            if self.value is not None:
                raise ValueError(f"op {self.op} takes no value")
        elif self.value is None:
            raise ValueError(f"op {self.op} needs a value")
        if self.op == "in" and not isinstance(self.value, list):
            raise ValueError("op `in` needs a list value")
        return self


class Condition(_Strict):
    """All of ``all`` and at least one of ``any`` (when given) must hold."""

    all: list[Clause] = []
    any: list[Clause] = []


class Target(_Strict):
    """Which channels an effect touches: listed channels, a whole family, or every channel."""

    channels: list[ChannelId] = []
    family: Family | None = None
    all: bool = False

    @model_validator(mode="after")
    def _check(self) -> Target:
        given = sum([bool(self.channels), self.family is not None, self.all])
        if given != 1:
            raise ValueError("a target names exactly one of: channels, family, all")
        return self


class MultiplierEffect(_Strict):
    """Multiply a channel's response at some stages (``factor`` > 1 raises it, < 1 lowers it).

    ``applies: value`` changes how much the planner values the outcome (the objective only); ``applies: outcome``
    changes the outcome itself, and so the forecast too.
    """

    kind: Literal["multiplier"]
    applies: Literal["value", "outcome"] = "value"
    target: Target
    stages: list[Stage] = list(STAGES)
    factor: Annotated[float, Field(gt=0, le=10)]


class ShareCapEffect(_Strict):
    """Cap a family's share of the budget."""

    kind: Literal["share_cap"]
    family: Family
    max_share: Annotated[float, Field(ge=0, le=1)]


class UncertaintyEffect(_Strict):
    """Widen (``factor`` > 1) or narrow the spread of a channel's outcomes; the forecast and the
    risk-adjusted optimiser both use it."""

    kind: Literal["uncertainty"]
    target: Target
    factor: Annotated[float, Field(gt=0, le=5)]


class RiskAversionEffect(_Strict):
    """Add to the optimiser's aversion to uncertain outcomes (how many spreads below typical it plans for)."""

    kind: Literal["risk_aversion"]
    add: Annotated[float, Field(ge=-1, le=2)]


class StageWeightEffect(_Strict):
    """Multiply the weight the objective puts on each funnel stage's outcome (weights start at 1)."""

    kind: Literal["stage_weights"]
    weights: dict[Stage, Annotated[float, Field(ge=0)]]


class PersistenceWeightEffect(_Strict):
    """How much value lasting after the horizon counts for, against value inside it (0 = none)."""

    kind: Literal["persistence_weight"]
    weight: Annotated[float, Field(ge=0, le=2)]


class AudienceEffect(_Strict):
    """Scale the reachable audience of some channels (saturation comes later or sooner)."""

    kind: Literal["audience"]
    target: Target
    factor: Annotated[float, Field(gt=0, le=10)]


class MinChannelsEffect(_Strict):
    """Fund at least this many channels of a family when the budget allows it."""

    kind: Literal["min_channels"]
    family: Family
    count: Annotated[int, Field(ge=0, le=6)]


class MaxTiersEffect(_Strict):
    """At most this many influencer tiers in one plan."""

    kind: Literal["max_tiers"]
    count: Annotated[int, Field(ge=0, le=4)]


class WarningEffect(_Strict):
    """Raise a warning with what to do about it."""

    kind: Literal["warning"]
    severity: Severity
    text: Text
    action: Text


class StructureEffect(_Strict):
    """The rule shapes the model itself (it is where the code puts it); ``describes`` says how."""

    kind: Literal["structure"]
    describes: Text


Effect = Annotated[
    MultiplierEffect
    | ShareCapEffect
    | UncertaintyEffect
    | RiskAversionEffect
    | StageWeightEffect
    | PersistenceWeightEffect
    | AudienceEffect
    | MaxTiersEffect
    | MinChannelsEffect
    | WarningEffect
    | StructureEffect,
    Field(discriminator="kind"),
]


class Case(_Strict):
    """When ``when`` holds (or always, when it is absent), the ``effects`` apply."""

    when: Condition | None = None
    effects: list[Effect]


class Rule(_Strict):
    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*[0-9]+$")]
    origin: Literal["seed", "product"]
    group: str
    seed: Literal["000", "001", "both"] | None = None
    statement: Text
    model: Text  # how mizaan applies the rule, in plain words
    cases: list[Case] = []
    evidence: list[str] = []  # figure IDs that back the rule's numbers

    @model_validator(mode="after")
    def _check(self) -> Rule:
        if (self.origin == "seed") != (self.seed is not None):
            raise ValueError("seed rules name their seed article; product rules do not")
        return self


class Group(_Strict):
    id: str
    name: Text


class Objective(_Strict):
    """Fixed parameters of the planner's objective (the parts that are not rules)."""

    stage_value: dict[Stage, float]  # conversion-equivalents of one unit of each stage's outcome
    role_weight: dict[Literal["lead", "support", "weak"], float]  # by a channel's funnel role at a stage
    risk_aversion: dict[Level, float]  # by brand_risk_tolerance: low -> most averse
    measurability_spread: dict[Level, float]  # extra log-spread by channel measurability
    hidden_cost_spread: dict[Level, float]  # extra log-spread by hidden-cost risk
    forecast_samples: Annotated[int, Field(ge=100, le=100_000)]

    @field_validator("stage_value")
    @classmethod
    def _all_stages(cls, v: dict[str, float]) -> dict[str, float]:
        if set(v) != set(STAGES):
            raise ValueError("stage_value needs awareness, consideration and conversion")
        return v
