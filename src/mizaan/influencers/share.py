"""The share of suspicious followers of one influencer, from a sample of their follower accounts.

Counting the accounts a classifier flags is biased: it misses some fakes and flags some real accounts,
and how much depends on the share itself. Instead, the classifier's calibrated probabilities are read as
likelihoods: an account with probability ``p`` under the training base rate ``π₀`` is ``p/π₀`` times as
likely to be drawn from the suspicious accounts as from all of them, and ``(1-p)/(1-π₀)`` from the real
ones. The influencer's share ``π`` is the maximum of the mixture likelihood
``Π_i [π·p_i/π₀ + (1-π)·(1-p_i)/(1-π₀)]`` (Saerens, Latinne & Decaestecker 2002, label shift), and
its interval comes from a percentile bootstrap of the sample, which carries both the sampling error of
a 200-account sample and the classifier's noise on those accounts, widened by the classifier's held-out
error rates and by its error on populations unlike its training data (``SHIFT``).

Under a change of population the classifier's mean probability for real accounts and for suspicious ones
moves (usernames that end in a year make real accounts look more suspicious; bots without digits look
less so), and a share read from a mixture moves by ``(1-π)·δ₀ + π·δ₁`` over the separation between the
two means. ``SHIFT`` holds those moves as fractions of the separation, measured across the shifted
populations of ``bench/vet_shift.py``; so the widening follows the share (real accounts' move weighs on
a small share, suspicious accounts' on a large one) and is the same in share units for a strong model
and a weak one (whose own spread the bootstrap already carries).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize_scalar

from mizaan.influencers.result import FakeShare

Array = NDArray[np.float64]
LEVEL = 0.8
BOOTSTRAP = 1000
# how far the classifier's mean probability for real (δ₀) and for suspicious (δ₁) accounts moves under a
# change of population, as fractions of the distance between the two (added together: the two moved the same
# way on most shifted populations): the root mean square over the five
# shifted populations of bench/vet_shift.py (counts x3, dated usernames, letter-only bots, no counts,
# counts only) of each population's mean move, measured on accounts held out of training
SHIFT = (0.021, 0.069)
ADJUSTED = "probabilistic adjusted count (held-out error rates), bootstrap over the sample and the error rates"
METHOD = (
    "mixture maximum likelihood on calibrated probabilities (EM prior adjustment under label shift); percentile "
    "bootstrap over the sample and the classifier's held-out error rates, widened by its error on shifted populations"
)


def _ratios(p: Array, prior: float) -> tuple[Array, Array]:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return p / prior, (1 - p) / (1 - prior)


def mixture_share(r1: Array, r0: Array) -> float:
    """The share maximising the mixture likelihood, by EM from the flagged share (few steps converge)."""
    if len(r1) == 0:
        return 0.0
    diff = r1 - r0

    def nll(pi: float) -> float:
        return float(-np.log(np.maximum(pi * diff + r0, 1e-300)).sum())

    res = minimize_scalar(nll, bounds=(0.0, 1.0), method="bounded", options={"xatol": 1e-5})
    best = float(res.x)
    for edge in (0.0, 1.0):
        if nll(edge) <= nll(best):
            best = edge
    return best


def mixture_share_many(r1: Array, r0: Array, iterations: int = 200) -> Array:
    """The maximum-likelihood share for each row of ``r1``/``r0`` (bootstrap replicates), by EM in parallel."""
    pi = np.full(r1.shape[0], 0.2)
    for _ in range(iterations):
        num = pi[:, None] * r1
        post = num / np.maximum(num + (1 - pi[:, None]) * r0, 1e-300)
        new = post.mean(axis=1)
        if np.max(np.abs(new - pi)) < 1e-7:
            pi = new
            break
        pi = new
    return pi


def information_sd(p: Array, prior: float, share: float) -> float:
    """The smallest standard deviation an unbiased estimate of ``share`` can have from these accounts'
    probabilities (the Cramér-Rao bound, 1 / √ of the mixture likelihood's Fisher information): what the
    sample and the columns it has can support, whatever the estimator. It falls as 1 / √(accounts)."""
    r1, r0 = _ratios(np.asarray(p, dtype=np.float64), prior)
    info = float((((r1 - r0) / np.maximum(share * r1 + (1 - share) * r0, 1e-300)) ** 2).sum())
    return float("inf") if info <= 0 else float(1.0 / np.sqrt(info))


def adjusted_share(mean_p: Array | float, m0: Array | float, m1: Array | float) -> Array:
    """The probabilistic adjusted count: where the sample's mean probability falls between the mean
    probability of real accounts (``m0``) and of suspicious ones (``m1``), clipped to [0, 1]."""
    return np.asarray(np.clip((np.asarray(mean_p) - m0) / np.maximum(np.asarray(m1) - m0, 1e-6), 0.0, 1.0))


def estimate_share(
    p: Array,
    prior: float,
    rates: tuple[float, float, float, float],
    *,
    method: str = "mixture",
    level: float = LEVEL,
    seed: int = 0,
    bootstrap: int = BOOTSTRAP,
    shift: tuple[float, float] | None = None,
) -> FakeShare:
    """The estimated share of suspicious accounts behind the probabilities ``p`` of a follower sample.

    ``rates`` are the classifier's mean probability for real and for suspicious accounts held out in
    training, with their standard errors; each bootstrap replicate resamples the sample and draws those
    two means from their sampling error, so the interval carries the classifier's own uncertainty too.
    """
    p = np.asarray(p, dtype=np.float64)
    m0, m1, se0, se1 = rates
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(p), size=(bootstrap, len(p)))
    if method == "mixture":
        r1, r0 = _ratios(p, prior)
        est = mixture_share(r1, r0)
        # the classifier's own error: how far the held-out mean probabilities of real and suspicious
        # accounts may be from the truth moves the share as in the adjusted count
        spread = np.hypot(est * se1, (1 - est) * se0) / max(m1 - m0, 1e-6)
        reps = np.clip(mixture_share_many(r1[idx], r0[idx]) + rng.normal(0.0, spread, bootstrap), 0.0, 1.0)
        name = METHOD
    else:
        est = float(adjusted_share(p.mean(), m0, m1))
        reps = adjusted_share(p[idx].mean(axis=1), rng.normal(m0, se0, bootstrap), rng.normal(m1, se1, bootstrap))
        name = ADJUSTED
    # the classifier's error on populations unlike its training data (bench/vet_shift.py): the share moves
    # by the weighted moves of the two classes' mean probabilities (fractions of their separation), added
    # to every replicate
    real_move, fake_move = SHIFT if shift is None else shift
    if real_move > 0 or fake_move > 0:
        moved = (1 - est) * real_move + est * fake_move
        reps = np.clip(reps + rng.normal(0.0, moved, bootstrap), 0.0, 1.0)
    tail = (1 - level) / 2
    low, high = (float(v) for v in np.quantile(reps, [tail, 1 - tail]))
    return FakeShare(
        sample=len(p),
        estimate=est,
        low=min(low, est),
        high=max(high, est),
        level=level,
        flagged=int((p >= 0.5).sum()),
        method=name,
    )
