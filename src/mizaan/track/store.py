"""The tracking store: links and clicks in one SQLite file (WAL) or one PostgreSQL database.

The schema is the shared contract of the tracking service (docs/tracking.md): ``links`` (one short link
per plan line and creator, with its promo code), ``clicks`` (one row per recorded click, never a raw IP)
and ``track_salts`` (today's salt of the visitor hash, deleted when the day ends). Both engines get the
same portable SQL; SQLite keeps timestamps as UTC ISO-8601 text, PostgreSQL as ``TIMESTAMPTZ``.

Clicks are written by a ``ClickWriter`` (``mizaan.track.writer``); everything else here is reading and
the few writes of link management, each in one transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from mizaan.errors import MizaanError

LINK_COLUMNS = (
    "link_id, workspace, plan_id, line, creator, destination, utm_source, utm_medium, utm_campaign, "
    "utm_content, promo_code, status, expires_at, created_at, updated_at"
)
CLICK_COLUMNS = "click_id, link_id, at, visitor, is_bot, bot_reason, duplicate, referrer_host, country"


def _schema(ts: str) -> list[str]:
    return [
        f"""CREATE TABLE IF NOT EXISTS links (
            link_id TEXT PRIMARY KEY, workspace TEXT NOT NULL, plan_id TEXT, line TEXT, creator TEXT,
            destination TEXT NOT NULL, utm_source TEXT, utm_medium TEXT, utm_campaign TEXT, utm_content TEXT,
            promo_code TEXT UNIQUE, status TEXT NOT NULL, expires_at {ts}, created_at {ts} NOT NULL,
            updated_at {ts} NOT NULL)""",
        # one link per workspace, plan, line and creator: `track create` run twice finds the first ones
        """CREATE UNIQUE INDEX IF NOT EXISTS links_plan_line ON links
            (workspace, COALESCE(plan_id, ''), COALESCE(line, ''), COALESCE(creator, ''))""",
        f"""CREATE TABLE IF NOT EXISTS clicks (
            click_id TEXT PRIMARY KEY, link_id TEXT NOT NULL, at {ts} NOT NULL, visitor TEXT NOT NULL,
            is_bot INTEGER NOT NULL, bot_reason TEXT, duplicate INTEGER NOT NULL, referrer_host TEXT,
            country TEXT)""",
        "CREATE INDEX IF NOT EXISTS clicks_link ON clicks (link_id)",
        "CREATE INDEX IF NOT EXISTS clicks_at ON clicks (at)",
        "CREATE TABLE IF NOT EXISTS track_salts (day TEXT PRIMARY KEY, salt TEXT NOT NULL)",
        # a workspace's settings of the tracking service (the short links' base address)
        f"""CREATE TABLE IF NOT EXISTS track_settings (workspace TEXT NOT NULL, name TEXT NOT NULL,
            value TEXT NOT NULL, updated_at {ts} NOT NULL, PRIMARY KEY (workspace, name))""",
    ]


class StoreError(MizaanError):
    """The store cannot be opened or written (a bad path, a database that refuses the connection)."""

    key = "track.error.store"


@dataclass(frozen=True)
class Link:
    link_id: str
    workspace: str
    plan_id: str | None
    line: str | None
    creator: str | None
    destination: str
    utm_source: str | None
    utm_medium: str | None
    utm_campaign: str | None
    utm_content: str | None
    promo_code: str | None
    status: str
    expires_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    def state(self, now: dt.datetime) -> str:
        """``active``, ``paused`` or ``expired`` at ``now`` (an expiry date in the past expires the link)."""
        if self.status == "active" and self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return self.status


class Click(NamedTuple):
    """One recorded click (a named tuple: the redirect service makes one per request, and a tuple is the
    cheapest record Python builds)."""

    click_id: str
    link_id: str
    at: dt.datetime
    visitor: str
    is_bot: bool
    bot_reason: str | None
    duplicate: bool
    referrer_host: str | None
    country: str | None


class Connection(Protocol):
    """What the store needs of a DB-API connection (``sqlite3`` and ``psycopg`` both have it)."""

    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...

    def close(self) -> None: ...


class ClickWriter(Protocol):
    """Where the redirect service sends each click. ``write`` returns once the click is durable (True) or
    could not be stored (False: the store is degraded, see ``health``); ``submit`` is the same without a
    coroutine: ``done(stored)`` is called once, on the event loop's thread (the lean server's hot path).
    The one implementation today is ``mizaan.track.GroupCommitWriter`` (SQLite or PostgreSQL, group
    commit); a durable log with acks=all is another implementation of these four methods
    (docs/tracking-scale.md)."""

    async def write(self, click: Click) -> bool: ...

    def submit(self, click: Click, done: Callable[[bool], None]) -> None: ...

    def health(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _as_dt(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def is_dsn(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


class TrackStore:
    """Links and clicks in SQLite (a path) or PostgreSQL (a ``postgresql://`` DSN); ``open_store`` opens
    one and creates its tables."""

    def __init__(self, target: str | Path, *, read_only: bool = False, max_pages: int | None = None) -> None:
        self.target = target
        self.postgres = is_dsn(target)
        self.path = None if self.postgres else Path(target)
        self._conn: Any = None
        self.read_only = read_only  # SQLite: open the file read-only (a read-only disk or mount)
        self.max_pages = max_pages  # SQLite: the most pages the file may grow to (a size limit, or a full disk)

    # --- connections -----------------------------------------------------------------------------------
    def connect(self) -> Any:
        """A new connection in autocommit mode (transactions are explicit: ``transaction``)."""
        if self.postgres:
            import psycopg

            try:
                return psycopg.connect(str(self.target), autocommit=True, connect_timeout=5)
            except psycopg.Error as exc:
                raise StoreError(target=_safe_dsn(str(self.target)), reason=str(exc).strip()) from None
        assert self.path is not None
        try:
            if self.read_only:
                where = self.path.resolve().as_uri() + "?mode=ro"
                conn = sqlite3.connect(where, uri=True, isolation_level=None, check_same_thread=False, timeout=10)
            else:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA synchronous=FULL")  # the WAL is fsynced at every commit: a commit is durable
            if self.max_pages is not None:
                conn.execute(f"PRAGMA max_page_count={int(self.max_pages)}")
        except sqlite3.Error as exc:
            raise StoreError(target=str(self.path), reason=str(exc)) from None
        return conn

    @property
    def conn(self) -> Any:
        if self._conn is None:
            self._conn = self.connect()
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> TrackStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sql(self, text: str) -> str:
        """``text`` with ``?`` placeholders in the engine's style."""
        return text.replace("?", "%s") if self.postgres else text

    def ts(self, value: dt.datetime | None) -> Any:
        """A timestamp as the engine keeps it."""
        if value is None or self.postgres:
            return value
        return value.astimezone(dt.UTC).isoformat()

    @contextmanager
    def transaction(self, conn: Any = None) -> Iterator[Any]:
        """One transaction on ``conn`` (the store's own by default): all of it or nothing."""
        conn = self.conn if conn is None else conn
        if self.postgres:
            with conn.transaction():
                yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # SQLite rolls back by itself on some errors (a full disk)
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def create_tables(self) -> None:
        ts = "TIMESTAMPTZ" if self.postgres else "TEXT"
        try:
            with self.transaction() as conn:
                for statement in _schema(ts):
                    conn.execute(statement)
        except (sqlite3.Error, _pg_error()) as exc:
            raise StoreError(target=self.where(), reason=str(exc).strip()) from None

    def where(self) -> str:
        return _safe_dsn(str(self.target)) if self.postgres else str(self.path)

    # --- reading ---------------------------------------------------------------------------------------
    def links(self, workspace: str | None = None) -> list[Link]:
        sql = f"SELECT {LINK_COLUMNS} FROM links"
        params: tuple[Any, ...] = ()
        if workspace is not None:
            sql += " WHERE workspace = ?"
            params = (workspace,)
        rows = self.conn.execute(self.sql(sql + " ORDER BY created_at, link_id"), params).fetchall()
        return [_link(r) for r in rows]

    def link(self, link_id: str) -> Link | None:
        row = self.conn.execute(self.sql(f"SELECT {LINK_COLUMNS} FROM links WHERE link_id = ?"), (link_id,)).fetchone()
        return None if row is None else _link(row)

    def clicks(self, link_id: str | None = None) -> list[Click]:
        sql = f"SELECT {CLICK_COLUMNS} FROM clicks"
        params: tuple[Any, ...] = ()
        if link_id is not None:
            sql += " WHERE link_id = ?"
            params = (link_id,)
        rows = self.conn.execute(self.sql(sql + " ORDER BY at, click_id"), params).fetchall()
        return [
            Click(r[0], r[1], _as_dt(r[2]) or utc_now(), r[3], bool(r[4]), r[5], bool(r[6]), r[7], r[8]) for r in rows
        ]

    def links_version(self) -> tuple[Any, ...]:
        """Changes whenever a link is added or changed (the redirect service reloads its links then)."""
        row = self.conn.execute("SELECT COUNT(*), MAX(updated_at) FROM links").fetchone()
        return tuple(row)

    def setting(self, workspace: str, name: str) -> str | None:
        """A workspace's setting (``base_url``: the short links' address), or None when never set."""
        row = self.conn.execute(
            self.sql("SELECT value FROM track_settings WHERE workspace = ? AND name = ?"), (workspace, name)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, workspace: str, name: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                self.sql(
                    "INSERT INTO track_settings (workspace, name, value, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (workspace, name) DO UPDATE SET value = excluded.value, "
                    "updated_at = excluded.updated_at"
                ),
                (workspace, name, value, self.ts(utc_now())),
            )

    def click_summary(self) -> dict[str, Any]:
        """``total`` (humans plus bots), ``humans``, ``bots``, ``duplicates`` (human clicks by a visitor
        already counted on that link that day), ``unique_humans``, and the same per link (every link, with
        zeros for links nobody clicked) with the bots' reasons."""
        per: dict[str, dict[str, Any]] = {link.link_id: _empty() for link in self.links()}
        rows = self.conn.execute(
            "SELECT link_id, is_bot, duplicate, bot_reason, COUNT(*) FROM clicks "
            "GROUP BY link_id, is_bot, duplicate, bot_reason"
        ).fetchall()
        for link_id, is_bot, duplicate, reason, n in rows:
            entry = per.setdefault(link_id, _empty())
            entry["total"] += n
            if is_bot:
                entry["bots"] += n
                entry["bot_reasons"][reason or "unknown"] = entry["bot_reasons"].get(reason or "unknown", 0) + n
            else:
                entry["humans"] += n
                entry["duplicates"] += n if duplicate else 0
        for entry in per.values():
            entry["unique_humans"] = entry["humans"] - entry["duplicates"]
        totals = {k: sum(e[k] for e in per.values()) for k in ("total", "humans", "bots", "duplicates")}
        totals["unique_humans"] = totals["humans"] - totals["duplicates"]
        return {**totals, "per_link": per}


def _empty() -> dict[str, Any]:
    return {"total": 0, "humans": 0, "bots": 0, "duplicates": 0, "unique_humans": 0, "bot_reasons": {}}


def _link(r: Sequence[Any]) -> Link:
    return Link(
        link_id=r[0],
        workspace=r[1],
        plan_id=r[2],
        line=r[3],
        creator=r[4],
        destination=r[5],
        utm_source=r[6],
        utm_medium=r[7],
        utm_campaign=r[8],
        utm_content=r[9],
        promo_code=r[10],
        status=r[11],
        expires_at=_as_dt(r[12]),
        created_at=_as_dt(r[13]) or utc_now(),
        updated_at=_as_dt(r[14]) or utc_now(),
    )


def _pg_error() -> type[Exception]:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return sqlite3.Error
    return psycopg.Error


def db_errors() -> tuple[type[Exception], ...]:
    """The exceptions a failed write raises on either engine."""
    return (sqlite3.Error, _pg_error())


def _safe_dsn(dsn: str) -> str:
    """The DSN without its password (it goes into messages)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    host = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, ""))


def open_store(target: str | Path, *, read_only: bool = False, max_pages: int | None = None) -> TrackStore:
    """The store at ``target`` (an SQLite file, created if missing, or a ``postgresql://`` DSN), with its
    tables created (a read-only store must have them already)."""
    store = TrackStore(target, read_only=read_only, max_pages=max_pages)
    if store.path is not None and not store.path.parent.exists():
        raise StoreError("track.error.no_folder", target=str(store.path), folder=str(store.path.parent))
    if not read_only:
        store.create_tables()
    return store
