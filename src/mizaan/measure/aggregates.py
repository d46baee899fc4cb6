"""The store's small aggregates, read from the engine one query at a time: spend and delivery from the ad
exports, influencer posts, touchpoints, orders tracked by promo code or link, and conversions, each per
period and channel, with money converted into the measurement's currency as it is read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from mizaan.measure import queries as q
from mizaan.measure.engines import QueryEngine
from mizaan.measure.funnel import FunnelSum
from mizaan.measure.money import Money, as_int


@dataclass
class ChannelExtras:
    """What a channel's funnel does not hold: the platform's own claims, its posts, and the orders its
    promo codes and tracked links brought. ``None`` where the store has no such figure for the channel."""

    posts: int | None = None
    engagements: int | None = None
    platform_conversions: float | None = None
    platform_value: Decimal | None = None
    code_orders: int = 0
    code_revenue: Decimal = Decimal(0)
    link_orders: int = 0
    link_revenue: Decimal = Decimal(0)


@dataclass
class StoreAggregates:
    """The engine's aggregates over one window: funnels per (period, channel), each channel's extras, and
    the store's totals of touchpoints, tracked orders and conversions."""

    per: defaultdict[tuple[str, str], FunnelSum] = field(default_factory=lambda: defaultdict(FunnelSum))
    extras: dict[str, ChannelExtras] = field(default_factory=dict)
    touchpoints: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    orders: int = 0
    revenue: Decimal = Decimal(0)
    conversions: int = 0

    def extra(self, channel: str) -> ChannelExtras:
        return self.extras.setdefault(channel, ChannelExtras())


def read_aggregates(engine: QueryEngine, window: q.Window, period: q.Period, money: Money) -> StoreAggregates:
    """Every aggregate ``measure`` needs besides the journeys, in the measurement's currency."""
    agg = StoreAggregates()
    _add_spend(agg, engine, window, period, money)
    _add_posts(agg, engine, window, period, money)
    _add_touches(agg, engine, window, period)
    _add_tracked_orders(agg, engine, window, period, money)
    agg.conversions = sum(int(r["conversions"]) for r in engine.query(q.conversions_sql(window, period)).to_pylist())
    return agg


def _add_spend(agg: StoreAggregates, engine: QueryEngine, window: q.Window, period: q.Period, money: Money) -> None:
    """Ad exports: cost, impressions, reach and clicks, and what the platform says it converted."""
    for r in engine.query(q.spend_sql(window, period)).to_pylist():
        a = agg.per[(r["period"].isoformat(), r["channel"])]
        a.spend += money(r["cost"], r["currency"])
        a.impressions += as_int(r["impressions"])
        if r["reach"] is not None:  # a channel whose exports report no reach keeps None ("—"), not 0
            a.reach = (a.reach or 0) + int(r["reach"])
        a.clicks += as_int(r["clicks"])
        e = agg.extra(r["channel"])
        if r["platform_conversions"] is not None:
            e.platform_conversions = (e.platform_conversions or 0.0) + float(r["platform_conversions"])
        if r["platform_conversion_value"] is not None:
            e.platform_value = (e.platform_value or Decimal(0)) + money(r["platform_conversion_value"], r["currency"])


def _add_posts(agg: StoreAggregates, engine: QueryEngine, window: q.Window, period: q.Period, money: Money) -> None:
    """Influencer posts: their cost, views and link clicks into the funnel; posts and engagements beside it."""
    for r in engine.query(q.posts_sql(window, period)).to_pylist():
        a = agg.per[(r["period"].isoformat(), r["channel"])]
        a.spend += money(r["cost"], r["currency"])
        a.impressions += as_int(r["views"])
        a.clicks += as_int(r["link_clicks"])
        e = agg.extra(r["channel"])
        e.posts = (e.posts or 0) + as_int(r["posts"])
        e.engagements = (e.engagements or 0) + as_int(r["engagements"])


def _add_touches(agg: StoreAggregates, engine: QueryEngine, window: q.Window, period: q.Period) -> None:
    """Touchpoints by kind; visits also into the channel's funnel."""
    for r in engine.query(q.touches_sql(window, period)).to_pylist():
        agg.touchpoints[r["kind"]] += int(r["touches"])
        if r["kind"] == "visit":
            agg.per[(r["period"].isoformat(), r["channel"])].visits += int(r["touches"])


def _add_tracked_orders(
    agg: StoreAggregates, engine: QueryEngine, window: q.Window, period: q.Period, money: Money
) -> None:
    """Orders and revenue in all, and per channel those a promo code or a tracked link brought."""
    for r in engine.query(q.tracked_orders_sql(window, period)).to_pylist():
        agg.orders += int(r["orders"])
        amount = money(r["revenue"], r["currency"])
        agg.revenue += amount
        if r["via"] == "code":
            e = agg.extra(r["channel"])
            e.code_orders += int(r["orders"])
            e.code_revenue += amount
        elif r["via"] == "link":
            e = agg.extra(r["channel"])
            e.link_orders += int(r["orders"])
            e.link_revenue += amount
