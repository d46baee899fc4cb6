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
import pyarrow.compute as pc
import pyarrow.parquet as pq

from mizaan.ingest import arrow_schema, load_taxonomy
from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.profile import Profile, load_profile
from mizaan.simulate.exports import (
    EXPOSURE_MAPPING,
    EXPOSURE_SCHEMA,
    GA4_SCHEMA,
    SHOPS,
    OrderWriter,
    ga4_purchases,
    ga4_visits,
    post_url,
    spend_rows,
    write_ad_exports,
    write_deals,
    write_invoices,
    write_mapping,
)
from mizaan.simulate.journeys import KINDS, VISIT, Buyers, Generator, make_tags
from mizaan.simulate.truth import truth_document
from mizaan.simulate.world import build_world

DEFAULT_PROFILE = Path(__file__).resolve().parents[3] / "examples" / "perfume-store-riyadh.yaml"
CHUNK_ROWS = 1_000_000
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
    sink = _Sink(out, folders, world, tags, shop, truth_tables)
    rng = np.random.default_rng([seed, 4])
    for t in range(world.days):
        day, buyers = gen.day(t)
        gen.count_clicks(day, start_us)
        users = _ids(buyers.user)
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


def _ids(user: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise("Ua", pc.cast(pa.array(user, pa.int64()), pa.string()), "")


class _Sink:
    """Buffers a few days of touches and buyers; writes them as GA4 events, exposures and truth rows."""

    def __init__(self, out: Path, folders: dict[str, Path], world: Any, tags: Any, shop: str, truth: bool) -> None:
        self.world, self.tags, self.shop, self.truth = world, tags, shop, truth
        self.ga4 = pq.ParquetWriter(folders["ga4"] / "events.parquet", GA4_SCHEMA)
        exp_path = folders["exposures"] / "exposures.parquet"
        self.exp = pq.ParquetWriter(exp_path, EXPOSURE_SCHEMA)
        write_mapping(exp_path, EXPOSURE_MAPPING)
        self.t_touch = (
            pq.ParquetWriter(out / "truth" / "touchpoints.parquet", arrow_schema("touchpoints")) if truth else None
        )
        self.t_conv = (
            pq.ParquetWriter(out / "truth" / "conversions.parquet", arrow_schema("conversions")) if truth else None
        )
        self.t_orders = pq.ParquetWriter(out / "truth" / "orders.parquet", arrow_schema("orders")) if truth else None
        self.buf: list[tuple[Any, ...]] = []
        self.rows = 0
        self.seq = 0
        self.counts = {k: 0 for k in KINDS}
        t = tags.tags
        self.channel = np.array([x.channel for x in t], dtype=object)
        self.campaign = np.array([x.campaign for x in t], dtype=object)
        self.source = np.array([x.source for x in t], dtype=object)
        self.medium = np.array([x.medium for x in t], dtype=object)
        self.attrs = {
            "source": self.source,
            "medium": self.medium,
            "campaign": self.campaign,
            "content": np.array([x.content for x in t], dtype=object),
            "platform": np.array([x.platform for x in t], dtype=object),
        }
        self.tax = load_taxonomy()

    def add(self, touches: tuple[np.ndarray, ...], buyers: Buyers, users: pa.Array, ids: list[str]) -> None:
        self.buf.append((touches, buyers, users, ids))
        self.rows += len(touches[0])
        if self.rows >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.buf:
            return
        user = np.concatenate([b[0][0] for b in self.buf])
        time = np.concatenate([b[0][1] for b in self.buf])
        tag = np.concatenate([b[0][2] for b in self.buf])
        kind = np.concatenate([b[0][3] for b in self.buf])
        self._touches(user, time, tag, kind)
        self._buyers(
            [b[1] for b in self.buf],
            pa.concat_arrays([b[2] for b in self.buf]),
            [i for b in self.buf for i in b[3]],
        )
        self.buf, self.rows = [], 0

    def _touches(self, user: np.ndarray, time: np.ndarray, tag: np.ndarray, kind: np.ndarray) -> None:
        ids = _ids(user)
        visit = kind == VISIT
        for k in range(len(KINDS)):
            self.counts[KINDS[k]] += int((kind == k).sum())
        vi = np.flatnonzero(visit)
        if len(vi):
            vu = ids.take(pa.array(vi))
            self.ga4.write_table(ga4_visits(vu, time[vi], self.attrs, tag[vi], self.world.site))
            if self.t_touch:
                tid = pc.binary_join_element_wise(
                    "ga4:",
                    vu,
                    ":",
                    pc.cast(pa.array(time[vi]), pa.string()),
                    ":",
                    pc.cast(pa.array(time[vi] // 1_000_000), pa.string()),
                    "",
                )
                src = self.source[tag[vi]]
                med = self.medium[tag[vi]]
                self._truth_touch(
                    tid,
                    vu,
                    time[vi],
                    tag[vi],
                    "visit",
                    pc.fill_null(pa.array(src, pa.string()), "(direct)"),
                    pc.fill_null(pa.array(med, pa.string()), "(none)"),
                    "ga4",
                )
        xi = np.flatnonzero(~visit)
        if len(xi):
            n = len(xi)
            tid = pc.binary_join_element_wise(
                "x", pc.cast(pa.array(np.arange(self.seq, self.seq + n)), pa.string()), ""
            )
            self.seq += n
            xu = ids.take(pa.array(xi))
            kinds = pa.array(np.array(KINDS, dtype=object)[kind[xi]], pa.string())
            table = pa.table(
                {
                    "touch_id": tid,
                    "user": xu,
                    "ts": pa.array(time[xi], pa.timestamp("us", tz="UTC")),
                    "channel": pa.array(self.channel[tag[xi]], pa.string()),
                    "campaign": pa.array(self.campaign[tag[xi]], pa.string()),
                    "kind": kinds,
                    "utm_source": pa.array(self.source[tag[xi]], pa.string()),
                    "utm_medium": pa.array(self.medium[tag[xi]], pa.string()),
                },
                schema=EXPOSURE_SCHEMA,
            )
            self.exp.write_table(table)
            if self.t_touch:
                self._truth_touch(
                    tid,
                    xu,
                    time[xi],
                    tag[xi],
                    kinds,
                    table.column("utm_source"),
                    table.column("utm_medium"),
                    "exposure_log",
                )

    def _truth_touch(
        self,
        tid: Any,
        user: Any,
        time: np.ndarray,
        tag: np.ndarray,
        kind: Any,
        src: Any,
        med: Any,
        system: str,
    ) -> None:
        assert self.t_touch is not None
        n = len(time)
        self.t_touch.write_table(
            pa.table(
                {
                    "source_file": pa.array([""] * n),
                    "source_row": pa.array(np.zeros(n, np.int64)),
                    "touchpoint_id": tid,
                    "user_id": user,
                    "time": pa.array(time, pa.timestamp("us", tz="UTC")),
                    "channel": pa.array(self.channel[tag], pa.string()),
                    "campaign": pa.array(self.campaign[tag], pa.string()),
                    "kind": kind if isinstance(kind, pa.Array | pa.ChunkedArray) else pa.array([kind] * n, pa.string()),
                    "source": src,
                    "medium": med,
                    "system": pa.array([system] * n, pa.string()),
                },
                schema=arrow_schema("touchpoints"),
            )
        )

    def _buyers(self, days: list[Buyers], users: pa.Array, ids: list[str]) -> None:
        if not ids:
            return
        time = np.concatenate([b.time for b in days])
        revenue = np.concatenate([b.revenue for b in days])
        discount = np.concatenate([b.discount for b in days])
        code = np.concatenate([b.code_used for b in days])
        post = np.concatenate([b.post for b in days])
        sess = np.concatenate([b.session_tag for b in days])
        cur = self.world.currency
        self.ga4.write_table(ga4_purchases(users, time, ids, revenue, cur))
        if not self.truth:
            return
        n = len(ids)
        value = pa.array([Decimal(int(r)) / 100 for r in revenue], arrow_schema("orders").field("revenue").type)
        assert self.t_conv is not None and self.t_orders is not None
        self.t_conv.write_table(
            pa.table(
                {
                    "source_file": pa.array([""] * n),
                    "source_row": pa.array(np.zeros(n, np.int64)),
                    "conversion_id": pa.array(ids, pa.string()),
                    "user_id": users,
                    "time": pa.array(time, pa.timestamp("us", tz="UTC")),
                    "value": value,
                    "currency": pa.array([cur] * n),
                    "order_id": pa.array(ids, pa.string()),
                    "system": pa.array(["ga4"] * n),
                },
                schema=arrow_schema("conversions"),
            )
        )
        utm = self.shop in ("shopify", "woocommerce")
        codes = [self.world.posts[int(p)].promo_code if c else None for p, c in zip(post, code, strict=True)]
        tags = [self.tags.tags[int(s)] for s in sess]
        src = [t.source if utm else None for t in tags]
        med = [t.medium if utm else None for t in tags]
        if self.shop == "woocommerce":
            src = [s or "(direct)" for s in src]
            med = [m or "(none)" for m in med]
        camp = [t.campaign if utm else None for t in tags]
        cont = [t.content if utm else None for t in tags]
        channel = [
            self.tax.classify(s, m, c, ct, cd) if (s or m or cd) else None
            for s, m, c, ct, cd in zip(src, med, camp, cont, codes, strict=True)
        ]
        self.t_orders.write_table(
            pa.table(
                {
                    "source_file": pa.array([""] * n),
                    "source_row": pa.array(np.zeros(n, np.int64)),
                    "shop": pa.array([self.shop] * n),
                    "order_id": pa.array(ids, pa.string()),
                    "time": pa.array(time, pa.timestamp("us", tz="UTC")),
                    "customer_id": users,
                    "revenue": value,
                    "currency": pa.array([cur] * n),
                    "discount_code": pa.array(codes, pa.string()),
                    "discount_amount": pa.array(
                        [
                            None if self.shop == "zid" and not c else Decimal(int(d)) / 100
                            for d, c in zip(discount, code, strict=True)
                        ],
                        value.type,
                    ),
                    "status": pa.array([_status(self.shop)] * n),
                    "utm_source": pa.array(src, pa.string()),
                    "utm_medium": pa.array(med, pa.string()),
                    "utm_campaign": pa.array(camp, pa.string()),
                    "utm_content": pa.array(cont, pa.string()),
                    "landing_page": pa.array([None] * n, pa.string()),
                    "channel": pa.array(channel, pa.string()),
                },
                schema=arrow_schema("orders"),
            )
        )

    def close(self) -> None:
        self.flush()
        for w in (self.ga4, self.exp, self.t_touch, self.t_conv, self.t_orders):
            if w is not None:
                w.close()


def _status(shop: str) -> str:
    return {"shopify": "paid", "salla": "completed", "zid": "delivered", "woocommerce": "completed"}[shop]


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
