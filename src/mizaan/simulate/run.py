"""``simulate``: build a world for a profile, run it day by day, and write its exports and its truth.

Output folder::

    OUT/exports/            the files a user would have (import them: mizaan import OUT/exports)
        ads/                Google Ads, Meta, TikTok and Snapchat exports; agency invoices (+ mapping)
        influencers/        influencer-deals.xlsx
        shop/               the orders in the chosen shop's format
        ga4/                events.parquet (GA4 BigQuery export schema)
        exposures/          exposures.parquet (+ mapping): ad impressions and clicks, influencer views
    OUT/truth.json          each channel's true incremental conversions and revenue, adstock and
                            saturation parameters, each post's true lift, and the totals an import must show
    OUT/truth/*.parquet     the canonical tables as simulated (for round-trip checks)
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from mizaan.ingest import arrow_schema
from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.profile import Profile, load_profile
from mizaan.simulate.exports import (
    SHOPS,
    OrderWriter,
    post_url,
    spend_rows,
    write_ad_exports,
    write_deals,
    write_invoices,
)
from mizaan.simulate.journeys import Generator
from mizaan.simulate.sink import DaySink, user_ids
from mizaan.simulate.tags import make_tags
from mizaan.simulate.truth import truth_document
from mizaan.simulate.world import build_world

DEFAULT_PROFILE = Path(__file__).resolve().parents[3] / "examples" / "perfume-store-riyadh.yaml"
MIN_TOUCHPOINTS, MAX_TOUCHPOINTS = 1_000, 200_000_000


@dataclass(frozen=True)
class SimulationResult:
    out: Path
    touchpoints: int
    orders: int
    spend: Decimal
    currency: str
    seconds: float
    peak_bytes: int | None


Tick = Callable[[int, int], None]  # (days done, days)


def simulate(
    out: str | Path,
    profile: Profile | str | Path | None = None,
    *,
    seed: int = 0,
    touchpoints: int | None = None,
    shop: str = "shopify",
    truth_tables: bool = True,
    kb: KnowledgeBase | None = None,
    tick: Tick | None = None,
    measure_memory: bool = False,
) -> SimulationResult:
    """Simulate a year of the business in ``profile`` (the bundled perfume store by default) and write
    its exports and truth into ``out``. Same seed, same world, byte for byte."""
    import time as _time

    began = _time.perf_counter()
    if measure_memory:
        tracemalloc.start()
    kb = kb or load_knowledge_base()
    if not isinstance(profile, Profile):
        profile = load_profile(profile or DEFAULT_PROFILE, kb)
    world = build_world(profile, kb, seed, touchpoints)
    tags = make_tags(world)
    gen = Generator(world, tags)
    out = Path(out)
    folders = {name: out / "exports" / name for name in ("ads", "influencers", "shop", "ga4", "exposures")}
    for f in (*folders.values(), out / "truth"):
        f.mkdir(parents=True, exist_ok=True)
    start_us = int((np.datetime64(world.start) - np.datetime64("1970-01-01")) / np.timedelta64(1, "us"))
    orders = OrderWriter(shop, folders["shop"], world, tags)
    sink = DaySink(out, folders, world, tags, shop, truth_tables)
    rng = np.random.default_rng([seed, 4])
    for t in range(world.days):
        day, buyers = gen.day(t)
        gen.count_clicks(day, start_us)
        users = user_ids(buyers.user)
        ids = orders.write(buyers, users.to_pylist(), rng)
        sink.add(day.arrays(), buyers, users, ids)
        if tick is not None:
            tick(t + 1, world.days)
    orders.close()
    sink.close()
    rows = spend_rows(world, gen.clicks, gen.claims, gen.claim_value)
    write_ad_exports(folders["ads"], world, rows)
    invoices = write_invoices(folders["ads"], world)
    if world.posts:
        write_deals(folders["influencers"], world, gen.link_clicks)
    if truth_tables:
        _truth_tables(out / "truth", world, rows, invoices, gen)
    truth = truth_document(world, gen, rows, invoices, sink.counts, shop)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    peak = None
    if measure_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    spend = sum((Decimal(v) for per in truth["totals"]["spend"].values() for v in per.values()), Decimal(0))
    return SimulationResult(
        out, sum(sink.counts.values()), orders.n, spend, world.currency, _time.perf_counter() - began, peak
    )


def _truth_tables(
    folder: Path, world: Any, rows: list[dict[str, Any]], invoices: list[dict[str, Any]], gen: Generator
) -> None:
    spend = []
    for r in rows:
        c = r["campaign"]
        google = c.platform == "google_ads"
        spend.append(
            {
                "source_file": "",
                "source_row": 0,
                "date": r["day"],
                "date_end": r["day"],
                "platform": c.platform,
                "account": "",
                "channel": c.channel,
                "campaign": c.name,
                "campaign_id": None,
                "ad_group": "",
                "ad": "",
                "cost": Decimal(r["cost"]) / 100,
                "currency": world.currency,
                "impressions": r["impressions"],
                "reach": None if google else r["reach"],  # Google's campaign report has no reach
                "clicks": r["clicks"],
                "platform_conversions": Decimal(r["conversions"]),
                "platform_conversion_value": None
                if google and not r["conversions"]  # written " --"
                else Decimal(r["value"]) / 100,
            }
        )
    for r in invoices:
        spend.append(
            {
                "source_file": "",
                "source_row": 0,
                "date": r["day"],
                "date_end": r["day"],
                "platform": "invoices",
                "account": "",
                "channel": r["channel"],
                "campaign": r["vendor"],
                "campaign_id": None,
                "ad_group": "",
                "ad": "",
                "cost": Decimal(r["cost"]) / 100,
                "currency": world.currency,
                "impressions": None,
                "reach": None,
                "clicks": None,
                "platform_conversions": None,
                "platform_conversion_value": None,
            }
        )
    pq.write_table(pa.Table.from_pylist(spend, schema=arrow_schema("spend")), folder / "spend.parquet")
    posts = [
        {
            "source_file": "",
            "source_row": 0,
            "post_id": post_url(world, p.index),
            "date": world.day(p.day),
            "influencer": p.influencer,
            "platform": p.platform,
            "tier": p.tier,
            "channel": p.channel,
            "followers": p.followers,
            "cost": p.cost,
            "currency": world.currency,
            "views": p.views,
            "likes": p.likes,
            "comments": p.comments,
            "shares": p.shares,
            "saves": p.saves,
            "link_clicks": int(gen.link_clicks[p.index]),
            "promo_code": p.promo_code,
            "url": post_url(world, p.index),
        }
        for p in world.posts
    ]
    pq.write_table(
        pa.Table.from_pylist(posts, schema=arrow_schema("influencer_posts")),
        folder / "influencer_posts.parquet",
    )


__all__ = ["MAX_TOUCHPOINTS", "MIN_TOUCHPOINTS", "SHOPS", "SimulationResult", "simulate"]
