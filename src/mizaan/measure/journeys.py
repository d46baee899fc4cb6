"""Journeys from the store: the ordered event stream of ``queries.events_sql`` → paths for the models.

The engine sorts (DuckDB's sort spills to disk past its memory limit); this module reads the sorted rows in
Arrow batches and keeps only aggregates, so memory is bounded by the number of *distinct* paths, not by the
number of touchpoints.

A **journey** is a user's touches up to a conversion: it ends at a conversion (several conversions with no
touch between them belong to the same journey), and the touches after a user's last conversion make a journey
that did not convert. A conversion with no touch before it (since the user's previous conversion) cannot be
attributed: it is counted as ``unattributed``, never dropped silently.

What comes out (``JourneyAggregate``):

- the path table — one row per (period of conversion, path): journeys that converted, their value, and
  those that did not (period ``None``) — in ChannelAttribution's columns, ready for every model that reads
  paths (rule-based, Markov, Shapley), which give exactly what they give on the journeys one by one;
- time decay's credit, computed batch by batch from each touch's age at its journey's conversion (the one
  model that needs the times, and whose credit is a sum over journeys);
- counts: events, touches, journeys, conversions, unattributed conversions and their value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from mizaan.measure.heuristics import TimeDecay
from mizaan.measure.paths import Paths
from mizaan.measure.queries import Period

US_PER_DAY = 86_400_000_000
PATH_SEP = " > "
COMPACT_EVERY = 16  # batches between re-aggregations of the partial path tables
PATH_SCHEMA = pa.schema(
    [
        ("period", pa.date32()),
        ("path", pa.string()),
        ("total_conversions", pa.float64()),
        ("total_conversion_value", pa.float64()),
        ("total_null", pa.float64()),
    ]
)

Tick = Callable[[int], None]  # rows read so far


@dataclass
class JourneyAggregate:
    """What the event stream adds up to."""

    paths: pa.Table  # PATH_SCHEMA, grouped by (period, path)
    time_decay: dict[str, float]
    time_decay_value: dict[str, float]
    events: int = 0
    touches: int = 0
    journeys: int = 0
    conversions: float = 0.0
    value: float = 0.0
    unattributed: float = 0.0
    unattributed_value: float = 0.0
    unattributed_by_period: dict[str, float] = field(default_factory=dict)

    def table(self, period: str | None = "all") -> pa.Table:
        """The ChannelAttribution-style path table: over every period (``"all"``, non-converting journeys
        included), or for one period's conversions (an ISO date, the period's first day)."""
        t = self.paths
        if period != "all":
            day = dt.date.fromisoformat(period) if period is not None else None
            t = t.filter(pc.equal(t["period"], pa.scalar(day, pa.date32())))
        grouped = t.group_by("path").aggregate(
            [(c, "sum") for c in ("total_conversions", "total_conversion_value", "total_null")]
        )
        names = {f"{c}_sum": c for c in ("total_conversions", "total_conversion_value", "total_null")}
        grouped = grouped.rename_columns([names.get(n, n) for n in grouped.column_names])
        return grouped.sort_by("path")

    def periods(self) -> list[str]:
        """The periods with conversions, as ISO dates."""
        col = self.paths["period"].drop_null().unique().to_pylist()
        return sorted(p.isoformat() for p in col)


def _period_days(us: NDArray[np.int64], period: Period) -> NDArray[np.int64]:
    """First day (days since 1970-01-01) of the day, ISO week (Monday) or month of each instant (UTC)."""
    days: NDArray[np.int64] = np.floor_divide(us, US_PER_DAY)
    if period == "day":
        return days
    if period == "week":
        monday: NDArray[np.int64] = days - (days + 3) % 7  # 1970-01-01 was a Thursday
        return monday
    months = days.astype("datetime64[D]").astype("datetime64[M]")
    return np.asarray(months.astype("datetime64[D]").astype(np.int64), dtype=np.int64)


class JourneyBuilder:
    """Consumes event batches in journey order; ``finish()`` returns the ``JourneyAggregate``."""

    def __init__(self, period: Period = "month", half_life_days: float = 7.0) -> None:
        self.period = period
        self.decay = TimeDecay(half_life_days=half_life_days)
        self._carry: pa.Table | None = None
        self._parts: list[pa.Table] = []
        self._agg = JourneyAggregate(pa.Table.from_batches([], PATH_SCHEMA), {}, {})
        self._since_compact = 0

    def add(self, batch: pa.RecordBatch | pa.Table) -> None:
        table = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
        self._agg.events += table.num_rows
        if self._carry is not None:
            table = pa.concat_tables([self._carry, table.cast(self._carry.schema)])
        if table.num_rows == 0:
            return
        # the last user's rows may go on in the next batch: keep them back
        users = table["user_id"]
        others = np.flatnonzero(~pc.equal(users, users[-1]).to_numpy(zero_copy_only=False))
        first_of_last = int(others[-1]) + 1 if len(others) else 0
        self._carry = table.slice(first_of_last)
        if first_of_last:
            self._process(table.slice(0, first_of_last).combine_chunks())

    def finish(self) -> JourneyAggregate:
        if self._carry is not None and self._carry.num_rows:
            self._process(self._carry.combine_chunks())
        self._carry = None
        self._compact()
        agg = self._agg
        agg.paths = self._parts[0] if self._parts else pa.Table.from_batches([], PATH_SCHEMA)
        return agg

    # ---- one block of complete users

    def _process(self, t: pa.Table) -> None:
        n = t.num_rows
        user = t["user_id"]
        is_conv = t["is_conversion"].to_numpy(zero_copy_only=False).astype(bool)
        time_us = pc.cast(t["time"].cast(pa.timestamp("us", "UTC")), pa.int64()).to_numpy(zero_copy_only=False)
        value = pc.fill_null(t["value"], 0.0).to_numpy(zero_copy_only=False)
        new = np.ones(n, dtype=bool)
        if n > 1:
            changed = pc.not_equal(user.slice(1), user.slice(0, n - 1)).to_numpy(zero_copy_only=False)
            new[1:] = changed | (is_conv[:-1] & ~is_conv[1:])
        jid = np.cumsum(new) - 1
        n_j = int(jid[-1]) + 1
        touch = ~is_conv
        n_touch = np.bincount(jid[touch], minlength=n_j)
        conv = np.bincount(jid[is_conv], minlength=n_j).astype(np.float64)
        val = np.bincount(jid[is_conv], weights=value[is_conv], minlength=n_j).astype(np.float64)
        conv_at = np.full(n_j, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(conv_at, jid[is_conv], time_us[is_conv])
        converted = conv > 0
        period = np.where(converted, _period_days(np.where(converted, conv_at, 0), self.period), 0)

        a = self._agg
        a.touches += int(touch.sum())
        a.journeys += int(np.count_nonzero(n_touch))
        a.conversions += float(conv.sum())
        a.value += float(val.sum())
        orphan = converted & (n_touch == 0)
        if orphan.any():
            a.unattributed += float(conv[orphan].sum())
            a.unattributed_value += float(val[orphan].sum())
            for d, c in zip(period[orphan], conv[orphan], strict=True):
                key = str(np.datetime64(int(d), "D"))
                a.unattributed_by_period[key] = a.unattributed_by_period.get(key, 0.0) + float(c)

        has = n_touch > 0
        offsets = np.zeros(n_j + 1, dtype=np.int32)
        np.cumsum(n_touch, out=offsets[1:])
        channels = t["channel"].filter(pa.array(touch))
        paths = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), channels.combine_chunks()), PATH_SEP)
        keep = pa.array(has)
        part = pa.table(
            {
                "period": pa.array(period.astype("datetime64[D]"), pa.date32(), mask=~converted).filter(keep),
                "path": paths.filter(keep),
                "total_conversions": pa.array(conv).filter(keep),
                "total_conversion_value": pa.array(val).filter(keep),
                "total_null": pa.array((~converted).astype(np.float64)).filter(keep),
            }
        )
        self._parts.append(_group(part))
        self._since_compact += 1
        if self._since_compact >= COMPACT_EVERY:
            self._compact()
        self._time_decay(channels, time_us[touch], jid[touch], n_touch, conv, val, conv_at, converted & has)

    def _time_decay(
        self,
        channels: pa.ChunkedArray,
        touch_us: NDArray[np.int64],
        touch_jid: NDArray[np.int64],
        n_touch: NDArray[np.integer[Any]],
        conv: NDArray[np.float64],
        val: NDArray[np.float64],
        conv_at: NDArray[np.int64],
        keep: NDArray[np.bool_],
    ) -> None:
        if not keep.any():
            return
        sel = keep[touch_jid]
        lengths = n_touch[keep]
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        names = channels.filter(pa.array(sel)).combine_chunks().dictionary_encode()
        age = (conv_at[touch_jid[sel]] - touch_us[sel]) / US_PER_DAY
        paths = Paths(
            channels=tuple(names.dictionary.to_pylist()),
            offsets=offsets,
            touches=names.indices.to_numpy(zero_copy_only=False).astype(np.int32),
            conversions=conv[keep],
            nulls=np.zeros(len(lengths)),
            value=val[keep],
            age_days=np.maximum(age, 0.0),
        )
        self.decay.fit(paths)
        a = self._agg
        for ch, c in self.decay.credit_.items():
            a.time_decay[ch] = a.time_decay.get(ch, 0.0) + c
        for ch, v in (self.decay.value_credit_ or {}).items():
            a.time_decay_value[ch] = a.time_decay_value.get(ch, 0.0) + v

    def _compact(self) -> None:
        if len(self._parts) > 1:
            self._parts = [_group(pa.concat_tables(self._parts))]
        self._since_compact = 0


def _group(t: pa.Table) -> pa.Table:
    g = t.group_by(["period", "path"], use_threads=False).aggregate(
        [(c, "sum") for c in ("total_conversions", "total_conversion_value", "total_null")]
    )
    g = g.rename_columns([n.removesuffix("_sum") for n in g.column_names])
    return g.select(PATH_SCHEMA.names).cast(PATH_SCHEMA)


def build_journeys(
    batches: Iterable[pa.RecordBatch], period: Period = "month", half_life_days: float = 7.0, tick: Tick | None = None
) -> JourneyAggregate:
    """Aggregate an ordered event stream (``queries.events_sql``) into paths and time-decay credit."""
    builder = JourneyBuilder(period, half_life_days)
    read = 0
    for batch in batches:
        builder.add(batch)
        read += batch.num_rows
        if tick is not None:
            tick(read)
    return builder.finish()
