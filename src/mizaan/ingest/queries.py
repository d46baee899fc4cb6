"""Named read queries over the canonical tables, in portable SQL.

Only standard SQL is used (``CAST``, ``SUM``, ``COUNT``, ``GROUP BY``, ``ORDER BY``), so the same text
runs on DuckDB and on a distributed engine such as Spark SQL. Days of instants are UTC days: the store
sets the session time zone to UTC, and another engine must do the same.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mizaan.ingest.store import Engine

SPEND_BY_CHANNEL_DAY = """
SELECT channel, date AS day, currency, SUM(cost) AS cost, SUM(impressions) AS impressions,
       SUM(clicks) AS clicks, SUM(platform_conversions) AS platform_conversions,
       SUM(platform_conversion_value) AS platform_conversion_value, COUNT(*) AS rows
FROM spend GROUP BY channel, date, currency ORDER BY channel, day, currency
"""

INFLUENCER_COST_BY_CHANNEL_DAY = """
SELECT channel, date AS day, currency, SUM(cost) AS cost, COUNT(*) AS posts, SUM(views) AS views,
       SUM(link_clicks) AS link_clicks
FROM influencer_posts GROUP BY channel, date, currency ORDER BY channel, day, currency
"""

ORDERS_BY_DAY = """
SELECT CAST(time AS DATE) AS day, currency, COUNT(*) AS orders, SUM(revenue) AS revenue
FROM orders GROUP BY CAST(time AS DATE), currency ORDER BY day, currency
"""

TOUCHPOINTS_BY_CHANNEL_DAY = """
SELECT channel, kind, CAST(time AS DATE) AS day, COUNT(*) AS touchpoints
FROM touchpoints GROUP BY channel, kind, CAST(time AS DATE) ORDER BY channel, kind, day
"""

CONVERSIONS_BY_DAY = """
SELECT CAST(time AS DATE) AS day, currency, COUNT(*) AS conversions, SUM(value) AS value
FROM conversions GROUP BY CAST(time AS DATE), currency ORDER BY day, currency
"""

SPEND_TOTALS = """
SELECT channel, currency, SUM(cost) AS cost FROM spend GROUP BY channel, currency
UNION ALL
SELECT channel, currency, SUM(cost) AS cost FROM influencer_posts GROUP BY channel, currency
ORDER BY channel, currency
"""

ORDER_TOTALS = """
SELECT currency, COUNT(*) AS orders, SUM(revenue) AS revenue FROM orders GROUP BY currency ORDER BY currency
"""
CONVERSION_TOTALS = """
SELECT currency, COUNT(*) AS conversions, SUM(value) AS value FROM conversions
GROUP BY currency ORDER BY currency
"""
TOUCHPOINT_TOTALS = "SELECT kind, COUNT(*) AS touchpoints FROM touchpoints GROUP BY kind ORDER BY kind"
ORDERS_BY_CODE_CHANNEL = """
SELECT channel, COUNT(*) AS orders, SUM(revenue) AS revenue FROM orders
WHERE discount_code IS NOT NULL GROUP BY channel ORDER BY channel
"""


def rows(engine: Engine, sql: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = engine.query(sql).to_pylist()
    return out


def totals(engine: Engine) -> dict[str, Any]:
    """What the store holds, summed: spend per channel (ad platforms and influencer posts together) and
    currency, orders and revenue per currency, conversions and value per currency, touchpoints per kind.
    Money stays exact (``Decimal``)."""
    spend: dict[str, dict[str, Decimal]] = {}
    for r in rows(engine, SPEND_TOTALS):
        per = spend.setdefault(r["channel"], {})
        per[r["currency"]] = per.get(r["currency"], Decimal(0)) + _dec(r["cost"])
    return {
        "spend": {c: {k: _trim(v) for k, v in per.items()} for c, per in spend.items()},
        "orders": {
            r["currency"]: {"orders": r["orders"], "revenue": _trim(_dec(r["revenue"]))}
            for r in rows(engine, ORDER_TOTALS)
        },
        "conversions": {
            str(r["currency"]): {"conversions": r["conversions"], "value": _trim(_dec(r["value"]))}
            for r in rows(engine, CONVERSION_TOTALS)
        },
        "touchpoints": {r["kind"]: r["touchpoints"] for r in rows(engine, TOUCHPOINT_TOTALS)},
    }


def _dec(v: Any) -> Decimal:
    return Decimal(0) if v is None else Decimal(v)


def _trim(v: Decimal) -> Decimal:
    """``1234.500000000000`` as ``1234.50`` (cents kept, trailing zeros beyond them dropped)."""
    q = v.quantize(Decimal("0.01"))
    return q if q == v else v.normalize()
