"""Rendering a page: the templates (the web's own, then the report's for the plan body) and the language,
digits and direction of the request."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from mizaan.i18n import t
from mizaan.web.locale import DIGITS_COOKIE, LANG_COOKIE, Prefs, prefs
from mizaan.web.security import csrf_field, set_cookie


def templates() -> Environment:
    """The web pages' templates; the plan's body comes from the report package (the same as the download)."""
    loader = ChoiceLoader([PackageLoader("mizaan.web", "templates"), PackageLoader("mizaan.report", "templates")])
    return Environment(
        loader=loader, autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True
    )


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page in the request's language, remembering the language and digit choice in cookies."""
    p: Prefs = context.pop("prefs", None) or prefs(request)
    env: Environment = request.app.state.templates

    def tr(key: str, **params: Any) -> str:
        return t(key, p.lang, **params)

    def url_with(**params: str) -> str:
        query = dict(request.query_params)
        query.update(params)
        return f"{request.url.path}?{urlencode(query)}"

    html = env.get_template(template).render(
        t=tr,
        lang=p.lang,
        dir="rtl" if p.lang == "ar" else "ltr",
        prefs=p,
        url_with=url_with,
        request=request,
        csrf_field=lambda: csrf_field(request),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    set_cookie(request, response, LANG_COOKIE, p.lang, max_age=31536000)
    if p.digits:
        set_cookie(request, response, DIGITS_COOKIE, p.digits, max_age=31536000)
    return response
