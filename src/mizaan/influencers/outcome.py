"""Expected outcome per cost of one post: the planner's unit economics (``plan.economics``) applied to this
influencer's own followers, views, engagement, audience fit, authenticity and price.

- impressions: the median views of the influencer's recent posts when the export has views, else their
  followers times the benchmark view rate (``influencer.view_rate``);
- people in target reached: impressions / frequency x audience fit x the share of real followers;
- site visits: impressions in target x the benchmark link rate (``influencer.link_ctr``) x how the
  influencer's engagement compares with their tier's benchmark (clipped to [0.25, 3]) x how their
  sponsored posts perform against their organic ones (clipped to [0.3, 1.5]);
- conversions: visits x the goal's conversion rate (``cvr_purchase`` or ``cvr_lead``);
- everything times the authenticity score / 100 (bought engagement counts for nothing), without the
  follower-sample signal, whose estimate has already taken the suspicious followers out;
- each stage times the rules' outcome multipliers for the tier's channel (S1-S3 raise, X1-X3 cut).

P10/P50/P90 come from sampling the benchmark figures (as the planner's forecast does), the influencer's
posts (bootstrap of the median views and engagement) and the fake-share interval; the seed is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from mizaan.i18n import Lang, t
from mizaan.influencers.metrics import PostRates
from mizaan.influencers.result import Authenticity, Fit, Metric, Outcome, Range
from mizaan.knowledge import ChannelId, FigureSource, KnowledgeBase, Stage
from mizaan.plan import RuleEffects, round_half

SAMPLES = 2000
ENGAGEMENT_CLIP = (0.25, 3.0)
SPONSORED_CLIP = (0.3, 1.5)


@dataclass(frozen=True)
class Economy:
    """What every candidate's outcome shares: the knowledge base, market, goal, rule effects, currency."""

    kb: KnowledgeBase
    country: str
    goal: str
    effects: RuleEffects
    currency: str
    seed: int = 0


def _range(a: np.ndarray) -> Range:
    p10, p50, p90 = np.quantile(a, [0.1, 0.5, 0.9])
    return Range(p10=float(p10), p50=float(p50), p90=float(p90))


def price_in(amount: Decimal, currency: str, target: str, kb: KnowledgeBase) -> Decimal:
    """``amount`` in ``currency`` converted to ``target`` at the knowledge base's rates (to the minor unit)."""
    if currency == target:
        return amount
    return round_half(amount * Decimal(str(kb.per_usd(target))) / Decimal(str(kb.per_usd(currency))), target)


def expected_outcome(
    channel: ChannelId,
    followers: int,
    rates: PostRates,
    metrics: list[Metric],
    fit: Fit,
    auth: Authenticity,
    price: Decimal | None,
    eco: Economy,
    lang: Lang,
) -> Outcome:
    rng = np.random.default_rng(eco.seed)
    src = FigureSource(eco.kb, eco.country, rng=rng, n=SAMPLES)
    notes: list[str] = []
    m = {x.id: x for x in metrics}

    views = rates.views[np.isfinite(rates.views)]
    if len(views) >= 1:
        picks = rng.integers(0, len(views), size=(SAMPLES, len(views)))
        impressions = np.median(views[picks], axis=1)
        notes.append(t("influencers.outcome.note.views", lang, count=len(views)))
    else:
        impressions = followers * src.get("influencer", "view_rate")
        notes.append(t("influencers.outcome.note.view_rate", lang))

    real = np.ones(SAMPLES)
    if auth.fake_share is not None:
        fs = auth.fake_share
        sd = max((fs.high - fs.low) / 2.563, 1e-6)  # an 80 % interval spans 2 x 1.2816 sd
        real = 1.0 - np.clip(rng.normal(fs.estimate, sd, SAMPLES), 0.0, 1.0)
        notes.append(t("influencers.outcome.note.real", lang))

    # engagement the other signals call bought is discounted: the score without the follower-sample
    # signal (whose estimate already took the suspicious followers out above)
    penalties = sum(sig.penalty for sig in auth.signals if sig.id != "suspicious_followers")
    trust = max(0.0, 100.0 - penalties) / 100.0
    if trust < 1.0:
        notes.append(t("influencers.outcome.note.trust", lang, share=f"{trust:.0%}"))
    real = real * trust

    er = m["er_followers"]
    quality = np.ones(SAMPLES)
    if er.value is not None and er.benchmark is not None and er.benchmark.typical > 0:
        own = rates.er_followers[np.isfinite(rates.er_followers)]
        picks = rng.integers(0, len(own), size=(SAMPLES, len(own)))
        quality = np.clip(np.median(own[picks], axis=1) / er.benchmark.typical, *ENGAGEMENT_CLIP)
        notes.append(t("influencers.outcome.note.quality", lang, ratio=f"{er.value / er.benchmark.typical:.2f}"))
    else:
        notes.append(t("influencers.outcome.note.no_quality", lang))
    sponsored = m["sponsored_vs_organic"].value
    sp = float(np.clip(sponsored, *SPONSORED_CLIP)) if sponsored is not None else 1.0

    fx = eco.effects

    def factor(stage: Stage) -> float:
        return fx.outcome_factor(channel, stage)

    in_target = impressions * fit.value * real
    reach = in_target / src.get("influencer", "frequency") * factor("awareness")
    clicks = in_target * src.get("influencer", "link_ctr") * quality * sp * factor("consideration")
    cvr = src.get("influencer", "cvr_lead" if eco.goal == "leads" else "cvr_purchase")
    conversions = clicks * cvr * factor("conversion")
    rules = sorted({a.rule for a in fx.applied if a.applies == "outcome" and channel in a.channels})

    cpc: Range | None = None
    value = float(np.median(reach if eco.goal == "awareness" else conversions))
    per_cost: float | None = None
    if price is not None and price > 0:
        cost = float(price)
        cpc = _range(cost / np.maximum(conversions, 1e-9))
        per_cost = value / cost
    return Outcome(
        price=price,
        impressions=_range(np.asarray(impressions, dtype=float) * np.ones(SAMPLES)),
        reach=_range(reach),
        clicks=_range(clicks),
        conversions=_range(conversions),
        cost_per_conversion=cpc,
        value=value,
        value_per_cost=per_cost,
        rules=rules,
        notes=notes,
    )
