"""Promo codes in a simulated world, with the collisions real shops see and the truth about each.

- Every creator gets **one code of their own** for all their posts (``NOURA10``; a second creator whose
  handle starts with the same word gets ``NOURA115``…): no code collides by accident.
- **Shared codes**: one pair of creators in every ``SHARED_CODE_EVERY`` (at least one pair when a world has
  three creators or more) share one code, as when an agency hands its roster a single code; the second
  creator of the pair gets the first one's code.
- **Codes used by someone else's buyers**: a buyer whom no creator's post brought types a creator's code with
  probability ``CODE_LEAK`` (coupon sites, friends passing codes on); the code is drawn among every creator's.

Draws come from streams of their own (``numpy.random.default_rng([seed, stream])``), so adding the
collisions changes nothing else in a world of a given seed. ``truth.json`` lists every code with its
creators, whether it is shared, and its orders split into those its creators' posts brought and the rest
(``promo_codes.codes``): what a measurement's handling of codes is tested against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

SHARED_CODE_EVERY = 8  # creators per pair sharing one code
CODE_LEAK = 0.005  # share of buyers no creator brought who type a creator's code anyway
CODES_STREAM = 11
LEAK_STREAM = 12


def creator_codes(handles: Sequence[str], seed: int) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(handle → code, pairs of handles that share a code), for the creators in order of first post."""
    creators = list(dict.fromkeys(handles))
    codes: dict[str, str] = {}
    used: set[str] = set()
    for i, handle in enumerate(creators):
        word = re.split(r"[._]", handle)[0].upper()
        generation = re.search(r"(\d+)$", handle)
        code = f"{word}{generation.group(1) if generation else ''}{10 + (i % 5) * 5}"
        while code in used:  # two handles with the same first word and number: a letter more
            code += "X"
        used.add(code)
        codes[handle] = code
    pairs: list[tuple[str, str]] = []
    if len(creators) >= 3:
        rng = np.random.default_rng([seed, CODES_STREAM])
        n_pairs = max(1, len(creators) // SHARED_CODE_EVERY)
        chosen = rng.choice(len(creators), size=2 * n_pairs, replace=False)
        for a, b in chosen.reshape(-1, 2):
            first, second = creators[int(a)], creators[int(b)]
            codes[second] = codes[first]
            pairs.append((first, second))
    return codes, pairs


def leaked_codes(caused_by_post: NDArray[np.int64], n_posts: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """For each buyer, the post whose code they type though no post brought them (-1: none)."""
    out = np.full(len(caused_by_post), -1, dtype=np.int64)
    if n_posts == 0 or len(out) == 0:
        return out
    leak = (caused_by_post < 0) & (rng.random(len(out)) < CODE_LEAK)
    out[leak] = rng.integers(0, n_posts, size=int(leak.sum()))
    return out


def tally_codes(
    tally: dict[str, list[int]],
    codes: Sequence[str],
    code_post: NDArray[np.int64],
    caused_by_post: NDArray[np.int64],
    revenue: NDArray[np.int64],
) -> None:
    """Truth about codes, added to ``tally`` (code -> [orders, revenue cents, orders its creators brought]):
    each order's code (``codes[code_post]``; -1 for none) and whether one of the code's creators brought it."""
    for cp, p, r in zip(code_post.tolist(), caused_by_post.tolist(), revenue.tolist(), strict=True):
        if cp < 0:
            continue
        got = tally.setdefault(codes[cp], [0, 0, 0])
        got[0] += 1
        got[1] += int(r)
        if p >= 0 and codes[p] == codes[cp]:
            got[2] += 1
