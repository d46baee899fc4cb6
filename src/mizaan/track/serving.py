"""Serving the redirect service: the lean server (``track/lean.py``) or uvicorn, over one ``RedirectApp``.
Kept apart from ``redirect.py`` so that the lean server, which serves a ``RedirectApp``, and the choice
between servers do not import each other."""

from __future__ import annotations

from mizaan.track.lean import serve_lean
from mizaan.track.redirect import RedirectApp
from mizaan.track.store import open_store


def serve(
    target: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    server: str = "lean",
    country_header: str | None = None,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Serve the links of the store at ``target``: with the lean server (``mizaan.track.lean``) or uvicorn
    (uvloop and httptools when installed, its access log off). Neither writes an IP address to a log."""
    app = RedirectApp(open_store(target), country_header=country_header)
    if server == "lean":
        serve_lean(app, host, port)
        return
    import uvicorn

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        lifespan="on",
        server_header=False,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        backlog=4096,
    )
    uvicorn.Server(config).run()
