"""Links written through the API: made, edited, paused — and a destination's host that can never change.

A destination is an absolute ``https`` URL with a host and no user part (``https://evil@shop.example``
is refused), at most 2,048 characters; its UTM tags are the link's (given tags replace the URL's own), and
any ``mz_click`` in it is dropped (the redirect service adds the click's). An edit may change the path and
query of the destination but never its host or port: a link handed to a creator keeps pointing at the
shop it was made for, whatever a request says (the lesson of Dub's open-redirect bug).
"""

from __future__ import annotations

import secrets
import sqlite3
import string
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mizaan.errors import InputError, Problem
from mizaan.track.orders.db import has_table, now_text, transaction
from mizaan.track.orders.events import CLICK_PARAM, UTM_KEYS

SLUG_ALPHABET = string.ascii_letters + string.digits
SLUG_LENGTH = 8
MAX_URL = 2048
LINK_COLUMNS = (
    "link_id",
    "workspace",
    "plan_id",
    "line",
    "creator",
    "destination",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "promo_code",
    "status",
    "expires_at",
    "created_at",
    "updated_at",
)


class LinkError(InputError):
    """A link request that cannot be done; ``status`` is the HTTP answer (404, 409, 422, 503)."""

    key = "track.link.refused"

    def __init__(self, problem: Problem, status: int = 422) -> None:
        self.status = status
        super().__init__([problem])


def host_of(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower().rstrip("."), parts.port


def clean_destination(url: str, utm: dict[str, str | None], field: str = "destination") -> str:
    """``url`` checked (https, a host, no user part, no control characters) with the link's UTM tags."""
    if len(url) > MAX_URL or any(ord(c) < 33 for c in url):
        raise LinkError(Problem("track.link.bad_url", {}, field=field))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise LinkError(Problem("track.link.bad_url", {}, field=field)) from None
    if parts.scheme.lower() != "https" or not parts.hostname or "@" in parts.netloc or "\\" in url:
        raise LinkError(Problem("track.link.bad_url", {}, field=field))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != CLICK_PARAM]
    given = {k: v for k, v in utm.items() if v}
    query = [(k, v) for k, v in query if k.lower() not in given]
    query += [(k, v) for k, v in given.items()]
    netloc = parts.hostname.lower() + (f":{port}" if port is not None else "")
    return urlunsplit(("https", netloc, parts.path or "/", urlencode(query), ""))


def _need_links(con: sqlite3.Connection) -> None:
    if not has_table(con, "links"):
        raise LinkError(Problem("track.link.no_table", {}), status=503)


def _row(con: sqlite3.Connection, workspace: str, link_id: str) -> sqlite3.Row:
    row = con.execute("SELECT * FROM links WHERE link_id = ? AND workspace = ?", [link_id, workspace]).fetchone()
    if row is None:
        raise LinkError(Problem("track.link.not_found", {"link": link_id}, field="link_id"), status=404)
    return row  # type: ignore[no-any-return]


def list_links(
    con: sqlite3.Connection, workspace: str, status: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    _need_links(con)
    rows = con.execute(
        "SELECT * FROM links WHERE workspace = ? AND (? IS NULL OR status = ?) ORDER BY created_at, link_id "
        "LIMIT ? OFFSET ?",
        [workspace, status, status, limit, offset],
    ).fetchall()
    return [dict(r) for r in rows]


def create_link(con: sqlite3.Connection, workspace: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A new active link of ``workspace`` (``fields``: destination, line, creator, plan_id, utm_*,
    promo_code, expires_at, already validated by the API's model)."""
    _need_links(con)
    utm = {k: fields.get(k) for k in UTM_KEYS}
    destination = clean_destination(str(fields["destination"]), utm)
    now = now_text()
    code = fields.get("promo_code")
    with transaction(con):
        if code and con.execute("SELECT 1 FROM links WHERE UPPER(promo_code) = ?", [code.upper()]).fetchone():
            raise LinkError(Problem("track.link.code_taken", {"code": code}, field="promo_code"), status=409)
        for _ in range(8):
            slug = "".join(secrets.choice(SLUG_ALPHABET) for _ in range(SLUG_LENGTH))
            if con.execute("SELECT 1 FROM links WHERE link_id = ?", [slug]).fetchone() is None:
                break
        row = {
            "link_id": slug,
            "workspace": workspace,
            "plan_id": fields.get("plan_id"),
            "line": fields.get("line"),
            "creator": fields.get("creator"),
            "destination": destination,
            **utm,
            "promo_code": code.upper() if code else None,
            "status": "active",
            "expires_at": fields.get("expires_at"),
            "created_at": now,
            "updated_at": now,
        }
        con.execute(
            f"INSERT INTO links ({', '.join(LINK_COLUMNS)}) VALUES ({', '.join('?' * len(LINK_COLUMNS))})",
            [row[c] for c in LINK_COLUMNS],
        )
    return row


def edit_link(con: sqlite3.Connection, workspace: str, link_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Change a link's destination (same host and port only), status or expiry."""
    _need_links(con)
    with transaction(con):
        old = dict(_row(con, workspace, link_id))
        new = dict(old)
        if changes.get("destination") is not None:
            utm = {k: old[k] for k in UTM_KEYS}
            dest = clean_destination(str(changes["destination"]), utm)
            if host_of(dest) != host_of(str(old["destination"])):
                raise LinkError(
                    Problem("track.link.host_fixed", {"host": host_of(str(old["destination"]))[0]}, field="destination")
                )
            new["destination"] = dest
        for key in ("status", "expires_at"):
            if changes.get(key) is not None:
                new[key] = changes[key]
        new["updated_at"] = now_text()
        con.execute(
            "UPDATE links SET destination = ?, status = ?, expires_at = ?, updated_at = ? WHERE link_id = ?",
            [new["destination"], new["status"], new["expires_at"], new["updated_at"], link_id],
        )
    return new
