"""One delivery, start to end: check the source's signature on the raw body, read the event, keep it.

Nothing is read before the signature holds, and nothing is kept unless the whole event is read and
recorded (one transaction), so a refused or broken delivery leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from mizaan.errors import Problem
from mizaan.track.orders import platforms
from mizaan.track.orders.events import OrderEvent, PayloadError, sha256
from mizaan.track.orders.keys import check_workspace, secret_for
from mizaan.track.orders.ledger import record
from mizaan.track.orders.postback import postback
from mizaan.track.orders.verify import verify


@dataclass(frozen=True)
class Received:
    outcome: Literal["stored", "duplicate", "ignored"]
    kind: str | None = None
    order_id: str | None = None


def read_event(
    source: str, body: bytes, headers: Mapping[str, str], zone: dt.tzinfo | None = None
) -> OrderEvent | None:
    """The event a verified body carries; None for a topic that is not about an order's money."""
    try:
        event = _read(source, body, headers, zone)
    except PayloadError as exc:
        if exc.file != source:
            raise PayloadError(exc.problems, source) from None
        raise
    if event is not None and event.kind == "order" and event.currency is None:  # money without its currency
        raise PayloadError([Problem("track.hook.missing", {}, field="currency")], source)
    return event


def _read(source: str, body: bytes, headers: Mapping[str, str], zone: dt.tzinfo | None) -> OrderEvent | None:
    if source == "shopify":
        return platforms.shopify(body, headers.get("x-shopify-topic", ""), headers.get("x-shopify-webhook-id") or None)
    if source == "salla":
        return platforms.salla(body)
    if source == "zid":
        return platforms.zid(body, zone or platforms.RIYADH)
    return postback(body)


def receive(
    con: sqlite3.Connection,
    source: str,
    workspace: str,
    body: bytes,
    headers: Mapping[str, str],
    query: Mapping[str, str] | None = None,
    now: float | None = None,
) -> Received:
    """Verify, read and keep one delivery (``headers`` with lower-case names). Raises ``SignatureError``
    (401) or ``PayloadError`` (422); a redelivery comes back ``duplicate`` and changes nothing."""
    check_workspace(workspace)
    verify(source, secret_for(con, workspace, source), body, headers, query or {}, now)
    event = read_event(source, body, headers)
    if event is None:
        return Received("ignored")
    done = record(con, workspace, event, sha256(body))
    return Received(done.outcome, event.kind, done.order_id)
