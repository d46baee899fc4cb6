"""Conversions of the tracking service: signed postbacks and the webhooks of Shopify, Salla and Zid, each
verified with its own scheme, kept idempotently as events, reversed by refunds and cancellations, matched
to tracked links (click ID, then UTM, then promo code), and fed into the measurement store.

    con = connect("track.db")
    set_secret(con, "acme", "shopify", "<the app's client secret>")
    receive(con, "shopify", "acme", raw_body, headers)   # SignatureError, PayloadError, or Received
"""

from mizaan.track.orders.cells import Table, tables, unmatched_line
from mizaan.track.orders.db import connect, transaction
from mizaan.track.orders.events import KINDS, SOURCES, OrderEvent, PayloadError, SignatureError, Utm
from mizaan.track.orders.feed import Fed, feed
from mizaan.track.orders.keys import (
    check_workspace,
    new_token,
    revoke_tokens,
    secret_for,
    set_secret,
    token_workspace,
)
from mizaan.track.orders.ledger import Recorded, recompute, record, rematch
from mizaan.track.orders.matching import METHODS, Match, match
from mizaan.track.orders.postback import Postback
from mizaan.track.orders.receive import Received, read_event, receive
from mizaan.track.orders.report import IMPORTED_ORDERS_SQL, Side, SideBySide, side_by_side
from mizaan.track.orders.verify import (
    REPLAY_WINDOW_S,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    postback_signature,
    salla_signature,
    shopify_signature,
    verify,
)

__all__ = [
    "IMPORTED_ORDERS_SQL",
    "KINDS",
    "METHODS",
    "REPLAY_WINDOW_S",
    "SIGNATURE_HEADER",
    "SOURCES",
    "TIMESTAMP_HEADER",
    "Fed",
    "Match",
    "OrderEvent",
    "PayloadError",
    "Postback",
    "Received",
    "Recorded",
    "Side",
    "SideBySide",
    "SignatureError",
    "Table",
    "Utm",
    "check_workspace",
    "connect",
    "feed",
    "match",
    "new_token",
    "postback_signature",
    "read_event",
    "receive",
    "recompute",
    "record",
    "rematch",
    "revoke_tokens",
    "salla_signature",
    "secret_for",
    "set_secret",
    "shopify_signature",
    "side_by_side",
    "tables",
    "token_workspace",
    "transaction",
    "unmatched_line",
    "verify",
]
