"""Independent, deliberately plain implementations used to check the vectorised ones: dictionaries and
loops to build the chain, dense linear algebra to solve it, and brute force over all coalitions."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

Row = tuple[Sequence[str], float, float, float]  # path, conversions, nulls, value


def windows(path: Sequence[str], order: int) -> list[tuple[str, ...]]:
    """ChannelAttribution's states: windows of ``order`` touches, repeats of the previous window dropped."""
    raw = [tuple(path)] if len(path) < order else [tuple(path[i : i + order]) for i in range(len(path) - order + 1)]
    out: list[tuple[str, ...]] = []
    for w in raw:
        if not out or out[-1] != w:
            out.append(w)
    return out


def dense_markov(rows: list[Row], order: int) -> tuple[dict[str, float], dict[str, float], float]:
    """(removal effect per channel, value removal effect per channel, P) by a dense solve."""
    steps: dict[tuple[object, object], float] = defaultdict(float)
    conv_out: dict[object, float] = defaultdict(float)
    null_out: dict[object, float] = defaultdict(float)
    value_out: dict[object, float] = defaultdict(float)
    channels = sorted({c for p, *_ in rows for c in p})
    for path, conv, null, value in rows:
        w = conv + null
        if w <= 0:
            continue
        states = windows(path, order)
        prev: object = "START"
        for s in states:
            steps[(prev, s)] += w
            prev = s
        conv_out[prev] += conv
        null_out[prev] += null
        value_out[prev] += value
    states_all = ["START", *sorted({s for (_, s) in steps})]
    index = {s: i for i, s in enumerate(states_all)}
    n = len(states_all)
    q = np.zeros((n, n))
    r = np.zeros((n, 2))
    for (a, b), w in steps.items():
        q[index[a], index[b]] += w
    for s in states_all:
        i = index[s]
        total = q[i].sum() + conv_out[s] + null_out[s]
        q[i] /= total
        r[i] = [conv_out[s] / total, value_out[s] / total]

    def solve(keep: list[int]) -> np.ndarray:
        a = np.eye(len(keep)) - q[np.ix_(keep, keep)]
        return np.linalg.solve(a, r[keep])[0]

    base = solve(list(range(n)))
    re, re_v = {}, {}
    for c in channels:
        keep = [index[s] for s in states_all if s == "START" or c not in s]  # type: ignore[operator]
        p, v = solve(keep)
        re[c] = 1 - p / base[0] if base[0] > 0 else 0.0
        re_v[c] = 1 - v / base[1] if base[1] > 0 else 0.0
    return re, re_v, float(base[0])


def brute_shapley(rows: list[Row]) -> dict[str, float]:
    """Shapley values of v(S) = conversions of journeys whose channels all lie in S, over all coalitions."""
    channels = sorted({c for p, *_ in rows for c in p})
    n = len(channels)

    def v(coalition: frozenset[str]) -> float:
        return sum(conv for p, conv, *_ in rows if set(p) <= coalition)

    phi = {}
    for c in channels:
        others = [x for x in channels if x != c]
        total = 0.0
        for k in range(n):
            weight = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            for s in itertools.combinations(others, k):
                total += weight * (v(frozenset(s) | {c}) - v(frozenset(s)))
        phi[c] = total
    return phi
