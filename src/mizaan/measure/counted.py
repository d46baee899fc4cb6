"""The data-driven models fitted on counts an engine computed (``counts_sql.py``): Markov chains from
transition counts, Shapley values from conversions per channel set. A distributed engine (Spark) sends the
driver these counts — a row per transition between states, per state's exits and per channel set — and
never the journeys or their paths.

``count_paths(query, window, period, orders, positions, dialect)`` runs the query and gathers its rows into
``PathCounts``; ``PathCounts.fit(name)`` fits ``markov_k``, ``shapley`` or ``shapley_ordered`` on them, and
``PathCounts.shapley_by_period()`` gives the funnel's Shapley credit period by period. The chains are built
with the states numbered as ``chain.build_chain`` numbers them (packed window keys, sorted), so a model
fitted on counts solves the very system it solves on the paths.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import scipy.sparse as sp

from mizaan.measure.attribute import MODEL_NAMES
from mizaan.measure.chain import Chain
from mizaan.measure.counts_sql import counts_sql
from mizaan.measure.markov import MarkovAttribution
from mizaan.measure.queries import Period, Window
from mizaan.measure.result import ModelResult
from mizaan.measure.shapley import ShapleyAttribution

COUNTED_MODELS = tuple(m for m in MODEL_NAMES if m.startswith(("markov_", "shapley")))

Steps = dict[tuple[tuple[str, ...] | None, tuple[str, ...]], float]
Exits = dict[tuple[str, ...], tuple[float, float, float]]


@dataclass
class PathCounts:
    """What the data-driven models need of the journeys, as counted by the engine."""

    channels: tuple[str, ...]
    longest: int
    steps: dict[int, Steps] = field(default_factory=dict)  # order -> (src, dst) -> weight (src None: start)
    exits: dict[int, Exits] = field(default_factory=dict)  # order -> state -> (conversions, nulls, value)
    sets: list[tuple[str, tuple[str, ...], float, float]] = field(default_factory=list)  # (period, set, conv, value)
    positions: dict[tuple[str, int], tuple[float, float]] = field(default_factory=dict)

    def chain(self, order: int) -> Chain:
        """The Markov chain of ``order``, states numbered as ``build_chain`` numbers them."""
        return chain_from_counts(self.channels, order, self.steps.get(order, {}), self.exits.get(order, {}))

    def fit(self, name: str) -> ModelResult:
        """``markov_k``, ``shapley`` or ``shapley_ordered`` fitted on the counts."""
        if name.startswith("markov_"):
            order = int(name.removeprefix("markov_"))
            return MarkovAttribution(order=order).fit_chain(self.chain(order)).result()
        if name not in ("shapley", "shapley_ordered"):
            raise KeyError(name)
        sets, conv, value = self._sets(None)
        model = ShapleyAttribution(ordered=name == "shapley_ordered")
        return model.fit_sets(self.channels, sets, conv, value, self.positions, self.longest).result()

    def shapley_by_period(self) -> dict[tuple[str, str], tuple[float, float]]:
        """(period, channel) -> Shapley conversions and value of the period's conversions (none where 0)."""
        out: dict[tuple[str, str], tuple[float, float]] = {}
        for period in sorted({p for p, *_ in self.sets}):
            sets, conv, value = self._sets(period)
            fitted = ShapleyAttribution().fit_sets(self.channels, sets, conv, value)
            for ch, c in fitted.credit_.items():
                v = (fitted.value_credit_ or {}).get(ch, 0.0)
                if c or v:
                    out[(period, ch)] = (c, v)
        return out

    def _sets(self, period: str | None) -> tuple[list[tuple[str, ...]], np.ndarray, np.ndarray]:
        rows = [r for r in self.sets if period is None or r[0] == period]
        merged: dict[tuple[str, ...], list[float]] = defaultdict(lambda: [0.0, 0.0])
        for _, members, conv, value in rows:
            merged[members][0] += conv
            merged[members][1] += value
        keys = sorted(merged)
        conv_a = np.array([merged[k][0] for k in keys], dtype=np.float64)
        value_a = np.array([merged[k][1] for k in keys], dtype=np.float64)
        return keys, conv_a, value_a


def count_paths(
    query: Callable[[str], pa.Table],
    window: Window,
    period: Period,
    models: Sequence[str],
    dialect: str,
) -> PathCounts:
    """The counts that ``models`` (those of ``COUNTED_MODELS`` among them) need, from one aggregate query."""
    orders = tuple(sorted({int(m.removeprefix("markov_")) for m in models if m.startswith("markov_")}))
    rows = query(counts_sql(window, period, orders, "shapley_ordered" in models, dialect)).to_pylist()
    channels = sorted(r["dst"][0] for r in rows if r["kind"] == "channel")
    counts = PathCounts(tuple(channels), max((int(r["longest"]) for r in rows if r["kind"] == "channel"), default=0))
    for r in rows:
        kind, k = r["kind"], int(r["k"])
        if kind == "step":
            src = None if r["src"] is None else tuple(r["src"])
            counts.steps.setdefault(k, {})[(src, tuple(r["dst"]))] = float(r["weight"])
        elif kind == "exit":
            counts.exits.setdefault(k, {})[tuple(r["src"])] = (
                float(r["conversions"]),
                float(r["nulls"]),
                float(r["value"] or 0.0),
            )
        elif kind == "set":
            counts.sets.append(
                (r["period"].isoformat(), tuple(r["dst"]), float(r["conversions"]), float(r["value"] or 0.0))
            )
        elif kind == "position":
            counts.positions[(r["dst"][0], k)] = (float(r["conversions"]), float(r["value"] or 0.0))
    return counts


def chain_from_counts(channels: tuple[str, ...], order: int, steps: Steps, exits: Exits) -> Chain:
    """A ``Chain`` from transition and exit counts keyed by states (tuples of channel names)."""
    base = len(channels) + 1
    code = {c: i for i, c in enumerate(channels)}
    states = {s for s in exits} | {dst for _, dst in steps} | {src for src, _ in steps if src is not None}

    def key(state: tuple[str, ...]) -> int:  # chain._windows' packing: (code + 1) digits, zeros past the end
        k = 0
        for j in range(order):
            k = k * base + (code[state[j]] + 1 if j < len(state) else 0)
        return k

    ordered = sorted(states, key=key)
    number = {s: i + 1 for i, s in enumerate(ordered)}  # 0 is start
    n = len(ordered) + 1
    windows = np.full((len(ordered), order), -1, dtype=np.int32)
    for i, s in enumerate(ordered):
        windows[i, : len(s)] = [code[c] for c in s]
    src = np.array([0 if a is None else number[a] for a, _ in steps], dtype=np.int64)
    dst = np.array([number[b] for _, b in steps], dtype=np.int64)
    weight = np.fromiter(steps.values(), dtype=np.float64, count=len(steps))
    counts = sp.csr_matrix((weight, (src, dst)), shape=(n, n))
    to_conv, to_null, value_out = np.zeros(n), np.zeros(n), np.zeros(n)
    for s, (c, nulls, v) in exits.items():
        to_conv[number[s]] += c
        to_null[number[s]] += nulls
        value_out[number[s]] += v
    return Chain(order, channels, windows, counts, to_conv, to_null, value_out)
