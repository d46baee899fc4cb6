"""The measurement queries: one SQL text for every engine.

The SQL here runs unchanged on DuckDB (the project store), on Spark SQL, and — with the few changes listed
in ``docs/measurement.md`` — on BigQuery. It keeps to what the three share: ``CAST``, ``CASE``,
``COALESCE``, ``SUM``/``COUNT``/``MIN``/``MAX``, ``GROUP BY`` over a sub-query's columns, ``UNION ALL``,
``LEFT JOIN``, ``IN (sub-query)``, ``UPPER``/``LOWER``/``REPLACE``/``INSTR``, ``date_trunc('week', ts)``,
``TIMESTAMP '…'`` and ``DATE '…'`` literals, ``ORDER BY`` with explicit tie-breakers and ``NULLS LAST``
wherever a key may be null (DuckDB puts nulls last by default, Spark first), and
``unix_micros(ts)`` (built into Spark and BigQuery; the DuckDB engine defines it as a macro).

Instants are compared and truncated in UTC (each engine's session time zone is UTC). A window is a range of
whole days, both ends included: instants from the first day's midnight to before the midnight after the
last day; report dates (``spend.date``, ``influencer_posts.date``) by their own day.

Journeys need a deterministic order. ``EVENTS`` returns every touchpoint and every conversion of the window
ordered by user, time, kind (a touch before a conversion in the same microsecond) and ID: two touches of one
user in the same second always come out in the same order, on every engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Period = Literal["day", "week", "month"]
PERIODS: tuple[Period, ...] = ("day", "week", "month")
RATES_TABLE = "mizaan_rates"


@dataclass(frozen=True)
class Window:
    """Days to measure, both ends included; ``None`` leaves that end open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def instants(self, column: str = "time") -> str:
        """A SQL condition keeping instants inside the window."""
        parts = ["1 = 1"]
        if self.start is not None:
            parts.append(f"{column} >= TIMESTAMP '{self.start.isoformat()} 00:00:00'")
        if self.end is not None:
            after = self.end + dt.timedelta(days=1)
            parts.append(f"{column} < TIMESTAMP '{after.isoformat()} 00:00:00'")
        return " AND ".join(parts)

    def days(self, column: str = "date") -> str:
        """A SQL condition keeping report dates inside the window."""
        parts = ["1 = 1"]
        if self.start is not None:
            parts.append(f"{column} >= DATE '{self.start.isoformat()}'")
        if self.end is not None:
            parts.append(f"{column} <= DATE '{self.end.isoformat()}'")
        return " AND ".join(parts)


def _period(expr: str, period: Period) -> str:
    if period not in PERIODS:  # pragma: no cover - callers validate
        raise ValueError(period)
    return f"CAST(date_trunc('{period}', CAST({expr} AS TIMESTAMP)) AS DATE)"


def spend_sql(window: Window, period: Period) -> str:
    """Ad-platform spend and delivery per channel, period and currency."""
    return f"""
SELECT channel, period, currency, SUM(cost) AS cost, SUM(impressions) AS impressions, SUM(reach) AS reach,
       SUM(clicks) AS clicks, SUM(platform_conversions) AS platform_conversions,
       SUM(platform_conversion_value) AS platform_conversion_value, COUNT(*) AS spend_rows
FROM (SELECT channel, {_period("date", period)} AS period, currency, cost, impressions, reach, clicks,
             platform_conversions, platform_conversion_value
      FROM spend WHERE {window.days()}) s
GROUP BY channel, period, currency
ORDER BY channel, period, currency"""


def posts_sql(window: Window, period: Period) -> str:
    """Influencer posts' cost and what the platforms report for them, per channel (tier), period and currency."""
    return f"""
SELECT channel, period, currency, SUM(cost) AS cost, COUNT(*) AS posts, SUM(views) AS views,
       SUM(engagements) AS engagements, SUM(link_clicks) AS link_clicks
FROM (SELECT channel, {_period("date", period)} AS period, currency, cost, views, link_clicks,
             COALESCE(likes, 0) + COALESCE(comments, 0) + COALESCE(shares, 0) + COALESCE(saves, 0) AS engagements
      FROM influencer_posts WHERE {window.days()}) p
GROUP BY channel, period, currency
ORDER BY channel, period, currency"""


def touches_sql(window: Window, period: Period) -> str:
    """Touchpoints logged per channel, period and kind (impression, click, visit, view)."""
    return f"""
SELECT channel, period, kind, COUNT(*) AS touches
FROM (SELECT channel, {_period("time", period)} AS period, kind FROM touchpoints WHERE {window.instants()}) t
GROUP BY channel, period, kind
ORDER BY channel, period, kind"""


KNOWN_CODES = "SELECT UPPER(promo_code) FROM influencer_posts WHERE promo_code IS NOT NULL"


def tracked_orders_sql(window: Window, period: Period) -> str:
    """Orders per channel the shop's own tracking gives them (``orders.channel``: a promo code first, then
    UTM tags), split by how: ``code`` (an influencer's promo code) or ``link`` (tagged links, UTM); orders
    with neither have no channel (``NULL``)."""
    return f"""
SELECT channel, period, currency, via, COUNT(*) AS orders, SUM(revenue) AS revenue
FROM (SELECT channel, {_period("time", period)} AS period, currency, revenue,
             CASE WHEN channel IS NULL THEN 'none'
                  WHEN UPPER(discount_code) IN ({KNOWN_CODES}) THEN 'code' ELSE 'link' END AS via
      FROM orders WHERE {window.instants()}) o
GROUP BY channel, period, currency, via
ORDER BY channel NULLS LAST, period, currency, via"""


def conversions_sql(window: Window, period: Period) -> str:
    """Conversions (the analytics' purchases) and their value per period and currency."""
    return f"""
SELECT period, currency, COUNT(*) AS conversions, SUM(value) AS value
FROM (SELECT {_period("time", period)} AS period, currency, value FROM conversions WHERE {window.instants()}) c
GROUP BY period, currency
ORDER BY period, currency NULLS LAST"""


def currencies_sql(window: Window) -> str:
    """Every currency the window's money is in, and where."""
    return f"""
SELECT DISTINCT currency, 'spend' AS source FROM spend WHERE {window.days()}
UNION ALL SELECT DISTINCT currency, 'influencer_posts' FROM influencer_posts WHERE {window.days()}
UNION ALL SELECT DISTINCT currency, 'orders' FROM orders WHERE {window.instants()}
UNION ALL SELECT DISTINCT currency, 'conversions' FROM conversions WHERE {window.instants()} AND currency IS NOT NULL
ORDER BY currency, source"""


def events_count_sql(window: Window) -> str:
    """How many rows ``events_sql`` returns (for the progress bar)."""
    return f"""
SELECT (SELECT COUNT(*) FROM touchpoints WHERE {window.instants()})
     + (SELECT COUNT(*) FROM conversions WHERE {window.instants()}) AS events"""


def events_sql(window: Window) -> str:
    """Every touchpoint and conversion of the window, one row each, in journey order: by user, then time,
    then kind (``is_conversion`` 0 before 1), then ID. Conversion value is converted with the rates in
    ``mizaan_rates`` (currency, rate); touches have a channel and no value, conversions the reverse."""
    return f"""
SELECT user_id, time, is_conversion, event_id, channel, value FROM (
  SELECT user_id, time, 0 AS is_conversion, touchpoint_id AS event_id, channel, CAST(NULL AS DOUBLE) AS value
  FROM touchpoints WHERE {window.instants()}
  UNION ALL
  SELECT c.user_id, c.time, 1 AS is_conversion, c.conversion_id AS event_id, CAST(NULL AS STRING) AS channel,
         CAST(COALESCE(c.value, 0) AS DOUBLE) * COALESCE(r.rate, 1.0) AS value
  FROM conversions c LEFT JOIN {RATES_TABLE} r ON r.currency = c.currency
  WHERE {window.instants("c.time")}
) e
ORDER BY user_id, time, is_conversion, event_id"""


def influencers_sql(window: Window) -> str:
    """Each influencer's posts: tier, cost, and what the platform reports (views, engagement, link clicks)."""
    return f"""
SELECT influencer, tier, channel, currency, COUNT(*) AS posts, SUM(cost) AS cost, SUM(views) AS views,
       SUM(COALESCE(likes, 0) + COALESCE(comments, 0) + COALESCE(shares, 0) + COALESCE(saves, 0)) AS engagements,
       SUM(link_clicks) AS link_clicks, MIN(followers) AS followers_min, MAX(followers) AS followers_max
FROM influencer_posts WHERE {window.days()}
GROUP BY influencer, tier, channel, currency
ORDER BY influencer, tier, channel, currency"""


def creators_sql() -> str:
    """Every creator's posts, tiers and promo codes, over the whole store (who owns a code does not depend on
    the window): what ``identity.CreatorBook`` is made of."""
    return """
SELECT influencer, channel, promo_code, MAX(date) AS last_post FROM influencer_posts
GROUP BY influencer, channel, promo_code
ORDER BY influencer, channel, promo_code NULLS LAST"""


def influencer_orders_sql(window: Window) -> str:
    """Orders of the window that a creator may have brought, grouped by their promo code, UTM tags, channel
    and currency: matched to creators on exact tokens by ``identity.assign`` (the groups are few)."""
    return f"""
SELECT discount_code, utm_source, utm_content, utm_campaign, channel, currency, COUNT(*) AS orders,
       SUM(revenue) AS revenue
FROM orders
WHERE {window.instants()}
  AND (discount_code IS NOT NULL OR utm_source IS NOT NULL OR utm_content IS NOT NULL
       OR utm_campaign IS NOT NULL OR channel LIKE 'influencer%')
GROUP BY discount_code, utm_source, utm_content, utm_campaign, channel, currency
ORDER BY discount_code NULLS LAST, utm_source NULLS LAST, utm_content NULLS LAST, utm_campaign NULLS LAST,
         channel NULLS LAST, currency"""


def influencer_touches_sql(window: Window, has_content: bool = True) -> str:
    """Influencer touchpoints of people who converted in the window, by channel, campaign, source and content:
    how a tier's credit is shared among its creators. ``has_content`` is false for a store written before
    touchpoints had a ``content`` column."""
    content = "content" if has_content else "CAST(NULL AS STRING)"
    return f"""
SELECT channel, campaign, source, content, COUNT(*) AS touches
FROM (SELECT channel, campaign, source, {content} AS content FROM touchpoints
      WHERE {window.instants()} AND channel LIKE 'influencer%'
        AND user_id IN (SELECT user_id FROM conversions WHERE {window.instants()})) t
GROUP BY channel, campaign, source, content
ORDER BY channel, campaign NULLS LAST, source NULLS LAST, content NULLS LAST"""
