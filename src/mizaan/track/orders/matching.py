"""Which tracked link an order came from, in a fixed order of trust:

1. ``click_id``: the click ID the redirect service appended to the landing URL (``mz_click``) names one
   recorded click, hence one link — exact;
2. ``utm``: the order's UTM tags (source and campaign at least; medium and content when the order has
   them) equal one link's, compared without case — used only when exactly one link of the workspace has
   them;
3. ``promo_code``: a discount code of the order is a link's promo code (without case or spaces).

The first that names a link of the order's workspace wins; an order none names is kept unmatched
(``matched_by`` NULL), never guessed. Webhook orders and imported shop exports (the store's ``orders``
table) are matched by the same ``LinkBook``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mizaan.track.orders.db import has_table
from mizaan.track.orders.events import Utm

METHODS = ("click_id", "utm", "promo_code")


@dataclass(frozen=True)
class Match:
    link_id: str | None = None
    matched_by: str | None = None
    click_id: str | None = None
    promo_code: str | None = None


def _low(value: Any) -> str | None:
    return str(value).strip().casefold() if value not in (None, "") else None


def code_key(code: str | None) -> str:
    return "".join((code or "").upper().split())


class LinkBook:
    """A workspace's links, indexed by UTM tags and promo code."""

    def __init__(self, links: Iterable[Mapping[str, Any]]) -> None:
        self.links = {str(r["link_id"]): dict(r) for r in links}
        self.codes = {code_key(r["promo_code"]): lid for lid, r in self.links.items() if r.get("promo_code")}

    @classmethod
    def of(cls, con: sqlite3.Connection, workspace: str) -> LinkBook:
        if not has_table(con, "links"):
            return cls([])
        return cls(dict(r) for r in con.execute("SELECT * FROM links WHERE workspace = ?", [workspace]))

    def by_utm(self, utm: Utm) -> str | None:
        if not (utm.source and utm.campaign):
            return None
        want = {k: _low(v) for k, v in vars(utm).items()}
        found = [
            lid
            for lid, r in self.links.items()
            if all(v is None or _low(r.get(f"utm_{k}")) == v for k, v in want.items())
        ]
        return found[0] if len(found) == 1 else None

    def match(self, click_link: str | None, click_id: str | None, utm: Utm, codes: Iterable[str]) -> Match:
        if click_link is not None and click_link in self.links:
            return Match(click_link, "click_id", click_id, None)
        link = self.by_utm(utm)
        if link is not None:
            return Match(link, "utm", None, None)
        for code in codes:
            link = self.codes.get(code_key(code))
            if link is not None:
                return Match(link, "promo_code", None, self.links[link]["promo_code"])
        return Match()


def clicked_link(con: sqlite3.Connection, click_id: str | None) -> str | None:
    if not click_id or not has_table(con, "clicks"):
        return None
    row = con.execute("SELECT link_id FROM clicks WHERE click_id = ?", [click_id]).fetchone()
    return None if row is None else str(row[0])


def candidates(
    con: sqlite3.Connection, workspace: str, click_link: str | None, utm: Utm, codes: tuple[str, ...]
) -> LinkBook:
    """The links of ``workspace`` that could match: the clicked one, those with the order's UTM source and
    campaign, those with one of its codes — a book that matches exactly as the whole workspace's would,
    read with the database's indexes instead of every link."""
    if not has_table(con, "links"):
        return LinkBook([])
    keys = [code_key(c) for c in codes] or [""]
    rows = con.execute(
        "SELECT * FROM links WHERE workspace = ? AND (link_id = ? OR (LOWER(utm_source) = LOWER(?) AND "
        f"LOWER(utm_campaign) = LOWER(?)) OR UPPER(REPLACE(promo_code, ' ', '')) IN ({', '.join('?' * len(keys))}))",
        [workspace, click_link, utm.source, utm.campaign, *keys],
    )
    return LinkBook(dict(r) for r in rows)


def match(con: sqlite3.Connection, workspace: str, click_id: str | None, utm: Utm, codes: tuple[str, ...]) -> Match:
    """The link of ``workspace`` an order came from and how it was known (see the module's order of trust)."""
    click_link = clicked_link(con, click_id)
    return candidates(con, workspace, click_link, utm, codes).match(click_link, click_id, utm, codes)
