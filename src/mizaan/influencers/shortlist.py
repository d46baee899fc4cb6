"""The shortlist: the set of candidates whose prices fit the budget and whose expected value together is
the largest — a 0/1 knapsack solved exactly over prices in the currency's minor units (scaled down by
their greatest common divisor), not a sort by value per cost, which can leave budget unused or pick a
worse set.
"""

from __future__ import annotations

from decimal import Decimal
from math import gcd

import numpy as np

from mizaan.plan import unit

MAX_CELLS = 50_000_000  # items x budget steps; beyond it the prices are rounded up to a coarser step


def best_subset(prices: list[Decimal], values: list[float], budget: Decimal, currency: str) -> list[int]:
    """Indices of the items maximising the sum of ``values`` with the sum of ``prices`` at most ``budget``.

    Exact when ``len(prices) x budget / step`` stays under ``MAX_CELLS`` (step: the prices' greatest
    common divisor in minor units); otherwise prices are rounded up to a coarser step, which never lets
    the chosen set exceed the budget. Ties keep the earlier items.
    """
    if budget <= 0 or not prices:
        return []
    u = unit(currency)
    cents = [int((p / u).to_integral_value()) for p in prices]
    cap = int((budget / u).to_integral_value(rounding="ROUND_FLOOR"))
    step = 0
    for c in cents:
        step = gcd(step, c)
    step = max(step, 1)
    while len(prices) * (cap // step + 1) > MAX_CELLS:
        step *= 2
    w = [-(-c // step) for c in cents]  # round up: a coarser step can only make items dearer
    capacity = cap // step
    n = len(w)
    best = np.zeros(capacity + 1)
    take = np.zeros((n, capacity + 1), dtype=bool)
    for i in range(n):
        if values[i] <= 0 or w[i] > capacity:
            continue
        shifted = np.full(capacity + 1, -np.inf)
        shifted[w[i] :] = best[: capacity + 1 - w[i]] + values[i]
        better = shifted > best + 1e-12
        take[i] = better
        best = np.where(better, shifted, best)
    chosen = []
    c = int(np.argmax(best))
    for i in range(n - 1, -1, -1):
        if take[i, c]:
            chosen.append(i)
            c -= w[i]
    return sorted(chosen)
