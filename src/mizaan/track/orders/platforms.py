"""Each platform's webhook body -> ``OrderEvent``: where each one carries the order's number, total,
currency, time, customer, promo codes, UTM tags and the click ID (``mz_click``) the redirect service
appended to the landing URL.

Shopify (topics ``orders/create``, ``orders/paid``, ``orders/updated``, ``orders/cancelled``,
``refunds/create``): the order's ``name`` (#1001, what its exports call the order), ``total_price`` and
``currency``, ``discount_codes[].code``; the click ID from a ``note_attributes`` entry named ``mz_click``
(a theme or checkout script copies it from the landing URL), else from ``landing_site``'s query, which also
gives the UTM tags. A refund gives the order's internal ``order_id`` and its money in ``transactions``
(kind ``refund``, status ``success``).

Salla (``order.created``, ``order.updated``, ``order.status.updated``, ``order.payment.updated``,
``order.refunded``, ``order.cancelled``): the envelope's ``event`` and ``data``; ``data.reference_id``
(the number its exports show), ``data.amounts.total``, ``data.amounts.discounts[].code``; the landing URL
when the store records one in ``data.source_details.value``. ``order.refunded`` refunds the whole order
(the event gives no partial amount).

Zid (``order.create``, ``order.status.update``, ``order.payment_status.update``): the order object (bare or
under ``order``), ``id``, ``order_total``, ``currency_code``, ``coupon.code``, ``order_status.code``
(``cancelled``; ``reversed``/``refunded`` and a ``payment_status`` of ``refunded`` refund the whole order);
the click ID from an order custom field named ``mz_click``. Zid's times carry no zone: they are the
store's time, Saudi Arabia's (UTC+3) unless the workspace says otherwise.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from mizaan.track.orders.events import (
    CLICK_PARAM,
    OrderEvent,
    Utm,
    click_id,
    codes,
    currency,
    instant,
    items,
    load_json,
    money,
    obj,
    sha256,
    text,
    url_params,
    utm_from,
)

RIYADH = ZoneInfo("Asia/Riyadh")
SHOPIFY_ORDER_TOPICS = ("orders/create", "orders/paid", "orders/updated")
SHOPIFY_TOPICS = (*SHOPIFY_ORDER_TOPICS, "orders/cancelled", "refunds/create")
SALLA_EVENTS = (
    "order.created",
    "order.updated",
    "order.status.updated",
    "order.payment.updated",
    "order.refunded",
    "order.cancelled",
)
ZID_EVENTS = ("order.create", "order.status.update", "order.payment_status.update")
CANCELLED = ("cancelled", "canceled")
REFUNDED = ("refunded", "reversed")


def _named(entries: list[Any], name: str, where: str) -> str | None:
    """The value of the entry called ``name`` in a list of ``{name|label|key, value}`` objects."""
    for i, entry in enumerate(entries):
        if isinstance(entry, dict):
            label = entry.get("name") or entry.get("label") or entry.get("key")
            if isinstance(label, str) and label.strip().lower() == name:
                return text(entry.get("value"), f"{where}[{i}].value")
    return None


def shopify(body: bytes, topic: str, delivery: str | None) -> OrderEvent | None:
    """A Shopify webhook (``X-Shopify-Topic``, ``X-Shopify-Webhook-Id``); None for a topic that is not
    about orders' money."""
    if topic not in SHOPIFY_TOPICS:
        return None
    data = obj(load_json(body, "shopify"), "body")
    key = delivery or sha256(body)
    if topic == "refunds/create":
        total = Decimal(0)
        cur = None
        for i, tr in enumerate(items(data.get("transactions"), "transactions")):
            tr = obj(tr, f"transactions[{i}]")
            if tr.get("kind") == "refund" and tr.get("status") == "success":
                total += money(tr.get("amount"), f"transactions[{i}].amount")
                cur = currency(tr.get("currency"), f"transactions[{i}].currency") or cur
        return OrderEvent(
            source="shopify",
            topic=topic,
            kind="refund",
            event_key=key,
            order_id=None,
            order_ref=text(data.get("order_id"), "order_id", required=True),
            at=instant(data.get("processed_at") or data.get("created_at"), "created_at"),
            amount=total,
            currency=cur,
        )
    landing = text(data.get("landing_site"), "landing_site")
    params = url_params(landing)
    noted = _named(items(data.get("note_attributes"), "note_attributes"), CLICK_PARAM, "note_attributes")
    discounts = items(data.get("discount_codes"), "discount_codes")
    customer = data.get("customer")
    return OrderEvent(
        source="shopify",
        topic=topic,
        kind="cancel" if topic == "orders/cancelled" else "order",
        event_key=key,
        order_id=text(data.get("name") or data.get("order_number") or data.get("id"), "name", required=True),
        order_ref=text(data.get("id"), "id"),
        at=instant(data.get("created_at"), "created_at"),
        amount=money(data.get("total_price"), "total_price"),
        currency=currency(data.get("currency"), "currency"),
        customer=text(obj(customer, "customer").get("id"), "customer.id") if customer else None,
        click_id=click_id(noted) or click_id(params.get(CLICK_PARAM)),
        utm=utm_from(params),
        promo_codes=codes(
            [
                text(obj(d, f"discount_codes[{i}]").get("code"), f"discount_codes[{i}].code")
                for i, d in enumerate(discounts)
            ]
        ),
    )


def _salla_time(data: dict[str, Any], envelope: dict[str, Any]) -> dt.datetime:
    when = data.get("date")
    if isinstance(when, dict) and when.get("date"):
        try:
            zone: dt.tzinfo = ZoneInfo(str(when.get("timezone") or "Asia/Riyadh"))
        except (ValueError, KeyError):
            zone = RIYADH
        return instant(when.get("date"), "data.date.date", zone)
    created = envelope.get("created_at")
    parsed = _rfc_date(created)
    return parsed if parsed is not None else instant(created, "created_at", RIYADH)


def _rfc_date(value: Any) -> dt.datetime | None:
    """Salla's envelope time as JavaScript prints it: ``Sun Jun 26 2022 12:21:48 GMT+0300``."""
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.strptime(value.split(" (")[0], "%a %b %d %Y %H:%M:%S GMT%z").astimezone(dt.UTC)
    except ValueError:
        return None


def salla(body: bytes) -> OrderEvent | None:
    """A Salla webhook; None for an event that is not about orders."""
    envelope = obj(load_json(body, "salla"), "body")
    event = envelope.get("event")
    if event not in SALLA_EVENTS:
        return None
    data = obj(envelope.get("data"), "data")
    status = data.get("status")
    slug = str(status.get("slug") or "").lower() if isinstance(status, dict) else str(status or "").lower()
    amounts = obj(data.get("amounts") or {}, "data.amounts")
    total = obj(amounts.get("total") or {}, "data.amounts.total")
    if event == "order.cancelled" or slug in CANCELLED:
        kind = "cancel"
    elif event == "order.refunded" or slug in REFUNDED:
        kind = "refund"
    else:
        kind = "order"
    details = data.get("source_details")
    landing = text(details.get("value"), "data.source_details.value") if isinstance(details, dict) else None
    params = url_params(landing)
    discounts = items(amounts.get("discounts"), "data.amounts.discounts")
    coupon = data.get("coupon")
    customer = data.get("customer")
    amount = money(total.get("amount"), "data.amounts.total.amount") if kind == "order" else None
    return OrderEvent(
        source="salla",
        topic=str(event),
        kind=kind,  # type: ignore[arg-type]
        event_key=sha256(body),
        order_id=text(data.get("reference_id") or data.get("id"), "data.reference_id", required=True),
        order_ref=text(data.get("id"), "data.id"),
        at=_salla_time(data, envelope),
        amount=amount,
        currency=currency(total.get("currency") or data.get("currency"), "data.amounts.total.currency"),
        customer=text(customer.get("id"), "data.customer.id") if isinstance(customer, dict) else None,
        click_id=click_id(params.get(CLICK_PARAM)),
        utm=utm_from(params),
        promo_codes=codes(
            [
                *(
                    text(obj(d, f"data.amounts.discounts[{i}]").get("code"), f"data.amounts.discounts[{i}].code")
                    for i, d in enumerate(discounts)
                ),
                text(coupon.get("code"), "data.coupon.code") if isinstance(coupon, dict) else None,
            ]
        ),
    )


def zid(body: bytes, zone: dt.tzinfo = RIYADH) -> OrderEvent | None:
    """A Zid order webhook (the order object, bare or under ``order``); None for a body without an order."""
    raw = obj(load_json(body, "zid"), "body")
    data = obj(raw["order"], "order") if isinstance(raw.get("order"), dict) else raw
    if "id" not in data:
        return None
    status = data.get("order_status")
    code = str(status.get("code") or "").lower() if isinstance(status, dict) else str(status or "").lower()
    paid = str(data.get("payment_status") or "").lower()
    if code in CANCELLED:
        kind = "cancel"
    elif code in REFUNDED or paid in REFUNDED:
        kind = "refund"
    else:
        kind = "order"
    coupon = data.get("coupon")
    customer = data.get("customer")
    noted = _named(items(data.get("custom_fields"), "custom_fields"), CLICK_PARAM, "custom_fields")
    return OrderEvent(
        source="zid",
        topic=str(raw.get("event") or f"order.{code or 'update'}"),
        kind=kind,  # type: ignore[arg-type]
        event_key=sha256(body),
        order_id=text(data.get("id"), "id", required=True),
        order_ref=text(data.get("id"), "id"),
        at=instant(data.get("created_at"), "created_at", zone),
        amount=money(data.get("order_total"), "order_total") if kind == "order" else None,
        currency=currency(data.get("currency_code"), "currency_code"),
        customer=text(customer.get("id"), "customer.id") if isinstance(customer, dict) else None,
        click_id=click_id(noted),
        utm=Utm(),
        promo_codes=codes([text(coupon.get("code"), "coupon.code") if isinstance(coupon, dict) else None]),
    )
