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
from starlette.exceptions import HTTPException as StarletteHTTPException

from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.report import fonts_dir
from mizaan.web.render import render, templates

log = logging.getLogger("mizaan.web")

SECURITY_HEADERS = {
    # the app never loads anything from another host
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def create_app(
    kb: KnowledgeBase | None = None,
    example: Path | None = None,
    store: Path | None = None,
    truth: Path | None = None,
) -> FastAPI:
    """The mizaan web app over ``kb`` (the built-in knowledge base by default); ``example`` is a profile
    file whose plan ``/example`` shows; ``store`` a project store that ``/measure`` measures (with the
    ``truth`` of a simulated world beside it)."""
    app = FastAPI(title="mizaan", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.kb = kb or load_knowledge_base()
    app.state.example = example
    app.state.store = store
    app.state.truth = truth
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

    from mizaan.web.measure_pages import router as measure_router
    from mizaan.web.measure_upload import router as upload_router
    from mizaan.web.pages import router
    from mizaan.web.vetting import router as vetting_router

    app.include_router(router)
    app.include_router(measure_router)
    app.include_router(upload_router)
    app.include_router(vetting_router)
    return app
