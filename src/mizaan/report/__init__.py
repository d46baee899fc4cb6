"""Plans (and later evidence) rendered for people and tools: terminal text, JSON, Markdown, HTML.

All number, money and date formatting goes through ``PlanFormatter`` so every format shows the same
figures the same way for a language, country and digit style."""

from mizaan.report.formatting import PlanFormatter
from mizaan.report.render import FORMATS, render_plan

__all__ = ["FORMATS", "PlanFormatter", "render_plan"]
