"""The plan as a standalone HTML page (no request to any other host): right-to-left in Arabic, charts
drawn with CSS and inline SVG, each with a table beside it."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from mizaan.i18n import DigitStyle, t
from mizaan.plan.model import Plan
from mizaan.report.formatting import PlanFormatter

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


def plan_context(plan: Plan, digits: DigitStyle | None = None) -> dict[str, Any]:
    """Everything a template needs to show a plan: the plan, a formatter and the translation function."""
    f = PlanFormatter.for_plan(plan, digits)
    lang = plan.lang

    def tr(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    return {"plan": plan, "f": f, "t": tr, "lang": lang, "dir": "rtl" if lang == "ar" else "ltr"}


def plan_html(plan: Plan, digits: DigitStyle | None = None) -> str:
    return environment().get_template("plan_report.html.j2").render(**plan_context(plan, digits))
