"""From a profile's curves and rule effects to the optimiser's problem, in US dollars a month."""

from __future__ import annotations

import numpy as np

from mizaan.knowledge import KnowledgeBase, Stage
from mizaan.plan.curves import PriorCurves
from mizaan.plan.effects import RuleEffects
from mizaan.plan.eligibility import ineligible
from mizaan.plan.facts import Facts
from mizaan.plan.optimise import Problem
from mizaan.profile import BRAND_RISK_TOLERANCE


def make_problem(kb: KnowledgeBase, facts: Facts, fx: RuleEffects, prior: PriorCurves) -> Problem:
    curves = prior.curves
    z = kb.objective.risk_aversion[facts[BRAND_RISK_TOLERANCE]] + fx.risk_aversion_add
    cap = fx.share_caps.get("influencer", (1.0, ""))[0]
    max_tiers = fx.max_tiers[0] if fx.max_tiers else 4
    min_e = fx.min_channels.get("e_marketing", (1, ""))[0]
    ids = kb.channel_ids
    rt = curves[kb.retargeting_channel()]
    out = {x.channel for x in ineligible(kb, facts)}
    reach = rt.per_usd["awareness"] if rt.per_usd["awareness"] > 0 else 1.0
    feeds = np.array([prior.retargeting_feeds.get(c, 0.0) for c in ids])
    pool = prior.retargeting_base_pool
    if rt.origin == "fitted":  # its scale was measured with the pool the data had: kept as the fit found it
        feeds = np.zeros(len(ids))
        pool = rt.scale_usd * reach / max(prior.retargeting_audience, 1e-300)
    return Problem(
        budget=float(facts["budget.monthly_usd"]),
        value=np.array([curves[c].value_per_usd(fx.persistence_weight) for c in ids]),
        scale=np.array([curves[c].scale_usd for c in ids]),
        min_spend=np.array([curves[c].min_spend_usd for c in ids]),
        spread=np.array([curves[c].spread for c in ids]),
        family=tuple(kb.channels[c].family for c in ids),
        channels=ids,
        retargeting=kb.retargeting_index(),
        risk_aversion=max(z, 0.0),
        influencer_cap=cap,
        max_tiers=max_tiers,
        min_e_marketing=max(min_e, 1),
        retargeting_feeds=feeds,
        retargeting_base_pool=pool,
        retargeting_reach_per_usd=reach,
        retargeting_audience=prior.retargeting_audience,
        excluded=np.array([c in out for c in ids]),
        goal_per_usd=goal_per_usd(kb, facts, prior),
        upper=np.array([curves[c].max_spend_usd for c in ids]),
    )


def goal_per_usd(kb: KnowledgeBase, facts: Facts, prior: PriorCurves) -> np.ndarray:
    """What the forecast counts for the goal, per dollar at low spend and typical figures, over the part of
    the horizon the effect is built: people reached for an awareness goal, conversions (purchases or leads)
    otherwise. The spending ceiling reports what money past it would still buy in these units."""
    stage: Stage = "awareness" if facts["goal"] == "awareness" else "conversion"
    return np.array([prior.curves[c].per_usd[stage] * prior.curves[c].realised for c in kb.channel_ids])
