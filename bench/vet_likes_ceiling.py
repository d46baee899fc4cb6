"""How many bought likes any detector could name at 0.2 % false alarms, in the markets of
``vet_manipulation.py``: the ceiling the shipped ``likes_out_of_line`` signal is measured against.

    python bench/vet_likes_ceiling.py [--seeds N] [--recipe fixed|varied|both]

Bought likes multiply likes and leave comments, views, saves and shares alone, so what tells them is how
far a creator's likes per comment, per view, per save and per share sit above its market's. Honest
creators spread on those ratios too (an audience that comments little, reels watched more than liked), and
that spread, not the detector, sets how mild a purchase can be named without naming honest creators.

The ceiling here is an *oracle* that the shipped detector cannot be: for each seed it knows the market the
bench drew (it simulates 400 more honest creators of it) and so the exact mean and covariance of honest
creators' channel levels (the mean over a creator's posts of log likes per unit of each count), and it
judges each creator by the likelihood-ratio statistic for one shift of every channel (generalised least
squares with that covariance, on the counts the creator has). Its threshold is the 99.8th percentile of
the statistic over 50 fresh honest creators of each market (0.2 % false alarms); ten creators of each
market buy likes at each strength. The shipped detector
must read the market from the other candidates of one vetting, without knowing their spreads, with
manipulated creators among them: it can only do worse. Printed per recipe and strength: the share of
manipulated creators the oracle names (compare the ``named`` column of ``vet_manipulation.py``).
"""

from __future__ import annotations

import math
import sys
import time
from typing import Any

import numpy as np
from vet_manipulation import KINDS, creator, manipulate, market

from mizaan.influencers.model import Post

PER = {"comments": 35.0, "views": 0.06, "saves": 25.0, "shares": 40.0}  # signals.yaml's typical rates
REFERENCE = 400  # honest creators simulated per seed to know its market
HELD_OUT = 50  # fresh honest creators per seed for the false-alarm threshold
BOUGHT = 10  # creators per seed and strength that buy likes
FALSE_ALARMS = 0.002


def levels(posts: list[Post]) -> np.ndarray:
    """Per channel, the mean over posts of log(likes / (typical likes per unit x count)); NaN if absent."""
    out = np.full(len(PER), np.nan)
    for j, ch in enumerate(PER):
        x = [
            math.log(max(p.likes or 0, 1)) - math.log(max(float(v) * PER[ch], 1.0))
            for p in posts
            if (v := getattr(p, ch)) is not None and v > 0
        ]
        if x:
            out[j] = float(np.mean(x))
    return out


class Oracle:
    """The mean and (pairwise) covariance of honest creators' levels in one market."""

    def __init__(self, ref: np.ndarray):
        self.mean = np.nanmean(ref, axis=0)
        k = ref.shape[1]
        self.cov = np.zeros((k, k))
        for a in range(k):
            for b in range(k):
                both = np.isfinite(ref[:, a]) & np.isfinite(ref[:, b])
                if both.sum() > 2:
                    xa, xb = ref[both, a], ref[both, b]
                    self.cov[a, b] = float(np.mean((xa - xa.mean()) * (xb - xb.mean())))

    def z(self, lv: np.ndarray) -> float:
        have = np.isfinite(lv) & np.isfinite(self.mean) & (np.diag(self.cov) > 0)
        if not have.any():
            return float("nan")
        sub = self.cov[np.ix_(have, have)] + 1e-9 * np.eye(int(have.sum()))
        one = np.ones(int(have.sum()))
        w = np.linalg.solve(sub, one)
        return float(w @ (lv[have] - self.mean[have]) / math.sqrt(float(w @ one)))


def run(recipe: str, seeds: int) -> dict[float, float]:
    start = time.perf_counter()
    honest_z: list[float] = []
    bought: dict[float, list[float]] = {s: [] for s in KINDS["likes"]}
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        m: dict[str, Any] = market(rng, recipe)
        if recipe == "fixed":
            size = float(rng.uniform(*m["size"]))
            m = {**m, "size": (size, size)}
        ref_rng = np.random.default_rng(10_000 + seed)
        oracle = Oracle(np.array([levels(creator(ref_rng, "ref", m)[1]) for _ in range(REFERENCE)]))
        honest_z += [oracle.z(levels(creator(ref_rng, "held", m)[1])) for _ in range(HELD_OUT)]
        for strength in bought:
            for _ in range(BOUGHT):
                c, posts, hist = creator(ref_rng, "bought", m)
                bought[strength].append(oracle.z(levels(manipulate("likes", strength, c, posts, hist, ref_rng)[1])))
    h = np.array(honest_z)
    limit = float(np.quantile(h[np.isfinite(h)], 1 - FALSE_ALARMS))
    took = time.perf_counter() - start
    print(f"recipe {recipe}: {seeds} seeds, {REFERENCE} reference, {HELD_OUT} held-out honest and {BOUGHT} buying "
          f"creators each ({took:.0f} s); threshold z {limit:.2f} at {FALSE_ALARMS:.1%} false alarms")  # fmt: skip
    out = {}
    for strength, zs in bought.items():
        out[strength] = float(np.mean(np.array(zs) > limit))
        print(f"  bought likes x{strength}: the oracle names {out[strength]:.0%}")
    return out


def main() -> int:
    args = sys.argv[1:]
    seeds = int(args[args.index("--seeds") + 1]) if "--seeds" in args else 100
    recipe = args[args.index("--recipe") + 1] if "--recipe" in args else "both"
    for r in ("fixed", "varied") if recipe == "both" else (recipe,):
        run(r, seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
