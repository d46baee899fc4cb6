"""One allocation run: rules -> curves -> optimiser, in US dollars a month. The planner and the
"what would change" analysis both call it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mizaan.errors import PlanningError
from mizaan.knowledge import ChannelId, KnowledgeBase
from mizaan.plan.curves import PriorCurves, build_curves
from mizaan.plan.effects import RuleEffects, apply_rules
from mizaan.plan.facts import Facts, profile_facts
from mizaan.plan.optimise import Problem, Solution, solve_many
from mizaan.plan.problem import make_problem
from mizaan.profile import Profile

FUNDED = 1e-6  # dollars: below this a channel counts as not funded


@dataclass(frozen=True)
class Allocation:
    facts: Facts
    effects: RuleEffects
    prior: PriorCurves
    problem: Problem
    solution: Solution

    @property
    def monthly_usd(self) -> dict[ChannelId, float]:
        return {c: float(self.solution.allocation[i]) for i, c in enumerate(self.problem.channels)}

    def shares(self) -> dict[ChannelId, float]:
        total = float(np.sum(self.solution.allocation))
        return {c: float(v) / total for c, v in zip(self.problem.channels, self.solution.allocation, strict=True)}

    def funded(self) -> list[ChannelId]:
        return [c for c, v in self.monthly_usd.items() if v > FUNDED]


def allocate(profile: Profile, kb: KnowledgeBase) -> Allocation:
    """Split ``profile``'s budget with the rules of ``kb``."""
    alloc = allocate_many([profile], kb)[0]
    if alloc is None:
        raise PlanningError(reason_key="planning.no_feasible_set")
    return alloc


def allocate_many(profiles: Sequence[Profile], kb: KnowledgeBase) -> list[Allocation | None]:
    """``allocate`` for each profile (``None`` where no set of channels fits its budget), the problems
    solved together: the same allocations as one call each, in a fraction of the time."""
    prepared = [_prepare(profile, kb) for profile in profiles]
    solutions = solve_many([problem for _, _, _, problem in prepared])
    return [
        None if solution is None else Allocation(facts, fx, prior, problem, solution)
        for (facts, fx, prior, problem), solution in zip(prepared, solutions, strict=True)
    ]


def _prepare(profile: Profile, kb: KnowledgeBase) -> tuple[Facts, RuleEffects, PriorCurves, Problem]:
    facts = profile_facts(profile, kb)
    fx = apply_rules(kb, facts)
    prior = build_curves(kb, facts, fx)
    return facts, fx, prior, make_problem(kb, facts, fx, prior)
