"""A lean HTTP/1.1 server for the redirect service: asyncio protocols with httptools' parser (the one
uvicorn uses) and nothing between the parser and ``RedirectApp.respond``.

It exists because the redirect's own work is a few microseconds and uvicorn's ASGI machinery around it
costs several times that (measured: bench/track_redirects.py runs both). It serves only what the redirect
service needs: GET and HEAD, keep-alive, requests answered in order on each connection (pipelining), bodies
ignored, a 400 for what does not parse. Both servers run the same ``respond``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections import deque
from typing import Any, cast
from urllib.parse import unquote

import httptools

from mizaan.track.redirect import RedirectApp

log = logging.getLogger("mizaan.track")

_REASONS = {200: b"OK", 302: b"Found", 400: b"Bad Request", 404: b"Not Found", 405: b"Method Not Allowed",
            410: b"Gone", 503: b"Service Unavailable"}  # fmt: skip
MAX_HEADER_BYTES = 16 * 1024
IDLE_SECONDS = 75.0  # a keep-alive connection with no request for this long is closed
_BAD = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


class _Connection(asyncio.Protocol):
    def __init__(self, app: RedirectApp, open_connections: set[_Connection]) -> None:
        self.app = app
        self.open_connections = open_connections
        self.last_active = time.monotonic()
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpRequestParser(self)
        self.ip = ""
        self.url = b""
        self.headers: dict[bytes, bytes] = {}
        self.size = 0
        self.pending: deque[tuple[str, bytes, dict[bytes, bytes], bool]] = deque()
        self.worker: asyncio.Task[None] | None = None

    # --- asyncio ---------------------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's transports are not asyncio's classes
        self.open_connections.add(self)
        peer = transport.get_extra_info("peername")
        self.ip = str(peer[0]) if peer else ""

    def data_received(self, data: bytes) -> None:
        self.last_active = time.monotonic()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail()
        except httptools.HttpParserError:
            self._fail()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        self.open_connections.discard(self)

    def close_if_idle(self, now: float) -> None:
        busy = self.pending or (self.worker is not None and not self.worker.done())
        if self.transport is not None and not busy and now - self.last_active > IDLE_SECONDS:
            self.transport.close()

    # --- httptools callbacks ---------------------------------------------------------------------------
    def on_message_begin(self) -> None:
        self.url = b""
        self.headers = {}
        self.size = 0

    def on_url(self, url: bytes) -> None:
        self.url += url
        self.size += len(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self.size += len(name) + len(value)
        if self.size > MAX_HEADER_BYTES:
            raise httptools.HttpParserError("headers too large")
        self.headers[name.lower()] = value

    def on_message_complete(self) -> None:
        method = self.parser.get_method().decode("ascii", "replace")
        self.pending.append((method, self.url, self.headers, self.parser.should_keep_alive()))
        if self.worker is None or self.worker.done():
            self.worker = asyncio.ensure_future(self._answer_in_order())

    # --- answers ---------------------------------------------------------------------------------------
    async def _answer_in_order(self) -> None:
        while self.pending:
            method, url, headers, keep_alive = self.pending.popleft()
            try:
                path = unquote(httptools.parse_url(url).path.decode("latin-1"))
            except httptools.HttpParserInvalidURLError:
                self._fail()
                return
            status, out, body = await self.app.respond(method, path, headers, self.ip)
            if self.transport is None:
                return
            head = [b"HTTP/1.1 %d %s\r\n" % (status, _REASONS.get(status, b""))]
            head.extend(b"%s: %s\r\n" % pair for pair in out)
            if not keep_alive:
                head.append(b"connection: close\r\n")
            head.append(b"\r\n")
            self.transport.write(b"".join(head) + body)
            if not keep_alive:
                self.transport.close()
                return

    def _fail(self) -> None:
        if self.transport is not None:
            self.transport.write(_BAD)
            self.transport.close()


async def _close_idle(connections: set[_Connection]) -> None:
    while True:
        await asyncio.sleep(min(5.0, IDLE_SECONDS / 2))
        now = time.monotonic()
        for conn in list(connections):
            conn.close_if_idle(now)


async def run_lean(app: RedirectApp, host: str, port: int, ready: asyncio.Event | None = None) -> None:
    """Serve ``app`` on ``host:port`` until SIGINT or SIGTERM (or the task is cancelled)."""
    loop = asyncio.get_running_loop()
    await app.startup()
    connections: set[_Connection] = set()
    server = await loop.create_server(
        lambda: _Connection(app, connections), host, port, backlog=4096, reuse_address=True
    )
    sweeper = asyncio.ensure_future(_close_idle(connections))
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    if ready is not None:
        ready.set()
    try:
        await stop.wait()
    finally:
        sweeper.cancel()
        server.close()  # open keep-alive connections are not waited for
        await app.shutdown()


def serve_lean(app: RedirectApp, host: str, port: int) -> None:
    """``run_lean`` on uvloop when it is installed (asyncio's own loop otherwise)."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency on Linux and macOS
        asyncio.run(run_lean(app, host, port))
        return
    runner: Any = uvloop.run
    runner(run_lean(app, host, port))
