"""Events in, conversions out: each received event is kept once in ``conversion_events`` and the order's
row in ``conversions`` is recomputed from all of its events, inside one transaction.

- Idempotent: an event whose key (workspace, source, event key) is already kept changes nothing.
- Late orders: a refund or cancellation that arrives before its order is kept and counted once the order
  comes, so refunds and cancellations count whatever order they arrive in; the order's total is the one
  its latest received order event gives (an edited order's new total).
- Reversals are events: ``amount`` is the order's latest total less what was refunded, never below zero
  (a refund past the total leaves 0, never a negative order); a whole-order refund leaves 0 and
  ``refunded``; a cancellation leaves 0 and ``cancelled``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from mizaan.track.orders.db import iso, now_text, transaction
from mizaan.track.orders.events import OrderEvent, Utm
from mizaan.track.orders.matching import match

Outcome = Literal["stored", "duplicate"]


@dataclass(frozen=True)
class Recorded:
    outcome: Outcome
    order_id: str | None  # None: a refund whose order has not arrived yet


def _order_of(con: sqlite3.Connection, workspace: str, event: OrderEvent) -> str | None:
    if event.order_id is not None:
        return event.order_id
    row = con.execute(
        "SELECT order_id FROM conversion_events WHERE workspace = ? AND source = ? AND order_ref = ? "
        "AND order_id IS NOT NULL LIMIT 1",
        [workspace, event.source, event.order_ref],
    ).fetchone()
    return None if row is None else str(row[0])


def record(
    con: sqlite3.Connection, workspace: str, event: OrderEvent, raw_sha256: str, received_at: str | None = None
) -> Recorded:
    """Keep ``event`` (once) and bring its order's conversion up to date, all or nothing."""
    received = received_at or now_text()
    with transaction(con):
        seen = con.execute(
            "SELECT order_id FROM conversion_events WHERE workspace = ? AND source = ? AND event_key = ?",
            [workspace, event.source, event.event_key],
        ).fetchone()
        if seen is not None:
            return Recorded("duplicate", None if seen[0] is None else str(seen[0]))
        order_id = _order_of(con, workspace, event)
        con.execute(
            "INSERT INTO conversion_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                workspace,
                event.source,
                event.event_key,
                event.topic,
                event.kind,
                order_id,
                event.order_ref,
                iso(event.at),
                None if event.amount is None else str(event.amount),
                event.currency,
                event.customer,
                event.click_id,
                event.utm.source,
                event.utm.medium,
                event.utm.campaign,
                event.utm.content,
                ",".join(event.promo_codes) or None,
                raw_sha256,
                received,
            ],
        )
        if order_id is not None:
            if event.order_ref is not None:  # refunds that came before their order join it now
                con.execute(
                    "UPDATE conversion_events SET order_id = ? WHERE workspace = ? AND source = ? AND order_ref = ? "
                    "AND order_id IS NULL",
                    [order_id, workspace, event.source, event.order_ref],
                )
            recompute(con, workspace, event.source, order_id)
        return Recorded("stored", order_id)


def recompute(con: sqlite3.Connection, workspace: str, source: str, order_id: str) -> None:
    """The order's conversion from all of its events (call inside a transaction)."""
    events = con.execute(
        "SELECT * FROM conversion_events WHERE workspace = ? AND source = ? AND order_id = ? ORDER BY rowid",
        [workspace, source, order_id],
    ).fetchall()
    orders = [e for e in events if e["kind"] == "order"]
    if not orders:
        return  # refunds and cancellations wait for their order
    last = orders[-1]
    paid = Decimal(last["amount"])
    refunds = [e for e in events if e["kind"] == "refund"]
    whole = any(e["amount"] is None for e in refunds)
    refunded = paid if whole else sum((Decimal(e["amount"]) for e in refunds), Decimal(0))
    cancelled = any(e["kind"] == "cancel" for e in events)
    left = Decimal(0) if cancelled else max(paid - refunded, Decimal(0))
    status = "cancelled" if cancelled else ("refunded" if paid > 0 and left == 0 and refunds else "paid")
    click = next((e["click_id"] for e in orders if e["click_id"]), None)
    tagged = next((e for e in orders if e["utm_source"] or e["utm_campaign"]), None)
    utm = (
        Utm(tagged["utm_source"], tagged["utm_medium"], tagged["utm_campaign"], tagged["utm_content"])
        if tagged
        else Utm()
    )
    codes: list[str] = []
    for e in orders:
        codes.extend(c for c in (e["promo_codes"] or "").split(",") if c and c not in codes)
    found = match(con, workspace, click, utm, tuple(codes))
    con.execute(
        "INSERT OR REPLACE INTO conversions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            workspace,
            source,
            order_id,
            min(e["at"] for e in orders),
            str(left),
            last["currency"],
            status,
            click,
            found.link_id,
            found.promo_code or (codes[0] if codes else None),
            found.matched_by,
            events[-1]["raw_sha256"],
            events[-1]["received_at"],
        ],
    )


def rematch(con: sqlite3.Connection, workspace: str | None = None) -> int:
    """Match every conversion again (after links or clicks changed); the number of conversions."""
    with transaction(con):
        rows = con.execute(
            "SELECT workspace, source, order_id FROM conversions WHERE ? IS NULL OR workspace = ?",
            [workspace, workspace],
        ).fetchall()
        for r in rows:
            recompute(con, r[0], r[1], r[2])
    return len(rows)
