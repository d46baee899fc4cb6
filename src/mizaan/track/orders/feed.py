"""Clicks and conversions into the measurement store (the DuckDB file ``mizaan import`` writes and
``mizaan measure`` reads), so that funnels, attribution and the three views see what the tracker saw.

- Each human click (not a bot, not a repeat by the same visitor on the same link that day) becomes a
  ``touchpoints`` row: kind ``click``, system ``mizaan_track``, the visitor's daily hash as the person
  (``mz:<hash>``: the tracker never keeps an IP, so one person on two days is two people), the link's
  channel (its plan line when the taxonomy knows it, else the taxonomy's reading of its UTM tags),
  campaign and content (the creator).
- Each conversion still worth something becomes an ``orders`` row (shop = source, the shop's own order
  number, so an imported export of the same order is replaced, not doubled) and a ``conversions`` row
  whose person is the clicker's when the order was matched by click ID, so journeys join click to order.
  A conversion reversed to nothing (cancelled, refunded in full) is removed from both tables — the
  reversal reaches measurement. A conversion another system (GA4) already logged for the same order is
  not logged twice.

One transaction: the store ends with all of it or none of it. Feeding again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyarrow as pa

from mizaan.ingest import Store, Taxonomy, arrow_schema, load_taxonomy
from mizaan.track.orders.db import has_table

SYSTEM = "mizaan_track"
SOURCE_FILE = "mizaan-track"


@dataclass(frozen=True)
class Fed:
    touchpoints: int
    orders: int
    conversions: int
    removed: int  # orders reversed to nothing, taken out of the store
    skipped_bots: int
    skipped_repeats: int
    already_logged: int  # conversions another system already logged for the same order


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def link_channel(link: dict[str, Any], tax: Taxonomy) -> str:
    line = link.get("line")
    if line and line in tax.family:
        return str(line)
    return tax.classify(
        link.get("utm_source"), link.get("utm_medium"), link.get("utm_campaign"), link.get("utm_content"),
        link.get("promo_code"),
    )  # fmt: skip


def _links(con: sqlite3.Connection, workspace: str | None) -> dict[str, dict[str, Any]]:
    if not has_table(con, "links"):
        return {}
    rows = con.execute("SELECT * FROM links WHERE ? IS NULL OR workspace = ?", [workspace, workspace])
    return {str(r["link_id"]): dict(r) for r in rows}


def _table(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = arrow_schema(table)
    return pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema)


def _touchpoints(
    con: sqlite3.Connection, links: dict[str, dict[str, Any]], tax: Taxonomy
) -> tuple[list[dict[str, Any]], int, int]:
    out: list[dict[str, Any]] = []
    bots = repeats = 0
    if not has_table(con, "clicks"):
        return out, bots, repeats
    for r in con.execute("SELECT rowid, * FROM clicks ORDER BY rowid"):
        link = links.get(str(r["link_id"]))
        if link is None:
            continue  # another workspace's click
        if r["is_bot"]:
            bots += 1
            continue
        if r["duplicate"]:
            repeats += 1
            continue
        out.append(
            {
                "source_file": SOURCE_FILE,
                "source_row": int(r["rowid"]),
                "touchpoint_id": f"mz-click:{r['click_id']}",
                "user_id": f"mz:{r['visitor']}",
                "time": _instant(str(r["at"])),
                "channel": link_channel(link, tax),
                "campaign": link.get("utm_campaign"),
                "content": link.get("utm_content") or link.get("creator"),
                "kind": "click",
                "source": link.get("utm_source"),
                "medium": link.get("utm_medium"),
                "system": SYSTEM,
            }
        )
    return out, bots, repeats


def _order_facts(con: sqlite3.Connection, c: sqlite3.Row) -> dict[str, Any]:
    """The customer and UTM tags the order's own events carried."""
    row = con.execute(
        "SELECT customer, utm_source, utm_medium, utm_campaign, utm_content FROM conversion_events "
        "WHERE workspace = ? AND source = ? AND order_id = ? AND kind = 'order' ORDER BY rowid DESC LIMIT 1",
        [c["workspace"], c["source"], c["order_id"]],
    ).fetchone()
    return dict(row) if row is not None else {}


def feed(con: sqlite3.Connection, store: Store, workspace: str | None = None, taxonomy: Taxonomy | None = None) -> Fed:
    """Write ``workspace``'s clicks and conversions (every workspace's when None) into ``store``."""
    tax = taxonomy or load_taxonomy()
    links = _links(con, workspace)
    touches, bots, repeats = _touchpoints(con, links, tax)
    visitors = {}
    if has_table(con, "clicks"):
        visitors = {str(r[0]): str(r[1]) for r in con.execute("SELECT click_id, visitor FROM clicks")}
    orders: list[dict[str, Any]] = []
    conversions: list[dict[str, Any]] = []
    gone: list[tuple[str, str]] = []
    logged = 0
    others = {
        str(r[0])
        for r in store.con.execute(
            "SELECT DISTINCT order_id FROM conversions WHERE system <> ? AND order_id IS NOT NULL", [SYSTEM]
        ).fetchall()
    }
    for c in con.execute(
        "SELECT rowid, * FROM conversions WHERE ? IS NULL OR workspace = ? ORDER BY rowid", [workspace, workspace]
    ).fetchall():
        key = (str(c["source"]), str(c["order_id"]))
        if c["status"] == "cancelled" or (Decimal(c["amount"] or 0) == 0 and c["status"] == "refunded"):
            gone.append(key)
            continue
        facts = _order_facts(con, c)
        link = links.get(str(c["link_id"])) if c["link_id"] else None
        tags = {k: (link or facts).get(k) for k in ("utm_source", "utm_medium", "utm_campaign", "utm_content")}
        channel = link_channel(link, tax) if link else None
        if channel is None and (tags["utm_source"] or c["promo_code"]):
            channel = tax.classify(
                tags["utm_source"], tags["utm_medium"], tags["utm_campaign"], tags["utm_content"], c["promo_code"]
            )
        when = _instant(str(c["at"]))
        amount = Decimal(c["amount"])
        orders.append(
            {
                "source_file": SOURCE_FILE, "source_row": int(c["rowid"]), "shop": key[0], "order_id": key[1],
                "time": when, "customer_id": facts.get("customer"), "revenue": amount, "currency": c["currency"],
                "discount_code": c["promo_code"], "discount_amount": None, "status": c["status"],
                "landing_page": None, "channel": channel, **tags,
            }
        )  # fmt: skip
        clicker = visitors.get(str(c["click_id"])) if c["matched_by"] == "click_id" else None
        person = f"mz:{clicker}" if clicker else (f"customer:{facts['customer']}" if facts.get("customer") else None)
        if key[1] in others:
            logged += 1
            continue
        conversions.append(
            {
                "source_file": SOURCE_FILE, "source_row": int(c["rowid"]), "conversion_id": f"{key[0]}:{key[1]}",
                "user_id": person or f"order:{key[0]}:{key[1]}", "time": when, "value": amount,
                "currency": c["currency"], "order_id": key[1], "system": SYSTEM,
            }
        )  # fmt: skip
    with store.transaction():
        for shop, order_id in gone:
            store.con.execute("DELETE FROM orders WHERE shop = ? AND order_id = ?", [shop, order_id]).fetchall()
            store.con.execute("DELETE FROM conversions WHERE conversion_id = ?", [f"{shop}:{order_id}"]).fetchall()
        store.write("touchpoints", _table("touchpoints", touches))
        store.write("orders", _table("orders", orders))
        store.write("conversions", _table("conversions", conversions))
    return Fed(len(touches), len(orders), len(conversions), len(gone), bots, repeats, logged)
