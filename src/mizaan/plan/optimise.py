"""Split a monthly budget over response curves.

Objective: the plan's value minus ``z`` standard deviations of it (``z`` from the profile's tolerance for
risk), where each channel's value is ``A_c * h_c * (1 - exp(-x_c / h_c))`` and channels vary
independently with log-spread ``sigma_c``. Constraints: the whole budget is spent; a channel gets nothing
or at least its minimum viable spend (Q3); the influencer family's share is capped (I1, B1, B4); at most
``max_tiers`` influencer tiers (T4); at least one e-marketing channel (D1), two when the budget allows
(Q5).

Method: every allowed set of funded channels is solved at once (vectorised). For a set, the optimum
equalises marginal risk-adjusted value across channels (water-filling); with the risk term held at its
current value each channel's marginal has a closed-form inverse, so the budget multiplier is found by
bisection, then the risk term and the retargeting pool (which grows with the other channels' visitors,
I2) are updated, a few rounds until they settle. The best set wins. Deterministic.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mizaan.knowledge import ChannelId, Family

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

ROUNDS = 6
BISECTIONS = 48


@dataclass(frozen=True)
class Problem:
    """One allocation problem, channels in ``channels`` order (the registry's); money in US dollars a month."""

    budget: float
    value: Array  # A_c: objective value per dollar at zero spend
    scale: Array  # h_c (retargeting's is recomputed from its pool)
    min_spend: Array  # L_c
    spread: Array  # sigma_c
    family: tuple[Family, ...]
    channels: tuple[ChannelId, ...]
    retargeting: int  # index of the channel whose pool the others' visitors feed (I2)
    risk_aversion: float  # z
    influencer_cap: float  # max share of the budget for influencers
    max_tiers: int
    min_e_marketing: int
    retargeting_feeds: Array  # people added to the retargeting pool per saturated dollar of each channel
    retargeting_base_pool: float
    retargeting_reach_per_usd: float
    retargeting_audience: float


@dataclass(frozen=True)
class Solution:
    allocation: Array  # dollars a month per channel
    objective: float
    value: float
    risk: float  # z * standard deviation of value
    marginal: float  # the equalised marginal risk-adjusted value per dollar
    scale: Array  # scales used (retargeting's from its final pool)
    options: dict[str, float]  # best objective with each influencer option ("none", tier channel IDs)


def candidate_sets(p: Problem) -> Mask:
    """Every set of channels the constraints allow, as a boolean matrix (sets x channels)."""
    e_idx = [i for i, f in enumerate(p.family) if f == "e_marketing"]
    i_idx = [i for i, f in enumerate(p.family) if f == "influencer"]
    tier_options: list[tuple[int, ...]] = [()]
    if p.influencer_cap > 0:
        for k in range(1, p.max_tiers + 1):
            tier_options.extend(itertools.combinations(i_idx, k))
    rows = []
    for bits in itertools.product((False, True), repeat=len(e_idx)):
        if not any(bits):
            continue  # D1: at least one e-marketing channel
        for tiers in tier_options:
            row = np.zeros(len(p.family), dtype=bool)
            row[[i for i, b in zip(e_idx, bits, strict=True) if b]] = True
            row[list(tiers)] = True
            rows.append(row)
    sets = np.array(rows)
    # minimum viable spends must fit: in total, and for the influencer tiers under their cap
    mins = sets @ p.min_spend
    inf_mask = np.array([f == "influencer" for f in p.family])
    inf_mins = (sets & inf_mask) @ p.min_spend
    ok = (mins <= p.budget + 1e-9) & (inf_mins <= p.influencer_cap * p.budget + 1e-9)
    sets = sets[ok]
    e_count = sets[:, ~inf_mask].sum(axis=1)
    want = min(p.min_e_marketing, int(e_count.max()) if len(sets) else 0)
    chosen: Mask = sets[e_count >= want]
    return chosen


class _Inverse:
    """The spend at which a channel's marginal risk-adjusted value ``a y (1 - kappa (1 - y))``, with
    ``y = exp(-x / h)``, equals ``lam``: the positive root of ``kappa y^2 + (1 - kappa) y - lam / a = 0``.
    Terms that do not depend on ``lam`` are computed once."""

    def __init__(self, a: Array, h: Array, kappa: Array):
        self.h = h
        a = np.maximum(a, 1e-300)
        self.inv_a = 1.0 / a
        self.curved = kappa > 1e-9
        k = np.where(self.curved, kappa, 1.0)
        self.b = 1.0 - k
        self.b2 = self.b * self.b
        self.c4 = 4.0 * k / a
        self.inv2k = 1.0 / (2.0 * k)

    def __call__(self, lam: Array) -> Array:
        quad = (np.sqrt(self.b2 + self.c4 * lam) - self.b) * self.inv2k
        y = np.where(self.curved, quad, lam * self.inv_a)
        y = np.minimum(np.maximum(y, 1e-300), 1.0)
        return -self.h * np.log(y)


def _waterfill(a: Array, h: Array, lo: Array, kappa: Array, active: Mask, budget: Array) -> Array:
    """Allocate ``budget`` (one per row) over the active channels of each row, equalising marginals."""
    inverse = _Inverse(a, h, kappa)
    hi_lam = np.log(np.maximum((a * active).max(axis=1), 1e-300))
    lo_lam = hi_lam - 60.0
    cap = budget[:, None]

    def spend(log_lam: Array) -> Array:
        x = np.minimum(np.maximum(inverse(np.exp(log_lam)[:, None]), lo), cap)
        return np.where(active, x, 0.0)

    for _ in range(BISECTIONS):
        mid = (hi_lam + lo_lam) / 2
        over = spend(mid).sum(axis=1) > budget
        lo_lam = np.where(over, mid, lo_lam)
        hi_lam = np.where(over, hi_lam, mid)
    x = spend(hi_lam)
    # spend the rounding remainder on the channel with the most room, so the budget is met exactly
    gap = budget - x.sum(axis=1)
    room = np.where(active, cap - x, -1.0)
    j = room.argmax(axis=1)
    x[np.arange(len(x)), j] += gap
    return x


def _pool_scale(p: Problem, x: Array, h: Array) -> Array:
    sat = h * (1 - np.exp(-x / np.maximum(h, 1e-300)))
    rt = p.retargeting
    feeds = np.delete(p.retargeting_feeds, rt) if len(p.retargeting_feeds) == len(p.channels) else p.retargeting_feeds
    others = np.delete(sat, rt, axis=1)
    pool: Array = p.retargeting_base_pool + others @ feeds
    return pool * (p.retargeting_audience / p.retargeting_reach_per_usd)


def _evaluate(p: Problem, x: Array, h: Array) -> tuple[Array, Array, Array]:
    v = p.value * h * (1 - np.exp(-x / np.maximum(h, 1e-300)))
    sd = np.sqrt(((p.spread * v) ** 2).sum(axis=1))
    return v.sum(axis=1) - p.risk_aversion * sd, v.sum(axis=1), sd


def solve(p: Problem) -> Solution:
    """The best allocation for problem ``p``."""
    sets = candidate_sets(p)
    if len(sets) == 0:
        raise ValueError("no set of channels fits the budget")
    n, c = sets.shape
    inf_mask = np.array([f == "influencer" for f in p.family])
    a = np.broadcast_to(p.value, (n, c)).copy()
    h = np.broadcast_to(p.scale, (n, c)).copy()
    lo = np.where(sets, p.min_spend, 0.0)
    budget = np.full(n, p.budget)
    x = np.where(sets, np.maximum(lo, p.budget / np.maximum(sets.sum(axis=1, keepdims=True), 1)), 0.0)
    x = x * (p.budget / x.sum(axis=1, keepdims=True))
    for _ in range(ROUNDS):
        h[:, p.retargeting] = np.maximum(_pool_scale(p, x, h), 1e-6)
        _, _, sd = _evaluate(p, x, h)
        kappa = p.risk_aversion * p.spread**2 * a * h / np.maximum(sd, 1e-12)[:, None]
        x = _waterfill(a, h, lo, kappa, sets, budget)
        over = (x * inf_mask).sum(axis=1) > p.influencer_cap * p.budget + 1e-6
        if over.any():
            xi = _waterfill(
                a[over],
                h[over],
                lo[over],
                kappa[over],
                sets[over] & inf_mask,
                np.full(over.sum(), p.influencer_cap * p.budget),
            )
            xe = _waterfill(
                a[over],
                h[over],
                lo[over],
                kappa[over],
                sets[over] & ~inf_mask,
                np.full(over.sum(), (1 - p.influencer_cap) * p.budget),
            )
            x[over] = xi + xe
    h[:, p.retargeting] = np.maximum(_pool_scale(p, x, h), 1e-6)
    obj, val, sd = _evaluate(p, x, h)
    best = int(np.argmax(obj))
    options: dict[str, float] = {"none": -np.inf}
    for i in np.where(inf_mask)[0]:
        options[p.channels[i]] = -np.inf
    for k in range(n):
        tiers = np.where(sets[k] & inf_mask)[0]
        key = "none" if len(tiers) == 0 else p.channels[int(tiers[0])]
        options[key] = max(options[key], float(obj[k]))
    xb, hb = x[best], h[best]
    y = np.exp(-xb / np.maximum(hb, 1e-300))
    funded = sets[best] & (xb > p.min_spend + 1e-6)
    vb = p.value * hb * (1 - y)
    kappa_b = p.risk_aversion * p.spread**2 * p.value * hb / max(float(sd[best]), 1e-12)
    marg = p.value * y * (1 - kappa_b * (1 - y))
    marginal = float(marg[funded].mean()) if funded.any() else float(marg[sets[best]].max())
    del vb
    return Solution(
        allocation=xb,
        objective=float(obj[best]),
        value=float(val[best]),
        risk=float(p.risk_aversion * sd[best]),
        marginal=marginal,
        scale=hb,
        options=options,
    )
