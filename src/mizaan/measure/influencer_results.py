"""Each influencer's three views: what the platform reports for their posts, what their promo code and
tracked links brought, and each model's credit (the tier's, shared by the influencer's touches in buyers'
journeys) — with their posts' true lift in a simulated world."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from mizaan.measure import queries as q
from mizaan.measure.engines import QueryEngine
from mizaan.measure.money import Money, as_int, ratios
from mizaan.measure.summary import ChannelResult, InfluencerResult, TrueEffect
from mizaan.measure.truth import Truth


def _handle(text: str | None) -> str:
    return (text or "").strip().lower().replace("@", "")


def influencer_results(
    engine: QueryEngine, window: q.Window, money: Money, results: list[ChannelResult], truth: Truth | None
) -> list[InfluencerResult]:
    rows = engine.query(q.influencers_sql(window)).to_pylist()
    if not rows:
        return []
    orders: dict[tuple[str, str], tuple[int, Decimal]] = {}
    for r in engine.query(q.influencer_orders_sql(window)).to_pylist():
        key = (r["influencer"], r["via"])
        n, v = orders.get(key, (0, Decimal(0)))
        orders[key] = (n + int(r["orders"]), v + money(r["revenue"], r["currency"]))
    touches = engine.query(q.influencer_touches_sql(window)).to_pylist()
    tier_touches: dict[str, int] = defaultdict(int)
    for r in touches:
        tier_touches[r["channel"]] += int(r["touches"])
    by_channel = {r.channel: r for r in results}
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        ident = (str(r["influencer"]), str(r["tier"]), str(r["channel"]))
        m = merged.setdefault(ident, {"posts": 0, "cost": Decimal(0), "views": 0, "engagements": 0, "link_clicks": 0})
        m["posts"] += int(r["posts"])
        m["cost"] += money(r["cost"], r["currency"])
        m["views"] += as_int(r["views"])
        m["engagements"] += as_int(r["engagements"])
        m["link_clicks"] += as_int(r["link_clicks"])
    out = []
    for (name, tier, channel), m in sorted(merged.items()):
        handle = _handle(name)
        mine = sum(
            int(r["touches"])
            for r in touches
            if r["channel"] == channel and (_handle(r["source"]) == handle or handle in (r["campaign"] or "").lower())
        )
        share = mine / tier_touches[channel] if tier_touches[channel] else 0.0
        ch = by_channel.get(channel)
        credit = {model: c.conversions * share for model, c in ch.credit.items()} if ch else {}
        true = None
        if truth is not None:
            conv, rev = truth.influencer(name)
            cpa, roas = ratios(m["cost"], conv, float(rev))
            true = TrueEffect(conversions=conv, revenue=rev, cpa=cpa, roas=roas)
        code = orders.get((name, "code"), (0, Decimal(0)))
        link = orders.get((name, "link"), (0, Decimal(0)))
        out.append(
            InfluencerResult(
                influencer=name,
                tier=tier,
                channel=channel,
                posts=m["posts"],
                cost=m["cost"],
                views=m["views"],
                engagements=m["engagements"],
                link_clicks=m["link_clicks"],
                code_orders=code[0],
                code_revenue=code[1],
                link_orders=link[0],
                link_revenue=link[1],
                touch_share=share,
                credit=credit,
                truth=true,
            )
        )
    return out
