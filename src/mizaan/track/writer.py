"""Clicks written durably before the redirect is answered, with group commit.

One writer thread owns one connection. Requests put their click on a queue and await a future; the thread
takes every click that arrived while its previous commit ran, writes them in one transaction, commits (an
fsync of SQLite's WAL, or PostgreSQL's ``synchronous_commit``), then answers all their futures at once.
One fsync is shared by the whole batch, so the more clicks arrive, the more each commit carries.

When a commit fails (a full disk, a read-only file, a database gone), the writer is *degraded*: the
clicks of that batch are answered ``False`` (the redirect then goes out without ``mz_click``, and the
click is counted as lost in ``health``), the failure is logged once per reason, and the next batch tries
again, so the service recovers by itself when the disk has room again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import queue
import threading
from typing import Any

from mizaan.track.store import Click, TrackStore, db_errors, utc_now

log = logging.getLogger("mizaan.track")

_STOP = object()


class GroupCommitWriter:
    """The ``ClickWriter`` of one SQLite file or PostgreSQL database (see the module's docstring)."""

    def __init__(self, store: TrackStore, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.store = store
        self.loop = loop or asyncio.get_event_loop()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._conn: Any = None
        self._seen: set[str] = set()
        self._seen_day = ""
        self.stored = 0
        self.lost = 0
        self.batches = 0
        self.degraded_reason: str | None = None
        self.degraded_since: dt.datetime | None = None
        self._insert = store.sql(
            "INSERT INTO clicks (click_id, link_id, at, visitor, is_bot, bot_reason, duplicate, referrer_host, "
            "country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        self._load_seen(utc_now())
        self._thread = threading.Thread(target=self._run, name="mizaan-click-writer", daemon=True)
        self._thread.start()

    async def write(self, click: Click) -> bool:
        future: asyncio.Future[bool] = self.loop.create_future()
        self._queue.put((click, future))
        return await future

    def health(self) -> dict[str, Any]:
        return {
            "status": "degraded" if self.degraded_reason else "ok",
            "stored": self.stored,
            "lost": self.lost,
            "batches": self.batches,
            "reason": self.degraded_reason,
            "since": self.degraded_since.isoformat() if self.degraded_since else None,
        }

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout=30)
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- the writer thread ---------------------------------------------------------------------------
    def _load_seen(self, now: dt.datetime) -> None:
        """Today's visitors already in the store (a restart keeps flagging their repeat clicks)."""
        day = now.date().isoformat()
        start = dt.datetime.combine(now.date(), dt.time(), tzinfo=dt.UTC)
        self._seen_day = day
        try:
            rows = self.store.conn.execute(
                self.store.sql("SELECT DISTINCT visitor FROM clicks WHERE at >= ?"), (self.store.ts(start),)
            ).fetchall()
        except db_errors() as exc:  # pragma: no cover - a store that cannot be read fails earlier
            log.warning("track: could not read today's visitors: %s", exc)
            rows = []
        self._seen = {r[0] for r in rows}

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            batch = [first]
            while True:  # everything that arrived while the previous commit ran
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = any(item is _STOP for item in batch)
            items = [item for item in batch if item is not _STOP]
            if items:
                ok = self._commit([click for click, _ in items])
                futures = [future for _, future in items]
                self.loop.call_soon_threadsafe(_answer, futures, ok)
            if stop:
                return

    def _commit(self, clicks: list[Click]) -> bool:
        day = clicks[0].at.date().isoformat()
        if day != self._seen_day:
            self._seen, self._seen_day = set(), day
        fresh: set[str] = set()
        rows = []
        for c in clicks:
            key = c.visitor
            duplicate = c.at.date().isoformat() == self._seen_day and (key in self._seen or key in fresh)
            fresh.add(key)
            rows.append(
                (
                    c.click_id,
                    c.link_id,
                    self.store.ts(c.at),
                    c.visitor,
                    int(c.is_bot),
                    c.bot_reason,
                    int(duplicate),
                    c.referrer_host,
                    c.country,
                )
            )
        try:
            if self._conn is None:
                self._conn = self.store.connect()
            with self.store.transaction(self._conn) as conn:
                conn.cursor().executemany(self._insert, rows)
        except db_errors() as exc:
            self._degrade(str(exc).strip() or type(exc).__name__, len(rows))
            return False
        except Exception as exc:  # a store that cannot be opened (StoreError) or a broken connection
            self._degrade(str(exc).strip() or type(exc).__name__, len(rows))
            return False
        self._seen |= fresh
        self.stored += len(rows)
        self.batches += 1
        if self.degraded_reason is not None:
            log.warning("track: the store accepts clicks again (recovered after: %s)", self.degraded_reason)
            self.degraded_reason = self.degraded_since = None
        return True

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


def _answer(futures: list[asyncio.Future[bool]], ok: bool) -> None:
    for future in futures:
        if not future.done():
            future.set_result(ok)
