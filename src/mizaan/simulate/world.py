"""The world's parameters and its day-level dynamics: what is spent, on which campaigns and posts, and what
that spend truly causes.

Everything is derived from a business profile through the planner: its allocation gives each channel's
budget, its prior response curves give the rates (impressions, visits and conversions per dollar) and the
saturation scale, and the knowledge base gives each channel's half-life. The world is the profile's
business scaled by ``k`` (k copies of its market: spend, saturation scales and baseline all times k), with
k chosen so that the touchpoint log has about the size asked for. docs/simulate.md states the process.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from mizaan.ingest import TIER_CHANNEL
from mizaan.knowledge import FigureSource, KnowledgeBase, TierId
from mizaan.plan import plan
from mizaan.profile import Profile
from mizaan.simulate.codes import creator_codes

F = NDArray[np.float64]
DAYS_PER_MONTH = 30.4375
# Click and view windows (days) in which each platform claims a conversion as its own.
CLAIM_WINDOWS: dict[str, tuple[float, float]] = {
    "google_ads": (30.0, 0.0),
    "meta": (7.0, 1.0),
    "tiktok": (7.0, 1.0),
    "snapchat": (28.0, 1.0),
}
HANDLES = [
    "noura.style",
    "oud_reem",
    "Sara.Beauty",
    "layali_abdullah",
    "MJ.fragrance",
    "hessa.daily",
    "fahad_reviews",
    "dana.scent",
    "Lulu.Riyadh",
    "abeer_picks",
    "Omar.Oud",
    "shahad.glam",
]


@dataclass(frozen=True)
class Campaign:
    index: int
    channel: str
    platform: str
    name: str
    share: float
    utm_source: str


@dataclass
class Post:
    index: int
    day: int
    tier: TierId
    channel: str
    influencer: str
    platform: str
    followers: int
    cost: Decimal  # profile currency, cents
    quality: float  # true effect per cost against the tier's typical (fake audiences make it small)
    views: int
    promo_code: str
    likes: int = 0
    comments: int = 0
    shares: int = 0
    saves: int = 0


@dataclass
class ChannelParams:
    """One channel's true response: conversions per dollar at low spend (beta), the saturation scale
    (daily dollars), the adstock decay per day, and the rates that make its delivery."""

    channel: str
    beta: float
    visits_per_usd: float
    impressions_per_usd: float
    half_life_days: float
    decay: float
    scale_usd_day: float


@dataclass
class World:
    """The world's fixed parameters and its day-level arrays (filled by ``build_world``)."""

    profile: Profile
    kb: KnowledgeBase
    seed: int
    start: dt.date
    days: int
    k: float
    currency: str
    per_usd: float
    aov: float
    site: str
    params: dict[str, ChannelParams]
    campaigns: list[Campaign]
    posts: list[Post]
    spend: dict[int, NDArray[np.int64]] = field(default_factory=dict)  # campaign -> cents per day
    owned_spend: dict[str, NDArray[np.int64]] = field(default_factory=dict)  # channel -> cents per day
    impressions: dict[int, NDArray[np.int64]] = field(default_factory=dict)  # campaign -> per day
    incremental: dict[str, F] = field(default_factory=dict)  # channel -> expected conversions per day
    visits: dict[str, F] = field(default_factory=dict)  # channel -> expected visits by non-buyers per day
    post_share: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 0)))  # (posts, days)
    baseline: F = field(default_factory=lambda: np.zeros(0))
    baseline_visits: F = field(default_factory=lambda: np.zeros(0))
    baseline_visitors_month: float = 0.0
    shared_codes: list[tuple[str, str]] = field(default_factory=list)  # creators given one code (codes.py)

    def day(self, t: int) -> dt.date:
        return self.start + dt.timedelta(days=t)


def _adstock(x: F, decay: float) -> F:
    """Normalised geometric adstock: (1 - decay) * sum_l decay^l x[t - l] (a steady x gives x)."""
    out = np.empty_like(x)
    acc = 0.0
    for t, v in enumerate(x):
        acc = decay * acc + (1.0 - decay) * v
        out[t] = acc
    return out


def saturate(x: F, scale: float) -> F:
    return scale * (1.0 - np.exp(-x / scale)) if scale > 0 else np.zeros_like(x)


def build_world(
    profile: Profile,
    kb: KnowledgeBase,
    seed: int,
    touchpoints: int | None,
    start: dt.date = dt.date(2025, 1, 1),
    days: int = 365,
) -> World:
    planned = plan(profile, kb, what_if=False)
    alloc = planned.allocation
    currency = profile.budget.currency
    per_usd = kb.per_usd(currency)
    src = FigureSource(kb, profile.location.country)
    params: dict[str, ChannelParams] = {}
    monthly: dict[str, float] = {str(line.channel): float(line.monthly_amount) for line in planned.lines}
    for line in planned.lines:
        curve = alloc.prior.curves[line.channel]
        hl = max(kb.channels[line.channel].speed.half_life_months * DAYS_PER_MONTH, 0.5)
        params[line.channel] = ChannelParams(
            line.channel,
            curve.per_usd["conversion"],
            curve.per_usd["consideration"],
            curve.impressions_per_usd,
            hl,
            0.5 ** (1.0 / hl),
            curve.scale_usd / DAYS_PER_MONTH,
        )
    aov = float(profile.average_order_value or 250)
    site = str(profile.website or "https://shop.example/").rstrip("/")
    world = World(profile, kb, seed, start, days, 1.0, currency, per_usd, aov, site, params, [], [])
    world.baseline_visitors_month = float(src.typical("audience", f"baseline_visitors_{profile.stage}"))
    n = 0
    for c in kb.channels_with("paid"):  # each paid channel's campaigns, from the registry
        for camp in kb.channels[c].simulation.campaigns if c in monthly else []:
            world.campaigns.append(Campaign(n, c, camp.platform, camp.name, camp.share, camp.source))
            n += 1
    # size: expected touchpoints at k = 1, then k
    _dynamics(world, monthly, rng_for(seed, 2), k=1.0, plan_posts=planned.influencer.count, src=src)
    expected = expected_touchpoints(world)
    world.k = 1.0 if touchpoints is None or expected <= 0 else touchpoints / expected
    _dynamics(world, monthly, rng_for(seed, 2), k=world.k, plan_posts=planned.influencer.count, src=src)
    return world


def owned_channels(kb: KnowledgeBase) -> list[str]:
    """The e-marketing channels no ad platform bills: paid once a month, to a vendor or a tool."""
    return [c for c in kb.channel_ids if kb.channels[c].family == "e_marketing" and not kb.channels[c].has("paid")]


def rng_for(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, stream])


def _pattern(rng: np.random.Generator, days: int, start: dt.date) -> F:
    """Day-of-week (Friday and Saturday lower), quarterly budget steps, noise and two dark weeks a year:
    enough variation for a media-mix model to tell channels apart."""
    dow = np.array([(start + dt.timedelta(days=t)).weekday() for t in range(days)])
    week = np.where(np.isin(dow, (4, 5)), 0.8, 1.05)
    steps = rng.uniform(0.6, 1.4, size=4)[np.minimum(np.arange(days) * 4 // days, 3)]
    noise = rng.lognormal(0.0, 0.15, size=days)
    on = np.ones(days)
    for _ in range(2):
        s = int(rng.integers(0, days - 7))
        on[s : s + 7] = 0.0
    out: F = week * steps * noise * on
    scaled: F = out / out.mean() * float(on.mean())
    return scaled


def _dynamics(
    world: World,
    monthly: dict[str, float],
    rng: np.random.Generator,
    *,
    k: float,
    plan_posts: int,
    src: FigureSource,
) -> None:
    days, per_usd = world.days, world.per_usd
    world.spend, world.owned_spend, world.impressions, world.incremental, world.visits = {}, {}, {}, {}, {}
    daily = {c: m * k / DAYS_PER_MONTH for c, m in monthly.items()}  # profile currency per day
    kb = world.kb
    for c in kb.channels_with("paid"):
        if c not in daily:
            continue
        p = world.params[c]
        total = np.zeros(days)
        for camp in (x for x in world.campaigns if x.channel == c):
            cents = np.round(daily[c] * camp.share * _pattern(rng, days, world.start) * 100).astype(np.int64)
            world.spend[camp.index] = cents
            usd = cents / 100.0 / per_usd
            world.impressions[camp.index] = np.round(usd * p.impressions_per_usd * rng.lognormal(0, 0.1, days)).astype(
                np.int64
            )
            total += usd
        scale = p.scale_usd_day * k
        world.incremental[c] = p.beta * saturate(_adstock(total, p.decay), scale)
        world.visits[c] = p.visits_per_usd * saturate(total, scale)
    for c in owned_channels(kb):
        if c not in daily:
            continue
        p = world.params[c]
        cents = np.zeros(days, dtype=np.int64)
        for t in range(days):
            if world.day(t).day == 1:
                cents[t] = round(daily[c] * DAYS_PER_MONTH * 100)
        world.owned_spend[c] = cents
        usd = cents / 100.0 / per_usd
        stock = _adstock(usd, p.decay)
        scale = p.scale_usd_day * k
        world.incremental[c] = p.beta * saturate(stock, scale)
        world.visits[c] = p.visits_per_usd * saturate(stock, scale)
    _posts(world, daily, rng, k, plan_posts, src)
    base_conv = sum((v.mean() for v in world.incremental.values()), 0.0)
    season = 1.0 + 0.25 * np.sin(2 * np.pi * (np.arange(days) - 60) / 365.0)
    world.baseline = (0.67 * base_conv if base_conv > 0 else 2.0 * k) * season
    world.baseline_visits = world.baseline_visitors_month * k / DAYS_PER_MONTH * season


def _posts(
    world: World,
    daily: dict[str, float],
    rng: np.random.Generator,
    k: float,
    plan_posts: int,
    src: FigureSource,
) -> None:
    world.posts = []
    tiers = [c for c in daily if world.kb.channels[c].family == "influencer"]
    shares = []
    n = 0
    for c in tiers:
        tier: TierId = c.removeprefix("influencer_")  # type: ignore[assignment]
        p = world.params[c]
        year_budget = daily[c] * world.days
        count = max(2, round(max(plan_posts, 1) * 12 * k))
        each = year_budget / count
        lo, hi = world.kb.tiers[tier].followers_min, world.kb.tiers[tier].followers_max or 20_000_000
        er = src.typical(c, "engagement_rate")
        days = np.sort(rng.integers(0, world.days - 14, size=count))
        for i in range(count):
            cost = Decimal(round(each * rng.uniform(0.8, 1.2) * 100)) / 100
            followers = int(math.exp(rng.uniform(math.log(lo), math.log(hi))))
            quality = float(rng.lognormal(0.0, 0.5)) * (0.2 if rng.random() < 0.15 else 1.0)
            views = int(float(cost) / world.per_usd * p.impressions_per_usd * rng.lognormal(0, 0.2))
            handle = HANDLES[(n + i) % len(HANDLES)] + ("" if n + i < len(HANDLES) else str((n + i) // len(HANDLES)))
            post = Post(
                n,
                int(days[i]),
                tier,
                TIER_CHANNEL[tier],
                handle,
                "instagram",
                followers,
                cost,
                quality,
                views,
                "",  # the creator's code, given below once every creator is known
            )
            engaged = views * er
            post.likes = int(rng.poisson(engaged * 0.85))
            post.comments = int(rng.poisson(engaged * 0.05))
            post.shares = int(rng.poisson(engaged * 0.05))
            post.saves = int(rng.poisson(engaged * 0.05))
            world.posts.append(post)
            shares.append(c)
            n += 1
    codes, world.shared_codes = creator_codes([q.influencer for q in world.posts], world.seed)
    for post in world.posts:
        post.promo_code = codes[post.influencer]
    # each tier's true effect: adstocked quality-weighted cost through the tier's saturation
    world.post_share = np.zeros((len(world.posts), world.days))
    for c in tiers:
        p = world.params[c]
        idx = [q.index for q in world.posts if q.channel == c]
        contrib = np.zeros((len(idx), world.days))
        for j, i in enumerate(idx):
            post = world.posts[i]
            x = np.zeros(world.days)
            x[post.day] = float(post.cost) / world.per_usd * post.quality
            contrib[j] = _adstock(x, p.decay)
        total = contrib.sum(axis=0)
        world.incremental[c] = p.beta * saturate(total, p.scale_usd_day * k)
        world.visits[c] = p.visits_per_usd * saturate(total, p.scale_usd_day * k)
        with np.errstate(invalid="ignore", divide="ignore"):
            world.post_share[idx] = np.where(total > 0, contrib / total, 0.0)


# Touchpoints per user, by what brought them (see journeys.py; the registry gives them per channel).
TOUCHES_PER_CONVERTER = 4.5


def expected_touchpoints(world: World) -> float:
    total = 0.0
    for c, v in world.visits.items():
        total += float(v.sum()) * world.kb.channels[c].simulation.touches_per_visit
    total += float(world.baseline_visits.sum()) * 1.3
    conv = sum(float(v.sum()) for v in world.incremental.values()) + float(world.baseline.sum())
    return total + conv * TOUCHES_PER_CONVERTER
