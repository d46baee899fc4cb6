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
import re
import signal
import time
from collections import deque
from typing import Any, cast
from urllib.parse import unquote

import httptools

from mizaan.track.redirect import Pending, RedirectApp, Target

log = logging.getLogger("mizaan.track")

_REASONS = {200: b"OK", 302: b"Found", 400: b"Bad Request", 404: b"Not Found", 405: b"Method Not Allowed",
            410: b"Gone", 503: b"Service Unavailable"}  # fmt: skip
MAX_HEADER_BYTES = 16 * 1024
IDLE_SECONDS = 75.0  # a keep-alive connection with no request for this long is closed
_BAD = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
_CLOSE_END = b"connection: close\r\n\r\n"
_PLAIN_PATH = re.compile(rb"/[A-Za-z0-9_-]*")  # a path with nothing to parse or unquote (every short link)


class _Slot:
    """One request's place in its connection's answers (answered in order); ``data`` is its answer once
    known. A redirect's slot is answered by the click writer (``done``) or by the write timeout."""

    __slots__ = ("click_id", "close", "conn", "data", "deadline", "target")

    def __init__(self, conn: _Connection, data: bytes | None, close: bool, target: Target | None = None,
                 click_id: str = "", deadline: float = 0.0) -> None:  # fmt: skip
        self.conn = conn
        self.data = data
        self.close = close
        self.target = target
        self.click_id = click_id
        self.deadline = deadline

    def done(self, stored: bool) -> None:
        if self.data is not None:  # answered already (it timed out; the click may still have been stored)
            return
        target = self.target
        assert target is not None
        end = _CLOSE_END if self.close else b"\r\n"
        if stored:
            self.data = b"".join((target.head, self.click_id.encode(), target.tail, end))
        else:
            self.data = target.plain + end
        self.conn.flush()


class _Connection(asyncio.Protocol):
    def __init__(self, app: RedirectApp, open_connections: set[_Connection], waits: deque[_Slot]) -> None:
        self.app = app
        self.open_connections = open_connections
        self.waits = waits
        self.last_active = time.monotonic()
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpRequestParser(self)
        self.ip = ""
        self.url = b""
        self.headers: dict[bytes, bytes] = {}
        self.size = 0
        self.slots: deque[_Slot] = deque()

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
        if self.transport is not None and not self.slots and now - self.last_active > IDLE_SECONDS:
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
        """Answer now (a page, the health figures) or once the click is stored; answers leave in the order
        their requests came (pipelining)."""
        if self.transport is None:
            return
        close = not self.parser.should_keep_alive()
        url = self.url
        if _PLAIN_PATH.fullmatch(url):
            path = url.decode("ascii")
        else:
            try:
                path = unquote(httptools.parse_url(url).path.decode("latin-1"))
            except httptools.HttpParserInvalidURLError:
                self._fail()
                return
        method = self.parser.get_method().decode("ascii", "replace")
        answer = self.app.prepare(method, path, self.headers, self.ip)
        if isinstance(answer, Pending):
            click, target = answer
            slot = _Slot(self, None, close, target, click.click_id, time.monotonic() + self.app.write_timeout)
            self.slots.append(slot)
            self.waits.append(slot)
            assert self.app.writer is not None
            self.app.writer.submit(click, slot.done)
            return
        status, out, body = answer
        head = [b"HTTP/1.1 %d %s\r\n" % (status, _REASONS.get(status, b""))]
        head.extend(b"%s: %s\r\n" % pair for pair in out)
        head.append(_CLOSE_END if close else b"\r\n")
        head.append(body)
        self.slots.append(_Slot(self, b"".join(head), close))
        self.flush()

    # --- answers ---------------------------------------------------------------------------------------
    def flush(self) -> None:
        """Write the answers that are ready, in order, up to the first that still waits for its click."""
        slots = self.slots
        while slots and slots[0].data is not None:
            slot = slots.popleft()
            if self.transport is None:
                slots.clear()
                return
            self.transport.write(slot.data)  # type: ignore[arg-type]
            if slot.close:
                self.transport.close()
                slots.clear()
                return

    def _fail(self) -> None:
        if self.transport is not None:
            self.transport.write(_BAD)
            self.transport.close()
        self.slots.clear()


async def _close_idle(connections: set[_Connection]) -> None:
    while True:
        await asyncio.sleep(min(5.0, IDLE_SECONDS / 2))
        now = time.monotonic()
        for conn in list(connections):
            conn.close_if_idle(now)


async def _time_out(app: RedirectApp, waits: deque[_Slot]) -> None:
    """Clicks that waited ``write_timeout`` for the store go out without ``mz_click`` (``waits`` is in the
    order the clicks came, so the oldest are first)."""
    while True:
        await asyncio.sleep(min(0.05, app.write_timeout / 4))
        now = time.monotonic()
        while waits and (waits[0].data is not None or waits[0].deadline <= now):
            slot = waits.popleft()
            if slot.data is None:
                app.note_timeout()
                slot.done(False)


async def run_lean(
    app: RedirectApp, host: str, port: int, ready: asyncio.Event | None = None, reuse_port: bool = False
) -> None:
    """Serve ``app`` on ``host:port`` until SIGINT or SIGTERM (or the task is cancelled)."""
    loop = asyncio.get_running_loop()
    await app.startup()
    connections: set[_Connection] = set()
    waits: deque[_Slot] = deque()
    server = await loop.create_server(
        lambda: _Connection(app, connections, waits), host, port, backlog=4096, reuse_address=True,
        reuse_port=reuse_port,
    )  # fmt: skip
    sweeper = asyncio.ensure_future(_close_idle(connections))
    timer = asyncio.ensure_future(_time_out(app, waits))
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
        timer.cancel()
        server.close()  # open keep-alive connections are not waited for
        await app.shutdown()


def serve_lean(app: RedirectApp, host: str, port: int, reuse_port: bool = False) -> None:
    """``run_lean`` on uvloop when it is installed (asyncio's own loop otherwise)."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency on Linux and macOS
        asyncio.run(run_lean(app, host, port, reuse_port=reuse_port))
        return
    runner: Any = uvloop.run
    runner(run_lean(app, host, port, reuse_port=reuse_port))
