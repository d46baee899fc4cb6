"""Adstock (carry-over) and saturation (diminishing returns), written once for NumPy and JAX.

Every function takes the array module as ``xp`` (``numpy`` for reports and the simulator, ``jax.numpy``
inside the sampler), so the model that is fitted, the truth that is simulated and the curves that are
reported are the same arithmetic.

Adstock spreads a period's spend over the next ``l_max`` periods with weights that sum to 1, so a
constant spend ``s`` a period has adstock ``s`` at steady state: the steady-state response to ``s`` a
period is the saturation of ``s`` itself (what the fit file's ``response`` block holds).

- geometric: ``w_l ∝ alpha**l``;
- delayed: ``w_l ∝ alpha**((l - theta)**2)``, the peak ``theta`` periods after the spend.

Saturation maps adstocked spend to a share of the channel's ceiling ``beta``:

- hill: ``x**s / (x**s + k**s)`` (``k``: the spend at half the ceiling, ``s``: the shape);
- logistic: ``(1 - exp(-lam x)) / (1 + exp(-lam x))``;
- exponential: ``1 - exp(-x / scale)``: the planner's response curve
  (``per_usd * scale * (1 - exp(-x / scale))`` in ``mizaan.plan``'s curves) is this saturation with
  ``beta = per_usd * scale``.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

AdstockKind = Literal["geometric", "delayed"]
SaturationKind = Literal["hill", "logistic", "exponential"]
ADSTOCKS: tuple[AdstockKind, ...] = ("geometric", "delayed")
SATURATIONS: tuple[SaturationKind, ...] = ("hill", "logistic", "exponential")
# the parameters each saturation takes, in the order the functions take them
SATURATION_PARAMS: dict[SaturationKind, tuple[str, ...]] = {
    "hill": ("k", "s"),
    "logistic": ("lam",),
    "exponential": ("scale",),
}

Array = NDArray[np.float64]
HILL_FLOOR = 1e-12  # adstocked spend below this has no Hill response (it is 0 to within rounding)


def lagged(x: Array, l_max: int) -> Array:
    """``out[t, l] = x[t - l]`` (0 before the first period): the matrix adstock weights multiply."""
    x = np.asarray(x, dtype=float)
    out = np.zeros((*x.shape, l_max))
    for lag in range(l_max):
        out[lag:, ..., lag] = x[: len(x) - lag] if lag else x
    return out


def adstock_weights(kind: AdstockKind, alpha: Any, theta: Any, l_max: int, xp: Any = np) -> Any:
    """Normalised weights over lags ``0 .. l_max-1``; ``alpha`` (and ``theta``) may carry leading axes
    (draws), the lag axis is last."""
    lags = xp.arange(l_max, dtype=float)
    a = xp.asarray(alpha)[..., None]
    if kind == "geometric":
        raw = a**lags
    else:  # in logs, shifted by the largest: alpha near 0 puts all weight on the lag nearest theta
        log_w = (lags - xp.asarray(theta)[..., None]) ** 2 * xp.log(xp.maximum(a, 1e-12))
        raw = xp.exp(log_w - log_w.max(axis=-1, keepdims=True))
    return raw / raw.sum(axis=-1, keepdims=True)


def adstock(lagged_x: Any, weights: Any, xp: Any = np) -> Any:
    """Adstocked spend from ``lagged(x)`` (periods x lags) and weights (``... x lags``): ``... x periods``."""
    return xp.einsum("tl,...l->...t", lagged_x, weights)


def saturation(kind: SaturationKind, x: Any, params: dict[str, Any], xp: Any = np) -> Any:
    """The share of the ceiling reached at adstocked spend ``x``; parameters broadcast against ``x``
    (give them a trailing axis to apply per draw)."""
    if kind == "hill":
        # x**s / (x**s + k**s) = sigmoid(s * log(x / k)), written so that a period without spend has value
        # 0 and finite derivatives: 0**s has a NaN gradient in s, and a delayed adstock's far lags leave
        # spends near 1e-300 whose log has an infinite second derivative (a NaN Hessian)
        positive = x > HILL_FLOOR
        log_ratio = xp.log(xp.where(positive, x, 1.0) / params["k"])
        return xp.where(positive, 0.5 * (1.0 + xp.tanh(0.5 * params["s"] * log_ratio)), 0.0)
    if kind == "logistic":
        e = xp.exp(-params["lam"] * x)
        return (1.0 - e) / (1.0 + e)
    if kind == "exponential":
        return 1.0 - xp.exp(-x / params["scale"])
    raise ValueError(f"unknown saturation {kind!r}")


def planner_curve(per_usd: float, scale: float, x: Array) -> Array:
    """The planner's response ``per_usd * scale * (1 - exp(-x / scale))`` through :func:`saturation`: the
    mapping docs/mmm.md states (``beta = per_usd * scale``, exponential saturation, no carry-over)."""
    return per_usd * scale * np.asarray(saturation("exponential", np.asarray(x, float), {"scale": scale}))
