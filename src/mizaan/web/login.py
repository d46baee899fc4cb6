"""Signing in and out in accounts mode (``mizaan serve --accounts``): a name and password checked against
the Argon2 hash (in the worker pool: a hash costs tens of milliseconds on purpose), then a session cookie."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mizaan.web.render import render
from mizaan.web.security import SESSION_COOKIE, guard
from mizaan.web.work import heavy

router = APIRouter()


def _next(value: str | None) -> str:
    """Where to go after signing in: a path of this app only (never another site)."""
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html.j2", next=_next(request.query_params.get("next")), failed=False)


@router.post("/login")
async def login(request: Request) -> Response:
    g = guard(request)
    form = await request.form()
    name, password = str(form.get("name") or "").strip(), str(form.get("password") or "")
    target = _next(str(form.get("next") or ""))
    if g.accounts is None:
        return RedirectResponse("/", status_code=303)
    if not await heavy(request, g.accounts.check, name, password):
        return render(request, "login.html.j2", next=target, failed=True, name=name)
    response = RedirectResponse(target, status_code=303)
    token = await heavy(request, g.accounts.start_session, name)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", max_age=12 * 3600)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    g = guard(request)
    if g.accounts is not None:
        g.accounts.end_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
