"""The planner: response curves from the knowledge base (or, later, from data), the optimiser that splits
a budget over them, and the plan built around the split (influencer decision, campaign blueprint, KPIs,
tracking, warnings, forecast, what would change it)."""

from mizaan.plan.curves import ResponseCurve
from mizaan.plan.model import Plan
from mizaan.plan.planner import make_plan

__all__ = ["Plan", "ResponseCurve", "make_plan"]
