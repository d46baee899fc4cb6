"""The forecast: reach, visits, conversions and cost per conversion of the chosen allocation, as P10 /
P50 / P90 over samples of the benchmark figures (each drawn through its low / typical / high) and of
each channel's measurability and hidden-cost spread (C4, C6, M2). Seeded: the same input and seed give
the same forecast."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mizaan.knowledge import ChannelId, FigureSource, KnowledgeBase
from mizaan.plan.allocate import Allocation
from mizaan.plan.curves import retargeting_feeds
from mizaan.plan.economics import channel_economics, market

Array = NDArray[np.float64]


@dataclass(frozen=True)
class ForecastSamples:
    """Per-channel samples (channels x samples) over the horizon; reach is per average month."""

    reach: dict[ChannelId, Array]
    impressions: dict[ChannelId, Array]
    visits: dict[ChannelId, Array]
    conversions: dict[ChannelId, Array]
    samples: int
    seed: int


def simulate(alloc: Allocation, kb: KnowledgeBase, seed: int, samples: int | None = None) -> ForecastSamples:
    n = samples or kb.objective.forecast_samples
    rng = np.random.default_rng(seed)
    facts = alloc.facts
    fx = alloc.effects
    src = FigureSource(kb, facts["location.country"], rng=rng, n=n)
    mkt = market(src, facts)
    econ = channel_economics(src, facts, mkt)
    horizon = float(facts["horizon_months"])
    spend = alloc.monthly_usd
    obj = kb.objective

    sat: dict[ChannelId, Array] = {}
    target = kb.retargeting_channel()
    for c in kb.channel_ids:
        if c == target:
            continue
        e = econ[c]
        scale = np.maximum(e.pool * fx.audience.get(c, 1.0) / e.reach, 1e-300)  # an empty list has no pool
        sat[c] = scale * (1.0 - np.exp(-spend[c] / scale))
    feeds = retargeting_feeds(kb, econ, mkt)
    pool = mkt.baseline_visitors + sum(feeds[c] * sat[c] for c in sat)
    rt = econ[target]
    rt_scale = pool * fx.audience.get(target, 1.0) / rt.reach
    sat[target] = rt_scale * (1.0 - np.exp(-spend[target] / rt_scale))

    out: dict[str, dict[ChannelId, Array]] = {"reach": {}, "impressions": {}, "visits": {}, "conversions": {}}
    for c in kb.channel_ids:
        ch = kb.channels[c]
        e = econ[c]
        curve = alloc.prior.curves[c]
        extra = obj.measurability_spread[ch.measurability]
        if kb.rule_active("C4"):
            extra = float(np.hypot(extra, obj.hidden_cost_spread[ch.hidden_cost_risk]))
        factor = fx.uncertainty.get(c, 1.0)
        extra *= factor
        if factor > 1:  # widen the figures' own spread too, so the whole range grows by the factor
            extra = float(np.hypot(extra, alloc.prior.figure_spread[c] * np.sqrt(factor**2 - 1)))
        noise = np.exp(rng.standard_normal(n) * extra - extra**2 / 2)
        months = horizon * curve.realised
        if curve.origin == "fitted":  # measured: the fitted curve and the fit's own interval, not the figures'
            fitted = np.exp(rng.standard_normal(n) * curve.spread - curve.spread**2 / 2) * curve.saturation(spend[c])
            out["reach"][c] = curve.per_usd["awareness"] * fitted * curve.realised
            out["impressions"][c] = curve.impressions_per_usd * fitted * months
            out["visits"][c] = curve.per_usd["consideration"] * fitted * months
            out["conversions"][c] = curve.per_usd["conversion"] * fitted * months
            continue
        s = sat[c] * noise
        out["reach"][c] = e.reach * fx.outcome_factor(c, "awareness") * s * curve.realised
        out["impressions"][c] = e.impressions * s * months
        out["visits"][c] = e.visits * fx.outcome_factor(c, "consideration") * s * months
        out["conversions"][c] = e.conversions * fx.outcome_factor(c, "conversion") * s * months
    return ForecastSamples(out["reach"], out["impressions"], out["visits"], out["conversions"], n, seed)


def percentiles(values: Array) -> tuple[float, float, float]:
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return float(p10), float(p50), float(p90)
