"""Expected outcome per cost of one post: the planner's unit economics (``plan.economics``) applied to this
influencer's own followers, views, engagement believed authentic, audience fit and price.

- impressions: the views of the influencer's recent posts when the export has views, else their
  followers (less those gained in spikes) times the benchmark view rate (``influencer.view_rate``);
- people in target reached: impressions / frequency x audience fit x the share of real followers;
- site visits: impressions in target x the benchmark link rate (``influencer.link_ctr``) x the creator's
  engagement believed authentic (``authentic.py``: likes estimated from comments, saves, shares and views,
  never as reported) against the tier's typical figure, held between the floor and the tier's high figure
  over its typical one (sponsored against organic posts is shown, not applied: from the few sponsored
  posts an export holds it is noise, and bought engagement on either side would move it);
- conversions: visits x the goal's conversion rate (``cvr_purchase`` or ``cvr_lead``);
- everything times the authenticity score / 100 without the follower-sample signal (whose estimate has
  already taken the suspicious followers out), and times the likes factor (<= 1);
- each stage times the rules' outcome multipliers for the tier's channel (S1-S3 raise, X1-X3 cut).

Few posts say little: a creator's engagement and views are estimated on the log scale, shrunk towards the
tier's typical figures by how many posts there are (a normal prior ``prior_sd`` wide, posts ``post_sd``
apart around the creator's level), and drawn from that estimate's uncertainty. P10/P50/P90 come from
those draws, the benchmark figures (sampled as in the planner's forecast) and the fake-share interval;
the seed is fixed. Every factor applied is kept in ``factors`` and said in ``notes``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from mizaan.i18n import NumberFormatter, t
from mizaan.influencers.authentic import AuthenticEngagement, settings
from mizaan.influencers.metrics import PostRates
from mizaan.influencers.result import Authenticity, Fit, Outcome, Range
from mizaan.knowledge import ChannelId, Figure, FigureSource, KnowledgeBase, Stage
from mizaan.plan import RuleEffects, price_factor, round_half

SAMPLES = 2000


@dataclass(frozen=True)
class Economy:
    """What every candidate's outcome shares: the knowledge base, market, goal, rule effects, currency."""

    kb: KnowledgeBase
    country: str
    goal: str
    effects: RuleEffects
    currency: str
    seed: int = 0
    order_value_usd: float | None = None  # purchases are rarer the dearer the order (the planner's price factor)


def _range(a: np.ndarray) -> Range:
    p10, p50, p90 = np.quantile(a, [0.1, 0.5, 0.9])
    return Range(p10=float(p10), p50=float(p50), p90=float(p90))


def price_in(amount: Decimal, currency: str, target: str, kb: KnowledgeBase) -> Decimal:
    """``amount`` in ``currency`` converted to ``target`` at the knowledge base's rates (to the minor unit)."""
    if currency == target:
        return amount
    return round_half(amount * Decimal(str(kb.per_usd(target))) / Decimal(str(kb.per_usd(currency))), target)


def shrunk_draws(logs: np.ndarray, prior_mean: float, z: np.ndarray, *, prior_sd: float, post_sd: float) -> np.ndarray:
    """Draws of a creator's typical (log) level from ``logs`` (one per post), one per standard normal
    draw in ``z``: a normal prior around ``prior_mean`` updated by the posts' median, whose spread shrinks
    with their number."""
    n = len(logs)
    if n == 0:
        return np.asarray(prior_mean + prior_sd * z, dtype=float)
    spread = post_sd  # fixed, so that the estimate only ever moves with the posts' values, never against them
    precision = n * (2 / np.pi) / spread**2 + 1 / prior_sd**2  # the median's efficiency is 2/pi
    mean = (float(np.median(logs)) * n * (2 / np.pi) / spread**2 + prior_mean / prior_sd**2) / precision
    return np.asarray(mean + precision**-0.5 * z, dtype=float)


def expected_outcome(
    channel: ChannelId,
    followers: int,
    rates: PostRates,
    ae: AuthenticEngagement,
    norms: list[Figure],
    fit: Fit,
    auth: Authenticity,
    price: Decimal | None,
    eco: Economy,
    nf: NumberFormatter,
) -> Outcome:
    lang = nf.lang
    cfg = settings()
    rng = np.random.default_rng(eco.seed)
    src = FigureSource(eco.kb, eco.country, rng=rng, n=SAMPLES)
    notes: list[str] = []
    factors: dict[str, float] = {}
    shrink = {"prior_sd": float(cfg["prior_sd"]), "post_sd": float(cfg["post_sd"])}

    view_rate = src.get("influencer", "view_rate")
    views = rates.views[np.isfinite(rates.views)]
    if len(views) >= 1:
        prior = float(np.log(max(ae.authentic_followers * src.typical("influencer", "view_rate"), 1.0)))
        impressions = np.exp(
            shrunk_draws(np.log(np.maximum(views, 1.0)), prior, rng.standard_normal(SAMPLES), **shrink)
        )
        notes.append(t("influencers.outcome.note.views", lang, count=len(views)))
    else:
        impressions = ae.authentic_followers * view_rate
        notes.append(t("influencers.outcome.note.view_rate", lang))
    if ae.spike_excess > 0:
        factors["follower_share"] = ae.follower_share
        notes.append(
            t(
                "influencers.outcome.note.spike",
                lang,
                gained=nf.count(round(ae.spike_excess), "follower"),
                share=nf.pct(ae.follower_share, 1),
            )
        )

    real = np.ones(SAMPLES)
    if auth.fake_share is not None:
        fs = auth.fake_share
        sd = max((fs.high - fs.low) / 2.563, 1e-6)  # an 80 % interval spans 2 x 1.2816 sd
        real = 1.0 - np.clip(rng.normal(fs.estimate, sd, SAMPLES), 0.0, 1.0)
        factors["real_followers"] = float(np.median(real))
        notes.append(t("influencers.outcome.note.real", lang, share=nf.pct(float(np.median(real)))))

    # engagement the other signals call bought is discounted: the score without the follower-sample
    # signal (whose estimate already took the suspicious followers out above)
    penalties = sum(sig.penalty for sig in auth.signals if sig.id != "suspicious_followers")
    trust = max(0.0, 100.0 - penalties) / 100.0
    if trust < 1.0:
        factors["trust"] = trust
        notes.append(t("influencers.outcome.note.trust", lang, share=nf.pct(trust)))
    if ae.likes_factor < 1.0 and ae.likes is not None:
        factors["likes"] = ae.likes_factor
        notes.append(
            t(
                "influencers.outcome.note.likes",
                lang,
                ratio=nf.num(ae.likes.ratio, 2),
                factor=nf.num(ae.likes_factor, 2),
            )
        )
    if ae.judged.authentic_share < 1.0:
        factors["comments"] = ae.judged.authentic_share
        notes.append(t("influencers.outcome.note.comments", lang, share=nf.pct(ae.judged.authentic_share)))
    real = real * trust * ae.likes_factor

    quality = np.ones(SAMPLES)
    own = ae.er[np.isfinite(ae.er)]
    norms = [n for n in norms if n.typical > 0]
    if norms and len(own) > 0:
        floor = float(cfg["quality_floor"])
        draws = rng.standard_normal(SAMPLES)  # the same draws against every norm: the lower one counts
        parts = []
        for norm in norms:
            cap = max(norm.high / norm.typical, 1.0)
            logs = np.log(np.maximum(own, norm.typical * 0.01))
            level = shrunk_draws(logs, float(np.log(norm.typical)), draws, **shrink)
            parts.append((np.clip(np.exp(level) / norm.typical, floor, cap), cap))
        quality, cap = min(parts, key=lambda qc: float(np.median(qc[0])))
        factors["engagement"] = float(np.median(quality))
        notes.append(
            t(
                "influencers.outcome.note.quality",
                lang,
                ratio=nf.num(float(np.median(quality)), 2),
                floor=nf.num(floor, 2),
                cap=nf.num(cap, 2),
            )
        )
        if not ae.corroborated.all():
            notes.append(t("influencers.outcome.note.uncorroborated", lang))
    else:
        notes.append(t("influencers.outcome.note.no_quality", lang))
    if len(own) < int(cfg["few_posts"]):
        notes.append(t("influencers.outcome.note.few_posts", lang, count=len(own)))

    fx = eco.effects

    def factor(stage: Stage) -> float:
        return fx.outcome_factor(channel, stage)

    in_target = impressions * fit.value * real
    cvr_metric = "cvr_lead" if eco.goal == "leads" else "cvr_purchase"

    def funnel(get: Callable[[str, str], Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        reach = in_target / get("influencer", "frequency") * factor("awareness")
        clicks = in_target * get("influencer", "link_ctr") * quality * factor("consideration")
        price = price_factor(src, eco.goal, eco.order_value_usd, get)
        conversions = clicks * get("influencer", cvr_metric) * factor("conversion") * price
        return reach, clicks, conversions

    reach, clicks, conversions = funnel(src.get)
    rules = sorted({a.rule for a in fx.applied if a.applies == "outcome" and channel in a.channels})
    # value, its interval and its risk: what differs between creators (their posts, followers and signals)
    # with the benchmark figures at their typical values, which every creator shares
    own_reach, _, own_conversions = funnel(src.typical)
    draws = np.asarray(own_reach if eco.goal == "awareness" else own_conversions, dtype=float)
    mean, sd = float(draws.mean()), float(draws.std())
    risk = float(cfg["risk_aversion"])
    cpc: Range | None = None
    per_cost: float | None = None
    adjusted = max(mean - risk * sd, 0.0)
    if price is not None and price > 0:
        cost = float(price)
        cpc = _range(cost / np.maximum(conversions, 1e-9))
        per_cost = adjusted / cost
    return Outcome(
        price=price,
        impressions=_range(np.asarray(impressions, dtype=float) * np.ones(SAMPLES)),
        reach=_range(reach),
        clicks=_range(clicks),
        conversions=_range(conversions),
        cost_per_conversion=cpc,
        value=float(np.median(draws)),
        value_range=_range(draws),
        value_mean=mean,
        value_sd=sd,
        risk_adjusted=adjusted,
        value_per_cost=per_cost,
        factors=factors,
        rules=rules,
        notes=notes,
    )
