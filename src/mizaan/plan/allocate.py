"""One allocation run: rules -> curves -> optimiser, in US dollars a month. The planner and the
"what would change" analysis both call it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from mizaan.errors import PlanningError
from mizaan.knowledge import ChannelId, KnowledgeBase
from mizaan.plan.ceiling import Ceiling, ceiling, value_per_conversion
from mizaan.plan.curves import PriorCurves, build_curves
from mizaan.plan.effects import RuleEffects, apply_rules
from mizaan.plan.facts import Facts, profile_facts
from mizaan.plan.fitfile import Fit
from mizaan.plan.fitted import FittedChannel, measured, refit
from mizaan.plan.optimise import Problem, Solution, floor_budget, solve_many
from mizaan.plan.problem import make_problem
from mizaan.profile import Profile

FUNDED = 1e-6  # dollars: below this a channel counts as not funded


@dataclass(frozen=True)
class Allocation:
    facts: Facts
    effects: RuleEffects
    prior: PriorCurves
    problem: Problem  # its budget is what the plan spends: the monthly budget, or the ceiling when lower
    solution: Solution
    ceiling: Ceiling
    budget_usd: float  # the profile's monthly budget
    fits: tuple[Fit, ...] = ()  # the fit files whose curves replaced the priors' (a re-plan)
    fitted: dict[ChannelId, FittedChannel] = field(default_factory=dict)

    @property
    def held_back_usd(self) -> float:
        """The part of the monthly budget the plan does not spend: past the market's ceiling it would buy next
        to nothing."""
        return max(self.budget_usd - self.problem.budget, 0.0)

    @property
    def monthly_usd(self) -> dict[ChannelId, float]:
        return {c: float(self.solution.allocation[i]) for i, c in enumerate(self.problem.channels)}

    def shares(self) -> dict[ChannelId, float]:
        total = float(np.sum(self.solution.allocation))
        return {c: float(v) / total for c, v in zip(self.problem.channels, self.solution.allocation, strict=True)}

    def funded(self) -> list[ChannelId]:
        return [c for c, v in self.monthly_usd.items() if v > FUNDED]


def allocate(profile: Profile, kb: KnowledgeBase, fits: Sequence[Fit] = ()) -> Allocation:
    """Split ``profile``'s budget with the rules of ``kb``, on fitted curves where ``fits`` measure a
    channel and on priors elsewhere."""
    alloc = allocate_many([profile], kb, fits=fits)[0]
    if alloc is None:
        raise PlanningError(reason_key="planning.no_feasible_set")
    return alloc


def allocate_many(
    profiles: Sequence[Profile], kb: KnowledgeBase, *, hold_back: bool = True, fits: Sequence[Fit] = ()
) -> list[Allocation | None]:
    """``allocate`` for each profile (``None`` where no set of channels fits its budget), the problems
    solved together: the same allocations as one call each, in a fraction of the time. ``hold_back=False``
    spends the whole budget even past the ceiling (to show what that money would buy)."""
    prepared = [_prepare(profile, kb, hold_back, tuple(fits)) for profile in profiles]
    solutions = solve_many([p.problem for p in prepared])
    return [
        None
        if s is None
        else Allocation(p.facts, p.fx, p.prior, p.problem, s, p.ceiling, p.budget_usd, tuple(fits), p.fitted)
        for p, s in zip(prepared, solutions, strict=True)
    ]


@dataclass(frozen=True)
class _Prepared:
    facts: Facts
    fx: RuleEffects
    prior: PriorCurves
    problem: Problem
    ceiling: Ceiling
    budget_usd: float
    fitted: dict[ChannelId, FittedChannel]


def _prepare(profile: Profile, kb: KnowledgeBase, hold_back: bool = True, fits: tuple[Fit, ...] = ()) -> _Prepared:
    facts = profile_facts(profile, kb)
    fx = apply_rules(kb, facts)
    prior = build_curves(kb, facts, fx)
    fitted: dict[ChannelId, FittedChannel] = {}
    if fits:
        prior, fitted = refit(prior, measured(fits, kb, profile), kb)
    problem = make_problem(kb, facts, fx, prior)
    top = ceiling(problem, prior, kb, value_per_conversion(profile, kb), floor_budget(problem))
    budget = problem.budget
    # past the market's ceiling money buys next to nothing: the plan holds it back. Past the margin's it
    # still buys customers, at a loss on their first order: the plan says so but spends it (repeat
    # orders, which the first order's margin leaves out, may well pay for them)
    if hold_back and budget > top.market_usd:
        problem = replace(problem, budget=top.market_usd)
    return _Prepared(facts, fx, prior, problem, top, budget, fitted)
