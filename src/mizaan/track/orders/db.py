"""The tracking database as the conversions side uses it: one SQLite file (WAL mode) shared with the
links and clicks of the redirect service (``links`` and ``clicks`` are created by ``mizaan.track``'s store;
this module creates only the tables it owns).

Tables owned here:
- ``conversions``: one row per (workspace, source, order_id), the order as it stands after every event
  received for it (refunds reduce ``amount``, a cancellation sets ``status``);
- ``conversion_events``: every event received, once (its key is the platform's event ID or the SHA-256 of
  its raw body), so that a redelivery changes nothing and every reversal can be audited;
- ``track_secrets``: each workspace's webhook secret per source (kept as given: an HMAC key must be known
  to check a signature);
- ``api_tokens``: each workspace's API tokens, as SHA-256 digests only (a token is 32 random bytes, so a
  digest cannot be reversed by guessing).

Timestamps are UTC ISO-8601 text; money is exact decimal text.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS conversions (
        workspace TEXT NOT NULL, source TEXT NOT NULL, order_id TEXT NOT NULL, at TEXT, amount TEXT,
        currency TEXT, status TEXT, click_id TEXT, link_id TEXT, promo_code TEXT, matched_by TEXT,
        raw_sha256 TEXT, received_at TEXT, PRIMARY KEY (workspace, source, order_id))""",
    """CREATE TABLE IF NOT EXISTS conversion_events (
        workspace TEXT NOT NULL, source TEXT NOT NULL, event_key TEXT NOT NULL, topic TEXT NOT NULL,
        kind TEXT NOT NULL, order_id TEXT, order_ref TEXT, at TEXT NOT NULL, amount TEXT, currency TEXT,
        customer TEXT, click_id TEXT, utm_source TEXT, utm_medium TEXT, utm_campaign TEXT, utm_content TEXT,
        promo_codes TEXT, raw_sha256 TEXT NOT NULL, received_at TEXT NOT NULL,
        PRIMARY KEY (workspace, source, event_key))""",
    "CREATE INDEX IF NOT EXISTS conversion_events_order ON conversion_events (workspace, source, order_id)",
    "CREATE INDEX IF NOT EXISTS conversion_events_ref ON conversion_events (workspace, source, order_ref)",
    """CREATE TABLE IF NOT EXISTS track_secrets (
        workspace TEXT NOT NULL, source TEXT NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL,
        PRIMARY KEY (workspace, source))""",
    """CREATE TABLE IF NOT EXISTS api_tokens (
        token_sha256 TEXT PRIMARY KEY, workspace TEXT NOT NULL, label TEXT, created_at TEXT NOT NULL)""",
)


def now_text(now: dt.datetime | None = None) -> str:
    """``now`` (or the present) as the UTC ISO-8601 text every table keeps."""
    return iso(now or dt.datetime.now(dt.UTC))


def iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (and create) the tracking database: WAL mode, foreign-key checks, rows by column name, and
    explicit transactions (``transaction``)."""
    con = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    for sql in SCHEMA:
        con.execute(sql)
    return con


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Everything inside is written together or not at all (``BEGIN IMMEDIATE``: one writer at a time)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def has_table(con: sqlite3.Connection, name: str) -> bool:
    row = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone()
    return row is not None
