"""The tracking API and webhook receivers in front of the web app (``mizaan serve --track-db FILE``).

Requests under ``/api/track/`` and ``/hooks/`` go to the tracking API before the web app's sign-in and
CSRF checks: they carry their own proof (a workspace's API token, a platform's signature on the raw body)
and no cookie, so a cross-site form can forge nothing there. The web app's Host allow-list still applies
to them. Everything else goes to the web app unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

from mizaan.i18n import LANGS, t
from mizaan.track import api as track_api

TRACK_PREFIXES = ("/api/track/", "/api/track", "/hooks/")


class TrackDispatch:
    """ASGI middleware: the tracking API for its paths, the wrapped app for the rest."""

    def __init__(self, app: ASGIApp, db: Path, hosts: tuple[str, ...]) -> None:
        self.app = app
        self.hosts = hosts
        self.track = track_api.create_api(db)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or not path.startswith(TRACK_PREFIXES):
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.lower() not in self.hosts:
            body = json.dumps({"error": {lang: t("web.error.host", lang) for lang in LANGS}, "problems": []})
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"application/json")]})  # fmt: skip
            await send({"type": "http.response.body", "body": body.encode("utf-8")})
            return
        await self.track(scope, receive, send)
