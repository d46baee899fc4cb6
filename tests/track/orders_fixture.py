"""A stand-in for the links side until the two halves of the tracking service merge: the ``links`` and
``clicks`` tables exactly as the shared contract writes them, rows in them, and webhook bodies in each
platform's real shape (built here from the platforms' documented fields, not copied from anywhere)."""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from mizaan.track.orders import connect, postback_signature, salla_signature, set_secret, shopify_signature

LINKS_SQL = """CREATE TABLE IF NOT EXISTS links(link_id TEXT PRIMARY KEY, workspace TEXT NOT NULL, plan_id TEXT,
    line TEXT, creator TEXT, destination TEXT NOT NULL, utm_source TEXT, utm_medium TEXT, utm_campaign TEXT,
    utm_content TEXT, promo_code TEXT UNIQUE, status TEXT NOT NULL, expires_at TEXT, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL)"""
CLICKS_SQL = """CREATE TABLE IF NOT EXISTS clicks(click_id TEXT PRIMARY KEY, link_id TEXT NOT NULL, at TEXT NOT NULL,
    visitor TEXT NOT NULL, is_bot INTEGER NOT NULL, bot_reason TEXT, duplicate INTEGER NOT NULL, referrer_host TEXT,
    country TEXT)"""
WS = "acme"
SECRETS = {
    "shopify": "shpss_" + "a1" * 16,
    "salla": "salla-webhook-secret-0123456789",
    "zid": "zid-token-" + "z" * 30,
    "postback": "pb-secret-" + "p" * 30,
}


def open_db(path: Path) -> sqlite3.Connection:
    con = connect(path)
    con.execute(LINKS_SQL)
    con.execute(CLICKS_SQL)
    for source, secret in SECRETS.items():
        set_secret(con, WS, source, secret)
    return con


def add_link(
    con: sqlite3.Connection,
    link_id: str,
    *,
    workspace: str = WS,
    line: str = "influencer_micro",
    creator: str | None = "noura",
    source: str = "instagram",
    medium: str = "influencer",
    campaign: str = "spring",
    content: str | None = None,
    code: str | None = None,
) -> None:
    now = "2026-03-01T00:00:00Z"
    con.execute(
        "INSERT INTO links VALUES (?, ?, 'plan1', ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, ?, ?)",
        [
            link_id,
            workspace,
            line,
            creator,
            f"https://shop.example/?utm_source={source}&utm_medium={medium}&utm_campaign={campaign}",
            source,
            medium,
            campaign,
            content if content is not None else creator,
            code,
            now,
            now,
        ],
    )


def add_click(
    con: sqlite3.Connection, link_id: str, *, at: str = "2026-03-02T10:00:00Z", bot: bool = False, visitor: str = ""
) -> str:
    click = secrets.token_urlsafe(16)[:22].ljust(22, "A")
    con.execute(
        "INSERT INTO clicks VALUES (?, ?, ?, ?, ?, ?, 0, 'instagram.com', 'SA')",
        [click, link_id, at, visitor or secrets.token_hex(16), int(bot), "user agent" if bot else None],
    )
    return click


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")


# ---- Shopify -------------------------------------------------------------------------------------------


def shopify_order(
    number: int,
    total: str,
    *,
    click: str | None = None,
    landing: str | None = None,
    codes: tuple[str, ...] = (),
    currency: str = "SAR",
) -> dict[str, Any]:
    notes = [{"name": "gift_wrap", "value": "no"}] + ([{"name": "mz_click", "value": click}] if click else [])
    return {
        "id": 5_000_000_000 + number,
        "name": f"#{number}",
        "order_number": number,
        "created_at": "2026-03-02T13:05:00+03:00",
        "currency": currency,
        "total_price": total,
        "subtotal_price": total,
        "financial_status": "paid",
        "landing_site": landing,
        "referring_site": "https://instagram.com/",
        "note_attributes": notes,
        "discount_codes": [{"code": c, "amount": "10.00", "type": "fixed_amount"} for c in codes],
        "customer": {"id": 7_000_000 + number, "email": f"c{number}@example.com"},
        "line_items": [{"id": 1, "title": "قهوة", "quantity": 1, "price": total}],
    }


def shopify_refund(number: int, amounts: list[str], refund_id: int = 1) -> dict[str, Any]:
    return {
        "id": 9_000_000 + refund_id,
        "order_id": 5_000_000_000 + number,
        "created_at": "2026-03-05T09:00:00+03:00",
        "processed_at": "2026-03-05T09:00:00+03:00",
        "note": "customer returned",
        "refund_line_items": [],
        "transactions": [
            {"id": i, "kind": "refund", "status": "success", "amount": a, "currency": "SAR", "gateway": "manual"}
            for i, a in enumerate(amounts)
        ],
    }


def shopify_headers(body: bytes, topic: str, delivery: str | None = None, secret: str | None = None) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": shopify_signature(secret or SECRETS["shopify"], body),
        "X-Shopify-Shop-Domain": "acme.myshopify.com",
        "X-Shopify-Webhook-Id": delivery or secrets.token_hex(8),
    }


# ---- Salla ---------------------------------------------------------------------------------------------


def salla_event(
    event: str, reference: int, total: Decimal | str, *, codes: tuple[str, ...] = (), landing: str | None = None
) -> dict[str, Any]:
    return {
        "event": event,
        "merchant": 1305146709,
        "created_at": "Mon Mar 02 2026 13:05:00 GMT+0300",
        "data": {
            "id": 2_000_000_000 + reference,
            "reference_id": reference,
            "date": {"date": "2026-03-02 13:05:00.000000", "timezone_type": 3, "timezone": "Asia/Riyadh"},
            "source": "store",
            "source_details": {"type": "direct", "value": landing},
            "status": {"id": 1, "name": "بإنتظار المراجعة", "slug": "under_review"},
            "currency": "SAR",
            "amounts": {
                "sub_total": {"amount": total, "currency": "SAR"},
                "discounts": [{"title": c, "type": "special", "code": c, "discount": "5.00"} for c in codes],
                "total": {"amount": total, "currency": "SAR"},
            },
            "customer": {"id": 99, "first_name": "سارة"},
        },
    }


def salla_headers(body: bytes, secret: str | None = None) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Salla-Security-Strategy": "Signature",
        "X-Salla-Signature": salla_signature(secret or SECRETS["salla"], body),
    }


# ---- Zid -----------------------------------------------------------------------------------------------


def zid_order(
    order_id: int, total: str, *, status: str = "new", coupon: str | None = None, click: str | None = None
) -> dict[str, Any]:
    return {
        "id": order_id,
        "invoice_number": order_id,
        "code": "zr" + str(order_id),
        "order_status": {"name": status, "code": status},
        "currency_code": "SAR",
        "customer": {"id": 257, "name": "عميل"},
        "order_total": total,
        "payment_status": "paid",
        "created_at": "2026-03-02 13:05:00",
        "updated_at": "2026-03-02 13:06:00",
        "coupon": {"code": coupon, "discount": "10"} if coupon else None,
        "custom_fields": [{"name": "mz_click", "value": click}] if click else [],
        "products": [],
    }


# ---- postback ------------------------------------------------------------------------------------------


def postback_headers(body: bytes, *, at: int | None = None, secret: str | None = None) -> dict[str, str]:
    stamp = int(time.time()) if at is None else at
    return {
        "Content-Type": "application/json",
        "X-Mizaan-Timestamp": str(stamp),
        "X-Mizaan-Signature": postback_signature(secret or SECRETS["postback"], body, stamp),
    }
