"""The optimiser against brute force on small problems, and its constraints."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mizaan.knowledge import load_knowledge_base
from mizaan.plan.optimise import Problem, candidate_sets, solve

KB = load_knowledge_base()
CHANNEL_IDS = KB.channel_ids
FAMILY = tuple(KB.channels[c].family for c in CHANNEL_IDS)


def problem(**kw: object) -> Problem:
    n = len(CHANNEL_IDS)
    base = dict(
        budget=1000.0,
        value=np.array([0.05, 0.06, 0.04, 0.07, 0.2, 0.05, 0.03, 0.04, 0.02, 0.01]),
        scale=np.array([2000.0, 3000, 1500, 800, 60, 300, 4000, 4000, 6000, 9000]),
        min_spend=np.array([100.0, 100, 50, 100, 20, 50, 150, 300, 1500, 8000]),
        spread=np.full(n, 0.5),
        family=FAMILY,
        channels=CHANNEL_IDS,
        retargeting=KB.retargeting_index(),
        risk_aversion=0.3,
        influencer_cap=0.5,
        max_tiers=1,
        min_e_marketing=2,
        retargeting_feeds=np.zeros(n),
        retargeting_base_pool=1000.0,
        retargeting_reach_per_usd=3.0,
        retargeting_audience=1.0,
    )
    base.update(kw)
    return Problem(**base)  # type: ignore[arg-type]


def objective(p: Problem, x: np.ndarray) -> float:
    h = p.scale.copy()
    rt = p.retargeting
    h[rt] = p.retargeting_base_pool * p.retargeting_audience / p.retargeting_reach_per_usd  # no feeds in these tests
    v = p.value * h * (1 - np.exp(-x / h))
    return float(v.sum() - p.risk_aversion * np.sqrt(((p.spread * v) ** 2).sum()))


def brute_force(p: Problem, step: float) -> float:
    """Best objective over a grid of allocations on every allowed set of channels (3 channels at most)."""
    best = -np.inf
    sets = candidate_sets(p)
    for row in sets:
        idx = np.where(row)[0]
        if len(idx) > 3:
            continue
        grids = [np.arange(p.min_spend[i], p.budget + 1e-9, step) for i in idx[:-1]]
        for combo in itertools.product(*grids):
            rest = p.budget - sum(combo)
            if rest < p.min_spend[idx[-1]] - 1e-9:
                continue
            x = np.zeros(len(CHANNEL_IDS))
            x[idx[:-1]] = combo
            x[idx[-1]] = rest
            inf = sum(x[i] for i in idx if FAMILY[i] == "influencer")
            if inf > p.influencer_cap * p.budget + 1e-9:
                continue
            best = max(best, objective(p, x))
    return best


@pytest.mark.parametrize("risk", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("budget", [400.0, 1000.0])
def test_solution_is_at_least_as_good_as_a_brute_force_grid(risk: float, budget: float) -> None:
    p = problem(risk_aversion=risk, budget=budget, min_e_marketing=1)
    s = solve(p)
    assert s.allocation.sum() == pytest.approx(budget)
    got = objective(p, s.allocation)
    assert got == pytest.approx(s.objective, rel=1e-9)
    assert got >= brute_force(p, step=budget / 40) - 1e-9


def test_every_funded_channel_gets_at_least_its_minimum() -> None:
    s = solve(problem())
    p = problem()
    for x, lo in zip(s.allocation, p.min_spend, strict=True):
        assert x == 0 or x >= lo - 1e-6


def test_influencer_cap_binds() -> None:
    value = np.array([0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.5, 0.5, 0.5, 0.5])
    p = problem(value=value, influencer_cap=0.2, min_spend=np.array([10.0] * 10))
    s = solve(p)
    inf = sum(x for x, f in zip(s.allocation, FAMILY, strict=True) if f == "influencer")
    assert inf == pytest.approx(0.2 * p.budget, rel=1e-6)


def test_at_most_one_tier_and_two_e_marketing_channels_when_affordable() -> None:
    p = problem(min_spend=np.array([10.0] * 10))
    s = solve(p)
    tiers = [c for c, x, f in zip(CHANNEL_IDS, s.allocation, FAMILY, strict=True) if f == "influencer" and x > 0]
    assert len(tiers) <= 1
    e = [c for c, x, f in zip(CHANNEL_IDS, s.allocation, FAMILY, strict=True) if f == "e_marketing" and x > 0]
    assert len(e) >= 2


def test_no_feasible_set_is_an_error() -> None:
    with pytest.raises(ValueError):
        solve(problem(budget=10.0))
