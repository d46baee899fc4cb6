"""Who may use the app, and from where: a Host allow-list (a page on another site cannot reach the app by
DNS rebinding), the start-up token of single-user mode (as notebook servers do: ``mizaan serve`` prints its
address with a token; opening it signs the browser in, and a browser without it sees no page with data),
and CSRF protection on every form (a token bound to the browser's own cookie, plus a refusal of any
cross-site POST).

Every browser gets a random ``mizaan_sid`` cookie; its CSRF token is an HMAC of that cookie under the
server's secret, so it needs no server-side state and every process of ``--workers N`` checks it alike.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import Request, Response
from markupsafe import Markup, escape
from starlette.datastructures import URL

from mizaan.web.accounts import Accounts

SID_COOKIE = "mizaan_sid"
AUTH_COOKIE = "mizaan_auth"
SESSION_COOKIE = "mizaan_session"
WORKSPACE_COOKIE = "mizaan_ws"
# what each role may send: uploads and keeping things need an editor, deleting and members an owner; a
# viewer may make a plan (it is kept only for an editor or owner)
EDITOR_PATHS = ("/measure/upload", "/measure/keep", "/measure/tracking/feed", "/vet", "/workspace/plans", "/tracking/")
OWNER_SUFFIX = "/delete"
OWNER_PATHS = ("/workspace/members",)
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
OPEN_PATHS = ("/static/", "/fonts/", "/health", "/favicon.ico", "/report.css")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Guard:
    """The app's access rules. ``token``: the start-up token (None: no sign-in, as in a library's tests);
    ``hosts``: the host names the app answers to (without port); ``secret``: the key of its cookies."""

    token: str | None = None
    hosts: tuple[str, ...] = LOOPBACK_NAMES
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    accounts: Accounts | None = None  # accounts mode: sign-in by name and password, roles per workspace
    secure: bool = False  # served behind an HTTPS proxy: every cookie is marked Secure (``--behind-https``)

    def _mac(self, what: str) -> str:
        return hmac.new(self.secret, what.encode("utf-8"), hashlib.sha256).hexdigest()

    def host_allowed(self, request: Request) -> bool:
        host = request.headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.lower() in self.hosts

    def signed_in(self, request: Request) -> bool:
        if self.accounts is not None:
            return self.accounts.session_user(request.cookies.get(SESSION_COOKIE)) is not None
        if self.token is None:
            return True
        cookie = request.cookies.get(AUTH_COOKIE, "")
        return hmac.compare_digest(cookie, self._mac("auth:" + self.token))

    def sign_in(self, request: Request) -> str | None:
        """The auth cookie's value when the request carries the right start-up token, else None."""
        given = request.query_params.get("token")
        if self.token is None or given is None or not hmac.compare_digest(given, self.token):
            return None
        return self._mac("auth:" + self.token)

    def sid(self, request: Request) -> str:
        """The browser's cookie ID (a new one when it has none; ``ensure_sid`` then sets it)."""
        found = request.cookies.get(SID_COOKIE)
        if found and len(found) <= 64:
            return found
        new: str = request.scope.setdefault("mizaan.sid", secrets.token_urlsafe(24))
        return new

    def csrf_token(self, request: Request) -> str:
        return self._mac("csrf:" + self.sid(request))

    def csrf_ok(self, request: Request, given: str | None) -> bool:
        if not given:
            return False
        return hmac.compare_digest(given, self.csrf_token(request))

    def cross_site(self, request: Request) -> bool:
        """A browser says the POST comes from another site (``Sec-Fetch-Site``, else ``Origin``)."""
        site = request.headers.get("sec-fetch-site")
        if site is not None:
            return site not in ("same-origin", "none")
        origin = request.headers.get("origin")
        if origin is None or origin == "null":
            return origin == "null"
        return URL(origin).netloc != request.headers.get("host", "")


class CsrfError(Exception):
    """A POST without this browser's CSRF token (a forged or stale form); answered with a 403 page."""


async def check_csrf(request: Request) -> None:
    """The routers' dependency: an unsafe request needs the CSRF token, in its ``X-CSRF-Token`` header or
    its form's ``csrf`` field. Multipart uploads are checked by ``receive`` as they stream (the field
    comes before the files)."""
    if request.method not in UNSAFE:
        return
    g = guard(request)
    if g.csrf_ok(request, request.headers.get(CSRF_HEADER)):
        return
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        return
    form = await request.form()
    given = form.get(CSRF_FIELD)
    if not g.csrf_ok(request, given if isinstance(given, str) else None):
        raise CsrfError


def needed_role(method: str, path: str) -> str:
    """The least role a request needs in accounts mode."""
    if path.startswith(OWNER_PATHS):
        return "owner"
    if method not in UNSAFE:
        return "viewer"
    if path.endswith(OWNER_SUFFIX):
        return "owner"
    if path.startswith(EDITOR_PATHS):
        return "editor"
    return "viewer"


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None = None) -> None:
    """An HttpOnly, SameSite=Lax cookie, marked Secure when the request came over HTTPS (directly, or as a
    trusted proxy's ``X-Forwarded-Proto`` says) or the app was told it is served behind an HTTPS proxy."""
    secure = guard(request).secure or request.url.scheme == "https"
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax", secure=secure)


def guard(request: Request) -> Guard:
    g: Guard = request.app.state.guard
    return g


def csrf_field(request: Request) -> Markup:
    """The hidden form field every POST form carries (first, so that an upload is checked before its files)."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        CSRF_FIELD, escape(guard(request).csrf_token(request))
    )


def without_token(request: Request) -> str:
    """The URL the browser is sent to after signing in: the same page without the token in its address."""
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
    return request.url.path + (f"?{query}" if query else "")


def new_token() -> str:
    return secrets.token_urlsafe(24)


__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "CsrfError",
    "Guard",
    "check_csrf",
    "csrf_field",
    "guard",
    "is_loopback",
    "new_token",
    "set_cookie",
    "without_token",
]
