"""The tracking service (issue 17): short links and promo codes from a plan, QR codes, and a redirect
service that stores every click durably before answering it (docs/tracking.md).

Conversions (webhooks, postbacks, matching) live in ``mizaan.track.orders``.
"""

from __future__ import annotations

from mizaan.track.bots import REASONS as BOT_REASONS
from mizaan.track.bots import bot_reason
from mizaan.track.codes import is_code, is_slug, normalise_code, unique_code
from mizaan.track.hashing import DailySalt, new_click_id, visitor_hash
from mizaan.track.links import (
    LinkError,
    Made,
    PlanLine,
    PlanLinks,
    create_links,
    new_destination,
    parse_plan,
    read_plan,
    update_link,
    with_click,
)
from mizaan.track.qr import write_qr
from mizaan.track.redirect import RedirectApp, choose_lang
from mizaan.track.serving import serve
from mizaan.track.store import Click, ClickWriter, Link, StoreError, TrackStore, is_dsn, open_store, utc_now
from mizaan.track.writer import GroupCommitWriter

__all__ = [
    "BOT_REASONS",
    "Click",
    "ClickWriter",
    "DailySalt",
    "GroupCommitWriter",
    "Link",
    "LinkError",
    "Made",
    "PlanLine",
    "PlanLinks",
    "RedirectApp",
    "StoreError",
    "TrackStore",
    "bot_reason",
    "choose_lang",
    "create_links",
    "is_code",
    "is_dsn",
    "is_slug",
    "new_click_id",
    "new_destination",
    "normalise_code",
    "open_store",
    "parse_plan",
    "read_plan",
    "serve",
    "unique_code",
    "update_link",
    "utc_now",
    "visitor_hash",
    "with_click",
    "write_qr",
]
