"""The Markov chain of a set of paths: states, transition counts, and exits to conversion and null.

States are built as ChannelAttribution builds them, so that exact results can be compared with its
simulated ones:

- a state of order ``k`` is a window of ``k`` consecutive touches of a path (order 1: a channel); a path
  shorter than ``k`` is one window of all its touches;
- windows are taken over the touches as given, then a window equal to the one before it is dropped, so
  ``a > a > b`` is ``a -> b`` at order 1 (repeats collapse) and ``(a,a) -> (a,b)`` at order 2;
- each path is a walk ``start -> s1 -> ... -> sm`` followed by an exit from ``sm`` to *conversion*
  (weighted by its conversions) and to *null* (weighted by its non-conversions); every step of the walk is
  weighted by conversions + non-conversions, so paths without a null count (and no conversions) weigh
  nothing — as in ChannelAttribution, a table without ``total_null`` drops its non-converting paths;
- each conversion's value is attached to the last state before it: a state's value per conversion is the
  value of the conversions that left from it divided by their number.

Everything is vectorised: windows are packed into one int64 per touch (``(code + 1)`` in base
``channels + 1``), factorised with a hash table, and the counts summed by a sparse matrix constructor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from numpy.typing import NDArray

from mizaan.measure.paths import CHUNK_TOUCHES, Float, Index, Paths

START = 0
MAX_KEY = np.iinfo(np.int64).max


@dataclass(frozen=True, eq=False)
class Chain:
    """Transition counts of a set of paths at some order.

    ``counts[i, j]`` is the weight of the steps from state ``i`` to state ``j`` (state 0 is *start*);
    ``to_conversion[i]``, ``to_null[i]`` and ``value_out[i]`` are the conversions, non-conversions and
    conversion value that exit from state ``i``. ``windows[i - 1]`` holds the channel codes of state ``i``
    (``-1`` past the end of a short window).
    """

    order: int
    channels: tuple[str, ...]
    windows: NDArray[np.int32]
    counts: sp.csr_matrix
    to_conversion: Float
    to_null: Float
    value_out: Float

    @property
    def n_states(self) -> int:
        """Transient states, *start* included."""
        return int(self.counts.shape[0])

    @property
    def out_weight(self) -> Float:
        return np.asarray(self.counts.sum(axis=1)).ravel() + self.to_conversion + self.to_null

    def contains(self) -> sp.csr_matrix:
        """A boolean (states x channels) matrix: does state ``i`` include channel ``c``? *start* includes
        none."""
        rows, cols = np.nonzero(self.windows >= 0)
        data = np.ones(len(rows), dtype=bool)
        m = sp.csr_matrix(
            (data, (rows + 1, self.windows[rows, cols])),
            shape=(self.n_states, len(self.channels)),
            dtype=bool,
        )
        m.sum_duplicates()
        return m

    def state_names(self, sep: str = " > ") -> list[str]:
        """Readable names of the states, *start* first."""
        return ["(start)"] + [sep.join(self.channels[c] for c in w if c >= 0) for w in self.windows]


def build_chain(paths: Paths, order: int, chunk_touches: int = CHUNK_TOUCHES) -> Chain:
    """The chain of ``paths`` at ``order`` (1 or more).

    Paths are read in chunks of about ``chunk_touches`` touches, so the temporary arrays stay bounded
    whatever the number of paths; only one int64 per (collapsed) window is kept for the whole set.
    """
    weight = paths.conversions + paths.nulls
    n_ch = len(paths.channels)
    base = n_ch + 1
    if order > 1 and base**order > MAX_KEY:
        raise OverflowError(f"{n_ch} channels are too many for order {order}")
    keys = np.empty(len(paths.touches), dtype=np.int64)  # collapsed windows never outnumber touches
    length_parts: list[Index] = []
    filled = 0
    for piece in paths.chunks(chunk_touches):
        used = piece.conversions + piece.nulls > 0
        if not used.all():
            piece = piece.select(used)
        piece_keys, lengths = _collapse(*_windows(piece, order, base))
        keys[filled : filled + len(piece_keys)] = piece_keys
        filled += len(piece_keys)
        length_parts.append(lengths)
    lengths = np.concatenate(length_parts) if length_parts else np.zeros(0, dtype=np.int64)
    state, uniques = _factorize(keys[:filled])
    del keys
    windows = _unpack(uniques, order, base)
    n_states = len(uniques) + 1
    state += 1  # 0 is start

    used = weight > 0
    conv, nulls = paths.conversions[used], paths.nulls[used]
    value = paths.value[used] if paths.value is not None else np.zeros(len(conv))
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    last = state[offsets[1:] - 1]
    to_conv = _sums(last, conv, n_states)
    to_null = _sums(last, nulls, n_states)
    value_out = _sums(last, value, n_states)
    counts = _transition_counts(state, offsets, conv + nulls, n_states, chunk_touches)
    return Chain(order, paths.channels, windows, counts, to_conv, to_null, value_out)


def _chunks(offsets: Index, size: int) -> list[tuple[int, int]]:
    """Path ranges ``[lo, hi)`` of about ``size`` touches each (a longer path is a chunk of its own)."""
    n = len(offsets) - 1
    out: list[tuple[int, int]] = []
    lo = 0
    while lo < n:
        hi = int(np.searchsorted(offsets, offsets[lo] + size, side="right")) - 1
        hi = min(max(hi, lo + 1), n)
        out.append((lo, hi))
        lo = hi
    return out


def _transition_counts(
    state: NDArray[np.int32], offsets: Index, weight: Float, n_states: int, chunk: int
) -> sp.csr_matrix:
    """Summed step weights as a sparse matrix; steps are packed as ``src * n_states + dst`` and summed
    with a hash table chunk by chunk, then once more over the chunks."""
    keys_parts: list[Index] = []
    sums_parts: list[Float] = []
    for lo, hi in _chunks(offsets, chunk):
        a, b = int(offsets[lo]), int(offsets[hi])
        dst = state[a:b].astype(np.int64)
        src = np.empty_like(dst)
        src[1:] = dst[:-1]
        src[offsets[lo:hi] - a] = START
        w = np.repeat(weight[lo:hi], np.diff(offsets[lo : hi + 1]))
        k, s = _sum_by_key(src * n_states + dst, w)
        keys_parts.append(k)
        sums_parts.append(s)
    if keys_parts:
        keys, sums = _sum_by_key(np.concatenate(keys_parts), np.concatenate(sums_parts))
    else:
        keys, sums = np.zeros(0, dtype=np.int64), np.zeros(0)
    return sp.csr_matrix((sums, (keys // n_states, keys % n_states)), shape=(n_states, n_states))


def _sum_by_key(keys: Index, weights: Float) -> tuple[Index, Float]:
    encoded = pc.dictionary_encode(pa.array(keys, pa.int64()))
    uniques = np.asarray(encoded.dictionary.to_numpy(zero_copy_only=False), dtype=np.int64)
    idx = np.asarray(encoded.indices.to_numpy(zero_copy_only=False))
    return uniques, _sums(idx, weights, len(uniques))


def _sums(index: NDArray[np.integer], weights: Float, size: int) -> Float:
    """``out[i] = sum of weights where index == i`` (as float64)."""
    return np.asarray(np.bincount(index, weights=weights, minlength=size), dtype=np.float64)


def _windows(paths: Paths, order: int, base: int) -> tuple[Index, Index]:
    """One packed key per window, and windows per path."""
    digits = paths.touches.astype(np.int64) + 1
    lengths = paths.lengths
    if order == 1:
        return digits, lengths.copy()
    n = len(digits)
    pos = np.arange(n, dtype=np.int64) - np.repeat(paths.offsets[:-1], lengths)
    room = np.repeat(lengths, lengths) - pos  # touches from here to the end of the path, this one included
    key = np.zeros(n, dtype=np.int64)
    for j in range(order):
        shifted = np.zeros(n, dtype=np.int64)
        if j < n:
            shifted[: n - j] = digits[j:]
        shifted[room <= j] = 0
        key *= base
        key += shifted
    valid = (room >= order) | ((lengths < order).repeat(lengths) & (pos == 0))
    return key[valid], np.maximum(lengths - order + 1, 1)


def _collapse(keys: Index, lengths: Index) -> tuple[Index, Index]:
    """Drop each window equal to the window before it in the same path."""
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = keys[1:] != keys[:-1]
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    keep[starts] = True
    new_lengths = np.add.reduceat(keep.astype(np.int64), starts) if len(lengths) else lengths
    return keys[keep], new_lengths


def _factorize(keys: Index) -> tuple[NDArray[np.int32], Index]:
    """(index of each key among the sorted unique keys, sorted unique keys); hash-based, then sorted, so
    state numbers do not depend on the order of the paths."""
    encoded = pc.dictionary_encode(pa.array(keys, pa.int64()))
    dictionary = np.asarray(encoded.dictionary.to_numpy(zero_copy_only=False), dtype=np.int64)
    order = np.argsort(dictionary, kind="stable")
    rank = np.empty(len(dictionary), dtype=np.int32)
    rank[order] = np.arange(len(dictionary), dtype=np.int32)
    indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False))
    return rank[indices], dictionary[order]


def _unpack(keys: Index, order: int, base: int) -> NDArray[np.int32]:
    """Packed keys back to channel codes, ``-1`` where a short window ends."""
    out = np.empty((len(keys), order), dtype=np.int64)
    rest = keys.copy()
    for j in range(order - 1, -1, -1):
        out[:, j] = rest % base - 1
        rest //= base
    return out.astype(np.int32)
