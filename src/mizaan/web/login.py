"""Signing in and out in accounts mode (``mizaan serve --accounts``): a name and password checked against
the Argon2 hash (in the worker pool: a hash costs tens of milliseconds on purpose), then a session cookie.

Failed attempts are counted per account and per address (``Accounts.wait_s``): past the limit the page says
how long to wait, and the password is not even checked until then, so guessing is slow whichever way it is
spread."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mizaan.i18n import Counted, NumberFormatter, t
from mizaan.web.accounts import SESSION_S, Accounts
from mizaan.web.locale import prefs
from mizaan.web.render import render
from mizaan.web.security import SESSION_COOKIE, guard, set_cookie
from mizaan.web.work import heavy

router = APIRouter()


def _next(value: str | None) -> str:
    """Where to go after signing in: a path of this app only (never another site)."""
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html.j2", next=_next(request.query_params.get("next")), failed=False)


def _attempt(accounts: Accounts, name: str, password: str, address: str | None) -> tuple[int, str | None]:
    """(seconds to wait, None) while the account or address must wait; (0, session token or None) else."""
    wait = accounts.wait_s(name, address)
    if wait:
        return wait, None
    if not accounts.check(name, password):
        accounts.failed(name, address)
        return 0, None
    accounts.succeeded(name)
    return 0, accounts.start_session(name)


@router.post("/login")
async def login(request: Request) -> Response:
    g = guard(request)
    form = await request.form()
    # a name is at most 64 characters: a longer one is cut to 65 (no such user) so that counting its
    # failures stores a bounded key
    name, password = str(form.get("name") or "").strip()[:65], str(form.get("password") or "")
    target = _next(str(form.get("next") or ""))
    if g.accounts is None:
        return RedirectResponse("/", status_code=303)
    address = request.client.host if request.client else None
    wait, token = await heavy(request, _attempt, g.accounts, name, password, address)
    if wait:
        p = prefs(request)
        minutes = math.ceil(wait / 60)
        shown = NumberFormatter(p.lang, digits=p.digits).num(minutes)
        text = t("web.login.wait", p.lang, count=Counted(minutes, shown))
        page = render(request, "login.html.j2", status=429, next=target, failed=False, name=name, wait=text)
        page.headers["Retry-After"] = str(wait)
        return page
    if token is None:
        return render(request, "login.html.j2", next=target, failed=True, name=name)
    response = RedirectResponse(target, status_code=303)
    set_cookie(request, response, SESSION_COOKIE, token, max_age=SESSION_S)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    g = guard(request)
    if g.accounts is not None:
        g.accounts.end_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
