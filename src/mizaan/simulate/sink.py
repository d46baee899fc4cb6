"""Where a simulated day goes: its touches and buyers, buffered a few days at a time and written as GA4
events, ad and influencer exposures, and (when asked) the canonical truth tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from mizaan.ingest import arrow_schema, load_taxonomy
from mizaan.simulate.exports import (
    EXPOSURE_MAPPING,
    EXPOSURE_SCHEMA,
    GA4_SCHEMA,
    ga4_purchases,
    ga4_visits,
    write_mapping,
)
from mizaan.simulate.journeys import KINDS, VISIT, Buyers

CHUNK_ROWS = 1_000_000  # touches buffered before a write


def user_ids(user: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise("Ua", pc.cast(pa.array(user, pa.int64()), pa.string()), "")


class DaySink:
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
        # the truth's orders carry the channel an import of these exports records: the store learns each
        # creator's handle and promo code from the deals sheet, so an order with a creator's code and no
        # UTM is that creator's tier, as the importer classifies it
        for post in world.posts:
            self.tax.learn_influencer(post.influencer, post.tier, post.promo_code)

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
        ids = user_ids(user)
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
                    "utm_content": pa.array(self.attrs["content"][tag[xi]], pa.string()),
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
                    "content": pa.array(self.attrs["content"][tag], pa.string()),
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
        code_post = np.concatenate([b.code_post for b in days])
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
        codes = [self.world.posts[p].promo_code if p >= 0 else None for p in code_post.tolist()]
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
