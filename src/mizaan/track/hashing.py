"""Who clicked, without keeping who: a visitor is ``sha256(today's salt, IP, user agent, link)``.

Plausible and Umami count unique visitors the same way. The salt is random, made when a UTC day begins
and deleted when it ends, so yesterday's hashes can no longer be tied to any address. No raw IP is kept:
the address goes into the hash and nowhere else (not into the store, not into a log).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import os
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mizaan.track.store import TrackStore

log = logging.getLogger("mizaan.track")


def new_click_id() -> str:
    """A random click ID: 22 URL-safe characters (128 bits)."""
    return secrets.token_urlsafe(16)


class ClickIds:
    """Click IDs as ``new_click_id`` makes them (128 bits from the system's CSPRNG, 22 URL-safe
    characters), drawn from the kernel in blocks: one ``getrandom`` call serves ``block`` clicks instead
    of one call each (the redirect service's hot path)."""

    def __init__(self, block: int = 1024) -> None:
        self.block = block
        self._pool = b""
        self._at = 0

    def next(self) -> str:
        at = self._at
        if at >= len(self._pool):
            self._pool, at = os.urandom(16 * self.block), 0
        self._at = at + 16
        return base64.urlsafe_b64encode(self._pool[at : at + 16])[:22].decode("ascii")


def visitor_hash(salt: str, ip: str, user_agent: str, link_id: str) -> str:
    """The visitor's hash for one link and one day (hex); the IP is never recoverable from it without the
    day's salt, which is deleted when the day ends."""
    # NUL between the parts: they cannot run into each other
    text = f"{salt}\x00{ip}\x00{user_agent}\x00{link_id}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class DailySalt:
    """Today's salt: kept in the store's ``track_salts`` for the day (so that a restart the same day still
    recognises returning visitors), older days' salts deleted at the first click of a new day. When the
    store cannot be written the salt lives in memory only (a restart then starts a new one)."""

    def __init__(self, store: TrackStore | None) -> None:
        self.store = store
        self._day: str | None = None
        self._salt = ""
        self._from = self._until = dt.datetime.min.replace(tzinfo=dt.UTC)
        self._prefix = hashlib.sha256()

    def today(self, now: dt.datetime) -> str:
        if not self._from <= now < self._until:
            day = now.astimezone(dt.UTC).date()
            if day.isoformat() != self._day:
                self._salt = self._load_or_make(day.isoformat())
                self._day = day.isoformat()
                self._prefix = hashlib.sha256(f"{self._salt}\x00".encode())
            self._from = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
            self._until = self._from + dt.timedelta(days=1)
        return self._salt

    def visitor(self, now: dt.datetime, ip: str, user_agent: str, link_id: str) -> str:
        """``visitor_hash(self.today(now), ip, user_agent, link_id)``, hashing the salt once a day instead
        of once a click (the hash of the salt's prefix is copied)."""
        self.today(now)
        h = self._prefix.copy()
        h.update(f"{ip}\x00{user_agent}\x00{link_id}".encode("utf-8", "surrogateescape"))
        return h.hexdigest()

    def _load_or_make(self, day: str) -> str:
        salt = secrets.token_hex(32)
        if self.store is None:
            return salt
        store = self.store
        try:
            with store.transaction() as conn:
                conn.execute(store.sql("DELETE FROM track_salts WHERE day <> ?"), (day,))
                row = conn.execute(store.sql("SELECT salt FROM track_salts WHERE day = ?"), (day,)).fetchone()
                if row is not None:
                    return str(row[0])
                conn.execute(store.sql("INSERT INTO track_salts (day, salt) VALUES (?, ?)"), (day, salt))
        except Exception as exc:  # the store is read-only or full: the salt lives in memory for the day
            from mizaan.track.store import db_errors

            if not isinstance(exc, db_errors()):
                raise
            log.warning("track: today's salt kept in memory only (the store refused it: %s)", exc)
        return salt
