"""Geo panels with known lifts: daily sales of many cities (or regions, or stores), some of them treated by
a campaign whose true incremental sales are recorded, so that lift estimates can be checked against truth.

Each unit's expected sales are its own level times a weekly pattern (weekends differ by unit), a shared
season and trend, and a few shared demand factors that units load on differently (so that no single city
and no plain average is the right comparison), with autocorrelated noise on top; sales are Poisson draws.
During the campaign the treated units get extra sales drawn from the lift (which ramps up over the first
days): the truth is the sum of those extra draws, and ``expected_effect`` the sum of their means.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

FIRST_DAY = dt.date(2025, 1, 1)


@dataclass(frozen=True)
class GeoWorld:
    dates: list[dt.date]
    units: list[str]
    sales: NDArray[np.int64]  # dates x units, what happened
    baseline: NDArray[np.int64]  # dates x units, what would have happened without the campaign
    treated: list[str]
    start: dt.date
    end: dt.date
    lift: float
    effect: int  # realised incremental sales over the campaign, all treated units
    expected_effect: float

    def truth(self) -> dict[str, Any]:
        return {
            "treated": self.treated,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "lift": self.lift,
            "effect": self.effect,
            "expected_effect": round(self.expected_effect, 3),
            "formula": "sales = Poisson(level_u * week_u(t) * season(t) * exp(loadings_u . factors(t) + ar1_u(t)))"
            " + Poisson(that mean * lift * min(1, days since start / ramp)) for treated units in the campaign",
        }


def geo_world(
    seed: int = 0,
    *,
    units: int = 40,
    days: int = 150,
    treated: int = 2,
    campaign_days: int = 30,
    lift: float = 0.10,
    ramp_days: int = 5,
    level: float = 300.0,
    treated_units: Sequence[int] | None = None,
) -> GeoWorld:
    """A panel of ``units`` x ``days`` whose last ``campaign_days`` days lift ``treated`` random units by
    ``lift`` (a share of their expected sales; 0 makes a placebo campaign with a true effect of 0).

    ``treated_units`` (0-based indices) treats those units instead of random ones, as a test designed on the
    history would; the history (every unit's sales before the campaign) is the same either way."""
    if treated_units is not None:
        if not treated_units or len(set(treated_units)) != len(treated_units):
            raise ValueError("treated_units must name distinct units")
        if not all(0 <= i < units for i in treated_units):
            raise ValueError("treated_units must be indices of the units")
        treated = len(treated_units)
    if not 1 <= treated < units:
        raise ValueError("treated must be at least 1 and fewer than the units")
    if not 1 <= campaign_days < days:
        raise ValueError("campaign_days must be at least 1 and fewer than the days")
    rng = np.random.default_rng(seed)
    t = np.arange(days, dtype=float)
    levels = level * rng.lognormal(0.0, 0.7, units)
    weekday = (np.arange(days) + FIRST_DAY.weekday()) % 7
    weekend = np.isin(weekday, (3, 4)).astype(float)  # Thursday evening and Friday in much of the Gulf
    week = 1 + np.outer(weekend, rng.normal(0.15, 0.08, units))
    season = 1 + 0.15 * np.sin(2 * np.pi * (t / 365 + rng.uniform()))
    trend = np.exp(rng.normal(0, 0.001) * t)
    n_factors = 3
    steps = rng.normal(0, 0.02, (days, n_factors))
    factors = np.cumsum(steps, axis=0)
    factors -= factors.mean(axis=0)
    loadings = rng.normal(0, 1, (units, n_factors))
    phi, sd = rng.uniform(0.3, 0.7), rng.uniform(0.03, 0.08)
    noise = np.zeros((days, units))
    noise[0] = rng.normal(0, sd / np.sqrt(1 - phi**2), units)
    for d in range(1, days):
        noise[d] = phi * noise[d - 1] + rng.normal(0, sd, units)
    mean = levels * week * (season * trend)[:, None] * np.exp(factors @ loadings.T + noise)
    baseline = rng.poisson(mean)
    drawn = sorted(rng.choice(units, size=treated, replace=False).tolist())
    chosen = sorted(treated_units) if treated_units is not None else drawn
    first = days - campaign_days
    ramp = np.clip((t - first + 1) / max(ramp_days, 1), 0, 1) * (t >= first)
    extra_mean = np.zeros_like(mean)
    extra_mean[:, chosen] = mean[:, chosen] * lift * ramp[:, None]
    extra = rng.poisson(extra_mean)
    names = [f"G{i + 1:02d}" for i in range(units)]
    dates = [FIRST_DAY + dt.timedelta(days=i) for i in range(days)]
    return GeoWorld(
        dates=dates,
        units=names,
        sales=baseline + extra,
        baseline=baseline,
        treated=[names[i] for i in chosen],
        start=dates[first],
        end=dates[-1],
        lift=lift,
        effect=int(extra.sum()),
        expected_effect=float(extra_mean.sum()),
    )


def write_geo_world(world: GeoWorld, out: Path) -> tuple[Path, Path]:
    """``panel.csv`` (date, geo, sales: one row per unit and day) and ``truth.json`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    panel, truth = out / "panel.csv", out / "truth.json"
    with panel.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "geo", "sales"])
        for i, d in enumerate(world.dates):
            for j, u in enumerate(world.units):
                w.writerow([d.isoformat(), u, int(world.sales[i, j])])
    truth.write_text(json.dumps(world.truth(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return panel, truth
