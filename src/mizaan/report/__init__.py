"""Plans (and later evidence) rendered for people and tools: terminal text, JSON, Markdown, HTML.

All number, money and date formatting goes through ``PlanFormatter`` so every format shows the same
figures the same way for a language, country and digit style."""

from mizaan.report.formatting import PlanFormatter
from mizaan.report.render import BINARY_FORMATS, FORMATS, render_plan, render_plan_bytes

__all__ = ["BINARY_FORMATS", "FORMATS", "PlanFormatter", "render_plan", "render_plan_bytes"]
