"""Clicks written durably before the redirect is answered, with group commit.

One writer thread owns one connection. Requests put their click on a queue and await a future; the thread
takes every click that arrived while its previous commit ran, writes them in one transaction, commits (an
fsync of SQLite's WAL, or PostgreSQL's ``synchronous_commit``), then answers all their futures at once.
One fsync is shared by the whole batch, so the more clicks arrive, the more each commit carries.

When a commit fails (a full disk, a read-only file, a database gone), the writer is *degraded*: the
clicks of that batch are answered ``False`` (the redirect then goes out without ``mz_click``, and the
click is counted as lost in ``health``), the failure is logged once per reason, and the next batch tries
again, so the service recovers by itself when the disk has room again.

Several server processes (``mizaan track serve --processes N``) each run their own writer on the same
SQLite file. Their commits take turns on an exclusive ``flock`` of ``<db>-writer.lock`` (woken the moment
the lock is free, where SQLite's own busy handler sleeps a millisecond or more), and each writer first
reads the clicks the others committed since its last turn (by ``rowid``), so that a visitor's repeat
click is flagged whichever process answered the first one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import logging
import os
import queue
import threading
from collections.abc import Callable
from typing import Any

from mizaan.track.store import Click, TrackStore, db_errors, utc_now

log = logging.getLogger("mizaan.track")

_STOP = object()
INSERT_CHUNK = 500  # rows per INSERT statement (9 parameters each, well under SQLite's 32,766)
WRITER_CACHE_KIB = 64 * 1024  # SQLite's page cache of the writer's connection (its default is 2 MiB)


class GroupCommitWriter:
    """The ``ClickWriter`` of one SQLite file or PostgreSQL database (see the module's docstring).
    ``shared``: other processes write the same SQLite file (``--processes``)."""

    def __init__(
        self, store: TrackStore, loop: asyncio.AbstractEventLoop | None = None, *, shared: bool = False
    ) -> None:
        self.store = store
        self.loop = loop or asyncio.get_event_loop()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._conn: Any = None
        self._seen: set[str] = set()
        self._seen_day: dt.date | None = None
        self._last_rowid = 0
        self._lock_fd: int | None = None
        if shared:
            if store.path is None:
                raise ValueError("several writer processes share an SQLite file only")
            self._lock_fd = os.open(f"{store.path}-writer.lock", os.O_RDWR | os.O_CREAT, 0o644)
        self.stored = 0
        self.lost = 0
        self.batches = 0
        self.largest_batch = 0
        self.degraded_reason: str | None = None
        self.degraded_since: dt.datetime | None = None
        self._insert = (
            "INSERT INTO clicks (click_id, link_id, at, visitor, is_bot, bot_reason, duplicate, referrer_host, "
            "country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        self._inserts: dict[int, str] = {}
        self._load_seen(utc_now())
        self._thread = threading.Thread(target=self._run, name="mizaan-click-writer", daemon=True)
        self._thread.start()

    def submit(self, click: Click, done: Callable[[bool], None]) -> None:
        self._queue.put((click, done))

    async def write(self, click: Click) -> bool:
        future: asyncio.Future[bool] = self.loop.create_future()

        def done(ok: bool) -> None:
            if not future.done():
                future.set_result(ok)

        self._queue.put((click, done))
        return await future

    def health(self) -> dict[str, Any]:
        return {
            "status": "degraded" if self.degraded_reason else "ok",
            "stored": self.stored,
            "lost": self.lost,
            "batches": self.batches,
            "largest_batch": self.largest_batch,
            "reason": self.degraded_reason,
            "since": self.degraded_since.isoformat() if self.degraded_since else None,
        }

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout=30)
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # --- the writer thread ---------------------------------------------------------------------------
    def _load_seen(self, now: dt.datetime) -> None:
        """Today's visitors already in the store (a restart keeps flagging their repeat clicks)."""
        start = dt.datetime.combine(now.date(), dt.time(), tzinfo=dt.UTC)
        self._seen_day = now.date()
        try:
            rows = self.store.conn.execute(
                self.store.sql("SELECT DISTINCT visitor FROM clicks WHERE at >= ?"), (self.store.ts(start),)
            ).fetchall()
            if self._lock_fd is not None:
                self._last_rowid = self.store.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM clicks").fetchone()[0]
        except db_errors() as exc:  # pragma: no cover - a store that cannot be read fails earlier
            log.warning("track: could not read today's visitors: %s", exc)
            rows = []
        self._seen = {r[0] for r in rows}

    def _run(self) -> None:
        get, get_nowait = self._queue.get, self._queue.get_nowait
        while True:
            batch = [get()]
            while True:  # everything that arrived while the previous commit ran
                try:
                    batch.append(get_nowait())
                except queue.Empty:
                    break
            stop = any(item is _STOP for item in batch)
            items = [item for item in batch if item is not _STOP]
            if items:
                ok = self._commit([click for click, _ in items])
                self.loop.call_soon_threadsafe(_answer, [done for _, done in items], ok)
            if stop:
                return

    def _catch_up(self, conn: Any) -> None:
        """The visitors of the clicks other processes committed since this writer's last turn."""
        rows = conn.execute("SELECT rowid, visitor, at FROM clicks WHERE rowid > ?", (self._last_rowid,)).fetchall()
        day = self._seen_day.isoformat() if self._seen_day else ""
        for rowid, visitor, at in rows:
            self._last_rowid = max(self._last_rowid, rowid)
            if str(at)[:10] == day:
                self._seen.add(visitor)

    def _commit(self, clicks: list[Click]) -> bool:
        day = clicks[0].at.date()
        if day != self._seen_day:
            self._seen, self._seen_day = set(), day
        try:
            if self._conn is None:
                self._conn = self.store.connect()
                if not self.store.postgres:  # the click indexes stay in memory: no page read back per insert
                    self._conn.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
            if self._lock_fd is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            try:
                with self.store.transaction(self._conn) as conn:
                    if self._lock_fd is not None:
                        self._catch_up(conn)
                    fresh, rows = self._rows(clicks)
                    self._insert_rows(conn, rows)
                    if self._lock_fd is not None:
                        self._last_rowid = conn.execute("SELECT MAX(rowid) FROM clicks").fetchone()[0]
            finally:
                if self._lock_fd is not None:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        except Exception as exc:  # db_errors(), a store that cannot be opened (StoreError), a broken connection
            self._degrade(str(exc).strip() or type(exc).__name__, len(clicks))
            return False
        self._seen |= fresh
        self.stored += len(rows)
        self.batches += 1
        self.largest_batch = max(self.largest_batch, len(rows))
        if self.degraded_reason is not None:
            log.warning("track: the store accepts clicks again (recovered after: %s)", self.degraded_reason)
            self.degraded_reason = self.degraded_since = None
        return True

    def _insert_rows(self, conn: Any, rows: list[tuple[Any, ...]]) -> None:
        """One multi-row ``INSERT`` per ``INSERT_CHUNK`` rows: one statement step (where the driver lets
        other threads run) instead of one per row, so the writer and the event loop trade Python's lock
        far less often."""
        for at in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[at : at + INSERT_CHUNK]
            sql = self._inserts.get(len(chunk))
            if sql is None:
                sql = self.store.sql(self._insert + ", (?, ?, ?, ?, ?, ?, ?, ?, ?)" * (len(chunk) - 1))
                self._inserts[len(chunk)] = sql
            conn.execute(sql, [value for row in chunk for value in row])

    def _rows(self, clicks: list[Click]) -> tuple[set[str], list[tuple[Any, ...]]]:
        """The rows of a batch, each flagged a duplicate when its visitor already clicked that link today
        (the visitor hash covers the link)."""
        seen, today, ts = self._seen, self._seen_day, self.store.ts
        fresh: set[str] = set()
        rows = []
        for c in clicks:
            key = c.visitor
            duplicate = c.at.date() == today and (key in seen or key in fresh)
            fresh.add(key)
            rows.append((c.click_id, c.link_id, ts(c.at), key, int(c.is_bot), c.bot_reason, int(duplicate),
                         c.referrer_host, c.country))  # fmt: skip
        return fresh, rows

    def _degrade(self, reason: str, n: int) -> None:
        self.lost += n
        if reason != self.degraded_reason:
            log.error(
                "track: DEGRADED: clicks are not being stored (%s); links still redirect, without mz_click "
                "/ متدهورة: لا تُحفظ النقرات، والروابط ما زالت تحوّل دون mz_click",
                reason,
            )
            self.degraded_reason = reason
            self.degraded_since = utc_now()
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # pragma: no cover - closing a broken connection
                log.debug("track: closing the failed connection failed too")
            self._conn = None


def _answer(dones: list[Callable[[bool], None]], ok: bool) -> None:
    for done in dones:
        done(ok)
