"""Typed models of the knowledge base: influencer tiers, benchmark figures, places, currencies, rules and
the objective's weights (the channel registry's models are in ``registry.py``).

The data lives in YAML files beside this module (``data/``); ``loader.py`` reads and validates them into
these models. Nothing here knows about business profiles: a rule's condition names profile *facts* by
path (``product_complexity``, ``location.scope``, ``budget.monthly_usd``), and the planner evaluates it.
"""

from __future__ import annotations

import math
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


# --- tiers (the channel registry's models are in registry.py) -----------------------------------------


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


Region = Literal["gcc", "levant", "egypt", "maghreb", "peninsula", "east_africa", "other"]


class Country(_Strict):
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    name: Text
    aliases: list[str] = []
    currency: str  # the country's own currency (the default when a brief names none)
    also_used: list[str] = []  # other currencies in everyday use there (USD and EUR are always accepted)
    locale: Annotated[str, Field(pattern=r"^[a-z]{2,3}_[A-Z]{2}$")] | None = None  # how it writes numbers (CLDR)
    region: Region  # which benchmark markets it falls back to (``KnowledgeBase.markets_for``)
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


class _Based(_Strict):
    """What an effect rests on. ``basis: article`` — the seed article (or, for a product rule, the market
    fact it states) says this effect on this target in this direction; ``basis: assumption`` — the article
    does not, and the effect is the product's assumption: it carries a ``source`` (a published figure) or an
    ``assumption_note``, and a ``range`` of plausible factors, and it should widen a forecast (an
    ``uncertainty`` effect) rather than move its median. ``range`` on an ``article`` effect gives the sizes
    the product considers plausible where the article states a direction but no size."""

    basis: Literal["article", "assumption"]
    source: Annotated[str, Field(min_length=1)] | None = None
    range: tuple[float, float] | None = None
    assumption_note: Text | None = None

    @model_validator(mode="after")
    def _check_basis(self) -> _Based:
        if self.range is not None and not 0 < self.range[0] <= self.range[1]:
            raise ValueError("range is [low, high] with 0 < low <= high")
        if self.basis == "assumption" and self.range is None and self.assumption_note is None:
            raise ValueError("an assumption needs a range or an assumption_note")
        if self.basis == "assumption" and self.source is None and self.assumption_note is None:
            raise ValueError("an assumption needs a source (a published figure) or an assumption_note")
        return self


class MultiplierEffect(_Based):
    """Multiply a channel's response at some stages (``factor`` > 1 raises it, < 1 lowers it).

    ``applies: value`` changes how much the planner values the outcome (the objective only); ``applies: outcome``
    changes the outcome itself, and so the forecast too.
    """

    kind: Literal["multiplier"]
    applies: Literal["value", "outcome"] = "value"
    target: Target
    stages: list[Stage] = list(STAGES)
    factor: Annotated[float, Field(gt=0, le=10)]


class ShareCapEffect(_Based):
    """Cap a family's share of the budget."""

    kind: Literal["share_cap"]
    family: Family
    max_share: Annotated[float, Field(ge=0, le=1)]


class UncertaintyEffect(_Based):
    """Widen (``factor`` > 1) or narrow the spread of a channel's outcomes; the forecast and the
    risk-adjusted optimiser both use it."""

    kind: Literal["uncertainty"]
    target: Target
    factor: Annotated[float, Field(gt=0, le=5)]


class Fade(_Strict):
    """An effect at full strength while a numeric fact is at most ``full_at``, gone from ``gone_at`` on,
    and fading on a log scale in between: a plan must not jump where a number crosses a threshold."""

    fact: str
    full_at: Annotated[float, Field(gt=0)]
    gone_at: Annotated[float, Field(gt=0)]

    @model_validator(mode="after")
    def _ordered(self) -> Fade:
        if not self.full_at < self.gone_at:
            raise ValueError("full_at must be below gone_at")
        return self

    def strength(self, value: float) -> float:
        if value <= self.full_at:
            return 1.0
        if value >= self.gone_at:
            return 0.0
        return math.log(self.gone_at / value) / math.log(self.gone_at / self.full_at)


class RiskAversionEffect(_Based):
    """Add to the optimiser's aversion to uncertain outcomes (how many spreads below typical it plans for);
    with ``fade``, in proportion to how far a numeric fact is below a level."""

    kind: Literal["risk_aversion"]
    add: Annotated[float, Field(ge=-1, le=2)]
    fade: Fade | None = None


class StageWeightEffect(_Based):
    """Multiply the weight the objective puts on each funnel stage's outcome (weights start at 1)."""

    kind: Literal["stage_weights"]
    weights: dict[Stage, Annotated[float, Field(ge=0)]]


class PersistenceWeightEffect(_Based):
    """How much value lasting after the horizon counts for, against value inside it (0 = none)."""

    kind: Literal["persistence_weight"]
    weight: Annotated[float, Field(ge=0, le=2)]


class AudienceEffect(_Based):
    """Scale the reachable audience of some channels (saturation comes later or sooner)."""

    kind: Literal["audience"]
    target: Target
    factor: Annotated[float, Field(gt=0, le=10)]


class MinChannelsEffect(_Based):
    """Fund at least this many channels of a family when the budget allows it."""

    kind: Literal["min_channels"]
    family: Family
    count: Annotated[int, Field(ge=0, le=6)]


class MaxTiersEffect(_Based):
    """At most this many influencer tiers in one plan."""

    kind: Literal["max_tiers"]
    count: Annotated[int, Field(ge=0, le=4)]


class WarningEffect(_Based):
    """Raise a warning with what to do about it."""

    kind: Literal["warning"]
    severity: Severity
    text: Text
    action: Text


class StructureEffect(_Based):
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
