"""Render a plan in one of the supported formats."""

from __future__ import annotations

from mizaan.i18n import DigitStyle
from mizaan.plan.model import Plan

FORMATS = ("text", "json", "md", "html")


def render_plan(plan: Plan, fmt: str, digits: DigitStyle | None = None, explain: bool = False, width: int = 110) -> str:
    """The plan as ``text`` (what the terminal shows), ``json``, ``md`` or ``html``."""
    if fmt == "json":
        return plan.model_dump_json(indent=2)
    if fmt == "md":
        from mizaan.report.markdown import plan_markdown

        return plan_markdown(plan, digits)
    if fmt == "html":
        from mizaan.report.html import plan_html

        return plan_html(plan, digits)
    if fmt == "text":
        from mizaan.report.text import plan_text

        return plan_text(plan, digits, explain=explain, width=width)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
