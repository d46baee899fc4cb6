"""Spend that follows demand: the warning a media-mix model owes its reader.

A model credits a channel with whatever moves with its spend. When the business spends *because* sales
are up (a bigger budget after a good week, a campaign timed to a season the controls do not describe), the
channel is credited with demand it did not create. Which came first cannot be proved from the data, but
one sign can be measured: whether the target's past, after trend, seasonality and the controls, predicts
this period's spend beyond what the channel's own recent spend predicts. The test regresses the
channel's residual spend at ``t`` on its residual spend at ``t-1 .. t-3`` and on the target's residual at
``t-1``; a partial correlation whose t-statistic passes ``T_LIMIT`` (about p < 0.01) raises a warning.
A lift test on that channel is the cure: it measures what the spend adds whatever the timing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mizaan.mmm.transforms import Array

T_LIMIT = 2.6
OWN_LAGS = 3


@dataclass(frozen=True)
class Confounding:
    correlation: float  # partial correlation of spend with the target's previous residual
    t_stat: float
    warn: bool


def _residual(v: Array, design: Array) -> Array:
    coef, *_ = np.linalg.lstsq(design, v, rcond=None)
    return np.asarray(v - design @ coef, dtype=float)


def spend_follows_target(y: Array, spend: Array, base: Array) -> Confounding:
    """Does the target's residual at t-1 predict spend at t, given spend at t-1..t-3? (``base``: trend,
    seasonality and controls, without the intercept.)"""
    design = np.column_stack([np.ones(len(y)), base])
    ry = _residual(y, design)
    rx = _residual(spend, design)
    n = len(y) - OWN_LAGS
    own = np.column_stack([rx[OWN_LAGS - k : len(y) - k] for k in range(1, OWN_LAGS + 1)])
    lag_y = ry[OWN_LAGS - 1 : len(y) - 1]
    target = rx[OWN_LAGS:]
    x = np.column_stack([np.ones(n), own, lag_y])
    df = n - x.shape[1]
    if df < 5 or np.std(lag_y) == 0 or np.std(target) == 0:
        return Confounding(0.0, 0.0, False)
    coef, *_ = np.linalg.lstsq(x, target, rcond=None)
    resid = target - x @ coef
    s2 = float(resid @ resid) / df
    cov = s2 * np.linalg.pinv(x.T @ x)
    se = float(np.sqrt(max(cov[-1, -1], 1e-300)))
    t = float(coef[-1]) / se
    r = t / float(np.sqrt(t * t + df))
    return Confounding(r, t, abs(t) >= T_LIMIT)
