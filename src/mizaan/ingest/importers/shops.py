"""Shop exports -> ``orders``: what the shops' readers share, and their JSON exports: WooCommerce's REST API,
Salla and Zid (their merchant API JSON). The CSV exports (Shopify, WooCommerce) are read in ``shop_csv.py``.

Times: Shopify writes an offset (``2025-05-11 09:55:16 -0400``); WooCommerce's ``date_created_gmt`` is
UTC; Salla names the zone beside each date; Zid writes store-local times with no zone, read in the
``--timezone`` given (or the one the store remembers), and refused without one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mizaan.ingest.importers.base import Context
from mizaan.ingest.text import decode
from mizaan.ingest.values import CellError, money_from_json, parse_currency, parse_instant

WC_PREFIX = "_wc_order_attribution_"
CHANNELS_KNOWN = 100_000  # distinct attributions whose channel a file remembers


def order_channel(ctx: Context, row: dict[str, Any]) -> str | None:
    """The taxonomy's channel for an order's attribution, asked once per distinct attribution in a file (the
    taxonomy does not change while a file is read)."""
    if not any(row.get(k) for k in ("utm_source", "utm_medium", "discount_code")):
        return None
    args = tuple(row.get(k) for k in ("utm_source", "utm_medium", "utm_campaign", "utm_content", "discount_code"))
    known: dict[tuple[Any, ...], str] = ctx.__dict__.setdefault("_order_channels", {})
    if (channel := known.get(args)) is None:
        if len(known) >= CHANNELS_KNOWN:
            known.clear()  # bounded memory: a file of ever new attributions asks the taxonomy again
        channel = known[args] = ctx.taxonomy.classify(*args)
    return channel


def _keep(ctx: Context, row: dict[str, Any], line: int, seen: dict[str, int]) -> None:
    if row["order_id"] in seen:
        ctx.batch.reject(line, "ingest.row.duplicate", first=seen[row["order_id"]])
        return
    row["channel"] = order_channel(ctx, row)
    if ctx.batch.add("orders", row, line):
        seen[row["order_id"]] = line


class Bad(Exception):
    def __init__(self, err: CellError, field: str | None) -> None:
        self.err, self.field = err, field


def located(field: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except CellError as err:
        raise Bad(err, field) from None


def wc_attribution(meta: dict[str, str]) -> dict[str, Any]:
    """WooCommerce's attribution fields: ``typein`` is direct, ``organic`` a search engine, ``referral``
    the referrer's host; ``utm`` keeps the UTM fields."""
    source, medium = meta.get("utm_source") or None, meta.get("utm_medium") or None
    kind = (meta.get("source_type") or "").strip().casefold()
    if not source and kind == "typein":
        source, medium = "(direct)", "(none)"
    elif not source and kind in ("organic", "referral"):
        referrer = meta.get("referrer") or ""
        host = referrer.split("//")[-1].split("/")[0] if referrer else None
        source, medium = host or kind, kind
    return {
        "utm_source": source,
        "utm_medium": medium,
        "utm_campaign": meta.get("utm_campaign") or None,
        "utm_content": meta.get("utm_content") or None,
        "landing_page": meta.get("landing_page") or None,
    }


# --- JSON shops ----------------------------------------------------------------------------------------


def load_json(ctx: Context) -> Any:
    text = decode(ctx.path.read_bytes(), ctx.options.encoding).text
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CellError("ingest.file.json", detail=exc.msg, line=exc.lineno) from None


def json_orders(data: Any) -> tuple[str, list[Any]] | None:
    """(shop, orders) for a Salla, Zid or WooCommerce API response, or None."""
    if isinstance(data, dict):
        if isinstance(data.get("order"), dict) and "invoice_number" in data["order"]:
            return "zid", [data["order"]]
        orders = data.get("orders")
        if isinstance(orders, list) and orders and isinstance(orders[0], dict):
            if "invoice_number" in orders[0]:
                return "zid", orders
            if "date_created_gmt" in orders[0]:
                return "woocommerce", orders
        items = data.get("data")
        if isinstance(items, dict) and "reference_id" in items:
            return "salla", [items]
        if isinstance(items, list) and items and isinstance(items[0], dict) and "reference_id" in items[0]:
            return "salla", items
    if isinstance(data, list) and data and isinstance(data[0], dict) and "date_created_gmt" in data[0]:
        return "woocommerce", data
    return None


def import_json_orders(ctx: Context, shop: str, orders: list[Any]) -> None:
    seen: dict[str, int] = {}
    read = {"salla": _salla, "zid": _zid, "woocommerce": _woo}[shop]
    for n, item in enumerate(orders, start=1):
        if not isinstance(item, dict):
            ctx.batch.reject(n, "ingest.json.not_object")
            continue
        try:
            row = read(item, ctx)
        except Bad as bad:
            ctx.batch.reject_cell(n, bad.err, None, bad.field)
            continue
        if not row["order_id"]:
            ctx.batch.reject(n, "ingest.cell.missing", field="id")
            continue
        _keep(ctx, row, n, seen)


def _path(item: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(item, dict):
            return None
        item = item.get(k)
    return item


def _text(v: Any) -> str | None:
    return None if v is None or v == "" else str(v)


def _salla(o: dict[str, Any], ctx: Context) -> dict[str, Any]:
    date: dict[str, Any] = o["date"] if isinstance(o.get("date"), dict) else {"date": o.get("date")}
    total = _path(o, "amounts", "total") or o.get("total") or {}
    discount = _path(o, "amounts", "discounts")
    coupon: dict[str, Any] = o["coupon"] if isinstance(o.get("coupon"), dict) else {}
    attribution: dict[str, Any] = o["attribution"] if isinstance(o.get("attribution"), dict) else {}
    return {
        "shop": "salla",
        "order_id": _text(o.get("reference_id") or o.get("id")),
        "time": located(
            "date.date", lambda: parse_instant(str(date.get("date") or ""), ctx.zone, date.get("timezone"))
        ),
        "customer_id": _text(_path(o, "customer", "id")),
        "revenue": located("amounts.total.amount", lambda: _required(money_from_json(_path(total, "amount")))),
        "currency": located(
            "amounts.total.currency",
            lambda: parse_currency(_path(total, "currency") or o.get("currency") or ctx.options.currency),
        ),
        "discount_code": _text(coupon.get("code")),
        "discount_amount": located(
            "amounts.discounts",
            lambda: money_from_json(_path(discount, "amount") if isinstance(discount, dict) else None),
        ),
        "status": _text(_path(o, "status", "slug") or _path(o, "status", "name")),
        "utm_source": _text(attribution.get("utm_source")),
        "utm_medium": _text(attribution.get("utm_medium")),
        "utm_campaign": _text(attribution.get("utm_campaign")),
        "utm_content": _text(attribution.get("utm_content")),
        "landing_page": _text(attribution.get("landing_page")),
    }


def _zid(o: dict[str, Any], ctx: Context) -> dict[str, Any]:
    coupon: dict[str, Any] = o["coupon"] if isinstance(o.get("coupon"), dict) else {}
    utm: dict[str, Any] = o["utm"] if isinstance(o.get("utm"), dict) else {}
    return {
        "shop": "zid",
        "order_id": _text(o.get("id")),
        "time": located("created_at", lambda: parse_instant(str(o.get("created_at") or ""), ctx.zone)),
        "customer_id": _text(_path(o, "customer", "id")),
        "revenue": located("order_total", lambda: _required(money_from_json(o.get("order_total", o.get("total"))))),
        "currency": located(
            "currency_code",
            lambda: parse_currency(o.get("currency_code") or o.get("currency") or ctx.options.currency),
        ),
        "discount_code": _text(coupon.get("code")),
        "discount_amount": located("coupon.discount", lambda: money_from_json(coupon.get("discount_amount"))),
        "status": _text(_path(o, "order_status", "code") or o.get("status")),
        "utm_source": _text(utm.get("source")),
        "utm_medium": _text(utm.get("medium")),
        "utm_campaign": _text(utm.get("campaign")),
        "utm_content": _text(utm.get("content")),
        "landing_page": _text(utm.get("landing_page")),
    }


def _woo(o: dict[str, Any], ctx: Context) -> dict[str, Any]:
    meta = {
        str(m.get("key", "")).removeprefix(WC_PREFIX): str(m.get("value", ""))
        for m in o.get("meta_data") or []
        if isinstance(m, dict)
    }
    coupons = [str(c["code"]) for c in o.get("coupon_lines") or [] if isinstance(c, dict) and c.get("code")]
    gmt = o.get("date_created_gmt")
    return {
        "shop": "woocommerce",
        "order_id": _text(o.get("number") or o.get("id")),
        "time": located("date_created_gmt", lambda: parse_instant(f"{gmt}Z" if gmt else "", ctx.zone)),
        "customer_id": _text(o.get("customer_id") or _path(o, "billing", "email")),
        "revenue": located("total", lambda: _required(money_from_json(o.get("total")))),
        "currency": located("currency", lambda: parse_currency(o.get("currency") or ctx.options.currency)),
        "discount_code": ",".join(coupons) or None,
        "discount_amount": located("discount_total", lambda: money_from_json(o.get("discount_total"))),
        "status": _text(o.get("status")),
        **wc_attribution(
            {
                "utm_source": meta.get("utm_source", ""),
                "utm_medium": meta.get("utm_medium", ""),
                "utm_campaign": meta.get("utm_campaign", ""),
                "utm_content": meta.get("utm_content", ""),
                "source_type": meta.get("source_type", ""),
                "referrer": meta.get("referrer", ""),
                "landing_page": meta.get("session_entry", ""),
            }
        ),
    }


def _required(value: Any) -> Any:
    if value is None:
        raise CellError("ingest.cell.missing")
    return value
