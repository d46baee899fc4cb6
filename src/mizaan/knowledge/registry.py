"""The channel registry's models: a channel as data (channels.yaml) with its family, funnel roles, speed,
measurability, cost model, explaining figures, assets, platforms, roles, blueprint steps, tracking and
simulation. Code asks the registry (``KnowledgeBase.channel_ids``, ``channels_with``...) instead of naming
channels; the cost-model kinds are the closed set of mechanisms ``plan/economics.py`` implements.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import Field, field_validator, model_validator

from mizaan.knowledge.schema import STAGES, ChannelId, Family, Level, Stage, Text, TierId, _Strict


class ChannelSpeed(_Strict):
    """How fast a channel's effect builds while it runs, and how long it lasts after spending stops."""

    rise_months: Annotated[float, Field(gt=0)]
    half_life_months: Annotated[float, Field(ge=0)]


class Utm(_Strict):
    source: str
    medium: str


# The mechanisms that turn benchmark figures into what a dollar buys (plan/economics.py implements each).
# The economics evaluates channels grouped by kind in this order (registry order within a kind), so the
# forecast's random draws do not depend on where a channel of another kind stands in the registry.
CostModelKind = Literal[
    "cpc_search", "cpm_social", "retargeting_pool", "cost_per_visit", "organic_search", "owned_list", "creator_post"
]  # fmt: skip
COST_MODEL_KINDS: tuple[CostModelKind, ...] = get_args(CostModelKind)

# The figures each kind reads, as roles. A role's figure is named ``subject.metric``; for the roles in
# ``STEM_ROLES`` the metric is a stem the planner completes (``cvr`` + ``_lead``/``_purchase`` by goal,
# ``list_size`` + ``_<business stage>``). Any role's figure may have a variant for a business type,
# ``<metric>_<type>`` (``search_ads.cpc_services``), which replaces it for that type.
COST_MODEL_ROLES: dict[CostModelKind, tuple[str, ...]] = {
    "cpc_search": ("cpc", "cost_index", "ctr", "frequency", "cvr", "reach_share", "min_spend"),
    "cpm_social": ("cpm", "ctr", "cvr", "frequency", "reach_share", "min_spend"),
    "retargeting_pool": ("cpm", "cpm_factor", "ctr", "frequency", "cvr", "cvr_lift", "min_spend", "viewer_share"),
    "cost_per_visit": ("cost_per_visit", "visit_rate", "cvr", "reach_share", "min_spend"),
    "organic_search": (
        "paid_cpc", "cost_index", "paid_cvr", "cvr", "cac_ratio", "serp_ctr", "reach_share", "min_spend"
    ),
    "owned_list": (
        "cost_per_contact", "open_rate", "sends_per_month", "click_rate", "orders_per_contact", "list_size",
        "min_spend",
    ),
    "creator_post": (
        "view_rate", "frequency", "link_ctr", "cvr", "price_per_post", "followers", "reach_share", "min_posts",
        "engagement_rate", "engagement_reference", "audience_fit", "trust", "creators_per_million",
        "posts_per_creator",
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


class Needs(_Strict):
    """What a channel cannot run without: assets the business must have (money does not help before them)
    and the shortest horizon over which it pays back. A plan funds it only when the profile meets them, and
    otherwise lists a set-up step with the reason."""

    assets: list[AssetId] = Field(default_factory=list)
    min_horizon_months: Annotated[int, Field(ge=1)] | None = None


# The age bands a platform's audience is profiled in (years, inclusive; the last runs to 80).
AGE_BANDS: dict[str, tuple[int, int]] = {
    "13-17": (13, 17), "18-24": (18, 24), "25-34": (25, 34), "35-44": (35, 44), "45-54": (45, 54), "55+": (55, 80)
}  # fmt: skip


class Platform(_Strict):
    """A platform a channel buys or publishes on."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    # how well it fits a business type (``b2b``...; ``default`` for the others, 1 when absent): 0 leaves it out
    fit: dict[str, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    # its audience by country (any one unit per country: ad reach or share of users, with the source in the
    # registry); a platform without a figure where others have one counts at their mean
    reach: dict[str, Annotated[float, Field(gt=0)]] = Field(default_factory=dict)
    # the share of its audience in each age band (channels.yaml's ``platform_ages``, filled in on loading)
    ages: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(default_factory=dict)

    def fit_for(self, business_type: str) -> float:
        return self.fit.get(business_type, self.fit.get("default", 1.0))

    def age_coverage(self, low: int, high: int) -> float | None:
        """The share of the platform's audience aged ``low`` to ``high`` (None without an age profile)."""
        if not self.ages:
            return None
        covered = 0.0
        for band, share in self.ages.items():
            a, b = AGE_BANDS[band]
            overlap = min(b, high) - max(a, low) + 1
            if overlap > 0:
                covered += share * overlap / (b - a + 1)
        return covered


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

    campaigns: list[SimCampaign] = Field(default_factory=list)  # paid channels: the campaigns its spend runs on
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
    # the same in the words of a business type (``b2b``: forms and downloads, not carts); ``actions`` otherwise
    actions_by_type: dict[str, Text] = Field(default_factory=dict)
    economics: CostModel
    explain: list[FigureRef]  # the figures that explain its numbers in a plan
    assets: list[AssetId] = Field(default_factory=list)
    needs: Needs = Needs()
    platforms: list[Platform] = Field(default_factory=list)
    roles: list[ChannelRole] = Field(default_factory=list)
    blueprint: list[BlueprintRole] = Field(default_factory=list)
    tracking: Tracking
    simulation: Simulation = Simulation()

    @field_validator("explain", mode="before")
    @classmethod
    def _refs(cls, v: Any) -> Any:
        return [_ref(x) for x in v] if isinstance(v, list) else v

    def has(self, role: str) -> bool:
        return role in self.roles

    def platform_shares(
        self, business_type: str, country: str, ages: tuple[int, int] | None = None
    ) -> list[tuple[Platform, float]]:
        """The platforms the channel's money goes to for this business and country, with their shares: fit
        to the business type times audience in the country (the mean of the known audiences where a figure is
        missing), times, for an audience of ``ages``, how much of each platform's audience is that age
        against the others (a platform without an age profile counts at their mean)."""
        fitting = [(p, p.fit_for(business_type)) for p in self.platforms if p.fit_for(business_type) > 0]
        known = [p.reach[country] for p, _ in fitting if country in p.reach]
        mean = sum(known) / len(known) if known else 1.0
        weights = [(p, w * p.reach.get(country, mean)) for p, w in fitting]
        if ages is not None:
            found = {p.id: p.age_coverage(*ages) for p, _ in fitting}
            profiled = [v for v in found.values() if v is not None]
            typical = sum(profiled) / len(profiled) if profiled else 0.0
            if typical > 0:
                cover = {k: typical if v is None else v for k, v in found.items()}
                weights = [(p, w * cover[p.id] / typical) for p, w in weights]
        weights = [(p, w) for p, w in weights if w > 0]  # a platform none of the audience is on gets nothing
        total = sum(w for _, w in weights)
        return [(p, w / total) for p, w in weights] if total > 0 else []

    def actions_for(self, business_type: str) -> Text:
        """What running the channel means for ``business_type``."""
        return self.actions_by_type.get(business_type, self.actions)

    @model_validator(mode="after")
    def _check(self) -> Channel:
        if set(self.funnel_roles) != set(STAGES):
            raise ValueError("funnel_roles must give a role for each of awareness, consideration, conversion")
        if (self.family == "influencer") != (self.tier is not None):
            raise ValueError("influencer channels (and only they) name their tier")
        if (self.family == "influencer") != (self.economics.kind == "creator_post"):
            raise ValueError("influencer channels (and only they) use the creator_post cost model")
        return self
