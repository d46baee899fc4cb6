"""Synthetic control with placebo-in-space inference.

The treated units are summed into one series; the untreated units (the donor pool) are weighted, with
non-negative weights that add up to one, so that their pre-period path follows the treated one. Every
series is first divided by its own pre-period mean, so a capital city can be followed by a weighted set of
smaller towns (the shapes are matched, not the levels), and an intercept absorbs what remains of the level
(the de-meaned synthetic control of Ferman and Pinto).

Inference is placebo-in-space (Abadie, Diamond and Hainmueller): groups of untreated units as large as the
treated group are "treated" in turn and fitted from the remaining donors. Each placebo's post-period mean
gap divided by its own pre-period fit error (RMSPE) is a draw of what the estimator gives when nothing
happened; the treated group's effect is studentised the same way, so its p-value is its rank among the
placebos and its 95 % interval is the effect minus the placebos' 2.5th-97.5th percentile errors, scaled
back by the treated group's own fit error.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import nnls

Array = NDArray[np.float64]

MAX_PLACEBOS = 200
MIN_PLACEBOS = 19  # the smallest p-value with 19 placebos is 1/20 = 0.05


@dataclass(frozen=True)
class Fit:
    """One synthetic control in normalised units (each series divided by its pre-period mean)."""

    weights: Array  # one per donor, >= 0, adding up to 1
    intercept: float
    gap: Array  # normalised actual minus normalised synthetic, every date
    rmspe: float  # root mean squared gap over the pre-period


def simplex_weights(target: Array, donors: Array) -> tuple[Array, float]:
    """Weights ``w >= 0`` with ``sum(w) == 1`` and an intercept ``a`` minimising
    ``|target - a - donors @ w|``; the sum constraint is a heavily weighted extra row of NNLS."""
    t_mean = target.mean()
    d_mean = donors.mean(axis=0)
    a_mat = donors - d_mean
    b_vec = target - t_mean
    scale = max(float(np.abs(a_mat).max()), 1e-9) * 1e3
    a_aug = np.vstack([a_mat, np.full((1, donors.shape[1]), scale)])
    b_aug = np.concatenate([b_vec, [scale]])
    w, _ = nnls(a_aug, b_aug, maxiter=50 * donors.shape[1])
    total = w.sum()
    w = w / total if total > 0 else np.full(donors.shape[1], 1.0 / donors.shape[1])
    return w, float(t_mean - d_mean @ w)


def normalise(values: Array, pre: slice) -> tuple[Array, Array]:
    """Each column divided by its pre-period mean (a column whose pre-period mean is not positive keeps
    its scale and is only shifted to mean 1); returns the normalised columns and the scales used."""
    means = values[pre].mean(axis=0)
    scales = np.where(means > 0, means, 1.0)
    shifted = np.where(means > 0, 0.0, 1.0 - means)
    return values / scales + shifted, scales


def fit(target: Array, donors: Array, pre: slice) -> Fit:
    w, a = simplex_weights(target[pre], donors[pre])
    gap = target - a - donors @ w
    return Fit(w, a, gap, float(math.sqrt(np.mean(gap[pre] ** 2))))


def placebo_groups(n_donors: int, size: int, rng: np.random.Generator) -> list[tuple[int, ...]]:
    """Groups of ``size`` donors to treat as placebos: all of them when there are at most ``MAX_PLACEBOS``,
    otherwise that many distinct groups drawn at random (seeded, so a run repeats)."""
    if size >= n_donors:
        return []
    total = math.comb(n_donors, size)
    if total <= MAX_PLACEBOS:
        return list(itertools.combinations(range(n_donors), size))
    groups: set[tuple[int, ...]] = set()
    while len(groups) < MAX_PLACEBOS:
        groups.add(tuple(sorted(rng.choice(n_donors, size=size, replace=False).tolist())))
    return sorted(groups)


def placebo_count(n_donors: int, size: int) -> int:
    return 0 if size >= n_donors else min(math.comb(n_donors, size), MAX_PLACEBOS)


@dataclass(frozen=True)
class SynthOutcome:
    """The treated group's fit and what the placebos say about it, in the metric's own units."""

    weights: Array
    counterfactual: Array  # every date
    band_low: Array
    band_high: Array
    effect: float
    effect_low: float
    effect_high: float
    p_value: float
    placebos: int
    pre_rmspe: float  # in the metric's units


@dataclass(frozen=True)
class Fits:
    """The treated group's fit and its placebos' fits on one pre-period; they do not depend on the post
    period, so one ``Fits`` serves every campaign window that starts where its pre-period ends."""

    main: Fit
    placebo_gaps: list[Array]  # each placebo's gap over every date, divided by its pre-period RMSPE
    placebo_stats_scale: float  # the treated group's pre-period mean (normalised units -> metric units)
    counterfactual: Array  # every date, in the metric's units
    target: Array  # the summed treated series, every date


def fit_all(treated: Array, controls: Array, pre: slice, *, seed: int = 0) -> Fits:
    """``treated``: the treated units (dates x units) or their sum (dates); ``controls``: dates x untreated
    units. Fits the treated group and every placebo group on the pre-period."""
    k_size = int(treated.shape[1]) if treated.ndim == 2 else 1
    target_raw = treated.sum(axis=1) if treated.ndim == 2 else treated
    norm_controls, _ = normalise(controls, pre)
    norm_target, scales = normalise(target_raw[:, None], pre)
    scale = float(scales[0])
    main = fit(norm_target[:, 0], norm_controls, pre)
    rng = np.random.default_rng(seed)
    gaps = []
    for group in placebo_groups(controls.shape[1], k_size, rng):
        rest = np.setdiff1d(np.arange(controls.shape[1]), group)
        # a placebo group is summed in raw units, then normalised, like the treated group
        g_target, _ = normalise(controls[:, list(group)].sum(axis=1)[:, None], pre)
        pf = fit(g_target[:, 0], norm_controls[:, rest], pre)
        gaps.append(pf.gap / max(pf.rmspe, 1e-12))
    counterfactual = (norm_target[:, 0] - main.gap) * scale - _shift(target_raw, pre)
    return Fits(main, gaps, scale, counterfactual, target_raw)


def outcome(fits: Fits, post: slice, *, level: float = 0.95) -> SynthOutcome:
    """The effect over ``post`` (which must start at or after the pre-period's end) and what the placebos
    say about it."""
    main, scale, counterfactual = fits.main, fits.placebo_stats_scale, fits.counterfactual
    n_post = post.stop - post.start
    r_main = max(main.rmspe, 1e-12)
    stat = float(main.gap[post].mean()) / r_main
    z = np.asarray([float(g[post].mean()) for g in fits.placebo_gaps])
    alpha = (1 - level) / 2
    effect = float(fits.target[post].sum() - counterfactual[post].sum())
    if len(z):
        z_lo = float(np.quantile(z, alpha, method="lower"))
        z_hi = float(np.quantile(z, 1 - alpha, method="higher"))
        effect_low = effect - z_hi * r_main * scale * n_post
        effect_high = effect - z_lo * r_main * scale * n_post
        p_value = float((1 + np.sum(np.abs(z) >= abs(stat))) / (1 + len(z)))
        d = np.vstack([g[post] for g in fits.placebo_gaps])
        d_lo = np.quantile(d, alpha, axis=0, method="lower")
        d_hi = np.quantile(d, 1 - alpha, axis=0, method="higher")
        band_low = counterfactual.copy()
        band_high = counterfactual.copy()
        # the actual minus a placebo error is where the counterfactual may lie
        band_low[post] = counterfactual[post] + d_lo * r_main * scale
        band_high[post] = counterfactual[post] + d_hi * r_main * scale
    else:
        effect_low, effect_high, p_value = -math.inf, math.inf, 1.0
        band_low = np.full_like(counterfactual, -math.inf)
        band_high = np.full_like(counterfactual, math.inf)
    return SynthOutcome(
        weights=main.weights,
        counterfactual=counterfactual,
        band_low=band_low,
        band_high=band_high,
        effect=effect,
        effect_low=float(effect_low),
        effect_high=float(effect_high),
        p_value=p_value,
        placebos=len(z),
        pre_rmspe=main.rmspe * scale,
    )


def synthetic_control(
    treated: Array, controls: Array, pre: slice, post: slice, *, level: float = 0.95, seed: int = 0
) -> SynthOutcome:
    """``treated``: the treated units (dates x units) or their sum; ``controls``: dates x untreated units."""
    return outcome(fit_all(treated, controls, pre, seed=seed), post, level=level)


def _shift(raw: Array, pre: slice) -> float:
    """What ``normalise`` added to a series whose pre-period mean was not positive, in raw units."""
    mean = float(raw[pre].mean())
    return 0.0 if mean > 0 else 1.0 - mean
