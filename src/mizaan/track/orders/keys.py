"""Each workspace's webhook secrets (one per source) and API tokens.

A webhook secret is an HMAC key, so it is kept as given (Shopify's and Salla's are issued by them and
pasted in; Zid's and the postback's are made here, 32 random bytes). An API token is shown once when
made and kept only as its SHA-256 digest: 32 random bytes cannot be found from their digest by guessing,
so a leaked database gives no working token.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3

from mizaan.errors import InputError, Problem
from mizaan.track.orders.db import now_text, transaction
from mizaan.track.orders.events import SOURCES

WORKSPACE = re.compile(r"^[\w.@-]{1,64}$")  # the web app's workspace names (accounts.NAME)
MIN_SECRET = 16


def check_workspace(workspace: str) -> str:
    if not WORKSPACE.fullmatch(workspace):
        raise InputError([Problem("track.bad_workspace", {"value": workspace[:80]}, field="workspace")])
    return workspace


def set_secret(con: sqlite3.Connection, workspace: str, source: str, secret: str | None = None) -> str:
    """Make (``secret`` None) or keep the given webhook secret of ``workspace`` for ``source``, replacing the
    old one (a rotation: the old secret stops working at once). Returns the secret."""
    check_workspace(workspace)
    if source not in SOURCES:
        raise InputError(
            [Problem("track.bad_source", {"value": source, "expected": ", ".join(SOURCES)}, field="source")]
        )
    value = secrets.token_urlsafe(32) if secret is None else secret.strip()
    if len(value) < MIN_SECRET or len(value) > 256 or not value.isprintable():
        raise InputError([Problem("track.short_secret", {"least": MIN_SECRET}, field="secret")])
    with transaction(con):
        con.execute("INSERT OR REPLACE INTO track_secrets VALUES (?, ?, ?, ?)", [workspace, source, value, now_text()])
    return value


def secret_for(con: sqlite3.Connection, workspace: str, source: str) -> str | None:
    row = con.execute(
        "SELECT secret FROM track_secrets WHERE workspace = ? AND source = ?", [workspace, source]
    ).fetchone()
    return None if row is None else str(row[0])


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(con: sqlite3.Connection, workspace: str, label: str | None = None) -> str:
    """A new API token for ``workspace``; the only time it is seen in clear."""
    check_workspace(workspace)
    token = "mzt_" + secrets.token_urlsafe(32)
    with transaction(con):
        con.execute(
            "INSERT INTO api_tokens VALUES (?, ?, ?, ?)", [digest(token), workspace, (label or "")[:80], now_text()]
        )
    return token


def token_workspace(con: sqlite3.Connection, token: str | None) -> str | None:
    """The workspace ``token`` belongs to, or None."""
    if not token or len(token) > 128:
        return None
    row = con.execute("SELECT workspace FROM api_tokens WHERE token_sha256 = ?", [digest(token)]).fetchone()
    return None if row is None else str(row[0])


def revoke_tokens(con: sqlite3.Connection, workspace: str) -> int:
    with transaction(con):
        return con.execute("DELETE FROM api_tokens WHERE workspace = ?", [workspace]).rowcount
