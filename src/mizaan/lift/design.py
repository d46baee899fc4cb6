"""Designing a geo test before spending: which units to treat, which to compare with, for how long, and the
smallest lift the test would show (docs/lift.md, "Designing a test").

Market selection follows the idea of Meta's GeoLift: a test can only be read when the treated units are
followed closely by a synthetic control from the others. Every eligible unit is first scored by how well
the rest follow it over the whole history (the pre-period fit error of its synthetic control, relative to
its level, over the dates before the replayed windows); groups of the requested size are formed from the
best-followed units and replayed on the history at every duration tried (``power.py``). The best-followed
group of each size is the one the design may choose (choosing among groups by their replayed power would
flatter the winner); among those sizes and durations the smallest minimum detectable effect wins (the
shorter test on a tie); the other groups are shown as options. Given the lift the campaign is expected to
bring (``effect``), the shortest test that shows it with at least 80 % power wins instead, or the most
powerful one when none does.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mizaan.errors import InputError, Problem
from mizaan.lift.data import Panel, unit_name
from mizaan.lift.power import (
    MIN_DESIGN_PRE,
    MIN_WINDOWS,
    POWER,
    WINDOW_STEP,
    PowerCurve,
    Replayer,
    max_duration,
)
from mizaan.lift.synth import MIN_PLACEBOS, fit, normalise, placebo_count

DEFAULT_DURATIONS = (14, 21, 28, 35, 42)
DEFAULT_WINDOWS = 12
DEFAULT_GROUPS = 3
MAX_SIZES = 3  # group sizes tried when only candidates are given
CURVE_EFFECTS = (0.0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5)


@dataclass(frozen=True)
class Option:
    """One candidate test, replayed."""

    treated: list[str]
    duration: int
    mde: float
    power_at_effect: float | None
    fit_error: float  # the group's pre-period fit error over the whole history, relative to its level
    windows: int


@dataclass(frozen=True)
class Design:
    metric: str
    treated: list[str]
    controls: dict[str, float]  # donor -> synthetic control weight on the whole history
    duration: int
    mde: float  # relative lift
    mde_abs: float  # in the metric's units, over the test, all treated units
    baseline_total: float  # the treated units' expected total over the test (their recent daily mean x days)
    power_curve: list[tuple[float, float]]  # (relative lift, power)
    mde_by_duration: dict[int, float]  # the chosen group at every duration tried
    false_alarm_rate: float
    windows: int
    fit_error: float
    effect: float | None
    power_at_effect: float | None
    cost_per_unit: float | None
    options: list[Option] = field(default_factory=list)
    history_dates: int = 0
    last_date: str = ""

    @property
    def detectable(self) -> bool:
        return math.isfinite(self.mde)

    @property
    def meets_effect(self) -> bool | None:
        return None if self.power_at_effect is None else self.power_at_effect >= POWER

    @property
    def budget(self) -> float | None:
        """What the campaign must spend for its MDE to cost ``cost_per_unit`` per incremental unit."""
        if self.cost_per_unit is None or not self.detectable:
            return None
        return self.mde_abs * self.cost_per_unit

    def to_json_dict(self) -> dict[str, Any]:
        def finite(x: float | None) -> float | None:
            return x if x is not None and math.isfinite(x) else None

        return {
            "metric": self.metric,
            "treated": self.treated,
            "controls": [{"unit": u, "weight": w} for u, w in sorted(self.controls.items(), key=lambda kv: -kv[1])],
            "duration_days": self.duration,
            "mde": finite(self.mde),
            "mde_relative": finite(self.mde),
            "mde_absolute": finite(self.mde_abs),
            "detectable": self.detectable,
            "baseline_total": self.baseline_total,
            "power_target": POWER,
            "level": 0.05,
            "power_curve": [{"effect": e, "power": p} for e, p in self.power_curve],
            "mde_by_duration": [{"days": d, "mde": finite(m)} for d, m in sorted(self.mde_by_duration.items())],
            "false_alarm_rate": self.false_alarm_rate,
            "windows": self.windows,
            "fit_error": self.fit_error,
            "effect": self.effect,
            "power_at_effect": self.power_at_effect,
            "meets_effect": self.meets_effect,
            "cost_per_unit": self.cost_per_unit,
            "budget": finite(self.budget),
            "history_dates": self.history_dates,
            "last_date": self.last_date,
            "options": [
                {
                    "treated": o.treated,
                    "duration_days": o.duration,
                    "mde": finite(o.mde),
                    "power_at_effect": o.power_at_effect,
                    "fit_error": o.fit_error,
                    "windows": o.windows,
                }
                for o in self.options
            ],
        }


def _screen(values: np.ndarray, pool: list[int], upto: int) -> dict[int, float]:
    """Each eligible unit's fit error when the others follow it over the dates before ``upto``, relative to
    its level: the smaller, the more readable a test on it. ``upto`` is the first replayed window's start,
    so the windows that measure the power played no part in choosing the units (chosen on them, the units
    would look better there than they will in the test: with that, tests designed for 80 % power showed
    their MDE 69 % of the time on simulated worlds)."""
    everything = slice(0, upto)
    norm, _ = normalise(values, everything)
    out = {}
    for j in pool:
        rest = [k for k in range(values.shape[1]) if k != j]
        out[j] = fit(norm[:, j], norm[:, rest], everything).rmspe
    return out


def _groups(scores: dict[int, float], size: int, limit: int) -> list[tuple[int, ...]]:
    """Up to ``limit`` groups of ``size`` units from the best-followed ones, best (smallest summed error)
    first."""
    ranked = sorted(scores, key=lambda j: (scores[j], j))
    top = ranked[: min(len(ranked), size + limit - 1)]
    combos = sorted(itertools.combinations(sorted(top), size), key=lambda g: (sum(scores[j] for j in g), g))
    return combos[:limit]


def _check(
    panel: Panel,
    treated_count: int | None,
    candidates: list[str] | None,
    durations: list[int] | None,
    effect: float | None,
    cost_per_unit: float | None,
) -> tuple[list[int], list[int], list[int]]:
    problems: list[Problem] = []
    units = panel.units
    pool = list(range(len(units)))
    if candidates is not None:
        names = [unit_name(c) for c in candidates if unit_name(c)]
        shown = ", ".join(units[:30]) + ("…" if len(units) > 30 else "")
        for n in names:
            if n not in units:
                problems.append(Problem("lift.unknown_unit", {"value": n, "units": shown}, field="--candidates"))
        pool = sorted({units.index(n) for n in names if n in units})
        if not names:
            problems.append(Problem("design.no_candidates", field="--candidates"))
    if treated_count is not None:
        sizes = [treated_count]
        if treated_count < 1 or treated_count > len(pool):
            problems.append(
                Problem("design.bad_count", {"value": treated_count, "units": len(pool)}, field="--treated-count")
            )
    else:
        sizes = list(range(1, min(len(pool), MAX_SIZES) + 1)) if candidates is not None else [1]
    fits = [k for k in sizes if placebo_count(len(units) - k, k) >= MIN_PLACEBOS]
    if sizes and not fits and not problems:
        problems.append(
            Problem(
                "design.few_units",
                {"units": len(units), "size": max(sizes), "needed": MIN_PLACEBOS},
                field="--treated-count" if treated_count is not None else None,
            )
        )
    longest = max_duration(len(panel.dates))
    if durations is None:
        tried = [d for d in DEFAULT_DURATIONS if d <= longest]
        if not tried:
            problems.append(Problem("design.short_history", _needed(len(panel.dates), DEFAULT_DURATIONS[0])))
    else:
        tried = sorted(set(durations))
        for d in tried:
            if d < 1:
                problems.append(Problem("design.bad_duration", {"value": d}, field="--durations"))
            elif d > longest:
                problems.append(Problem("design.short_history", _needed(len(panel.dates), d), field="--durations"))
    if effect is not None and not 0 < effect < 10:
        problems.append(Problem("design.bad_effect", {"value": effect}, field="--effect"))
    if cost_per_unit is not None and not cost_per_unit > 0:
        problems.append(Problem("design.bad_cost", {"value": cost_per_unit}, field="--cost-per-unit"))
    if problems:
        raise InputError(problems, file=panel.file, key="design.bad_input")
    return pool, fits, tried


def _needed(have: int, duration: int) -> dict[str, int]:
    weeks = -(-duration // WINDOW_STEP) + MIN_WINDOWS - 1
    return {"days": duration, "have": have, "needed": MIN_DESIGN_PRE + WINDOW_STEP * weeks, "windows": MIN_WINDOWS}


def design_test(
    panel: Panel,
    *,
    treated_count: int | None = None,
    candidates: list[str] | None = None,
    durations: list[int] | None = None,
    effect: float | None = None,
    cost_per_unit: float | None = None,
    groups: int = DEFAULT_GROUPS,
    windows: int = DEFAULT_WINDOWS,
    seed: int = 0,
) -> Design:
    """The test to run on ``panel``'s units after its last date (see the module's docstring)."""
    pool, sizes, tried = _check(panel, treated_count, candidates, durations, effect, cost_per_unit)
    values = panel.values
    # the screen ends where the replayed windows of the longest default duration begin; it depends on the
    # history and the number of windows only, so trying more durations never changes the units chosen
    weeks = windows - 1 + -(-max(DEFAULT_DURATIONS) // WINDOW_STEP)
    first = max(MIN_DESIGN_PRE, values.shape[0] - WINDOW_STEP * weeks)
    scores = _screen(values, pool, first)
    replay = Replayer(values, seed=seed)
    curves: list[PowerCurve] = []
    eligible: list[PowerCurve] = []  # the best-followed group of each size: the design is one of these
    fit_error: dict[tuple[int, ...], float] = {}
    for size in sizes:
        for k, g in enumerate(_groups(scores, size, groups)):
            fit_error[g] = _group_fit(values, g)
            these = [replay.curve(g, d, windows) for d in tried]
            curves.extend(these)
            if k == 0:
                eligible.extend(these)

    def rank(c: PowerCurve) -> tuple[float, ...]:
        if effect is not None:
            p = c.power(effect)
            ok = p >= POWER
            return (0.0 if ok else 1.0, c.duration if ok else -p, c.mde, c.duration, fit_error[c.treated])
        return (c.mde, c.duration, fit_error[c.treated])

    best = min(eligible, key=rank)
    g, days = best.treated, best.duration
    rest = [j for j in range(values.shape[1]) if j not in g]
    everything = slice(0, values.shape[0])
    norm, _ = normalise(values, everything)
    target, _ = normalise(values[:, list(g)].sum(axis=1)[:, None], everything)
    weights = fit(target[:, 0], norm[:, rest], everything).weights
    recent = values[-min(MIN_DESIGN_PRE, values.shape[0]) :, list(g)].sum(axis=1)
    baseline = float(recent.mean() * days)
    extra = {e for e in (best.mde, effect) if e is not None and math.isfinite(e)}
    grid = sorted(set(CURVE_EFFECTS) | extra)
    options = sorted(curves, key=rank)
    return Design(
        metric=panel.metric,
        treated=[panel.units[j] for j in g],
        controls={panel.units[j]: float(w) for j, w in zip(rest, weights, strict=True) if w > 1e-4},
        duration=days,
        mde=best.mde,
        mde_abs=best.mde * baseline,
        baseline_total=baseline,
        power_curve=[(e, best.power(e)) for e in grid],
        mde_by_duration={c.duration: c.mde for c in curves if c.treated == g},
        false_alarm_rate=best.false_alarm_rate,
        windows=best.windows,
        fit_error=fit_error[g],
        effect=effect,
        power_at_effect=best.power(effect) if effect is not None else None,
        cost_per_unit=cost_per_unit,
        options=[
            Option(
                [panel.units[j] for j in c.treated],
                c.duration,
                c.mde,
                c.power(effect) if effect is not None else None,
                fit_error[c.treated],
                c.windows,
            )
            for c in options[:10]
        ],
        history_dates=len(panel.dates),
        last_date=panel.dates[-1].isoformat(),
    )


def _group_fit(values: np.ndarray, group: tuple[int, ...]) -> float:
    everything = slice(0, values.shape[0])
    rest = [j for j in range(values.shape[1]) if j not in group]
    norm, _ = normalise(values[:, rest], everything)
    target, _ = normalise(values[:, list(group)].sum(axis=1)[:, None], everything)
    return fit(target[:, 0], norm, everything).rmspe
