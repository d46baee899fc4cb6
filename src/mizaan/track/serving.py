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
import functools
import os
import signal
import socket
import sys
from collections.abc import Callable

from mizaan.track.lean import serve_lean
from mizaan.track.redirect import RedirectApp
from mizaan.track.store import ClickWriter, TrackStore, open_store

WriterFactory = Callable[[TrackStore, asyncio.AbstractEventLoop], ClickWriter]


def serve(
    target: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    server: str = "lean",
    country_header: str | None = None,
    forwarded_allow_ips: str | None = None,
    processes: int = 1,
    writers: str = "one",
) -> None:
    """Serve the links of the store at ``target``: with the lean server (``mizaan.track.lean``) or uvicorn
    (uvloop and httptools when installed, its access log off). Neither writes an IP address to a log."""
    if processes > 1:

        def make_app(writer_factory: WriterFactory) -> RedirectApp:
            store = open_store(target)
            return RedirectApp(store, writer_factory=writer_factory, country_header=country_header)

        serve_processes(make_app, host, port, processes, writer_store=target if writers == "one" else None)
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


def _pipe_writer(sock: socket.socket) -> WriterFactory:
    def make(store: TrackStore, loop: asyncio.AbstractEventLoop) -> ClickWriter:
        from mizaan.track.pipewriter import PipeWriter

        return PipeWriter(sock, loop)

    return make


def serve_processes(
    make_app: Callable[[WriterFactory], RedirectApp],
    host: str,
    port: int,
    processes: int,
    *,
    writer_store: str | None = None,
) -> None:
    """``processes`` lean servers of ``make_app(writer_factory)`` (called in each child) on one port;
    returns when they have all stopped (see the module's docstring). With ``writer_store``, one more
    process commits every server's clicks to that store (``--writers one``); without, each server has its
    own writer on the shared SQLite file (``--writers each``)."""
    pairs = [socket.socketpair() for _ in range(processes)] if writer_store is not None else []
    children: list[int] = []
    if writer_store is not None:
        children.append(_fork(lambda: _writer_body(writer_store, [mine for mine, _ in pairs])))
        for mine, _ in pairs:
            mine.close()
    for i in range(processes):
        factory = _pipe_writer(pairs[i][1]) if pairs else _shared_writer
        children.append(_fork(functools.partial(_serve_one, make_app, factory, host, port)))
    for _, theirs in pairs:
        theirs.close()

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


def _serve_one(make_app: Callable[[WriterFactory], RedirectApp], factory: WriterFactory, host: str, port: int) -> None:
    serve_lean(make_app(factory), host, port, reuse_port=True)


def _writer_body(target: str, socks: list[socket.socket]) -> None:
    from mizaan.track.pipewriter import run_writer_process

    run_writer_process(open_store(target), socks)


def _fork(body: Callable[[], None]) -> int:
    """A child process that runs ``body`` and exits (never returning into the parent's code)."""
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        _die_with_parent()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        body()
    except BaseException:  # a child reports and exits; the parent sees its status
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


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
