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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from mizaan.knowledge import ChannelId, Family

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

ROUNDS = 6
BISECTIONS = 48  # over a bracket of 60 in log(lam)
WARM = 0.25  # half-width of the bracket around an earlier fill's log(lam)
WARM_BISECTIONS = 32  # over that bracket: about the precision of a cold start


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
    excluded: Mask | None = None  # channels the business cannot run yet (missing asset, horizon too short)
    upper: Array | None = None  # the most a channel can absorb a month (creators a market can supply); inf = no limit
    goal_per_usd: Array | None = None  # the goal's units (customers, or people reached) per dollar at low spend


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
    sets, inf_mask = all_sets(p)
    sets = sets[affordable(p, sets, inf_mask)]
    e_count = sets[:, ~inf_mask].sum(axis=1)
    want = min(p.min_e_marketing, int(e_count.max()) if len(sets) else 0)
    chosen: Mask = sets[e_count >= want]
    return chosen


def floor_budget(p: Problem) -> float:
    """The smallest monthly budget any allowed set of channels can run (its minimum spends)."""
    sets, _ = all_sets(p)
    return float((sets @ p.min_spend).min()) if len(sets) else float("inf")


def affordable(p: Problem, sets: Mask, inf_mask: Mask) -> Mask:
    """Which sets ``p``'s budget can run: the minimum viable spends fit, in total and for the influencer
    tiers under their cap, and the channels can absorb the whole budget (creators are finite)."""
    mins = sets @ p.min_spend
    inf_mins = (sets & inf_mask) @ p.min_spend
    ok: Mask = (mins <= p.budget + 1e-9) & (inf_mins <= p.influencer_cap * p.budget + 1e-9)
    if p.upper is not None:
        ok &= sets @ np.minimum(p.upper, 1e300) >= p.budget * (1 - 1e-9)
    return ok


def all_sets(p: Problem) -> tuple[Mask, Mask]:
    """Every set the families allow, whatever the budget (exclusions applied), and the influencer mask."""
    sets, inf_mask = _all_sets(p.family, p.influencer_cap > 0, p.max_tiers)
    if p.excluded is not None:
        sets = sets[~(sets & p.excluded).any(axis=1)]
    return sets, inf_mask


@lru_cache(maxsize=32)
def _all_sets(family: tuple[Family, ...], influencers: bool, max_tiers: int) -> tuple[Mask, Mask]:
    """Every set before the budget is looked at: at least one e-marketing channel (D1), and no influencer
    tier or up to ``max_tiers`` of them; and which channels are influencer tiers. Depends on the families
    alone, so it is built once per registry shape (read-only arrays)."""
    e_idx = [i for i, f in enumerate(family) if f == "e_marketing"]
    i_idx = [i for i, f in enumerate(family) if f == "influencer"]
    tier_options: list[tuple[int, ...]] = [()]
    if influencers:
        for k in range(1, max_tiers + 1):
            tier_options.extend(itertools.combinations(i_idx, k))
    rows = []
    for bits in itertools.product((False, True), repeat=len(e_idx)):
        if not any(bits):
            continue  # D1: at least one e-marketing channel
        for tiers in tier_options:
            row = np.zeros(len(family), dtype=bool)
            row[[i for i, b in zip(e_idx, bits, strict=True) if b]] = True
            row[list(tiers)] = True
            rows.append(row)
    sets = np.array(rows)
    inf_mask = np.array([f == "influencer" for f in family])
    sets.flags.writeable = False
    inf_mask.flags.writeable = False
    return sets, inf_mask


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
        spend: Array = -self.h * np.log(y)
        return spend


def _waterfill(
    a: Array, h: Array, lo: Array, hi: Array, kappa: Array, active: Mask, budget: Array, start: Array | None = None
) -> tuple[Array, Array]:
    """Allocate ``budget`` (one per row) over the active channels of each row, equalising marginals, each
    channel between its minimum ``lo`` and the most it can absorb ``hi``. Returns the amounts and each row's
    log multiplier; ``start`` (the multipliers of an earlier fill of the same rows) narrows the search.

    Rows are independent, so rows of different problems can be filled together. Only active entries are
    computed (most of a row is inactive), and each row's total adds its own entries in column order, so a
    row gives the same numbers whatever other rows are filled with it."""
    rows, cols = np.nonzero(active)
    flat = rows * active.shape[1] + cols
    inverse = _Inverse(a[rows, cols], h[rows, cols], kappa[rows, cols])
    lo_k = lo[rows, cols]
    top = np.minimum(hi, budget[:, None])
    cap_k = top[rows, cols]
    n = len(active)

    def spend(log_lam: Array) -> Array:
        """Each row's total spend at ``log_lam`` (the active entries added in column order)."""
        vals = np.minimum(np.maximum(inverse(np.exp(log_lam)[rows]), lo_k), cap_k)
        totals: Array = np.bincount(rows, weights=vals, minlength=n).astype(np.float64)
        return totals

    hi_lam = np.log(np.maximum((a * active).max(axis=1), 1e-300))
    lo_lam = hi_lam - 60.0
    steps = np.full(n, BISECTIONS)
    if start is not None:  # a narrower bracket around the earlier multiplier, in each row where it holds
        near_lo, near_hi = np.maximum(start - WARM, lo_lam), np.minimum(start + WARM, hi_lam)
        holds = (spend(near_lo) > budget) & (spend(near_hi) <= budget)
        lo_lam, hi_lam = np.where(holds, near_lo, lo_lam), np.where(holds, near_hi, hi_lam)
        steps = np.where(holds, WARM_BISECTIONS, BISECTIONS)
    for k in range(int(steps.max())):
        mid = (hi_lam + lo_lam) / 2
        over = spend(mid) > budget
        going = k < steps  # a row stops after its own count, so it ends where it would alone
        lo_lam = np.where(going & over, mid, lo_lam)
        hi_lam = np.where(going & ~over, mid, hi_lam)
    x = np.zeros(active.shape)
    x.reshape(-1)[flat] = np.minimum(np.maximum(inverse(np.exp(hi_lam)[rows]), lo_k), cap_k)
    # spend the rounding remainder on the channel with the most room, so the budget is met exactly
    gap = budget - x.sum(axis=1)
    room = np.where(active, top - x, -1.0)
    j = room.argmax(axis=1)
    x[np.arange(len(x)), j] += gap
    return x, hi_lam


def pool_scale(p: Problem, x: Array, h: Array) -> Array:
    """The retargeting channel's scale for each row of spends ``x`` (scales ``h``): the pool the other
    channels' visitors build (I2), in dollars of its reach."""
    sat = h * (1 - np.exp(-x / np.maximum(h, 1e-300)))
    rt = p.retargeting
    feeds = np.delete(p.retargeting_feeds, rt) if len(p.retargeting_feeds) == len(p.channels) else p.retargeting_feeds
    others = np.delete(sat, rt, axis=1)
    pool: Array = p.retargeting_base_pool + others @ feeds
    return pool * (p.retargeting_audience / p.retargeting_reach_per_usd)


def _evaluate(value: Array, spread: Array, z: Array, x: Array, h: Array) -> tuple[Array, Array, Array]:
    """Objective, value and standard deviation of each row; ``value`` and ``spread`` per row and channel,
    ``z`` (risk aversion) per row."""
    v = value * h * (1 - np.exp(-x / np.maximum(h, 1e-300)))
    sd = np.sqrt(((spread * v) ** 2).sum(axis=1))
    return v.sum(axis=1) - z * sd, v.sum(axis=1), sd


def solve(p: Problem) -> Solution:
    """The best allocation for problem ``p``."""
    solution = solve_many([p])[0]
    if solution is None:
        raise ValueError("no set of channels fits the budget")
    return solution


def solve_many(problems: Sequence[Problem]) -> list[Solution | None]:
    """The best allocation for each problem (``None`` where no set of channels fits the budget), each
    exactly what solving it alone gives: problems over the same channels have their candidate sets stacked
    and are water-filled together, every row with its own problem's numbers."""
    filled = fill_many(problems, [candidate_sets(p) for p in problems])
    return [None if f is None else f.solution(int(np.argmax(f.objective))) for f in filled]


@dataclass(frozen=True)
class Filled:
    """One problem's sets, each water-filled: rows are sets, columns channels."""

    problem: Problem
    sets: Mask
    allocation: Array
    scale: Array
    objective: Array
    value: Array
    sd: Array
    inf_mask: Mask

    def solution(self, best: int) -> Solution:
        """Row ``best`` as the solution; the influencer options compare every row."""
        return _solution(
            self.problem,
            self.sets,
            self.allocation,
            self.scale,
            self.objective,
            self.value,
            self.sd,
            self.inf_mask,
            best,
        )


def fill_many(problems: Sequence[Problem], sets_of: Sequence[Mask]) -> list[Filled | None]:
    """Water-fill every given set of every problem (``None`` for a problem given no set), stacked by
    channel list so that the rows of many problems are solved together."""
    out: list[Filled | None] = [None] * len(problems)
    groups: dict[tuple[tuple[ChannelId, ...], tuple[Family, ...]], list[int]] = {}
    for i, p in enumerate(problems):
        groups.setdefault((p.channels, p.family), []).append(i)
    for members in groups.values():
        live = [i for i in members if len(sets_of[i])]
        if live:
            filled = _fill_stacked([problems[i] for i in live], [sets_of[i] for i in live])
            for i, f in zip(live, filled, strict=True):
                out[i] = f
    return out


def _fill_stacked(problems: list[Problem], sets_of: list[Mask]) -> list[Filled]:
    blocks: list[slice] = []
    start = 0
    for s in sets_of:
        blocks.append(slice(start, start + len(s)))
        start += len(s)
    sets = np.ascontiguousarray(np.concatenate(sets_of))
    inf_mask = np.array([f == "influencer" for f in problems[0].family])

    def per_row(values: Sequence[Array | float]) -> Array:
        # row-major like the arrays of a lone solve: a row's sums then add in the same order
        rows = [
            np.broadcast_to(np.asarray(v, dtype=np.float64), (len(s), *np.shape(v)))
            for v, s in zip(values, sets_of, strict=True)
        ]
        return np.ascontiguousarray(np.concatenate(rows))

    a = per_row([p.value for p in problems])
    h = per_row([p.scale for p in problems])
    hi = per_row([np.full(len(p.channels), np.inf) if p.upper is None else p.upper for p in problems])
    spread = per_row([p.spread for p in problems])
    z = per_row([p.risk_aversion for p in problems])
    budget = per_row([p.budget for p in problems])
    cap_budget = per_row([p.influencer_cap * p.budget for p in problems])
    rest_budget = per_row([(1 - p.influencer_cap) * p.budget for p in problems])
    over_at = per_row([p.influencer_cap * p.budget + 1e-6 for p in problems])
    pairs = list(zip(problems, sets_of, blocks, strict=True))
    lo = np.ascontiguousarray(np.concatenate([np.where(s, p.min_spend, 0.0) for p, s, _ in pairs]))
    x = np.ascontiguousarray(np.concatenate([_start(p, s, lo[b]) for p, s, b in pairs]))
    log_lam: Array | None = None
    for _ in range(ROUNDS):
        _update_pools(problems, blocks, x, h)
        _, _, sd = _evaluate(a, spread, z, x, h)
        kappa = z[:, None] * spread**2 * a * h / np.maximum(sd, 1e-12)[:, None]
        x, log_lam = _waterfill(a, h, lo, hi, kappa, sets, budget, log_lam)
        over = (x * inf_mask).sum(axis=1) > over_at
        if over.any():
            fill = (a[over], h[over], lo[over], hi[over], kappa[over])
            xi, _ = _waterfill(*fill, sets[over] & inf_mask, cap_budget[over])
            xe, _ = _waterfill(*fill, sets[over] & ~inf_mask, rest_budget[over])
            x[over] = xi + xe
    _update_pools(problems, blocks, x, h)
    obj, val, sd = _evaluate(a, spread, z, x, h)
    return [
        Filled(p, sets[b], x[b], h[b], obj[b], val[b], sd[b], inf_mask) for p, b in zip(problems, blocks, strict=True)
    ]


def _start(p: Problem, sets: Mask, lo: Array) -> Array:
    """The starting allocation: the budget split evenly, each channel at least at its minimum."""
    x = np.where(sets, np.maximum(lo, p.budget / np.maximum(sets.sum(axis=1, keepdims=True), 1)), 0.0)
    start: Array = x * (p.budget / x.sum(axis=1, keepdims=True))
    return start


def _update_pools(problems: list[Problem], blocks: list[slice], x: Array, h: Array) -> None:
    """The retargeting channel's scale, from the pool the other channels' visitors build (I2)."""
    for p, b in zip(problems, blocks, strict=True):
        h[b, p.retargeting] = np.maximum(pool_scale(p, x[b], h[b]), 1e-6)


def _solution(
    p: Problem,
    sets: Mask,
    x: Array,
    h: Array,
    obj: Array,
    val: Array,
    sd: Array,
    inf_mask: Mask,
    best: int,
) -> Solution:
    options: dict[str, float] = {"none": -np.inf}
    for i in np.where(inf_mask)[0]:
        options[p.channels[i]] = -np.inf
    tiered = sets & inf_mask
    first_tier = np.where(tiered.any(axis=1), tiered.argmax(axis=1), -1)
    for i in np.unique(first_tier):
        key = "none" if i < 0 else p.channels[int(i)]
        options[key] = max(options[key], float(obj[first_tier == i].max()))
    xb, hb = x[best].copy(), h[best].copy()
    y = np.exp(-xb / np.maximum(hb, 1e-300))
    funded = sets[best] & (xb > p.min_spend + 1e-6)
    kappa_b = p.risk_aversion * p.spread**2 * p.value * hb / max(float(sd[best]), 1e-12)
    marg = p.value * y * (1 - kappa_b * (1 - y))
    marginal = float(marg[funded].mean()) if funded.any() else float(marg[sets[best]].max())
    return Solution(
        allocation=xb,
        objective=float(obj[best]),
        value=float(val[best]),
        risk=float(p.risk_aversion * sd[best]),
        marginal=marginal,
        scale=hb,
        options=options,
    )
