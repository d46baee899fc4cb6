"""One writer process for several server processes (``mizaan track serve --processes N``, the default
``--writers one``): each server sends its clicks down a socket pair to the writer process, whose one
``GroupCommitWriter`` commits the clicks of every server in one batch and answers each server, in the
order its clicks came, whether they were stored. A server answers a ``302`` with ``mz_click`` only after
that answer, so durability is the single process's; what changes is that all servers share one fsync per
batch instead of taking turns with one each (``--writers each``).

Frames both ways are a 4-byte length and a pickle (the processes are forks of one program on one socket
pair, never a network peer): a server sends a list of clicks; the writer answers ``(count, stored,
health)`` for the next ``count`` clicks of that server.
"""

from __future__ import annotations

import asyncio
import contextlib
import pickle
import signal
import socket
import struct
from collections import deque
from collections.abc import Callable
from typing import Any

from mizaan.track.store import Click, TrackStore
from mizaan.track.writer import GroupCommitWriter

_HEAD = struct.Struct("<I")


class _Frames(asyncio.Protocol):
    """Length-prefixed pickles in, ``on_frame`` per frame."""

    def __init__(self, on_frame: Callable[[Any], None], on_lost: Callable[[], None]) -> None:
        self.on_frame = on_frame
        self.on_lost = on_lost
        self.buf = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        buf = self.buf
        buf += data
        at = 0
        while len(buf) - at >= 4:
            (size,) = _HEAD.unpack_from(buf, at)
            if len(buf) - at - 4 < size:
                break
            self.on_frame(pickle.loads(buf[at + 4 : at + 4 + size]))
            at += 4 + size
        del buf[:at]

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        self.on_lost()

    def send(self, message: Any) -> None:
        if self.transport is not None:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
            self.transport.write(_HEAD.pack(len(data)) + data)


class PipeWriter:
    """A server process's ``ClickWriter``: clicks go to the writer process (see the module's docstring).
    When the writer process is gone, every waiting and later click is answered ``False`` (degraded)."""

    def __init__(self, sock: socket.socket, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._out: list[Click] = []
        self._waiting: deque[Callable[[bool], None]] = deque()
        self._figures: dict[str, Any] = {"status": "ok", "stored": 0, "lost": 0, "batches": 0, "reason": None}
        self._lost = 0
        self._gone = False
        self._frames = _Frames(self._answer, self._writer_gone)
        self._ready = loop.create_task(loop.create_connection(lambda: self._frames, sock=sock))

    def submit(self, click: Click, done: Callable[[bool], None]) -> None:
        if self._gone:
            self._lost += 1
            done(False)
            return
        if not self._out:
            self.loop.call_soon(self._send)  # one frame for every click of this turn of the loop
        self._out.append(click)
        self._waiting.append(done)

    async def write(self, click: Click) -> bool:
        future: asyncio.Future[bool] = self.loop.create_future()

        def done(ok: bool) -> None:
            if not future.done():
                future.set_result(ok)

        self.submit(click, done)
        return await future

    def health(self) -> dict[str, Any]:
        figures = dict(self._figures)
        if self._gone:
            figures.update(status="degraded", reason="the writer process is gone")
        figures["lost"] = int(figures.get("lost", 0)) + self._lost
        figures["writer"] = "process"
        return figures

    def close(self) -> None:
        if self._frames.transport is not None:
            self._frames.transport.close()

    def _send(self) -> None:
        clicks, self._out = self._out, []
        if not clicks:
            return
        if self._frames.transport is None:  # not connected yet: try again on the next turn
            if not self._gone:
                self._out = clicks + self._out
                self.loop.call_later(0.001, self._send)
            return
        self._frames.send([tuple(c) for c in clicks])

    def _answer(self, message: Any) -> None:
        count, stored, figures = message
        self._figures = figures
        for _ in range(count):
            self._waiting.popleft()(bool(stored))

    def _writer_gone(self) -> None:
        self._gone = True
        while self._waiting:
            self._lost += 1
            self._waiting.popleft()(False)


async def _run_writer(store: TrackStore, socks: list[socket.socket]) -> None:
    loop = asyncio.get_running_loop()
    writer = GroupCommitWriter(store, loop)
    stop = asyncio.Event()
    open_feeds = [len(socks)]

    def feed(sock: socket.socket) -> _Frames:
        acks: list[bool] = []

        def acked(ok: bool) -> None:
            if not acks:
                loop.call_soon(flush)
            acks.append(ok)

        def flush() -> None:  # runs of equal answers, in the order the clicks came
            run_ok, run = acks[0], 0
            for ok in acks:
                if ok != run_ok:
                    frames.send((run, run_ok, writer.health()))
                    run_ok, run = ok, 0
                run += 1
            frames.send((run, run_ok, writer.health()))
            acks.clear()

        def got(clicks: list[tuple[Any, ...]]) -> None:
            for c in clicks:
                writer.submit(Click(*c), acked)

        def lost() -> None:
            open_feeds[0] -= 1
            if open_feeds[0] == 0:
                stop.set()

        frames = _Frames(got, lost)
        return frames

    for sock in socks:
        await loop.create_connection(lambda s=sock: feed(s), sock=sock)  # type: ignore[misc]
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await asyncio.to_thread(writer.close)
        store.close()


def run_writer_process(store: TrackStore, socks: list[socket.socket]) -> None:
    """The writer process's body: serve ``socks`` until every server closed its end, or SIGTERM."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency on Linux and macOS
        asyncio.run(_run_writer(store, socks))
        return
    runner: Any = uvloop.run
    runner(_run_writer(store, socks))
