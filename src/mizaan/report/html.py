"""The plan as a standalone HTML page (no request to any other host): the plan's document rendered by the
report templates, right-to-left in Arabic, the channel split drawn with CSS beside its table. The PDF
prints this page; the web plan page includes the same body with its charts drawn as inline SVG."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from mizaan.i18n import DigitStyle
from mizaan.plan import Plan
from mizaan.report.document import NUMERIC_KINDS, Chart, Document
from mizaan.report.plan_document import plan_document

_ENV: Environment | None = None


def environment() -> Environment:
    """The Jinja environment of mizaan's report templates (autoescaping on: user text is escaped)."""
    global _ENV
    if _ENV is None:
        _ENV = Environment(
            loader=PackageLoader("mizaan.report", "templates"),
            autoescape=select_autoescape(["html", "j2"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENV


def document_context(
    doc: Document, draw: Callable[[Chart], Markup | None] | None = None, web: bool = False
) -> dict[str, Any]:
    """What ``plan_body.html.j2`` needs: the document, and for the web page a chart drawer and its tools."""
    return {"doc": doc, "draw": draw, "web": web, "numeric": NUMERIC_KINDS}


def plan_context(plan: Plan, digits: DigitStyle | None = None) -> dict[str, Any]:
    """The standalone report's context for a plan."""
    return document_context(plan_document(plan, digits, explain=True))


def plan_html(plan: Plan, digits: DigitStyle | None = None) -> str:
    return environment().get_template("plan_report.html.j2").render(**plan_context(plan, digits))
