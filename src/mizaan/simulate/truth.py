"""``truth.json``: what measurement has to recover, and the totals an import of the exports must show.

Money is a decimal string in the world's currency. "realised" numbers count what happened in this world
(Poisson draws); "expected" numbers are the means the draws came from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from mizaan.ingest import load_taxonomy
from mizaan.simulate.codes import CODE_LEAK
from mizaan.simulate.exports import post_url
from mizaan.simulate.journeys import CODE_USE, DISCOUNT, Generator
from mizaan.simulate.world import CLAIM_WINDOWS, World

FORMULA = (
    "conversions_c(t) = beta_c * scale_c * (1 - exp(-A_c(t) / scale_c)), "
    "A_c(t) = (1 - decay_c) * sum_l decay_c^l * x_c(t - l); x in currency per day"
)


def _money(cents: int | float) -> str:
    return str((Decimal(round(cents)) / 100).quantize(Decimal("0.01")))


def _codes(world: World, gen: Generator) -> list[dict[str, Any]]:
    """Every creator's code: its creators, whether several share it, and its orders, split into those one of
    its creators' posts brought and those that came otherwise (a shared code's, a leaked code's)."""
    owners: dict[str, list[str]] = {}
    for post in world.posts:
        names = owners.setdefault(post.promo_code, [])
        if post.influencer not in names:
            names.append(post.influencer)
    out = []
    for code, creators in sorted(owners.items()):
        orders, revenue, brought = gen.code_orders.get(code, [0, 0, 0])
        out.append(
            {
                "code": code,
                "influencers": creators,
                "shared": len(creators) > 1,
                "orders": orders,
                "revenue": _money(revenue),
                "orders_brought_by_its_influencers": brought,
                "orders_brought_otherwise": orders - brought,
            }
        )
    return out


def truth_document(
    world: World,
    gen: Generator,
    rows: list[dict[str, Any]],
    invoices: list[dict[str, Any]],
    counts: dict[str, int],
    shop: str,
) -> dict[str, Any]:
    tax = load_taxonomy()
    spend: dict[str, int] = {}
    for r in rows:
        spend[r["campaign"].channel] = spend.get(r["campaign"].channel, 0) + r["cost"]
    for r in invoices:
        spend[r["channel"]] = spend.get(r["channel"], 0) + r["cost"]
    for post in world.posts:
        spend[post.channel] = spend.get(post.channel, 0) + int(post.cost * 100)
    claimed: dict[str, int] = {}
    for camp in world.campaigns:
        claimed[camp.channel] = claimed.get(camp.channel, 0) + int(gen.claims[camp.index].sum())
    channels: dict[str, Any] = {}
    for c, p in world.params.items():
        got = gen.caused.get(c, [0, 0])
        channels[c] = {
            "family": tax.family[c],
            "spend": _money(spend.get(c, 0)),
            "true_incremental_conversions": got[0],
            "expected_incremental_conversions": round(float(world.incremental[c].sum()), 3),
            "true_incremental_revenue": _money(got[1]),
            "platform_claimed_conversions": claimed.get(c),
            "adstock": {
                "type": "geometric",
                "decay_per_day": round(p.decay, 6),
                "half_life_days": round(p.half_life_days, 3),
            },
            "saturation": {
                "type": "exponential",
                "scale_per_day": round(p.scale_usd_day * world.k * world.per_usd, 4),
                "beta_conversions_per_unit": p.beta / world.per_usd,
                "formula": FORMULA,
            },
        }
    base = gen.caused.get("baseline", [0, 0])
    posts: list[dict[str, Any]] = []
    for post in world.posts:
        expected = float((world.incremental[post.channel] * world.post_share[post.index]).sum())
        posts.append(
            {
                "post_id": post_url(world, post.index),
                "influencer": post.influencer,
                "tier": post.tier,
                "channel": post.channel,
                "date": world.day(post.day).isoformat(),
                "cost": str(post.cost),
                "followers": post.followers,
                "views": post.views,
                "quality": round(post.quality, 4),
                "promo_code": post.promo_code,
                "true_lift_conversions": int(gen.post_buyers[post.index]),
                "expected_lift_conversions": round(expected, 4),
                "true_lift_revenue": _money(int(gen.post_revenue[post.index])),
            }
        )
    orders = int(sum(v[0] for v in gen.caused.values()))
    revenue = int(sum(v[1] for v in gen.caused.values()))
    return {
        "seed": world.seed,
        "business": world.profile.business_name,
        "currency": world.currency,
        "start": world.start.isoformat(),
        "days": world.days,
        "scale_k": world.k,
        "shop": shop,
        "timezone": "Asia/Riyadh",
        "channels": channels,
        "baseline": {
            "conversions": base[0],
            "revenue": _money(base[1]),
            "expected_conversions": round(float(world.baseline.sum()), 3),
        },
        "influencer_posts": posts,
        "promo_codes": {
            "share_of_influenced_buyers_who_use_the_code": CODE_USE,
            "discount": DISCOUNT,
            "share_of_other_buyers_who_use_a_creators_code": CODE_LEAK,
            "codes": _codes(world, gen),
        },
        "platform_claim_windows_days": {k: {"click": v[0], "view": v[1]} for k, v in CLAIM_WINDOWS.items()},
        "totals": {
            "spend": {c: {world.currency: _money(v)} for c, v in sorted(spend.items())},
            "orders": {world.currency: {"orders": orders, "revenue": _money(revenue)}},
            "conversions": {world.currency: {"conversions": orders, "value": _money(revenue)}},
            "touchpoints": {k: v for k, v in sorted(counts.items()) if v},
        },
        "sums_check": {"buyers_by_cause": int(np.sum([v[0] for v in gen.caused.values()]))},
    }
