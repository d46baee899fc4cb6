"""The simulated world written as the files users really have: ad platforms' exports (Google Ads with its
preamble and total rows and quoted thousands; Meta in Arabic with ``;``; TikTok; Snapchat in UTF-16 with
tabs), agency invoices as a generic CSV with a mapping file, the influencer-deals sheet as XLSX with
Arabic headers, the shop's orders (Shopify CSV, Salla, Zid or WooCommerce JSON), GA4's BigQuery export
as Parquet, and the ad servers' exposure log (impressions, clicks, views) as Parquet with a mapping file.

Streams (GA4, exposures, orders) are written chunk by chunk; the day-level exports at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from mizaan.ingest.channels import tier_for_followers
from mizaan.simulate.journeys import Buyers, Tags
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


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def grouped(cents: int) -> str:
    """``1234.56`` as ``1,234.56`` (Google Ads' quoted thousands)."""
    return f"{cents // 100:,}.{cents % 100:02d}"


def iso_us(us: int, tz: dt.tzinfo = dt.UTC) -> dt.datetime:
    return (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=int(us))).astimezone(tz)


# --- orders, streamed -------------------------------------------------------------------------------------


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
            post = int(b.post[i])
            code = self.world.posts[post].promo_code if b.code_used[i] else None
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


# --- GA4 and exposures, streamed ---------------------------------------------------------------------------

_VALUE = pa.struct(
    [
        ("string_value", pa.string()),
        ("int_value", pa.int64()),
        ("float_value", pa.float64()),
        ("double_value", pa.float64()),
    ]
)
_PARAM = pa.struct([("key", pa.string()), ("value", _VALUE)])
GA4_SCHEMA = pa.schema(
    [
        ("event_date", pa.string()),
        ("event_timestamp", pa.int64()),
        ("event_name", pa.string()),
        ("event_params", pa.list_(_PARAM)),
        ("user_pseudo_id", pa.string()),
        (
            "collected_traffic_source",
            pa.struct(
                [
                    ("manual_campaign_name", pa.string()),
                    ("manual_source", pa.string()),
                    ("manual_medium", pa.string()),
                    ("manual_content", pa.string()),
                    ("gclid", pa.string()),
                ]
            ),
        ),
        ("ecommerce", pa.struct([("transaction_id", pa.string()), ("purchase_revenue", pa.float64())])),
    ]
)
EXPOSURE_SCHEMA = pa.schema(
    [
        ("touch_id", pa.string()),
        ("user", pa.string()),
        ("ts", pa.timestamp("us", tz="UTC")),
        ("channel", pa.string()),
        ("campaign", pa.string()),
        ("kind", pa.string()),
        ("utm_source", pa.string()),
        ("utm_medium", pa.string()),
    ]
)
EXPOSURE_MAPPING = {
    "table": "touchpoints",
    "columns": {
        "touchpoint_id": "touch_id",
        "user_id": "user",
        "time": "ts",
        "channel": "channel",
        "campaign": "campaign",
        "kind": "kind",
        "source": "utm_source",
        "medium": "utm_medium",
    },
    "constants": {"system": "exposure_log"},
}


def _params(keys: list[str], columns: dict[str, tuple[str, pa.Array]], n: int) -> pa.Array:
    """``event_params`` for n events that all carry the parameters ``keys``: a list of (key, value)."""
    k = len(keys)
    key = pa.array(np.tile(np.array(keys, dtype=object), n), pa.string())
    fields: dict[str, list[pa.Array]] = {
        "string_value": [],
        "int_value": [],
        "float_value": [],
        "double_value": [],
    }
    for name in keys:
        kind, arr = columns[name]
        for f in fields:
            fields[f].append(arr if f == kind else pa.nulls(n, _VALUE.field(f).type))
    # interleave: event i's parameters sit at i*k .. i*k+k-1
    inter = {}
    for f, arrs in fields.items():
        stacked = pa.concat_arrays([a.cast(_VALUE.field(f).type) for a in arrs])
        order = (np.arange(n)[:, None] + np.arange(k)[None, :] * n).ravel()
        inter[f] = stacked.take(pa.array(order))
    value = pa.StructArray.from_arrays(list(inter.values()), fields=list(_VALUE))
    flat = pa.StructArray.from_arrays([key, value], fields=list(_PARAM))
    return pa.ListArray.from_arrays(pa.array(np.arange(0, n * k + 1, k, dtype=np.int32)), flat)


def ga4_visits(
    users: pa.Array, time: np.ndarray, attrs: dict[str, np.ndarray], tag_idx: np.ndarray, site: str
) -> pa.Table:
    """session_start and page_view events of visits; ``attrs`` holds each tag's source, medium, campaign,
    content and platform as object arrays indexed by tag."""
    n = len(time)
    src, med, camp, cont = (
        pa.array(attrs[k][tag_idx], pa.string()) for k in ("source", "medium", "campaign", "content")
    )
    google = pa.array(attrs["platform"][tag_idx] == "google_ads", pa.bool_())
    ts = pc.cast(pa.array(time), pa.string())
    gclid = pc.if_else(google, pc.binary_join_element_wise("Cj0K", ts, ""), pa.scalar(None, pa.string()))
    has = pc.is_valid(src)
    cts = pa.StructArray.from_arrays(
        [camp, src, med, cont, gclid],
        fields=list(GA4_SCHEMA.field("collected_traffic_source").type),
        mask=pc.invert(has),
    )
    sid = pa.array(time // 1_000_000)
    page = pa.array(np.full(n, site + "/", dtype=object), pa.string())
    date = pc.strftime(pa.array(time, pa.timestamp("us", tz="UTC")), "%Y%m%d")
    params = _params(
        ["ga_session_id", "page_location"],
        {"ga_session_id": ("int_value", sid), "page_location": ("string_value", page)},
        n,
    )
    out = []
    for name, shift in (("session_start", 0), ("page_view", 1)):
        out.append(
            pa.table(
                {
                    "event_date": date,
                    "event_timestamp": pa.array(time + shift),
                    "event_name": pa.array(np.full(n, name, dtype=object), pa.string()),
                    "event_params": params,
                    "user_pseudo_id": users,
                    "collected_traffic_source": cts if name == "session_start" else pa.nulls(n, cts.type),
                    "ecommerce": pa.nulls(n, GA4_SCHEMA.field("ecommerce").type),
                },
                schema=GA4_SCHEMA,
            )
        )
    return pa.concat_tables(out)


def ga4_purchases(
    users: pa.Array, time: np.ndarray, order_ids: list[str], revenue: np.ndarray, currency: str
) -> pa.Table:
    n = len(time)
    value = pa.array(revenue / 100.0)
    params = _params(
        ["ga_session_id", "currency", "value", "transaction_id"],
        {
            "ga_session_id": ("int_value", pa.array(time // 1_000_000)),
            "currency": ("string_value", pa.array([currency] * n, pa.string())),
            "value": ("double_value", value),
            "transaction_id": ("string_value", pa.array(order_ids)),
        },
        n,
    )
    eco = pa.StructArray.from_arrays(
        [pa.array(order_ids, pa.string()), value], fields=list(GA4_SCHEMA.field("ecommerce").type)
    )
    return pa.table(
        {
            "event_date": pc.strftime(pa.array(time, pa.timestamp("us", tz="UTC")), "%Y%m%d"),
            "event_timestamp": pa.array(time),
            "event_name": pa.array(["purchase"] * n, pa.string()),
            "event_params": params,
            "user_pseudo_id": users,
            "collected_traffic_source": pa.nulls(n, GA4_SCHEMA.field("collected_traffic_source").type),
            "ecommerce": eco,
        },
        schema=GA4_SCHEMA,
    )


def write_mapping(path: Path, mapping: dict[str, Any]) -> None:
    path.with_name(path.name + ".mapping.yaml").write_text(
        yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


# --- day-level exports -------------------------------------------------------------------------------------


def spend_rows(
    world: World, clicks: np.ndarray, claims: np.ndarray, claim_value: np.ndarray
) -> list[dict[str, Any]]:
    """One row per campaign and day with any activity: what each platform reports."""
    rows = []
    for c in world.campaigns:
        for t in range(world.days):
            cents = int(world.spend[c.index][t])
            imp = int(world.impressions[c.index][t])
            if cents == 0 and imp == 0 and clicks[c.index, t] == 0:
                continue
            rows.append(
                {
                    "day": world.day(t),
                    "campaign": c,
                    "cost": cents,
                    "impressions": imp,
                    "reach": int(imp / 1.6),
                    "clicks": int(clicks[c.index, t]),
                    "conversions": int(claims[c.index, t]),
                    "value": int(claim_value[c.index, t]),
                }
            )
    return rows


def write_ad_exports(folder: Path, world: World, rows: list[dict[str, Any]]) -> list[str]:
    cur = world.currency
    by = {
        p: [r for r in rows if r["campaign"].platform == p]
        for p in ("google_ads", "meta", "tiktok", "snapchat")
    }
    written = []
    if by["google_ads"]:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        end = world.day(world.days - 1)
        buf.write("Campaign report\n")
        buf.write(
            f'"{world.start:%B} {world.start.day}, {world.start.year} - {end:%B} {end.day}, {end.year}"\n'
        )
        w.writerow(
            [
                "Day",
                "Campaign status",
                "Campaign",
                "Campaign type",
                "Currency code",
                "Impr.",
                "Clicks",
                "Cost",
                "Conversions",
                "Conv. value",
                "Search impr. share",
            ]
        )
        for r in by["google_ads"]:
            w.writerow(
                [
                    r["day"].isoformat(),
                    "Enabled",
                    r["campaign"].name,
                    "Search",
                    cur,
                    f"{r['impressions']:,}",
                    f"{r['clicks']:,}",
                    grouped(r["cost"]),
                    f"{r['conversions']}.00",
                    grouped(r["value"]) if r["conversions"] else " --",
                    "< 10%",
                ]
            )
        tot = [
            sum(r[k] for r in by["google_ads"])
            for k in ("impressions", "clicks", "cost", "conversions", "value")
        ]
        for label in ("Total: Campaigns", "Total: Account"):
            w.writerow(
                [
                    label,
                    "",
                    "",
                    "",
                    cur,
                    f"{tot[0]:,}",
                    f"{tot[1]:,}",
                    grouped(tot[2]),
                    f"{tot[3]}.00",
                    grouped(tot[4]),
                    " --",
                ]
            )
        (folder / "google-ads-campaign-report.csv").write_text(buf.getvalue(), encoding="utf-8")
        written.append("google-ads-campaign-report.csv")
    if by["meta"]:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        w.writerow(
            [
                "بدء إعداد التقارير",
                "انتهاء إعداد التقارير",
                "اليوم",
                "اسم الحملة",
                f"المبلغ الذي تم إنفاقه ({cur})",
                "مرات الظهور",
                "الوصول",
                "النقرات على الرابط",
                "عمليات الشراء",
                "قيمة تحويل عمليات الشراء",
            ]
        )
        for r in by["meta"]:
            d = r["day"].isoformat()
            w.writerow(
                [
                    d,
                    d,
                    d,
                    r["campaign"].name,
                    money(r["cost"]),
                    r["impressions"],
                    r["reach"],
                    r["clicks"],
                    r["conversions"],
                    money(r["value"]),
                ]
            )
        (folder / "meta-ads-export.csv").write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
        written.append("meta-ads-export.csv")
    if by["tiktok"]:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(
            [
                "By Day",
                "Campaign name",
                "Currency",
                "Cost",
                "Impressions",
                "Reach",
                "Clicks (destination)",
                "Complete payment",
                "Total complete payment value",
            ]
        )
        for r in by["tiktok"]:
            w.writerow(
                [
                    r["day"].isoformat(),
                    r["campaign"].name,
                    cur,
                    money(r["cost"]),
                    r["impressions"],
                    r["reach"],
                    r["clicks"],
                    r["conversions"],
                    money(r["value"]),
                ]
            )
        (folder / "tiktok-ads-report.csv").write_text(buf.getvalue(), encoding="utf-8")
        written.append("tiktok-ads-report.csv")
    if by["snapchat"]:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="\t", lineterminator="\r\n")
        w.writerow(
            [
                "Start time",
                "End time",
                "Campaign Name",
                "Currency",
                "Amount Spent",
                "Paid Impressions",
                "Reach",
                "Swipe Ups",
                "Purchases",
                "Purchases Value",
            ]
        )
        for r in by["snapchat"]:
            d = f"{r['day'].isoformat()} 00:00:00"
            w.writerow(
                [
                    d,
                    d,
                    r["campaign"].name,
                    cur,
                    money(r["cost"]),
                    r["impressions"],
                    r["reach"],
                    r["clicks"],
                    r["conversions"],
                    money(r["value"]),
                ]
            )
        (folder / "snapchat-ads-export.txt").write_bytes(buf.getvalue().encode("utf-16"))
        written.append("snapchat-ads-export.txt")
    return written


def write_invoices(folder: Path, world: World) -> list[dict[str, Any]]:
    """Content, SEO and e-mail: monthly invoices in a generic CSV with its mapping file."""
    rows: list[dict[str, Any]] = []
    vendor = {"content": "Content agency", "seo": "SEO retainer", "email": "Email platform"}
    for c, cents in world.owned_spend.items():
        for t in np.flatnonzero(cents):
            rows.append({"day": world.day(int(t)), "channel": c, "vendor": vendor[c], "cost": int(cents[t])})
    if not rows:
        return rows
    path = folder / "marketing-invoices.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["invoice_date", "vendor", "channel", "amount", "currency"])
        for r in rows:
            w.writerow([r["day"].isoformat(), r["vendor"], r["channel"], money(r["cost"]), world.currency])
    write_mapping(
        path,
        {
            "table": "spend",
            "columns": {
                "date": "invoice_date",
                "campaign": "vendor",
                "channel": "channel",
                "cost": "amount",
                "currency": "currency",
            },
            "constants": {"platform": "invoices"},
        },
    )
    return rows


def post_url(world: World, i: int) -> str:
    p = world.posts[i]
    return f"https://www.instagram.com/p/{p.influencer.replace('.', '')}{i:04d}/"


def write_deals(folder: Path, world: World, link_clicks: np.ndarray) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "الحملات"
    ws.append(
        [
            "التاريخ",
            "المؤثر",
            "المنصة",
            "عدد المتابعين",
            "التكلفة",
            "العملة",
            "المشاهدات",
            "الإعجابات",
            "التعليقات",
            "المشاركات",
            "الحفظ",
            "النقرات على الرابط",
            "كود الخصم",
            "رابط المنشور",
        ]
    )
    for p in world.posts:
        assert tier_for_followers(p.followers) == p.tier
        ws.append(
            [
                world.day(p.day),
                p.influencer,
                p.platform,
                p.followers,
                float(p.cost),
                world.currency,
                p.views,
                p.likes,
                p.comments,
                p.shares,
                p.saves,
                int(link_clicks[p.index]),
                p.promo_code,
                post_url(world, p.index),
            ]
        )
    wb.save(folder / "influencer-deals.xlsx")
