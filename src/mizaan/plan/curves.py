"""Response curves: for one channel, what a monthly spend buys at each funnel stage, how fast the effect
builds and how long it lasts, how uncertain it is, and how much the plan's objective values it.

A plan is the best allocation of a budget over these curves. Before there is data they are built here
from the knowledge base (``origin = "prior"``); measurement will fit them from data later, and the same
optimiser runs over either.

The shape is ``outcome_s(x) = per_usd[s] * scale * (1 - exp(-x / scale))``: linear at low spend, and
saturating once spend approaches ``scale`` (the dollars that would reach the channel's whole pool).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from mizaan.knowledge import STAGES, ChannelId, Figure, FigureSource, KnowledgeBase, Stage
from mizaan.plan.economics import ChannelEconomics, Market, channel_economics, market
from mizaan.plan.effects import RuleEffects
from mizaan.plan.facts import Facts
from mizaan.plan.memo import FactMemo

SPREAD_SAMPLES = 512  # samples used to measure each channel's figure spread (fixed seed: deterministic)


class ResponseCurve(BaseModel):
    """One channel's response to monthly spend (in US dollars)."""

    model_config = ConfigDict(frozen=True)

    channel: ChannelId
    origin: Literal["prior", "fitted"] = "prior"
    per_usd: dict[Stage, float]  # physical outcome per dollar at low spend: people, visits, conversions
    impressions_per_usd: float
    scale_usd: float
    realised: float  # share of the steady effect realised within the horizon (C5)
    persistence: float  # value lasting after the horizon, per horizon-month of effect (C5, Q4)
    value_weight: dict[Stage, float]  # objective units per unit of outcome at each stage
    spread: float  # log standard deviation of the value per dollar (C4, C6, uncertainty rules)
    min_spend_usd: float
    max_spend_usd: float = math.inf  # the most the market can supply a month (creators of a tier)

    def saturation(self, x: float) -> float:
        return self.scale_usd * (1.0 - math.exp(-x / self.scale_usd)) if self.scale_usd > 0 else 0.0

    def outcome(self, stage: Stage, x: float) -> float:
        """Monthly outcome at steady state for ``x`` dollars a month."""
        return self.per_usd[stage] * self.saturation(x)

    def value_per_usd(self, persistence_weight: float) -> float:
        """Objective value of the first dollar (time-weighted)."""
        time = self.realised + persistence_weight * self.persistence
        return time * sum(self.value_weight[s] * self.per_usd[s] for s in STAGES)

    def stage_values(self, x: float) -> dict[Stage, float]:
        """Objective value at each stage of spending ``x`` (the basis of the per-stage shares)."""
        sat = self.saturation(x)
        return {s: self.value_weight[s] * self.per_usd[s] * sat for s in STAGES}


def realised_share(rise_months: float, horizon: float) -> float:
    """Average share of the steady effect realised over ``horizon`` months for an effect that builds
    with time constant ``rise_months`` (C5)."""
    r = rise_months / horizon
    return 1.0 - r * (1.0 - math.exp(-1.0 / r))


def lasting_share(rise_months: float, half_life: float, horizon: float) -> float:
    """Value left after the horizon, per horizon-month, capped at 1 (C5, Q4)."""
    built = 1.0 - math.exp(-horizon / rise_months)
    return min(1.0, built * (half_life / math.log(2)) / horizon) if half_life > 0 else 0.0


class PriorCurves(BaseModel):
    """The curves for one profile, and what went into them."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    curves: dict[ChannelId, ResponseCurve]
    retargeting_feeds: dict[ChannelId, float]  # people added to the retargeting pool per saturated dollar
    retargeting_base_pool: float
    retargeting_audience: float
    figures_used: list[str]
    figure_spread: dict[ChannelId, float]  # log-spread of each channel's value from its figures alone
    structural: dict[ChannelId, dict[str, float]]  # trust, quality, fit weights shown as reasons


def build_curves(kb: KnowledgeBase, facts: Facts, fx: RuleEffects) -> PriorCurves:
    """Prior response curves for a profile: benchmarks, adjusted by the rules that apply (``fx``)."""
    src = FigureSource(kb, facts["location.country"])
    mkt, econ, used = _TYPICAL(kb, facts)
    src.used.update(used)
    spread = dict(_SPREADS(kb, facts))
    obj = kb.objective
    horizon = float(facts["horizon_months"])

    curves: dict[ChannelId, ResponseCurve] = {}
    structural: dict[ChannelId, dict[str, float]] = {}
    for c in kb.channel_ids:
        ch = kb.channels[c]
        e = econ[c]
        per_usd = {
            "awareness": float(e.reach[0]) * fx.outcome_factor(c, "awareness"),
            "consideration": float(e.visits[0]) * fx.outcome_factor(c, "consideration"),
            "conversion": float(e.conversions[0]) * fx.outcome_factor(c, "conversion"),
        }
        weights: dict[Stage, float] = {}
        extra: dict[str, float] = {}
        if ch.family == "influencer":
            m = ch.economics
            trust = src.role_typical(m, "trust") if kb.rule_active("C2") else 1.0
            reference = src.role_typical(m, "engagement_reference")
            quality = src.role_typical(m, "engagement_rate") / reference if kb.rule_active("D2") else 1.0
            fit = src.role_typical(m, "audience_fit")
            extra = {"trust": trust, "quality": quality, "fit": fit}
        for s in STAGES:
            w = fx.stage_weights[s] * obj.stage_value[s] * obj.role_weight[ch.funnel_roles[s]]
            w *= fx.value_factor(c, s)
            if extra:
                w *= extra["fit"]
                if s != "conversion":
                    w *= extra["trust"] * extra["quality"]
            weights[s] = w
        structural[c] = extra
        if kb.rule_active("C5"):
            realised = realised_share(ch.speed.rise_months, horizon)
            lasting = lasting_share(ch.speed.rise_months, ch.speed.half_life_months, horizon)
        else:
            realised, lasting = 1.0, 0.0
        extra_spread = obj.measurability_spread[ch.measurability]
        if kb.rule_active("C4"):
            extra_spread = math.hypot(extra_spread, obj.hidden_cost_spread[ch.hidden_cost_risk])
        sigma = math.hypot(spread[c], extra_spread) * fx.uncertainty.get(c, 1.0)
        pool = float(e.pool[0]) * fx.audience.get(c, 1.0)
        reach = float(e.reach[0])
        curves[c] = ResponseCurve(
            channel=c,
            per_usd=per_usd,
            impressions_per_usd=float(e.impressions[0]),
            scale_usd=pool / reach if reach > 0 else 0.0,
            realised=realised,
            persistence=lasting,
            value_weight=weights,
            spread=sigma,
            min_spend_usd=e.min_spend if kb.rule_active("Q3") else 0.0,
            max_spend_usd=e.max_spend,
        )
    feeds = retargeting_feeds(kb, econ, mkt)
    return PriorCurves(
        curves=curves,
        retargeting_feeds=feeds,
        retargeting_base_pool=float(mkt.baseline_visitors[0]),
        retargeting_audience=fx.audience.get(kb.retargeting_channel(), 1.0),
        figures_used=sorted(src.used),
        figure_spread=spread,
        structural=structural,
    )


def retargeting_feeds(
    kb: KnowledgeBase, econ: dict[ChannelId, ChannelEconomics], mkt: Market
) -> dict[ChannelId, float]:
    """People each channel adds to the retargeting pool per saturated dollar: its site visitors, and for
    influencers (I2, I3) also a share of the video's viewers."""
    feeds: dict[ChannelId, float] = {}
    target = kb.retargeting_channel()
    for c in kb.channel_ids:
        if c == target:
            continue
        people = float(econ[c].visits[0])
        if kb.channels[c].family == "influencer" and kb.rule_active("I2"):
            people += float(econ[c].impressions[0] * mkt.video_viewer_share[0])
        feeds[c] = people
    return feeds


def _typical_economics(
    kb: KnowledgeBase, facts: Facts
) -> tuple[Market, dict[ChannelId, ChannelEconomics], dict[str, Figure]]:
    """The market and unit economics at the typical figures, and the figures they read (read-only)."""
    src = FigureSource(kb, facts["location.country"])
    mkt = market(src, facts)
    econ = channel_economics(src, facts, mkt)
    for part in (mkt, *econ.values()):
        for value in vars(part).values():
            for array in value.values() if isinstance(value, dict) else (value,):
                if isinstance(array, np.ndarray):
                    array.flags.writeable = False
    return mkt, econ, dict(src.used)


def _figure_spreads(kb: KnowledgeBase, facts: Facts) -> dict[ChannelId, float]:
    """Log standard deviation of each channel's value per dollar from the spread of its figures."""
    rng = np.random.default_rng(0)
    src = FigureSource(kb, facts["location.country"], rng=rng, n=SPREAD_SAMPLES)
    econ = channel_economics(src, facts, market(src, facts))
    out: dict[ChannelId, float] = {}
    for c in kb.channel_ids:
        e = econ[c]
        sv = kb.objective.stage_value
        value = sv["awareness"] * e.reach + sv["consideration"] * e.visits + sv["conversion"] * e.conversions
        out[c] = float(np.std(np.log(np.maximum(value, 1e-300))))
    return out


# What a what-if usually leaves as it was (the economics read the place, the business and the goal; not
# the budget, the horizon or the yes/no answers), remembered per knowledge base by the facts they read.
_TYPICAL = FactMemo(_typical_economics)
_SPREADS = FactMemo(_figure_spreads)
