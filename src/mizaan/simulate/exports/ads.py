"""The day-level exports: the ad platforms' reports (Google Ads with its preamble, total rows and quoted
thousands; Meta in Arabic with ``;``; TikTok; Snapchat in UTF-16 with tabs), agency invoices as a generic
CSV with a mapping file, and the influencer-deals sheet as XLSX with Arabic headers."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import numpy as np

from mizaan.ingest import tier_for_followers
from mizaan.simulate.exports.text import grouped, money, write_mapping
from mizaan.simulate.world import World


def spend_rows(world: World, clicks: np.ndarray, claims: np.ndarray, claim_value: np.ndarray) -> list[dict[str, Any]]:
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
    by = {p: [r for r in rows if r["campaign"].platform == p] for p in ("google_ads", "meta", "tiktok", "snapchat")}
    written = []
    if by["google_ads"]:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        end = world.day(world.days - 1)
        buf.write("Campaign report\n")
        buf.write(f'"{world.start:%B} {world.start.day}, {world.start.year} - {end:%B} {end.day}, {end.year}"\n')
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
        tot = [sum(r[k] for r in by["google_ads"]) for k in ("impressions", "clicks", "cost", "conversions", "value")]
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
    for c, cents in world.owned_spend.items():
        vendor = world.kb.channels[c].simulation.vendor or c  # the registry names who bills the channel
        for t in np.flatnonzero(cents):
            rows.append({"day": world.day(int(t)), "channel": c, "vendor": vendor, "cost": int(cents[t])})
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
