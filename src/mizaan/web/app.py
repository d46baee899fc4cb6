"""The FastAPI application: pages, downloads, static files, and error pages that never show a traceback."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.report import fonts_dir
from mizaan.web.accounts import rank
from mizaan.web.pdf_pool import PdfPool
from mizaan.web.render import render, templates
from mizaan.web.security import (
    AUTH_COOKIE,
    OPEN_PATHS,
    SESSION_COOKIE,
    SID_COOKIE,
    UNSAFE,
    WORKSPACE_COOKIE,
    CsrfError,
    Guard,
    check_csrf,
    needed_role,
    set_cookie,
    without_token,
)
from mizaan.web.storage import DataDir, default_data_dir
from mizaan.web.work import make_limiter

log = logging.getLogger("mizaan.web")

SECURITY_HEADERS = {
    # the app never loads anything from another host
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


async def _guarded(request: Request, call_next: Any) -> Response:
    """The Host allow-list, the start-up token's sign-in and the refusal of cross-site POSTs, before any
    page is made."""
    g: Guard = request.app.state.guard
    if not g.host_allowed(request):
        return render(request, "error.html.j2", status=400, message_key="web.error.host", details=[])
    if request.url.path.startswith(OPEN_PATHS):
        response: Response = await call_next(request)
        return response
    if g.accounts is not None:
        return await _member(request, call_next, g)
    cookie = g.sign_in(request)
    if cookie is not None:
        signed = RedirectResponse(without_token(request), status_code=303)
        set_cookie(request, signed, AUTH_COOKIE, cookie)
        return signed
    if not g.signed_in(request):
        return render(request, "error.html.j2", status=401, message_key="web.error.sign_in", details=[])
    if request.method in UNSAFE and g.cross_site(request):
        return render(request, "error.html.j2", status=403, message_key="web.error.csrf", details=[])
    response = await call_next(request)
    return response


async def _member(request: Request, call_next: Any, g: Guard) -> Response:
    """Accounts mode: the signed-in user, the workspace this request is in (``?ws=`` among the user's,
    remembered in a cookie), and whether the user's role there allows the request."""
    assert g.accounts is not None
    if request.url.path in ("/login", "/logout"):
        response: Response = await call_next(request)
        return response
    user = g.accounts.session_user(request.cookies.get(SESSION_COOKIE))
    if user is None:
        if request.method == "GET":
            return RedirectResponse(f"/login?{urlencode({'next': without_token(request)})}", status_code=303)
        return render(request, "error.html.j2", status=401, message_key="web.error.sign_in_user", details=[])
    roles = g.accounts.roles(user)
    asked = request.query_params.get("ws") or request.cookies.get(WORKSPACE_COOKIE)
    workspace = asked if asked in roles else (sorted(roles)[0] if roles else None)
    if workspace is None:
        return render(request, "error.html.j2", status=403, message_key="web.error.no_workspace", details=[])
    request.state.user, request.state.workspace, request.state.role = user, workspace, roles[workspace]
    request.state.workspaces = sorted(roles)
    if rank(roles[workspace]) < rank(needed_role(request.method, request.url.path)):
        return render(request, "error.html.j2", status=403, message_key="web.error.role", details=[])
    if request.method in UNSAFE and g.cross_site(request):
        return render(request, "error.html.j2", status=403, message_key="web.error.csrf", details=[])
    response = await call_next(request)
    if request.cookies.get(WORKSPACE_COOKIE) != workspace:
        set_cookie(request, response, WORKSPACE_COOKIE, workspace)
    return response


def create_app(
    kb: KnowledgeBase | None = None,
    example: Path | None = None,
    store: Path | None = None,
    truth: Path | None = None,
    *,
    data: Path | None = None,
    guard: Guard | None = None,
    threads: int | None = None,
    pdf: PdfPool | None = None,
    track: Path | None = None,
) -> FastAPI:
    """The mizaan web app over ``kb`` (the built-in knowledge base by default); ``example`` is a profile
    file whose plan ``/example`` shows; ``store`` a project store that ``/measure`` measures (with the
    ``truth`` of a simulated world beside it); ``data`` the folder that keeps uploads (``default_data_dir``);
    ``guard`` who may use it (by default: loopback host names only, no sign-in); ``threads`` the size of
    the worker pool; ``pdf`` the browser that prints PDFs (one is started on the first PDF); ``track`` the
    tracking database whose API and webhooks are served under ``/api/track/`` and ``/hooks/`` and whose
    side-by-side report ``/measure/tracking`` shows."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await anyio.to_thread.run_sync(app.state.pdf.close)  # the PDF browser goes with the app

    app = FastAPI(
        title="mizaan",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(check_csrf)],
        lifespan=lifespan,
    )
    app.state.kb = kb or load_knowledge_base()
    app.state.example = example
    app.state.store = store
    app.state.truth = truth
    app.state.templates = templates()
    app.state.data = DataDir(data or default_data_dir())
    app.state.guard = guard or Guard()
    app.state.limiter = make_limiter(threads)
    app.state.pdf = pdf or PdfPool()
    app.state.track_db = track
    static = Path(str(resources.files("mizaan.web").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.mount("/fonts", StaticFiles(directory=fonts_dir()), name="fonts")

    @app.middleware("http")
    async def security(request: Request, call_next: Any) -> Response:
        response = await _guarded(request, call_next)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        sid = request.scope.get("mizaan.sid")
        if sid and SID_COOKIE not in request.cookies:
            set_cookie(request, response, SID_COOKIE, sid)
        return response

    @app.exception_handler(CsrfError)
    async def forged(request: Request, exc: CsrfError) -> HTMLResponse:
        return render(request, "error.html.j2", status=403, message_key="web.error.csrf", details=[])

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

    from mizaan.web.evidence_pages import router as evidence_router
    from mizaan.web.login import router as login_router
    from mizaan.web.measure_pages import router as measure_router
    from mizaan.web.measure_upload import router as upload_router
    from mizaan.web.members import router as members_router
    from mizaan.web.pages import router
    from mizaan.web.track_links_page import router as track_links_router
    from mizaan.web.track_mount import TrackDispatch
    from mizaan.web.track_pages import router as track_router
    from mizaan.web.vetting import router as vetting_router
    from mizaan.web.workspace import router as workspace_router

    app.include_router(router)
    app.include_router(login_router)
    app.include_router(measure_router)
    app.include_router(upload_router)
    app.include_router(vetting_router)
    app.include_router(workspace_router)
    app.include_router(members_router)
    app.include_router(evidence_router)
    app.include_router(track_router)
    app.include_router(track_links_router)
    if track is not None:
        app.add_middleware(TrackDispatch, db=track, hosts=app.state.guard.hosts)
    return app
