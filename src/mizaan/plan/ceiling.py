"""How much a market can absorb, and how much of the budget pays: the plan's recommended monthly spend.

Every channel's curve saturates (``curves``): at some spend an extra dollar buys next to nothing, because
the audience in the city and age band the platforms reach has been reached, or every creator of a tier the
market has is already booked. Two ceilings follow, both in US dollars a month:

- the **market** ceiling: where each channel the plan may use has reached ``SATURATED`` of its audience
  (creator tiers: the creators the market can supply), summed over the e-marketing channels and the
  influencer tiers a plan may hold;
- the **margin** ceiling, when the order value is known: where one more dollar, placed where it earns most,
  returns less than a dollar of gross profit. A channel's first dollar earns ``g * m * v``: conversions per
  dollar over the horizon and what lasts after it (``g``), the share of leads that become customers (1 for
  purchases) and the gross margin on the order value (``m * v``); past ``h * ln(g m v)`` its marginal
  dollar earns less than a dollar (``h``: the curve's scale).

The recommended spend is the lower of the two, never below the smallest budget a plan can run. A budget
above it is not spread over saturated channels: the plan spends the recommended amount and says what the
rest would buy elsewhere (a wider market, or awareness that does not pay back within the horizon).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from mizaan.knowledge import KnowledgeBase
from mizaan.plan.curves import PriorCurves
from mizaan.plan.optimise import Problem, pool_scale
from mizaan.profile import Profile

SATURATED = 0.95  # share of a channel's audience past which the market counts as absorbed
Binding = Literal["market", "margin"]


@dataclass(frozen=True)
class Ceiling:
    """The recommended monthly spend (USD) and what sets it."""

    market_usd: float
    margin_usd: float | None  # None without an order value
    recommended_usd: float
    binding: Binding
    value_per_conversion_usd: float | None  # gross profit a conversion brings (after the close rate)


def first_order_profit(profile: Profile, kb: KnowledgeBase) -> float | None:
    """A customer's first-order gross profit in the budget's currency at typical figures: order value x the
    profile's margin, else its business type's benchmark. None without an order value."""
    if profile.average_order_value is None:
        return None
    margin = profile.gross_margin
    country, btype = profile.location.country, profile.business_type
    m = float(margin) if margin is not None else kb.figure("funnel", f"gross_margin_{btype}", country).typical
    return float(profile.average_order_value) * m


def value_per_conversion(profile: Profile, kb: KnowledgeBase) -> float | None:
    """Gross profit (USD) one counted conversion brings at typical figures: a first order's profit, times the
    close rate when the conversions are leads. None without an order value."""
    profit = first_order_profit(profile, kb)
    if profit is None:
        return None
    close = 1.0
    if profile.goal == "leads":
        rate = profile.lead_to_customer_rate
        country, btype = profile.location.country, profile.business_type
        close = float(rate) if rate is not None else kb.figure("funnel", f"close_rate_{btype}", country).typical
    return profit / kb.per_usd(profile.budget.currency) * close


def ceiling(p: Problem, prior: PriorCurves, kb: KnowledgeBase, value_usd: float | None, floor: float) -> Ceiling:
    """The market and margin ceilings of problem ``p`` (its budget is not read)."""
    usable = _usable(p)
    market_x = _market_spend(p, usable)
    market_total = float(market_x.sum())
    margin_total = None
    if value_usd is not None:
        margin_total = float(_margin_spend(p, prior, kb, usable, value_usd).sum())
    binding: Binding = "market"
    recommended = market_total
    if margin_total is not None and margin_total < market_total:
        binding, recommended = "margin", margin_total
    return Ceiling(
        market_usd=max(market_total, floor),
        margin_usd=None if margin_total is None else max(margin_total, floor),
        recommended_usd=max(recommended, floor),
        binding=binding,
        value_per_conversion_usd=value_usd,
    )


def _usable(p: Problem) -> np.ndarray:
    """Channels a plan may fund: not excluded, influencer tiers only when influencers are allowed at all."""
    out = np.ones(len(p.channels), dtype=bool) if p.excluded is None else ~p.excluded
    inf = np.array([f == "influencer" for f in p.family])
    if p.influencer_cap <= 0 or p.max_tiers <= 0:
        out &= ~inf
    return out


def _best_tiers(p: Problem, usable: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Keep the ``max_tiers`` influencer tiers that absorb most; a plan holds no more."""
    inf = np.flatnonzero(usable & np.array([f == "influencer" for f in p.family]))
    keep = inf[np.argsort(-x[inf], kind="stable")][: max(p.max_tiers, 0)]
    out = np.where(usable, x, 0.0)
    out[np.setdiff1d(inf, keep)] = 0.0
    return out


def _upper(p: Problem) -> np.ndarray:
    return np.full(len(p.channels), np.inf) if p.upper is None else p.upper


def _market_spend(p: Problem, usable: np.ndarray) -> np.ndarray:
    """Each channel's spend at ``SATURATED`` of its audience (creators: the market's supply)."""
    reach_all = math.log(1.0 / (1.0 - SATURATED))
    x = np.minimum(p.scale * reach_all, _upper(p))
    x = _best_tiers(p, usable, x)
    rt = p.retargeting
    x[rt] = float(pool_scale(p, x[None, :], p.scale[None, :])[0]) * reach_all if usable[rt] else 0.0
    return x


def _margin_spend(p: Problem, prior: PriorCurves, kb: KnowledgeBase, usable: np.ndarray, value: float) -> np.ndarray:
    """Each channel's spend where its marginal dollar returns a dollar of gross profit (0 if its first does not)."""
    earns = np.array([_conversions_per_usd(prior, c) for c in p.channels]) * value
    x = np.where(earns > 1.0, p.scale * np.log(np.maximum(earns, 1.0)), 0.0)
    x = np.minimum(x, _upper(p))
    x = _best_tiers(p, usable, x)
    rt = p.retargeting
    if usable[rt] and earns[rt] > 1.0:
        x[rt] = float(pool_scale(p, x[None, :], p.scale[None, :])[0]) * math.log(earns[rt])
    else:
        x[rt] = 0.0
    return x


def _conversions_per_usd(prior: PriorCurves, c: str) -> float:
    """Conversions a first dollar a month buys, per dollar, over the horizon and after it (C5, Q4)."""
    curve = prior.curves[c]
    return curve.per_usd["conversion"] * (curve.realised + curve.persistence)
