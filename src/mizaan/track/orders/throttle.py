"""Rate limits of the tracking API and webhooks: a token bucket per caller (an API token's workspace, a
webhook's workspace and source, or a caller's address), refilled continuously. A caller past its rate is
answered 429 with ``Retry-After`` and nothing is done for it; other callers are not slowed.

The buckets live in the tracking database (``track_rate_buckets``), so every process serving the API —
``mizaan serve --workers N``, several servers on one file — draws from the same bucket: N workers do not
give a caller N times its rate. Each draw is one short ``BEGIN IMMEDIATE`` transaction (the read, the
refill and the write of one row cannot interleave with another process's). Its connection commits
without an fsync (``synchronous=NORMAL``: a bucket lost to a power cut only refills early; the file
stays consistent). A bucket's key is the SHA-256 of the caller's (an address is not kept). Buckets idle
long enough to be full again are deleted now and then, so that many callers cannot grow the table. The
clock is the wall clock, which the processes share.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from mizaan.track.orders.db import transaction

SCHEMA = """CREATE TABLE IF NOT EXISTS track_rate_buckets (
    kind TEXT NOT NULL, key TEXT NOT NULL, tokens REAL NOT NULL, at REAL NOT NULL, PRIMARY KEY (kind, key))"""
PRUNE_EVERY = 1000  # draws between two deletions of full buckets


@dataclass(frozen=True)
class Rate:
    per_second: float = 20.0
    burst: int = 40


class Throttle:
    """``take(key)`` -> 0 when the request may go on, else the whole seconds to wait. ``kind`` keeps the
    buckets of different limits apart in the shared table."""

    def __init__(self, db: str | Path, rate: Rate, kind: str = "api") -> None:
        self.db = str(db)
        self.rate = rate
        self.kind = kind
        self._clock = time.time
        self._local = threading.local()
        self._draws = 0

    def _con(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.db, timeout=30, isolation_level=None, check_same_thread=False)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute(SCHEMA)
            self._local.con = con
        return con

    def take(self, key: str) -> int:
        rate = self.rate
        key = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()  # no caller address is kept
        con = self._con()
        with transaction(con):
            now = self._clock()
            row = con.execute(
                "SELECT tokens, at FROM track_rate_buckets WHERE kind = ? AND key = ?", (self.kind, key)
            ).fetchone()
            tokens, then = (float(rate.burst), now) if row is None else (float(row[0]), float(row[1]))
            tokens = min(float(rate.burst), tokens + max(0.0, now - then) * rate.per_second)
            wait = 0 if tokens >= 1.0 else max(1, math.ceil((1.0 - tokens) / rate.per_second))
            con.execute(
                "INSERT INTO track_rate_buckets (kind, key, tokens, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at",
                (self.kind, key, tokens - 1.0 if wait == 0 else tokens, now),
            )
            self._draws += 1
            if self._draws % PRUNE_EVERY == 0:  # a full bucket is the same as none
                full = rate.burst / rate.per_second if rate.per_second > 0 else math.inf
                con.execute("DELETE FROM track_rate_buckets WHERE kind = ? AND at < ?", (self.kind, now - full))
        return wait
