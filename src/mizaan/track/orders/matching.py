"""Which tracked link an order came from, in a fixed order of trust:

1. ``click_id``: the click ID the redirect service appended to the landing URL (``mz_click``) names one
   recorded click, hence one link — exact;
2. ``utm``: the order's UTM tags (source and campaign at least; medium and content when the order has
   them) equal one link's — exact only when exactly one link of the workspace has them;
3. ``promo_code``: a discount code of the order is a link's promo code.

The first that names a link of the order's workspace wins; an order none names is kept unmatched
(``matched_by`` NULL), never guessed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from mizaan.track.orders.db import has_table
from mizaan.track.orders.events import Utm

METHODS = ("click_id", "utm", "promo_code")


@dataclass(frozen=True)
class Match:
    link_id: str | None = None
    matched_by: str | None = None
    click_id: str | None = None
    promo_code: str | None = None


def _by_click(con: sqlite3.Connection, workspace: str, click_id: str | None) -> str | None:
    if not click_id or not has_table(con, "clicks"):
        return None
    row = con.execute(
        "SELECT c.link_id FROM clicks c JOIN links l ON l.link_id = c.link_id WHERE c.click_id = ? AND l.workspace = ?",
        [click_id, workspace],
    ).fetchone()
    return None if row is None else str(row[0])


def _by_utm(con: sqlite3.Connection, workspace: str, utm: Utm) -> str | None:
    if not (utm.source and utm.campaign):
        return None
    rows = con.execute(
        "SELECT link_id FROM links WHERE workspace = ? AND LOWER(utm_source) = LOWER(?) "
        "AND LOWER(utm_campaign) = LOWER(?) AND (? IS NULL OR LOWER(utm_medium) = LOWER(?)) "
        "AND (? IS NULL OR LOWER(utm_content) = LOWER(?)) LIMIT 2",
        [workspace, utm.source, utm.campaign, utm.medium, utm.medium, utm.content, utm.content],
    ).fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None


def _by_code(con: sqlite3.Connection, workspace: str, codes: tuple[str, ...]) -> tuple[str, str] | None:
    for code in codes:
        row = con.execute(
            "SELECT link_id, promo_code FROM links WHERE workspace = ? AND UPPER(promo_code) = ?", [workspace, code]
        ).fetchone()
        if row is not None:
            return str(row[0]), str(row[1])
    return None


def match(con: sqlite3.Connection, workspace: str, click_id: str | None, utm: Utm, codes: tuple[str, ...]) -> Match:
    """The link an order came from and how it was known (see the module's order of trust)."""
    if not has_table(con, "links"):
        return Match()
    link = _by_click(con, workspace, click_id)
    if link is not None:
        return Match(link, "click_id", click_id, None)
    link = _by_utm(con, workspace, utm)
    if link is not None:
        return Match(link, "utm", None, None)
    coded = _by_code(con, workspace, codes)
    if coded is not None:
        return Match(coded[0], "promo_code", None, coded[1])
    return Match()
