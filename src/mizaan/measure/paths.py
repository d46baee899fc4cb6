"""Journeys and path tables: what every attribution model reads.

Two ways in, one type out:

- **Journeys** — one per user (or per conversion window): the ordered touchpoints, each with its channel and
  time, and what the journey ended in (conversions, their value, when). ``Journey``/``Touch`` are the typed
  record form (JSON Lines, tests, small data); ``paths_from_touchpoints`` takes the same thing as columns,
  the shape a SQL query over a touchpoint table returns (see ``docs/attribution.md``).
- **Path tables** — journeys already aggregated by path, as ChannelAttribution writes them: a path string
  (``a > b > c``), how many journeys on it converted, their value, how many did not (``total_null``).

Both become ``Paths``: a columnar, immutable set of paths (channel codes in one flat array with offsets,
like a CSR matrix), with conversions, value and non-conversions per path and, when the input had times, each
touch's age at the end of its journey (for time decay). Every model takes a ``Paths``; nothing is copied per
model, so a million paths with ten million touches fit in a few hundred megabytes.

Touch order inside a journey is the order given; ``paths_from_touchpoints`` sorts by (journey, time, touch
id) so that two touches in the same second always sort the same way, on any engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, field_validator, model_validator

Float = NDArray[np.float64]
Index = NDArray[np.int64]
Codes = NDArray[np.int32]

SECONDS_PER_DAY = 86_400.0
CHUNK_TOUCHES = 1 << 21


class Touch(BaseModel):
    """One touchpoint: a channel reached the user at a time (the time may be unknown)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    channel: str = Field(min_length=1)
    time: datetime | None = None


class Journey(BaseModel):
    """One user's ordered touchpoints and what the journey ended in.

    ``conversions`` is usually 0 or 1 (more when one journey is counted for several orders); ``value`` is the
    conversions' total value; ``converted_at`` is when the (last) conversion happened — time decay measures
    each touch's age from it, and from the last touch when it is missing.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    user: str = Field(min_length=1)
    touches: list[Touch] = Field(min_length=1)
    conversions: NonNegativeFloat = 0.0
    value: NonNegativeFloat = 0.0
    converted_at: datetime | None = None

    @field_validator("conversions", "value")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not np.isfinite(v):
            raise ValueError("must be a finite number")
        return v

    @model_validator(mode="after")
    def _times_are_consistent(self) -> Journey:
        known = [t.time is not None for t in self.touches]
        if any(known) and not all(known):
            raise ValueError("either every touch has a time or none has")
        if self.converted_at is not None and all(known):
            last = max(t.time for t in self.touches if t.time is not None)
            if _aware(last) != _aware(self.converted_at):
                raise ValueError("touch times and converted_at must all have a time zone, or none")
            if self.converted_at < last:
                raise ValueError("converted_at is before the last touch")
        return self


def _aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.tzinfo.utcoffset(moment) is not None


@dataclass(frozen=True, eq=False)
class Paths:
    """Paths as columns: ``touches[offsets[i]:offsets[i+1]]`` are the channel codes of path ``i``.

    Attributes
    ----------
    channels : the channel names; a code is an index into this tuple (sorted by name).
    offsets : int64, length ``n + 1``, non-decreasing, ``offsets[0] == 0``; every path has a touch.
    touches : int32 channel codes, one per touch, in journey order.
    conversions, nulls : float64 per path — journeys on the path that converted / did not.
    value : float64 per path — the conversions' total value; ``None`` when the input had no value.
    age_days : float64 per touch — days from the touch to the journey's end (its conversion, or its last
        touch); ``None`` when the input had no times (aggregated path tables).
    """

    channels: tuple[str, ...]
    offsets: Index
    touches: Codes
    conversions: Float
    nulls: Float
    value: Float | None = None
    age_days: Float | None = None

    def __post_init__(self) -> None:
        n = len(self.conversions)
        if self.offsets.shape != (n + 1,) or self.offsets[0] != 0 or self.offsets[-1] != len(self.touches):
            raise ValueError("offsets must have one entry per path plus one, from 0 to the number of touches")
        if n and np.any(np.diff(self.offsets) < 1):
            raise ValueError("every path needs at least one touch")
        if self.nulls.shape != (n,) or (self.value is not None and self.value.shape != (n,)):
            raise ValueError("conversions, nulls and value need one entry per path")
        if self.age_days is not None and self.age_days.shape != self.touches.shape:
            raise ValueError("age_days needs one entry per touch")
        if len(self.touches) and (self.touches.min() < 0 or self.touches.max() >= len(self.channels)):
            raise ValueError("a touch refers to a channel that is not in channels")
        numbers: list[tuple[str, Float | None]] = [
            ("conversions", self.conversions),
            ("nulls", self.nulls),
            ("value", self.value),
            ("age_days", self.age_days),
        ]
        for name, arr in numbers:
            if arr is not None and arr.size and not (np.all(np.isfinite(arr)) and arr.min() >= 0):
                raise ValueError(f"{name} must be finite and not negative")
        frozen: list[NDArray[Any] | None] = [self.offsets, self.touches, *(a for _, a in numbers)]
        for array in frozen:
            if array is not None:
                array.flags.writeable = False

    # ---- sizes and totals
    def __len__(self) -> int:
        return len(self.conversions)

    @property
    def lengths(self) -> Index:
        """Touches per path."""
        return np.diff(self.offsets)

    @property
    def path_of_touch(self) -> Index:
        """For each touch, the index of its path."""
        return np.repeat(np.arange(len(self), dtype=np.int64), self.lengths)

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def has_times(self) -> bool:
        return self.age_days is not None

    @property
    def total_conversions(self) -> float:
        return float(self.conversions.sum())

    @property
    def total_value(self) -> float | None:
        return None if self.value is None else float(self.value.sum())

    @property
    def total_nulls(self) -> float:
        return float(self.nulls.sum())

    def path(self, i: int) -> tuple[str, ...]:
        """The channel names of path ``i`` (for people and tests; models use the arrays)."""
        return tuple(self.channels[c] for c in self.touches[self.offsets[i] : self.offsets[i + 1]])

    def chunks(self, max_touches: int = CHUNK_TOUCHES) -> Iterator[Paths]:
        """The paths in consecutive pieces of about ``max_touches`` touches (views, not copies), so that
        per-touch temporaries stay bounded however many paths there are. A longer path is a piece alone."""
        n = len(self)
        lo = 0
        while lo < n:
            hi = int(np.searchsorted(self.offsets, self.offsets[lo] + max_touches, side="right")) - 1
            hi = min(max(hi, lo + 1), n)
            yield self._slice(lo, hi)
            lo = hi

    def _slice(self, lo: int, hi: int) -> Paths:
        if lo == 0 and hi == len(self):
            return self
        a, b = int(self.offsets[lo]), int(self.offsets[hi])
        return Paths(
            self.channels,
            self.offsets[lo : hi + 1] - a,
            self.touches[a:b],
            self.conversions[lo:hi],
            self.nulls[lo:hi],
            None if self.value is None else self.value[lo:hi],
            None if self.age_days is None else self.age_days[a:b],
        )

    def select(self, keep: NDArray[np.bool_]) -> Paths:
        """The paths where ``keep`` is true (channels are kept, so credit stays comparable)."""
        lengths = self.lengths[keep]
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        touch_keep = np.repeat(keep, self.lengths)
        return Paths(
            channels=self.channels,
            offsets=offsets,
            touches=self.touches[touch_keep],
            conversions=self.conversions[keep],
            nulls=self.nulls[keep],
            value=None if self.value is None else self.value[keep],
            age_days=None if self.age_days is None else self.age_days[touch_keep],
        )


# ---- builders


def _codes(names: pa.Array | pa.ChunkedArray) -> tuple[tuple[str, ...], Codes]:
    """Channel names as (sorted unique names, int32 code per name); hash-based, so fast for millions."""
    encoded = pc.dictionary_encode(names)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = (
            encoded.unify_dictionaries().combine_chunks()
            if encoded.num_chunks
            else pa.array([], pa.dictionary(pa.int32(), pa.string()))
        )
    dictionary = encoded.dictionary.to_pylist()
    indices = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    order = np.argsort(np.array(dictionary, dtype=object), kind="stable")
    rank = np.empty(len(dictionary), dtype=np.int32)
    rank[order] = np.arange(len(dictionary), dtype=np.int32)
    return tuple(dictionary[i] for i in order), rank[indices] if len(dictionary) else indices


def _float(values: Sequence[float] | NDArray[Any] | None, n: int, default: float | None) -> Float | None:
    if values is None:
        return None if default is None else np.full(n, default, dtype=np.float64)
    arr = np.asarray(values, dtype=np.float64)
    if arr.shape != (n,):
        raise ValueError(f"expected {n} values, got {arr.shape}")
    return arr


def paths_from_lists(
    paths: Sequence[Sequence[str]],
    conversions: Sequence[float] | NDArray[Any],
    nulls: Sequence[float] | NDArray[Any] | None = None,
    value: Sequence[float] | NDArray[Any] | None = None,
    age_days: Sequence[Sequence[float]] | None = None,
) -> Paths:
    """``Paths`` from Python lists (small data and tests): ``paths[i]`` is a list of channel names."""
    n = len(paths)
    lengths = np.array([len(p) for p in paths], dtype=np.int64)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = pa.array([str(c).strip() for p in paths for c in p], pa.string())
    channels, touches = _codes(flat)
    ages = None
    if age_days is not None:
        ages = np.array([a for row in age_days for a in row], dtype=np.float64)
    conv = _float(conversions, n, None)
    assert conv is not None
    return Paths(
        channels,
        offsets,
        touches,
        conv,
        _float(nulls, n, 0.0),  # type: ignore[arg-type]
        _float(value, n, None),
        ages,
    )


def paths_from_journeys(journeys: Iterable[Journey]) -> Paths:
    """``Paths`` from typed journeys, one path per journey (identical paths are not merged: time decay
    needs each journey's own times)."""
    items = list(journeys)
    timed = [j.touches[0].time is not None for j in items]
    if any(timed) and not all(timed):
        raise ValueError("either every journey has touch times or none has")
    ages: list[list[float]] | None = None
    if items and all(timed):
        ages = []
        for j in items:
            times = [t.time for t in j.touches]
            end = j.converted_at or max(t for t in times if t is not None)
            ages.append([(end - t).total_seconds() / SECONDS_PER_DAY for t in times if t is not None])
    return paths_from_lists(
        [[t.channel for t in j.touches] for j in items],
        conversions=[j.conversions for j in items],
        nulls=[0.0 if j.conversions > 0 else 1.0 for j in items],
        value=[j.value for j in items],
        age_days=ages,
    )


def paths_from_touchpoints(
    journey_id: pa.Array | NDArray[Any] | Sequence[Any],
    channel: pa.Array | NDArray[Any] | Sequence[str],
    time: pa.Array | NDArray[Any] | Sequence[Any] | None,
    outcome_journey_id: pa.Array | NDArray[Any] | Sequence[Any],
    conversions: NDArray[Any] | Sequence[float],
    value: NDArray[Any] | Sequence[float] | None = None,
    converted_at: pa.Array | NDArray[Any] | Sequence[Any] | None = None,
    touch_id: NDArray[Any] | Sequence[int] | None = None,
) -> Paths:
    """``Paths`` from touchpoint columns and per-journey outcomes — what a query over a touchpoint table and
    a conversion table returns (one row per touch; one row per journey).

    Touches are sorted by (journey, time, ``touch_id``, input order): ties in time always break the same
    way. Journeys with outcomes but no touch are ignored only if they have no conversions; a conversion
    without any touch raises ``ValueError`` (it cannot be attributed). A journey without an outcome row
    counts as one journey that did not convert.
    """
    jid = pa.array(journey_id) if not isinstance(journey_id, pa.Array | pa.ChunkedArray) else journey_id
    ch = pa.array(channel, pa.string()) if not isinstance(channel, pa.Array | pa.ChunkedArray) else channel
    n_touch = len(jid)
    keys: list[Any] = []
    if touch_id is not None:
        keys.append(np.asarray(touch_id))
    secs: Float | None = None
    if time is not None:
        secs = _seconds(time)
        keys.append(secs)
    j_codes, j_uniques = _factorize(jid)
    keys.append(j_codes)
    order = np.lexsort(keys) if keys else np.arange(n_touch)
    j_sorted = j_codes[order]
    lengths = np.bincount(j_sorted, minlength=len(j_uniques)).astype(np.int64)

    o_codes = _lookup(
        pa.array(outcome_journey_id) if not isinstance(outcome_journey_id, pa.Array) else outcome_journey_id,
        j_uniques,
    )
    conv_in = np.asarray(conversions, dtype=np.float64)
    n_j = len(j_uniques)
    conv = np.zeros(n_j)
    orphan = o_codes < 0
    if np.any(orphan & (conv_in > 0)):
        raise ValueError("a journey with conversions has no touchpoint")
    np.add.at(conv, o_codes[~orphan], conv_in[~orphan])
    val = None
    if value is not None:
        val = np.zeros(n_j)
        np.add.at(val, o_codes[~orphan], np.asarray(value, dtype=np.float64)[~orphan])
    nulls = (conv == 0).astype(np.float64)

    ages = None
    if secs is not None:
        t_sorted = secs[order]
        offsets0 = np.concatenate([[0], np.cumsum(lengths)])
        end = t_sorted[offsets0[1:] - 1]
        if converted_at is not None:
            conv_secs = _seconds(converted_at)
            has = ~orphan & ~np.isnan(conv_secs)
            end = end.copy()
            end[o_codes[has]] = np.maximum(end[o_codes[has]], conv_secs[has])
        ages = (np.repeat(end, lengths) - t_sorted) / SECONDS_PER_DAY
    offsets = np.zeros(n_j + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    channels, codes = _codes(ch.take(pa.array(order)))
    return Paths(channels, offsets, codes, conv, nulls, val, ages)


def _seconds(times: pa.Array | NDArray[Any] | Sequence[Any]) -> Float:
    arr = times if isinstance(times, pa.Array | pa.ChunkedArray) else pa.array(times)
    if pa.types.is_timestamp(arr.type):
        arr = arr.cast(pa.timestamp("us", arr.type.tz))
        us = pc.cast(arr, pa.int64()).to_numpy(zero_copy_only=False).astype(np.float64)
        if arr.null_count:
            us[np.asarray(arr.is_null())] = np.nan
        return np.asarray(us / 1e6, dtype=np.float64)
    if pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type):
        return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=np.float64)
    raise ValueError(f"times must be timestamps or numbers of seconds, not {arr.type}")


def _factorize(values: pa.Array | pa.ChunkedArray) -> tuple[Index, pa.Array]:
    encoded = pc.dictionary_encode(values)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.unify_dictionaries().combine_chunks()
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), encoded.dictionary


def _lookup(values: pa.Array, uniques: pa.Array) -> Index:
    found = pc.index_in(values, value_set=uniques.cast(values.type) if values.type != uniques.type else uniques)
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
