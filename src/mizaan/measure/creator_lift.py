"""What each creator *added*: a regression of the store's daily conversions on each creator's exposure,
with trend, season, weekday and the other channels' spend as controls, and effects that cannot be negative.

The series come from ``creator_lift_data.py``; this module is pure arithmetic on them, so tests can give it
worlds whose truth they know. For each creator a daily exposure series ``x_j(t)``: the visits their own
tracked links brought that day (sessions a post caused: no one clicks a link that was never posted), or,
for a creator without a tracked visit, their posts' reported views adstocked with the given half-life. The
model is least squares on

    conversions(t) = controls(t)·γ + Σ_j β_g(j) · x_j(t) + ε(t)

with one coefficient per *group* (``pooled``: a tier's conversions per unit of exposure, shared by its
creators) or one per creator (``per_creator``), fitted by quasi-Poisson weighted least squares (a day's
counts vary as their mean does; the residuals' dispersion scales the covariance). Which ran is the data's
choice: the per-creator model only when a Wald test says the creators' rates differ beyond the noise (and
there are days enough for it); otherwise their separate rates are not identified, and each creator's lift
is the tier's rate times their own exposure. The coefficients' posterior (flat prior, normal approximation)
is truncated at zero and sampled (Gibbs); each draw's creators' conversions on a day are capped at the
conversions that day, so that the creators' lifts never sum past the conversions there were. A creator's
lift is the draws' mean; its interval the shortest holding 95 % of them (from zero when the draws are
densest there); a tier's lift the sum of its creators' (the same draws).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.stats import f as f_dist

F = NDArray[np.float64]
Method = Literal["per_creator", "pooled", "none"]
Reason = Literal["differ", "alike", "few_days", "no_exposure", "no_conversions"]
_NORMAL = NormalDist()


@dataclass(frozen=True)
class CreatorSeries:
    """One creator in one tier: the daily exposure and what kind it is (``sessions`` or ``views``)."""

    creator: str
    channel: str
    kind: Literal["sessions", "views"]
    exposure: F


@dataclass(frozen=True)
class LiftInputs:
    """The daily series of a window: conversions, controls (named columns) and each creator's exposure."""

    conversions: F
    controls: dict[str, F]
    creators: list[CreatorSeries]
    weekday0: int = 0  # the first day's weekday (Monday 0)


@dataclass(frozen=True)
class CreatorEstimate:
    creator: str
    channel: str
    kind: str
    lift: float
    low: float
    high: float


@dataclass(frozen=True)
class TierEstimate:
    channel: str
    lift: float
    low: float
    high: float


@dataclass
class LiftFit:
    """The estimate: which method ran and why, each creator's and each tier's lift with its 95 % interval."""

    method: Method
    reason: Reason
    days: int
    conversions: float
    p_value: float | None = None
    creators: list[CreatorEstimate] = field(default_factory=list)
    tiers: list[TierEstimate] = field(default_factory=list)


def adstock(x: F, half_life_days: float) -> F:
    """Geometric adstock normalised to keep the total: ``(1 - d) Σ_l d^l x(t - l)``, ``d = 0.5^(1/h)``."""
    d = 0.5 ** (1.0 / max(half_life_days, 0.5))
    out = np.empty_like(x, dtype=np.float64)
    acc = 0.0
    for t, v in enumerate(x):
        acc = d * acc + (1.0 - d) * float(v)
        out[t] = acc
    return out


def _baseline_columns(n: int, weekday0: int) -> list[F]:
    """Intercept, a linear trend, weekdays (six indicators) and, over 120 days or more, a yearly season."""
    t = np.arange(n, dtype=np.float64)
    cols = [np.ones(n), (t - t.mean()) / max(n, 1)]
    dow = (t.astype(np.int64) + weekday0) % 7
    cols += [(dow == d).astype(np.float64) for d in range(1, 7)]
    if n >= 120:
        for k in (1, 2):
            cols += [np.sin(2 * np.pi * k * t / 365.25), np.cos(2 * np.pi * k * t / 365.25)]
    return cols


def _fit(x: F, y: F) -> tuple[F, F]:
    """Coefficients and their covariance by quasi-Poisson weighted least squares: counts vary as their mean
    does, so each day is weighted by one over its fitted mean (twice re-weighted), and the covariance is
    scaled by the dispersion the residuals show (over- or under-dispersed). A pseudo-inverse serves where
    columns are collinear."""
    n, p = x.shape
    floor = max(float(np.mean(np.abs(y))) * 0.05, 1e-9)
    w = np.ones(n)
    beta = np.zeros(p)
    for _ in range(3):
        sw = np.sqrt(w)
        beta = np.asarray(np.linalg.lstsq(x * sw[:, None], y * sw, rcond=None)[0], dtype=np.float64)
        w = 1.0 / np.maximum(x @ beta, floor)
    e = y - x @ beta
    dispersion = float(np.sum(w * e**2)) / max(n - p, 1)
    cov = np.asarray(np.linalg.pinv((x * w[:, None]).T @ x) * dispersion, dtype=np.float64)
    return beta, cov


def _equal_rates_p(beta: F, cov: F, members: list[list[int]], spare: int) -> float:
    """p-value of the Wald test that every creator of a group has the group's rate (F form)."""
    rows = []
    for m in members:
        for j in m[1:]:
            r = np.zeros(len(beta))
            r[m[0]], r[j] = 1.0, -1.0
            rows.append(r)
    restrict = np.array(rows)
    diff = restrict @ beta
    stat = float(diff @ np.linalg.pinv(restrict @ cov @ restrict.T) @ diff) / len(rows)
    return float(f_dist.sf(stat, len(rows), max(spare, 1)))


def _truncated(mu: float, sd: float, rng: np.random.Generator) -> float:
    """One draw of N(mu, sd²) restricted to values ≥ 0 (inverse CDF, from the upper tail when it is thin)."""
    if sd <= 0:
        return max(mu, 0.0)
    a = -mu / sd  # the bound in standard units
    upper = _NORMAL.cdf(-a)  # the mass above the bound
    if upper < 1e-12:  # far in the tail: a truncated normal's tail is nearly exponential
        return sd * float(rng.exponential()) / a
    u = float(rng.uniform(0.0, upper))
    return max(mu + sd * -_NORMAL.inv_cdf(min(max(u, 1e-300), 1 - 1e-16)), 0.0)


def _posterior_draws(mean: F, cov: F, draws: int, rng: np.random.Generator) -> F:
    """Draws of a normal (mean, cov) truncated to the non-negative orthant: a Gibbs sampler on the
    precision matrix (each coordinate's conditional is a truncated normal)."""
    k = len(mean)
    prec = np.linalg.pinv(cov)
    diag = np.maximum(np.diag(prec), 1e-300)
    x = np.maximum(mean, 0.0)
    burn = 100
    out = np.empty((draws, k))
    for it in range(burn + draws):
        for i in range(k):
            dev = x - mean
            cond = mean[i] - (float(prec[i] @ dev) - prec[i, i] * dev[i]) / diag[i]
            x[i] = _truncated(cond, 1.0 / math.sqrt(diag[i]), rng)
        if it >= burn:
            out[it - burn] = x
    return out


def fit_creator_lift(
    data: LiftInputs, *, alpha: float = 0.05, draws: int = 400, seed: int = 0, min_spare_days: int = 20
) -> LiftFit:
    """Each creator's and tier's incremental conversions over the window, with 95 % intervals."""
    y = np.asarray(data.conversions, dtype=np.float64)
    n = len(y)
    total = float(y.sum())
    creators = [c for c in data.creators if float(np.sum(c.exposure)) > 0]
    if not creators:
        return LiftFit("none", "no_exposure", n, total)
    if total <= 0:
        return LiftFit("none", "no_conversions", n, total)
    base = _baseline_columns(n, data.weekday0)
    base += [v / (np.abs(v).max() or 1.0) for v in data.controls.values() if np.any(v)]
    groups = sorted({(c.channel, c.kind) for c in creators})
    exposure = np.array([c.exposure for c in creators], dtype=np.float64)
    members = [[i for i, c in enumerate(creators) if (c.channel, c.kind) == g] for g in groups]
    pooled = np.array([exposure[rows].sum(axis=0) for rows in members])
    xb = np.column_stack(base)
    nb = xb.shape[1]
    x_pool = np.column_stack([xb, pooled.T])
    if n - x_pool.shape[1] < min_spare_days:
        return LiftFit("none", "few_days", n, total)
    coef_mean, coef_cov = (v[nb:] if v.ndim == 1 else v[nb:, nb:] for v in _fit(x_pool, y))
    col = [groups.index((c.channel, c.kind)) for c in creators]
    x_each = np.column_stack([xb, exposure.T])
    p_value = None
    method: Method = "pooled"
    reason: Reason = "few_days"
    if n - x_each.shape[1] >= min_spare_days and len(creators) > len(groups):
        b_each, cov_each = _fit(x_each, y)
        p_value = _equal_rates_p(b_each[nb:], cov_each[nb:, nb:], members, n - x_each.shape[1])
        if p_value < alpha:
            method, reason = "per_creator", "differ"
            coef_mean, coef_cov, col = b_each[nb:], cov_each[nb:, nb:], list(range(len(creators)))
        else:
            reason = "alike"
    elif len(creators) == len(groups):
        reason = "alike"  # one creator per group: the two models are the same
    coef = _posterior_draws(coef_mean, coef_cov, draws, np.random.default_rng(seed))
    per_creator = coef[:, col]
    lifts = _capped_lifts(per_creator, exposure, y)
    fit = LiftFit(method, reason, n, total, p_value)
    for i, c in enumerate(creators):
        mean, lo, hi = _summarise(lifts[:, i])
        fit.creators.append(CreatorEstimate(c.creator, c.channel, c.kind, mean, lo, hi))
    for ch in sorted({c.channel for c in creators}):
        mean, lo, hi = _summarise(lifts[:, [i for i, c in enumerate(creators) if c.channel == ch]].sum(axis=1))
        fit.tiers.append(TierEstimate(ch, mean, lo, hi))
    return fit


def _summarise(draws: F, mass: float = 0.95) -> tuple[float, float, float]:
    """The draws' mean and their shortest interval holding ``mass`` of them (highest density). When the
    densest part is at the bottom, the interval goes down to zero, where the draws stop: an equal-tailed
    interval would leave out "no effect" exactly when it is the likeliest value."""
    x = np.sort(draws)
    k = max(1, min(len(x), math.ceil(mass * len(x))))
    widths = x[k - 1 :] - x[: len(x) - k + 1]
    start = int(np.argmin(widths))
    mean = float(x.mean())
    low = 0.0 if start == 0 else float(x[start])
    return mean, min(low, mean), max(float(x[start + k - 1]), mean)


def _capped_lifts(coef: F, exposure: F, y: F) -> F:
    """(draws, creators) incremental conversions: each draw's daily contributions, scaled down on a day
    where together they would pass the conversions of that day."""
    out = np.empty(coef.shape)
    room = np.maximum(y, 0.0)
    for d in range(coef.shape[0]):
        contrib = coef[d][:, None] * exposure  # creators × days
        day = contrib.sum(axis=0)
        scale = np.where(day > room, np.divide(room, day, out=np.zeros_like(day), where=day > 0), 1.0)
        out[d] = (contrib * scale).sum(axis=1)
    return out


def creators_sum(fit: LiftFit, channel: str | None = None) -> float:
    """The creators' lifts added up, in one tier or in all."""
    return sum(c.lift for c in fit.creators if channel is None or c.channel == channel)


__all__ = (
    "CreatorEstimate",
    "CreatorSeries",
    "LiftFit",
    "LiftInputs",
    "TierEstimate",
    "adstock",
    "creators_sum",
    "fit_creator_lift",
)
