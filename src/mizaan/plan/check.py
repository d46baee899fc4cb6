"""Checks of a knowledge base against what the planner needs: rule conditions name known facts, cases
that test ``plan.`` facts only warn, and the planner finds every figure it needs for every country,
business type, goal, stage and scope. ``mizaan kb check`` runs these after the loader's own checks."""

from __future__ import annotations

import itertools

from mizaan.errors import KnowledgeBaseError, Problem
from mizaan.knowledge import KnowledgeBase, WarningEffect
from mizaan.plan.curves import build_curves
from mizaan.plan.effects import apply_rules
from mizaan.plan.facts import Facts, condition_facts, known_facts
from mizaan.profile import Profile, field_of
from mizaan.validation import locate, read_document


def check_knowledge_base(kb: KnowledgeBase, model: type[Profile] = Profile) -> None:
    """Raise ``KnowledgeBaseError`` listing every problem found; return quietly when there is none.
    Rule conditions may test the facts of ``model`` (a profile model with more declared fields)."""
    problems: list[Problem] = []
    doc = read_document(kb.source / "rules.yaml")

    def at(loc: tuple[int | str, ...], key: str, **params: object) -> None:
        row, col = locate(doc.node, loc)
        problems.append(Problem(key, dict(params), file=doc.file, row=row, column=col))

    for i, rule in enumerate(kb.rules.values()):
        for j, case in enumerate(rule.cases):
            facts = condition_facts(case.when)
            for fact in sorted(facts - set(known_facts(model))):
                at(("rules", i, "cases", j, "when"), "kb.unknown_fact", fact=fact, rule=rule.id)
            if any(f.startswith("plan.") for f in facts) and not all(
                isinstance(e, WarningEffect) for e in case.effects
            ):
                at(("rules", i, "cases", j, "effects"), "kb.plan_fact_effect", rule=rule.id)

    seen: set[str] = set()
    for country, btype, goal, stage, scope in itertools.product(
        kb.countries,
        *(field_of(model, path).choices for path in ("business_type", "goal", "stage", "location.scope")),
    ):
        probe: Facts = {
            "location.country": country,
            "business_type": btype,
            "goal": goal,
            "stage": stage,
            "location.scope": scope,
            "location.city": None,
            "horizon_months": 6,
            "budget.monthly_usd": 1000.0,
        }
        try:
            build_curves(kb, probe, apply_rules(kb, probe))
        except KeyError as exc:
            message = str(exc.args[0]) if exc.args else str(exc)
            if message not in seen:
                seen.add(message)
                problems.append(
                    Problem("kb.figure_missing", {"detail": message}, file=str(kb.source / "benchmarks.yaml"))
                )
    if problems:
        raise KnowledgeBaseError(problems, file=str(kb.source))
