"""Render a plan in one of the supported formats."""

from __future__ import annotations

from mizaan.i18n import DigitStyle
from mizaan.plan import Plan

FORMATS = ("text", "json", "md", "html", "csv", "pdf")
BINARY_FORMATS = ("pdf",)


def render_plan_bytes(plan: Plan, fmt: str, digits: DigitStyle | None = None) -> bytes:
    """The plan in any format as bytes (PDF is binary; the text formats are UTF-8)."""
    if fmt == "pdf":
        from mizaan.report.pdf import plan_pdf

        return plan_pdf(plan, digits)
    return render_plan(plan, fmt, digits).encode("utf-8")


def render_plan(plan: Plan, fmt: str, digits: DigitStyle | None = None, explain: bool = False, width: int = 110) -> str:
    """The plan as ``text`` (what the terminal shows), ``json``, ``md``, ``html`` or ``csv``."""
    if fmt == "json":
        return plan.model_dump_json(indent=2)
    if fmt == "md":
        from mizaan.report.markdown import plan_markdown

        return plan_markdown(plan, digits)
    if fmt == "html":
        from mizaan.report.html import plan_html

        return plan_html(plan, digits)
    if fmt == "csv":
        from mizaan.report.tabular import plan_csv

        return plan_csv(plan)
    if fmt == "text":
        from mizaan.report.text import plan_text

        return plan_text(plan, digits, explain=explain, width=width)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
