"""The shop's orders, written as they are generated, in one shop's format: Shopify CSV (one row per line
item, order fields on the first row), Salla, Zid or WooCommerce API JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import numpy as np

from mizaan.simulate.exports.text import iso_us, money
from mizaan.simulate.journeys import Buyers
from mizaan.simulate.tags import Tags
from mizaan.simulate.world import World

SHOPIFY_HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,"
    "Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,"
    "Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,"
    "Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,"
    "Billing City,Billing Country,Notes,Note Attributes,Cancelled at,Payment Method,Refunded Amount,"
    "Vendor,Id,Tags,Risk Level,Source"
).split(",")
PRODUCTS = ["عود ملكي 50 مل", "بخور الليالي", "دهن عود كمبودي", "مسك الطهارة", "عطر ورد طائفي"]
SHOPS = ("shopify", "salla", "zid", "woocommerce")


class OrderWriter:
    """Writes the orders in one shop's format as they are generated."""

    def __init__(self, shop: str, folder: Path, world: World, tags: Tags) -> None:
        self.shop, self.world, self.tags = shop, world, tags
        self.tz = ZoneInfo("Asia/Riyadh")
        self.n = 0
        self.first = True
        name = {
            "shopify": "orders_export.csv",
            "salla": "salla-orders.json",
            "zid": "zid-orders.json",
            "woocommerce": "woocommerce-orders.json",
        }[shop]
        self.path = folder / name
        self.fh: TextIO = self.path.open("w", encoding="utf-8", newline="")
        if shop == "shopify":
            self.csv = csv.writer(self.fh)
            self.csv.writerow(SHOPIFY_HEADER)
        else:
            self.fh.write(
                {
                    "salla": '{"status": 200, "success": true, "data": [\n',
                    "zid": '{"status": "object", "orders": [\n',
                    "woocommerce": "[\n",
                }[shop]
            )

    def order_id(self, i: int) -> str:
        return {
            "shopify": f"#{1001 + i}",
            "salla": str(210000 + i),
            "zid": str(39000000 + i),
            "woocommerce": str(5000 + i),
        }[self.shop]

    def write(self, b: Buyers, users: list[str], rng: np.random.Generator) -> list[str]:
        ids = []
        for i in range(len(b.user)):
            oid = self.order_id(self.n)
            self.n += 1
            ids.append(oid)
            tag = self.tags.tags[int(b.session_tag[i])]
            code_post = int(b.code_post[i])
            code = self.world.posts[code_post].promo_code if code_post >= 0 else None
            rec = dict(
                oid=oid,
                user=users[i],
                time=int(b.time[i]),
                revenue=int(b.revenue[i]),
                discount=int(b.discount[i]),
                code=code,
                tag=tag,
            )
            getattr(self, f"_{self.shop}")(rec, rng)
        return ids

    def _landing(self, tag: Any) -> str | None:
        if tag.source is None:
            return f"{self.world.site}/"
        q = f"utm_source={tag.source}&utm_medium={tag.medium}"
        return f"{self.world.site}/offers?{q}" + (f"&utm_campaign={tag.campaign}" if tag.campaign else "")

    def _shopify(self, r: dict[str, Any], rng: np.random.Generator) -> None:
        tag = r["tag"]
        local = iso_us(r["time"], self.tz).strftime("%Y-%m-%d %H:%M:%S %z")
        notes = ""
        if tag.source:
            notes = "\n".join(
                f"{k}: {v}"
                for k, v in (
                    ("utm_source", tag.source),
                    ("utm_medium", tag.medium),
                    ("utm_campaign", tag.campaign),
                    ("utm_content", tag.content),
                    ("landing_page", self._landing(tag)),
                )
                if v
            )
        items = int(rng.integers(1, 4))
        row = {h: "" for h in SHOPIFY_HEADER}
        row.update(
            {
                "Name": r["oid"],
                "Email": r["user"],
                "Financial Status": "paid",
                "Paid at": local,
                "Fulfillment Status": "fulfilled",
                "Accepts Marketing": "no",
                "Currency": self.world.currency,
                "Subtotal": money(r["revenue"]),
                "Shipping": "0.00",
                "Taxes": "0.00",
                "Total": money(r["revenue"]),
                "Discount Code": r["code"] or "",
                "Discount Amount": money(r["discount"]) if r["code"] else "0.00",
                "Created at": local,
                "Note Attributes": notes,
                "Billing City": "Riyadh",
                "Billing Country": "SA",
                "Payment Method": "mada",
                "Id": str(5_100_000_000 + self.n),
                "Source": "web",
            }
        )
        for j in range(items):
            if j:
                row = {h: "" for h in SHOPIFY_HEADER}
                row["Name"] = r["oid"]
            row.update(
                {
                    "Lineitem quantity": "1",
                    "Lineitem name": PRODUCTS[(self.n + j) % len(PRODUCTS)],
                    "Lineitem requires shipping": "true",
                    "Lineitem taxable": "true",
                }
            )
            self.csv.writerow([row[h] for h in SHOPIFY_HEADER])

    def _sep(self) -> None:
        if not self.first:
            self.fh.write(",\n")
        self.first = False

    def _salla(self, r: dict[str, Any], rng: np.random.Generator) -> None:
        local = iso_us(r["time"], self.tz).strftime("%Y-%m-%d %H:%M:%S.%f")
        coupon = {"code": r["code"]} if r["code"] else None
        cur = self.world.currency
        self._sep()
        self.fh.write(
            f'{{"id": {800000000 + self.n}, "reference_id": {r["oid"]}, "date": {{"date": "{local}", '
            f'"timezone_type": 3, "timezone": "Asia/Riyadh"}}, "status": {{"id": 1, "name": "تم التنفيذ", '
            f'"slug": "completed"}}, "payment_method": "mada", "currency": "{cur}", '
            f'"amounts": {{"sub_total": {{"amount": {money(r["revenue"] + r["discount"])}, '
            f'"currency": "{cur}"}}, '
            f'"discounts": {{"amount": {money(r["discount"])}, "currency": "{cur}"}}, '
            f'"total": {{"amount": {money(r["revenue"])}, "currency": "{cur}"}}}}, '
            f'"customer": {{"id": {json.dumps(r["user"])}, "city": "الرياض"}}, '
            f'"coupon": {json.dumps(coupon)}}}'
        )

    def _zid(self, r: dict[str, Any], rng: np.random.Generator) -> None:
        local = iso_us(r["time"], self.tz).strftime("%Y-%m-%d %H:%M:%S")
        coupon = {"code": r["code"], "discount_amount": money(r["discount"])} if r["code"] else None
        self._sep()
        self.fh.write(
            f'{{"id": {r["oid"]}, "invoice_number": {r["oid"]}, "code": "z{r["oid"]}", '
            f'"order_status": {{"name": "Delivered", "code": "delivered"}}, '
            f'"currency_code": "{self.world.currency}", '
            f'"customer": {{"id": {json.dumps(r["user"])}, "type": "individual"}}, '
            f'"order_total": "{money(r["revenue"])}000000000000", "payment_status": "paid", '
            f'"created_at": "{local}", "updated_at": "{local}", "coupon": {json.dumps(coupon)}}}'
        )

    def _woocommerce(self, r: dict[str, Any], rng: np.random.Generator) -> None:
        tag = r["tag"]
        gmt = iso_us(r["time"]).strftime("%Y-%m-%dT%H:%M:%S")
        meta: list[dict[str, str]] = []
        if tag.source:
            meta = [{"key": "_wc_order_attribution_source_type", "value": "utm"}]
            meta += [
                {"key": f"_wc_order_attribution_utm_{k}", "value": v}
                for k, v in (
                    ("source", tag.source),
                    ("medium", tag.medium),
                    ("campaign", tag.campaign),
                    ("content", tag.content),
                )
                if v
            ]
            meta.append({"key": "_wc_order_attribution_session_entry", "value": self._landing(tag) or ""})
        else:
            meta = [{"key": "_wc_order_attribution_source_type", "value": "typein"}]
        order = {
            "id": int(r["oid"]),
            "number": r["oid"],
            "status": "completed",
            "currency": self.world.currency,
            "date_created_gmt": gmt,
            "discount_total": money(r["discount"]),
            "total": money(r["revenue"]),
            "customer_id": r["user"],
            "coupon_lines": [{"code": r["code"]}] if r["code"] else [],
            "meta_data": meta,
        }
        self._sep()
        self.fh.write(json.dumps(order, ensure_ascii=False))

    def close(self) -> None:
        if self.shop != "shopify":
            self.fh.write("\n]" + ("}" if self.shop in ("salla", "zid") else "") + "\n")
        self.fh.close()
