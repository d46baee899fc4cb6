"""Shapley-value attribution over channel sets (Zhao, Mahboobi & Bagheri 2018, "Shapley Value Methods for
Attribution Modeling in Online Advertising").

The game: the worth of a coalition ``S`` of channels is the conversions of the journeys whose channels
all lie in ``S``, ``v(S) = sum over T subset of S of R(T)``, where ``R(T)`` is the conversions of journeys
whose set of distinct channels is exactly ``T``. ``R`` is the game's Harsanyi dividend, so the Shapley
value has a closed form: each channel of ``T`` gets ``R(T) / |T|`` — every converting journey's credit is
split equally among its distinct channels (Zhao et al.'s *simplified* Shapley value). This is exact for any
number of channels and costs one pass over the touches; ``coalition_worth`` and ``shapley_from_worth`` give
the same numbers by enumerating all ``2^n`` coalitions (for up to 20 channels), as a check.

The *ordered* form (Zhao et al., section 3.2) also says where in the journey the credit falls: a channel's
share ``R(T) / |T|`` of a journey is split equally over the positions where it appears, and
``position_credit_[c][i]`` sums it for touch position ``i + 1``. Summed over positions it equals the
simplified value, so both forms give each channel the same total; the ordered form adds the positions.

Conventions: repeated channels count once in the set (the game is over sets); paths without conversions
and their ``total_null`` count for nothing (``R`` only counts conversions); channels that play the same
role get the same credit (symmetry), and a channel in no converting path gets zero (null player).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Self

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mizaan.errors import InputError, Problem
from mizaan.measure.base import AttributionModel
from mizaan.measure.paths import Float, Paths

MAX_COALITION_CHANNELS = 20


class ShapleyAttribution(AttributionModel):
    """Shapley values over channel sets; with ``ordered=True`` also the credit by touch position.

    Parameters
    ----------
    ordered : also compute ``position_credit_`` (and ``position_value_credit_``).

    Example
    -------
    >>> from mizaan.measure import paths_from_lists
    >>> ShapleyAttribution().fit(paths_from_lists([["a", "b", "a"]], conversions=[3])).credit_
    {'a': 1.5, 'b': 1.5}
    """

    name = "shapley"

    def __init__(self, ordered: bool = False) -> None:
        self.ordered = ordered

    @property
    def key(self) -> str:
        return "shapley_ordered" if self.ordered else "shapley"

    def _check_params(self) -> list[Problem]:
        if not isinstance(self.ordered, bool):
            return [Problem("measure.param_bool", {"value": repr(self.ordered)}, field="ordered")]
        return []

    def _fit(self, paths: Paths) -> tuple[Float, Float | None]:
        n_ch = len(paths.channels)
        width = int(paths.lengths.max()) if len(paths) and self.ordered else 0
        conv = np.zeros(n_ch)
        value = None if paths.value is None else np.zeros(n_ch)
        positions = np.zeros((2, n_ch * width))
        for chunk in paths.chunks():
            weight = chunk.conversions if chunk.value is None else chunk.conversions + chunk.value
            if not (weight > 0).all():
                chunk = chunk.select(weight > 0)
            self._add_chunk(chunk, conv, value, positions, width)
        self.position_credit_: dict[str, list[float]] | None = None
        self.position_value_credit_: dict[str, list[float]] | None = None
        if self.ordered:
            self.position_credit_ = _by_channel(positions[0], paths.channels, width)
            if value is not None:
                self.position_value_credit_ = _by_channel(positions[1], paths.channels, width)
        return conv, value

    def fit_sets(
        self,
        channels: Sequence[str],
        sets: Sequence[Sequence[str]],
        conversions: Float,
        value: Float | None,
        positions: Mapping[tuple[str, int], tuple[float, float]] | None = None,
        longest: int = 0,
    ) -> Self:
        """Fit on counts computed elsewhere (a distributed engine, ``measure/counted.py``): the conversions
        and value of converting journeys per set of distinct channels (the dividends ``R(T)``), and for the
        ordered form each (channel, touch position from 1)'s share and the longest journey. The same credit
        as ``fit`` on the journeys they were counted from."""
        problems = self._check_params()
        if self.ordered and positions is None:
            problems.append(Problem("measure.param_bool", {"value": "positions=None"}, field="ordered"))
        if problems:
            raise InputError(problems, key="measure.bad_input")
        names = tuple(channels)
        code = {c: i for i, c in enumerate(names)}
        conv = np.zeros(len(names))
        val = None if value is None else np.zeros(len(names))
        for i, members in enumerate(sets):
            for c in members:
                conv[code[c]] += conversions[i] / len(members)
                if val is not None and value is not None:
                    val[code[c]] += value[i] / len(members)
        self.position_credit_ = None
        self.position_value_credit_ = None
        if self.ordered and positions is not None:
            table = np.zeros((2, len(names), longest))
            for (c, pos), (pc_, pv) in positions.items():
                table[0, code[c], pos - 1] += pc_
                table[1, code[c], pos - 1] += pv
            self.position_credit_ = {c: table[0, i].tolist() for i, c in enumerate(names)}
            if val is not None:
                self.position_value_credit_ = {c: table[1, i].tolist() for i, c in enumerate(names)}
        self._learned(names, conv, val)
        return self

    def _add_chunk(self, paths: Paths, conv: Float, value: Float | None, positions: Float, width: int) -> None:
        n_ch = len(paths.channels)
        owner = paths.path_of_touch
        key = owner * n_ch + paths.touches
        encoded = pc.dictionary_encode(pa.array(key, pa.int64()))
        pair = np.asarray(encoded.dictionary.to_numpy(zero_copy_only=False), dtype=np.int64)
        pair_path, pair_channel = pair // n_ch, pair % n_ch
        distinct = np.maximum(np.bincount(pair_path, minlength=len(paths)), 1).astype(np.float64)
        conv_each = paths.conversions / distinct
        conv += np.bincount(pair_channel, weights=conv_each[pair_path], minlength=n_ch)
        value_each = None
        if value is not None and paths.value is not None:
            value_each = paths.value / distinct
            value += np.bincount(pair_channel, weights=value_each[pair_path], minlength=n_ch)
        if not self.ordered:
            return
        idx = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
        repeats = np.bincount(idx, minlength=len(pair))[idx].astype(np.float64)
        slot = paths.touches.astype(np.int64) * width + (
            np.arange(len(key), dtype=np.int64) - np.repeat(paths.offsets[:-1], paths.lengths)
        )
        positions[0] += np.bincount(slot, weights=conv_each[owner] / repeats, minlength=positions.shape[1])
        if value_each is not None:
            positions[1] += np.bincount(slot, weights=value_each[owner] / repeats, minlength=positions.shape[1])

    def _diagnostics(self) -> dict[str, Any]:
        if not self.ordered:
            return {}
        out: dict[str, Any] = {"position_conversions": self.position_credit_}
        if self.position_value_credit_ is not None:
            out["position_value"] = self.position_value_credit_
        return out


def _by_channel(flat: Float, names: tuple[str, ...], width: int) -> dict[str, list[float]]:
    table = flat.reshape(len(names), width)
    return {name: table[i].tolist() for i, name in enumerate(names)}


def coalition_worth(paths: Paths, use_value: bool = False) -> Float:
    """``v(S)`` for every coalition ``S`` (bit ``c`` of the index is channel ``c``): the conversions (or
    value) of the journeys whose channels all lie in ``S``. Up to 20 channels."""
    n_ch = len(paths.channels)
    if n_ch > MAX_COALITION_CHANNELS:
        raise ValueError(f"{n_ch} channels: enumerating 2^{n_ch} coalitions is too much")
    weight = paths.value if use_value and paths.value is not None else paths.conversions
    bits = np.left_shift(np.int64(1), paths.touches.astype(np.int64))
    masks = np.bitwise_or.reduceat(bits, paths.offsets[:-1]) if len(paths) else bits[:0]
    worth = np.bincount(masks, weights=weight, minlength=1 << n_ch).astype(np.float64)
    for c in range(n_ch):  # subset-sum (zeta) transform: v(S) = sum of R(T) over T inside S
        step = 1 << c
        view = worth.reshape(-1, 2 * step)
        view[:, step:] += view[:, :step]
    return worth


def shapley_from_worth(worth: Float) -> Float:
    """Shapley values of the game ``worth`` (indexed by coalition bitmask), by the textbook sum over all
    coalitions: ``phi_c = sum over S without c of |S|! (n - |S| - 1)! / n! * (v(S + c) - v(S))``."""
    n = int(np.log2(len(worth)))
    masks = np.arange(len(worth), dtype=np.int64)
    size = np.bitwise_count(masks).astype(np.int64)
    fact = np.cumprod(np.concatenate([[1.0], np.arange(1, n + 1, dtype=np.float64)]))
    phi = np.zeros(n)
    for c in range(n):
        without = masks[(masks >> c) & 1 == 0]
        k = size[without]
        coef = fact[k] * fact[n - k - 1] / fact[n]
        phi[c] = float(np.sum(coef * (worth[without | (1 << c)] - worth[without])))
    return phi
