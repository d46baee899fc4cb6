"""Media-mix data with a known truth: weekly target and spend generated through the model's own adstock and
saturation, so a fit can be checked against the return on spend that made the data.

``confounded=True`` adds demand the data does not show (an AR(1) shock in the target) and makes the first
channel's spend follow last week's shock (a business that spends more after a good week): the case the
confounding warning is for, and the case a lift test corrects.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mizaan.mmm.fit import changed_spend
from mizaan.mmm.transforms import AdstockKind, Array, SaturationKind, adstock, adstock_weights, lagged, saturation


@dataclass(frozen=True)
class Truth:
    """What made the data: each channel's adstock, saturation, ceiling (``beta``) and return on spend."""

    channels: list[str]
    adstock: AdstockKind
    saturation: SaturationKind
    l_max: int
    alpha: list[float]
    theta: list[float]
    params: list[dict[str, float]]  # saturation parameters in spend units
    beta: list[float]  # target units per period at full saturation
    roas: list[float]
    contribution: list[float]

    def effect(self, c: int, spend: Array) -> Array:
        """Channel ``c``'s contribution in each period for a spend series."""
        w = adstock_weights(self.adstock, self.alpha[c], self.theta[c], self.l_max)
        return np.asarray(
            self.beta[c] * saturation(self.saturation, adstock(lagged(spend, self.l_max), w), self.params[c])
        )

    def lift(self, c: int, spend: Array, window: Array, change: float) -> float:
        """The true outcome change within a window when its spend changes by ``change`` in total."""
        changed = changed_spend(spend, window, change)
        return float(np.sum((self.effect(c, changed) - self.effect(c, spend)) * window))


@dataclass(frozen=True)
class Simulated:
    dates: list[dt.date]
    y: Array
    spend: Array  # channels x periods
    controls: Array  # periods x controls
    control_names: list[str]
    truth: Truth

    def write_csv(self, path: str | Path, target: str = "sales") -> None:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["date", target, *self.truth.channels, *self.control_names])
            for i, day in enumerate(self.dates):
                w.writerow(
                    [
                        day.isoformat(),
                        f"{self.y[i]:.4f}",
                        *(f"{v:.4f}" for v in self.spend[:, i]),
                        *(f"{v:g}" for v in self.controls[i]),
                    ]
                )


def simulate_mmm(
    seed: int = 0,
    *,
    weeks: int = 104,
    channels: tuple[str, ...] = ("search", "social"),
    roas: tuple[float, ...] = (3.0, 1.5),
    alpha: tuple[float, ...] = (0.3, 0.6),
    adstock_kind: AdstockKind = "geometric",
    saturation_kind: SaturationKind = "logistic",
    theta: float = 1.0,
    noise: float = 0.04,
    confounded: bool = False,
    start: dt.date = dt.date(2024, 1, 1),
) -> Simulated:
    """Weekly data: baseline with trend and yearly season, a promotion control, and one spend series per
    channel (bursts on top of a floor), each adding ``roas`` per unit of spend over the data (a delayed
    carry-over peaks ``theta`` weeks after the spend)."""
    rng = np.random.default_rng(seed)
    n, l_max = weeks, 8
    dates = [start + dt.timedelta(weeks=k) for k in range(n)]
    day = np.array([d.toordinal() for d in dates], dtype=float)
    season = 0.08 * np.sin(2 * np.pi * day / 365.25) + 0.05 * np.cos(4 * np.pi * day / 365.25)
    baseline = 10_000.0 * (1.0 + 0.15 * np.arange(n) / n + season)
    promo = (rng.random(n) < 0.08).astype(float)
    shock = np.zeros(n)
    if confounded:
        for k in range(1, n):
            shock[k] = 0.8 * shock[k - 1] + rng.normal(0, 900.0)
    spend = np.zeros((len(channels), n))
    for c in range(len(channels)):
        level = 1000.0 * (c + 1)
        on = rng.random(n) < 0.55
        spend[c] = level * (0.3 + on * rng.gamma(2.0, 0.6, n))
    if confounded:
        follow = np.concatenate([[0.0], shock[:-1]])
        spend[0] = np.maximum(spend[0] + 1.2 * follow, 0.05 * spend[0].mean())
    sat_params: list[dict[str, float]] = []
    effects, betas = [], []
    thetas = [theta if adstock_kind == "delayed" else 0.0 for _ in channels]
    for c in range(len(channels)):
        top = float(spend[c].max())
        p = {"lam": 2.0 / top} if saturation_kind == "logistic" else {"k": 0.5 * top, "s": 1.3}
        if saturation_kind == "exponential":
            p = {"scale": 0.7 * top}
        w = adstock_weights(adstock_kind, alpha[c], thetas[c], l_max)
        shape = np.asarray(saturation(saturation_kind, adstock(lagged(spend[c], l_max), w), p))
        beta = roas[c] * spend[c].sum() / shape.sum()
        sat_params.append(p)
        betas.append(float(beta))
        effects.append(beta * shape)
    y = baseline + 1500.0 * promo + shock + np.sum(effects, axis=0)
    y = y + rng.normal(0, noise * 10_000.0, n)
    truth = Truth(
        list(channels),
        adstock_kind,
        saturation_kind,
        l_max,
        list(alpha),
        thetas,
        sat_params,
        betas,
        [float(e.sum() / spend[c].sum()) for c, e in enumerate(effects)],
        [float(e.sum()) for e in effects],
    )
    return Simulated(dates, y, spend, promo[:, None], ["promo"], truth)
