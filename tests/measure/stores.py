"""Small project stores made by hand for the measurement tests: every number in them can be checked by
hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from mizaan.ingest import Store, arrow_schema, columns

UTC = dt.UTC


def at(day: str, clock: str = "12:00:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=UTC)


def table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    full = [
        {c: r.get(c, "" if c == "source_file" else 0 if c == "source_row" else None) for c in columns(name)}
        for r in rows
    ]
    return pa.Table.from_pylist(full, schema=arrow_schema(name))


def make_store(path: Path, **tables: list[dict[str, Any]]) -> Path:
    with Store(path) as store, store.transaction():
        for name, rows in tables.items():
            store.write(name, table(name, rows))
    return path


def spend(
    day: str,
    channel: str,
    cost: str,
    *,
    platform: str = "meta",
    campaign: str = "c",
    currency: str = "SAR",
    **more: Any,
) -> dict[str, Any]:
    d = dt.date.fromisoformat(day)
    return {
        "date": d,
        "date_end": d,
        "platform": platform,
        "account": "",
        "channel": channel,
        "campaign": campaign,
        "ad_group": "",
        "ad": "",
        "cost": Decimal(cost),
        "currency": currency,
        **more,
    }


def post(
    post_id: str,
    day: str,
    influencer: str,
    tier: str,
    cost: str,
    *,
    code: str | None = None,
    currency: str = "SAR",
    **more: Any,
) -> dict[str, Any]:
    return {
        "post_id": post_id,
        "date": dt.date.fromisoformat(day),
        "influencer": influencer,
        "platform": "instagram",
        "tier": tier,
        "channel": f"influencer_{tier}",
        "cost": Decimal(cost),
        "currency": currency,
        "promo_code": code,
        **more,
    }


def order(
    order_id: str,
    when: dt.datetime,
    revenue: str,
    *,
    channel: str | None = None,
    code: str | None = None,
    currency: str = "SAR",
    **more: Any,
) -> dict[str, Any]:
    return {
        "shop": "shopify",
        "order_id": order_id,
        "time": when,
        "revenue": Decimal(revenue),
        "currency": currency,
        "discount_code": code,
        "channel": channel,
        **more,
    }


def touch(
    touch_id: str, user: str, when: dt.datetime, channel: str, kind: str = "visit", **more: Any
) -> dict[str, Any]:
    return {
        "touchpoint_id": touch_id,
        "user_id": user,
        "time": when,
        "channel": channel,
        "kind": kind,
        "system": "ga4",
        **more,
    }


def conversion(
    conversion_id: str, user: str, when: dt.datetime, value: str | None, currency: str = "SAR"
) -> dict[str, Any]:
    return {
        "conversion_id": conversion_id,
        "user_id": user,
        "time": when,
        "value": None if value is None else Decimal(value),
        "currency": currency,
        "order_id": conversion_id,
        "system": "ga4",
    }


def shop_store(path: Path) -> Path:
    """A week of a small shop (2025-03-03 is a Monday):

    - spend: social ads 100 + 50 SAR (1,000 + 400 impressions, 40 + 10 clicks, platform claims 3 + 1),
      search ads 60 SAR (20 clicks, claims 2); one micro influencer post, 200 SAR, 5,000 views, 30 link clicks,
      code SARA10; another on 2025-03-10 (next week), 100 SAR;
    - journeys: u1 social → search → buys 300 (o1); u2 influencer view → direct → buys 200 with code SARA10 (o2);
      u3 social, no purchase; u4 search → buys 100 (o3) then search again, no purchase;
      u5 two touches in the same second (social "t5b", email "t5a") → buys 50 (o4).
    """
    return make_store(
        path,
        spend=[
            spend(
                "2025-03-03",
                "social_ads",
                "100",
                impressions=1000,
                reach=800,
                clicks=40,
                platform_conversions=Decimal(3),
                platform_conversion_value=Decimal(700),
            ),
            spend(
                "2025-03-04",
                "social_ads",
                "50",
                impressions=400,
                reach=300,
                clicks=10,
                platform_conversions=Decimal(1),
                platform_conversion_value=Decimal(300),
            ),
            spend(
                "2025-03-03",
                "search_ads",
                "60",
                platform="google_ads",
                impressions=500,
                clicks=20,
                platform_conversions=Decimal(2),
                platform_conversion_value=Decimal(400),
            ),
        ],
        influencer_posts=[
            post(
                "p1",
                "2025-03-03",
                "sara.beauty",
                "micro",
                "200",
                code="SARA10",
                views=5000,
                likes=300,
                comments=20,
                shares=5,
                saves=5,
                link_clicks=30,
                followers=50000,
            ),
            post("p2", "2025-03-10", "sara.beauty", "micro", "100", code="SARA10", views=2000, link_clicks=10),
        ],
        touchpoints=[
            touch("t1a", "u1", at("2025-03-03", "10:00:00"), "social_ads", "click", campaign="spring"),
            touch("t1b", "u1", at("2025-03-04", "10:00:00"), "search_ads"),
            touch("t2a", "u2", at("2025-03-03", "09:00:00"), "influencer_micro", "view", campaign="micro-sara.beauty"),
            touch("t2b", "u2", at("2025-03-05", "09:00:00"), "direct"),
            touch("t3a", "u3", at("2025-03-05", "11:00:00"), "social_ads"),
            touch("t4a", "u4", at("2025-03-06", "08:00:00"), "search_ads"),
            touch("t4b", "u4", at("2025-03-07", "08:00:00"), "search_ads"),
            touch("t5b", "u5", at("2025-03-07", "15:00:00"), "social_ads"),
            touch("t5a", "u5", at("2025-03-07", "15:00:00"), "email"),
        ],
        conversions=[
            conversion("o1", "u1", at("2025-03-04", "10:10:00"), "300"),
            conversion("o2", "u2", at("2025-03-05", "09:20:00"), "200"),
            conversion("o3", "u4", at("2025-03-06", "08:30:00"), "100"),
            conversion("o4", "u5", at("2025-03-07", "15:30:00"), "50"),
        ],
        orders=[
            order(
                "o1", at("2025-03-04", "10:10:00"), "300", channel="search_ads", utm_source="google", utm_medium="cpc"
            ),
            order("o2", at("2025-03-05", "09:20:00"), "200", channel="influencer_micro", code="SARA10"),
            order("o3", at("2025-03-06", "08:30:00"), "100", channel=None),
            order(
                "o4",
                at("2025-03-07", "15:30:00"),
                "50",
                channel="influencer_micro",
                utm_source="sara.beauty",
                utm_medium="influencer",
            ),
        ],
    )
