"""Helpers that build, for a rule's case, a profile on which its condition holds."""

from __future__ import annotations

from typing import Any

from mizaan.knowledge.schema import Clause, Condition

# How to make a fact hold on a profile: profile changes for "fact op value".
NUMERIC_FACTS = {"horizon_months", "budget.monthly_usd", "audience_age.min", "audience_age.max"}


def _target_value(clause: Clause) -> Any:
    op, value = clause.op, clause.value
    if op in ("eq", "le", "ge"):
        return value
    if op == "in":
        return value[0]
    if op == "lt":
        return value - 1 if isinstance(value, int) else value * 0.75
    if op == "gt":
        return value + 1 if isinstance(value, int) else value * 1.25
    raise ValueError(f"cannot satisfy {clause}")


def changes_for(clause: Clause) -> dict[str, Any]:
    """Profile changes (dotted keys) that make ``clause`` hold."""
    if clause.op == "is_unknown":
        return {clause.fact: ...}
    if clause.op == "is_known":
        defaults = {"preferred_influencer_tier": "micro"}
        return {clause.fact: defaults.get(clause.fact, True)}
    if clause.op == "ne":
        return {}  # the base profile (Saudi Arabia) differs from every value a rule excludes
    value = _target_value(clause)
    if clause.fact == "location.country" and value != "SA":
        return {"location": {"country": value, "scope": "national"}}  # no Saudi city elsewhere
    if clause.fact == "budget.monthly_usd":
        return {"budget": {"amount": round(value, 2), "currency": "USD", "period": "month"}}
    if clause.fact == "audience_age.max":
        return {"audience_age": {"min": 18, "max": int(value)}}
    if clause.fact == "audience_age.min":
        return {"audience_age": {"min": int(value), "max": max(int(value), 60)}}
    return {clause.fact: value}


def profile_changes(condition: Condition | None) -> dict[str, Any] | None:
    """Changes that make ``condition`` hold, or None when it tests plan facts."""
    if condition is None:
        return {}
    clauses = list(condition.all) + ([condition.any[0]] if condition.any else [])
    if any(c.fact.startswith("plan.") for c in clauses):
        return None
    out: dict[str, Any] = {}
    for c in clauses:
        out.update(changes_for(c))
    return out
