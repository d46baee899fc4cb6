"""Each influencer's three views: what the platform reports for their posts, what their promo code and
tracked links brought, and each model's credit (the tier's, shared by the influencer's touches in buyers'
journeys) — with their posts' true lift in a simulated world.

Touches and orders are given to creators by ``identity.assign``: on exact tokens, never substrings; what
names no creator or several, and codes shared by several creators, come back as ``UnassignedValue`` rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mizaan.measure import queries as q
from mizaan.measure.creator_lift import LiftFit
from mizaan.measure.creator_lift_data import creator_lift
from mizaan.measure.engines import QueryEngine
from mizaan.measure.identity import CreatorBook, assign, handle_id
from mizaan.measure.money import Money, as_int, ratios
from mizaan.measure.summary import (
    ChannelResult,
    CreatorLiftSummary,
    InfluencerResult,
    TierLift,
    TrueEffect,
    UnassignedValue,
)
from mizaan.measure.truth import Truth


def _has_column(engine: QueryEngine, table: str, column: str) -> bool:
    return column in engine.query(f"SELECT * FROM {table} WHERE 1 = 0").column_names


def influencer_results(
    engine: QueryEngine,
    window: q.Window,
    money: Money,
    results: list[ChannelResult],
    truth: Truth | None,
    half_life_days: float = 7.0,
) -> tuple[list[InfluencerResult], list[UnassignedValue], CreatorLiftSummary | None]:
    """One row per creator and tier (with the lift they added), the influencer touches and orders given to no
    creator, and how the lift was estimated."""
    book = CreatorBook(
        (str(r["influencer"]), str(r["channel"]), r["promo_code"], r["last_post"])
        for r in engine.query(q.creators_sql()).to_pylist()
    )
    has_content = _has_column(engine, "touchpoints", "content")
    touch_rows = engine.query(q.influencer_touches_sql(window, has_content))
    got = assign(book, touch_rows.to_pylist(), engine.query(q.influencer_orders_sql(window)).to_pylist(), money)
    unassigned = [UnassignedValue(**{k: getattr(u, k) for k in UnassignedValue.model_fields}) for u in got.unassigned]
    if not book.creators:
        return [], unassigned, None
    fit = creator_lift(engine, window, book, half_life_days, has_content)
    lifts = {(c.creator, c.channel): c for c in fit.creators} if fit is not None else {}
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    tiers: dict[tuple[str, str], str] = {}
    for r in engine.query(q.influencers_sql(window)).to_pylist():
        key = (handle_id(str(r["influencer"])), str(r["channel"]))
        tiers.setdefault(key, str(r["tier"]))
        m = merged.setdefault(key, _empty())
        m["posts"] += int(r["posts"])
        m["cost"] += money(r["cost"], r["currency"])
        m["views"] += as_int(r["views"])
        m["engagements"] += as_int(r["engagements"])
        m["link_clicks"] += as_int(r["link_clicks"])
    for ident, channel in [*got.touches, *((i, book.creators[i].home) for i in (*got.code_orders, *got.link_orders))]:
        merged.setdefault((ident, channel), _empty())
    for key in lifts:  # a creator whose tracked visits fall in the window and posts before it
        merged.setdefault(key, _empty())
    by_channel = {r.channel: r for r in results}
    true_posts = _true_posts(truth)
    out = []
    for (ident, channel), m in sorted(merged.items()):
        creator = book.creators[ident]
        tier_total = got.tier_touches.get(channel, 0)
        share = got.touches.get((ident, channel), 0) / tier_total if tier_total else 0.0
        ch = by_channel.get(channel)
        credit = {model: c.conversions * share for model, c in ch.credit.items()} if ch else {}
        true = None
        if truth is not None:
            conv, rev = true_posts.get((ident, channel), (0.0, Decimal(0)))
            cpa, roas = ratios(m["cost"], conv, float(rev))
            true = TrueEffect(conversions=conv, revenue=rev, cpa=cpa, roas=roas)
        home = channel == creator.home
        code = got.code_orders.get(ident, (0, Decimal(0))) if home else (0, Decimal(0))
        link = got.link_orders.get(ident, (0, Decimal(0))) if home else (0, Decimal(0))
        lift = lifts.get((ident, channel))
        lift_fields: dict[str, Any] = {}
        if fit is not None and fit.method != "none":  # a creator the fit saw no exposure of added nothing it can see
            lift_fields = {"lift": 0.0, "lift_low": 0.0, "lift_high": 0.0}
        if lift is not None:
            lift_fields = {"lift": lift.lift, "lift_low": lift.low, "lift_high": lift.high, "lift_exposure": lift.kind}
        out.append(
            InfluencerResult(
                influencer=creator.name,
                tier=tiers.get((ident, channel), channel.removeprefix("influencer_")),
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
                **lift_fields,
            )
        )
    return out, unassigned, _summary(fit)


def _summary(fit: LiftFit | None) -> CreatorLiftSummary | None:
    if fit is None:
        return None
    tiers = [TierLift(channel=x.channel, lift=x.lift, lift_low=x.low, lift_high=x.high) for x in fit.tiers]
    return CreatorLiftSummary(
        method=fit.method,
        reason=fit.reason,
        p_value=fit.p_value,
        days=fit.days,
        conversions=fit.conversions,
        tiers=tiers,
    )


def _empty() -> dict[str, Any]:
    return {"posts": 0, "cost": Decimal(0), "views": 0, "engagements": 0, "link_clicks": 0}


def _true_posts(truth: Truth | None) -> dict[tuple[str, str], tuple[float, Decimal]]:
    """(creator, channel) -> true lift of their posts in that tier: conversions and revenue."""
    out: dict[tuple[str, str], tuple[float, Decimal]] = {}
    for p in truth.influencer_posts if truth is not None else []:
        key = (handle_id(p.influencer), p.channel)
        c, r = out.get(key, (0.0, Decimal(0)))
        out[key] = (c + p.true_lift_conversions, r + p.true_lift_revenue)
    return out
