"""Accounts for a team: users with Argon2 password hashes (``argon2-cffi``, the reference implementation's
binding), their role in each workspace (owner, editor, viewer), and login sessions; all in one SQLite file
in the data folder (``accounts.sqlite``), so every process of ``--workers N`` sees the same.

A session cookie holds a random token; the file keeps only its SHA-256, so a copy of the file signs no one
in. Each workspace keeps its uploads in its own folder (``workspaces/NAME/``): a workspace's pages never
look in another's.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("viewer", "editor", "owner")  # each may do what the one before it may, and more
NAME = re.compile(r"^[\w.@-]{1,64}$", re.UNICODE)
SESSION_S = 12 * 3600
SCHEMA = """
create table if not exists users (name text primary key, hash text not null);
create table if not exists members (user text not null, workspace text not null, role text not null,
                                    primary key (user, workspace));
create table if not exists sessions (digest text primary key, user text not null, expires real not null);
create table if not exists failures (who text not null, at real not null);
create index if not exists failures_who on failures (who, at);
"""
# failed sign-ins: after this many within the window, that account (or address) waits until the oldest of
# them leaves the window; an attacker gets a handful of guesses per quarter hour, a person who mistypes is
# told how long to wait
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
FAILURE_WINDOW_S = 15 * 60


def rank(role: str | None) -> int:
    """How much a role may do (-1: nothing)."""
    return ROLES.index(role) if role in ROLES else -1


class AccountError(ValueError):
    """A name, role or password that cannot be used (the message key says which)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class Accounts:
    """Users, their roles per workspace, and sessions, in the SQLite file ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._hasher = PasswordHasher()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            with db:
                yield db
        finally:
            db.close()

    def add_user(self, name: str, password: str) -> None:
        if not NAME.match(name):
            raise AccountError("accounts.bad_name")
        if len(password) < 10:
            raise AccountError("accounts.short_password")
        with self._db() as db:
            db.execute("insert or replace into users values (?, ?)", (name, self._hasher.hash(password)))

    def grant(self, user: str, workspace: str, role: str) -> None:
        if role not in ROLES:
            raise AccountError("accounts.bad_role")
        if not NAME.match(workspace):
            raise AccountError("accounts.bad_name")
        with self._db() as db:
            if db.execute("select 1 from users where name = ?", (user,)).fetchone() is None:
                raise AccountError("accounts.no_user")
            db.execute("insert or replace into members values (?, ?, ?)", (user, workspace, role))

    def create_user(self, name: str, password: str) -> None:
        """A new user (never replaces the password of one who exists)."""
        if self.exists(name):
            raise AccountError("accounts.user_exists")
        self.add_user(name, password)

    def exists(self, name: str) -> bool:
        with self._db() as db:
            return db.execute("select 1 from users where name = ?", (name,)).fetchone() is not None

    def members(self, workspace: str) -> list[tuple[str, str]]:
        """(user, role) of everyone in ``workspace``."""
        with self._db() as db:
            return list(db.execute("select user, role from members where workspace = ? order by user", (workspace,)))

    def change_role(self, user: str, workspace: str, role: str) -> None:
        """Give a member another role; the workspace always keeps an owner."""
        if role not in ROLES:
            raise AccountError("accounts.bad_role")
        members = dict(self.members(workspace))
        if user not in members:
            raise AccountError("accounts.not_member")
        if members[user] == "owner" and role != "owner":
            self._keep_an_owner(members, user)
        self.grant(user, workspace, role)

    def revoke(self, user: str, workspace: str) -> None:
        """Take a member out of a workspace (their account stays); the workspace always keeps an owner."""
        members = dict(self.members(workspace))
        if user not in members:
            raise AccountError("accounts.not_member")
        if members[user] == "owner":
            self._keep_an_owner(members, user)
        with self._db() as db:
            db.execute("delete from members where user = ? and workspace = ?", (user, workspace))

    @staticmethod
    def _keep_an_owner(members: dict[str, str], leaving: str) -> None:
        if not [u for u, r in members.items() if r == "owner" and u != leaving]:
            raise AccountError("accounts.last_owner")

    def wait_s(self, name: str, address: str | None) -> int:
        """Seconds before ``name`` (or anyone from ``address``) may try to sign in again; 0: now."""
        now = time.time()
        wait = 0.0
        with self._db() as db:
            db.execute("delete from failures where at < ?", (now - FAILURE_WINDOW_S,))
            for who, limit in ((f"user:{name}", ACCOUNT_FAILURES), (f"addr:{address}", ADDRESS_FAILURES)):
                if who == "addr:None":
                    continue
                times = [r[0] for r in db.execute("select at from failures where who = ? order by at desc", (who,))]
                if len(times) >= limit:
                    wait = max(wait, times[limit - 1] + FAILURE_WINDOW_S - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, name: str, address: str | None) -> None:
        """Count a failed sign-in against the account and the address."""
        with self._db() as db:
            db.execute("insert into failures values (?, ?)", (f"user:{name}", time.time()))
            if address:
                db.execute("insert into failures values (?, ?)", (f"addr:{address}", time.time()))

    def succeeded(self, name: str) -> None:
        """A right password clears the account's count (the address's stays: it may be guessing others)."""
        with self._db() as db:
            db.execute("delete from failures where who = ?", (f"user:{name}",))

    def users(self) -> list[tuple[str, str, str]]:
        """(user, workspace, role) for every membership."""
        with self._db() as db:
            return list(db.execute("select user, workspace, role from members order by user, workspace"))

    def has_users(self) -> bool:
        with self._db() as db:
            return db.execute("select 1 from users limit 1").fetchone() is not None

    def check(self, name: str, password: str) -> bool:
        """Whether ``password`` is ``name``'s (an unknown name costs the same time as a wrong password)."""
        with self._db() as db:
            row = db.execute("select hash from users where name = ?", (name,)).fetchone()
        stored = row[0] if row else self._hasher.hash(secrets.token_hex(8))
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
        if row and self._hasher.check_needs_rehash(stored):
            with self._db() as db:
                db.execute("update users set hash = ? where name = ?", (self._hasher.hash(password), name))
        return row is not None

    def roles(self, user: str) -> dict[str, str]:
        """The user's workspaces and role in each."""
        with self._db() as db:
            return dict(db.execute("select workspace, role from members where user = ?", (user,)))

    def start_session(self, user: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._db() as db:
            db.execute("delete from sessions where expires < ?", (time.time(),))
            db.execute("insert into sessions values (?, ?, ?)", (_digest(token), user, time.time() + SESSION_S))
        return token

    def session_user(self, token: str | None) -> str | None:
        if not token or len(token) > 128:
            return None
        with self._db() as db:
            row = db.execute("select user, expires from sessions where digest = ?", (_digest(token),)).fetchone()
        return str(row[0]) if row and row[1] > time.time() else None

    def end_session(self, token: str | None) -> None:
        if token:
            with self._db() as db:
                db.execute("delete from sessions where digest = ?", (_digest(token),))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


__all__ = ["ROLES", "AccountError", "Accounts", "rank"]
