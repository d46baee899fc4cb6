"""Serving the redirect service: the lean server (``track/lean.py``) or uvicorn, over one ``RedirectApp``.
Kept apart from ``redirect.py`` so that the lean server, which serves a ``RedirectApp``, and the choice
between servers do not import each other.

``processes`` > 1 (lean server, SQLite store): that many server processes, forked from this one, each
listening on the same port with ``SO_REUSEPORT`` (the kernel spreads the connections) and each with its own
group-commit writer; their commits take turns on one lock file (``GroupCommitWriter(shared=True)``), so
that every 302 still goes out only after its click is committed. The parent only watches: SIGTERM or
SIGINT stops them all, and a child that dies takes the others down with it (a supervisor restarts the
whole service), so that a service never runs on with fewer processes than it was asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Callable

from mizaan.track.lean import serve_lean
from mizaan.track.redirect import RedirectApp
from mizaan.track.store import ClickWriter, TrackStore, open_store


def serve(
    target: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    server: str = "lean",
    country_header: str | None = None,
    forwarded_allow_ips: str | None = None,
    processes: int = 1,
) -> None:
    """Serve the links of the store at ``target``: with the lean server (``mizaan.track.lean``) or uvicorn
    (uvloop and httptools when installed, its access log off). Neither writes an IP address to a log."""
    if processes > 1:

        def make_app() -> RedirectApp:
            store = open_store(target)
            return RedirectApp(store, writer_factory=_shared_writer, country_header=country_header)

        serve_processes(make_app, host, port, processes)
        return
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


def _shared_writer(store: TrackStore, loop: asyncio.AbstractEventLoop) -> ClickWriter:
    from mizaan.track.writer import GroupCommitWriter

    return GroupCommitWriter(store, loop, shared=True)


def serve_processes(make_app: Callable[[], RedirectApp], host: str, port: int, processes: int) -> None:
    """``processes`` lean servers of ``make_app()`` (called in each child) on one port; returns when they
    have all stopped (see the module's docstring)."""
    children: list[int] = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:  # the child: serve until told to stop, then leave without running the parent's code
            code = 0
            try:
                _die_with_parent()
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                serve_lean(make_app(), host, port, reuse_port=True)
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                sys.stderr.flush()
                os._exit(code)
        children.append(pid)

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    alive = set(children)
    while alive:
        pid, _status = os.wait()
        alive.discard(pid)
        if alive:  # one ended (stopped, or died): the others follow
            stop(signal.SIGTERM, None)


def _die_with_parent() -> None:
    """Linux: this process gets SIGKILL when its parent dies (a parent killed with -9 leaves no orphan
    serving). Elsewhere nothing is done."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)
