"""The FastAPI application: pages, downloads, static files, and error pages that never show a traceback."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from mizaan.i18n import t
from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.report.pdf import fonts_dir
from mizaan.web.locale import DIGITS_COOKIE, LANG_COOKIE, Prefs, prefs

log = logging.getLogger("mizaan.web")

SECURITY_HEADERS = {
    # the app never loads anything from another host
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


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
        from urllib.parse import urlencode

        return f"{request.url.path}?{urlencode(query)}"

    html = env.get_template(template).render(
        t=tr,
        lang=p.lang,
        dir="rtl" if p.lang == "ar" else "ltr",
        prefs=p,
        url_with=url_with,
        request=request,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    response.set_cookie(LANG_COOKIE, p.lang, samesite="lax", max_age=31536000)
    if p.digits:
        response.set_cookie(DIGITS_COOKIE, p.digits, samesite="lax", max_age=31536000)
    return response


def create_app(kb: KnowledgeBase | None = None, example: Path | None = None) -> FastAPI:
    """The mizaan web app over ``kb`` (the built-in knowledge base by default); ``example`` is a profile
    file whose plan ``/example`` shows."""
    app = FastAPI(title="mizaan", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.kb = kb or load_knowledge_base()
    app.state.example = example
    app.state.templates = templates()
    static = Path(str(resources.files("mizaan.web").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.mount("/fonts", StaticFiles(directory=fonts_dir()), name="fonts")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        key = "web.error.not_found" if exc.status_code == 404 else "web.error.http"
        return render(request, "error.html.j2", status=exc.status_code, message_key=key, details=[])

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> HTMLResponse:
        return render(request, "error.html.j2", status=400, message_key="web.error.bad_request", details=[])

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> HTMLResponse:
        log.exception("unexpected error on %s", request.url.path)
        return render(request, "error.html.j2", status=500, message_key="web.error.unexpected", details=[])

    report_css = resources.files("mizaan.report").joinpath("templates", "report.css").read_text(encoding="utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/report.css", include_in_schema=False)
    def css() -> Response:
        return Response(report_css, media_type="text/css")

    from mizaan.web.pages import router

    app.include_router(router)
    return app
