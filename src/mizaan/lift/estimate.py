"""Choosing the method by the data, running it, and the result every output shows.

A panel with enough untreated units for placebo-in-space inference (at least ``MIN_PLACEBOS`` placebo groups
as large as the treated group) runs the synthetic control; a panel with fewer, or a single series with
control series, runs the Bayesian structural time series (the untreated units, or the control series, are
its controls). ``method`` forces one; the result says which ran and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from mizaan.errors import InputError, Problem
from mizaan.lift.bsts import bsts
from mizaan.lift.data import Panel, Series, unit_name
from mizaan.lift.synth import MIN_PLACEBOS, placebo_count, synthetic_control

Method = Literal["auto", "synthetic_control", "bsts"]
METHODS: tuple[str, ...] = ("auto", "synthetic_control", "bsts")
MIN_PRE_DATES = 14


@dataclass(frozen=True)
class LiftResult:
    method: str
    reason: str  # a message key (lift.reason.*)
    reason_params: dict[str, Any]
    metric: str
    treated: list[str]
    start: dt.date
    end: dt.date
    pre_dates: int
    post_dates: int
    after_end: int  # dates after the campaign, left out of both periods
    effect: float
    effect_low: float
    effect_high: float
    counterfactual_total: float
    p_value: float
    dates: list[dt.date]
    actual: list[float]
    counterfactual: list[float]
    band_low: list[float]
    band_high: list[float]
    weights: dict[str, float] = field(default_factory=dict)  # synthetic control: donor -> weight
    coefficients: dict[str, float] = field(default_factory=dict)  # BSTS: control -> coefficient
    placebos: int = 0
    draws: int = 0

    @property
    def relative_effect(self) -> float:
        return self.effect / self.counterfactual_total if self.counterfactual_total else float("nan")

    @property
    def significant(self) -> bool:
        """The 95 % interval leaves out zero."""
        return self.effect_low > 0 or self.effect_high < 0

    def to_json_dict(self) -> dict[str, Any]:
        base = self.counterfactual_total

        def rel(x: float) -> float | None:
            return x / base if base else None

        post_first = self.pre_dates
        return {
            "method": self.method,
            "metric": self.metric,
            "treated": self.treated,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "pre_period_dates": self.pre_dates,
            "post_period_dates": self.post_dates,
            "dates_after_end_left_out": self.after_end,
            "effect": self.effect,
            "effect_low": self.effect_low,
            "effect_high": self.effect_high,
            "interval": 0.95,
            "relative_effect": rel(self.effect),
            "relative_effect_low": rel(self.effect_low),
            "relative_effect_high": rel(self.effect_high),
            "counterfactual_total": base,
            "actual_total": float(sum(self.actual[post_first : post_first + self.post_dates])),
            "p_value": self.p_value,
            "significant": self.significant,
            "weights": self.weights,
            "coefficients": self.coefficients,
            "placebos": self.placebos,
            "draws": self.draws,
            "daily": [
                {
                    "date": d.isoformat(),
                    "period": "pre" if k < post_first else "post",
                    "actual": a,
                    "counterfactual": c,
                    "counterfactual_low": lo,
                    "counterfactual_high": hi,
                    "effect": a - c,
                }
                for k, (d, a, c, lo, hi) in enumerate(
                    zip(self.dates, self.actual, self.counterfactual, self.band_low, self.band_high, strict=True)
                )
            ],
        }


def _window(dates: list[dt.date], start: dt.date, end: dt.date | None, file: str) -> tuple[int, int, dt.date]:
    """Indices of the first post date and one past the last, and the end used."""
    last = end or dates[-1]
    problems = []
    if end is not None and end < start:
        problems.append(
            Problem("lift.end_before_start", {"start": start.isoformat(), "end": end.isoformat()}, field="--end")
        )
    first = next((k for k, d in enumerate(dates) if d >= start), len(dates))
    stop = next((k for k, d in enumerate(dates) if d > last), len(dates))
    if first == len(dates) or stop <= first:
        problems.append(
            Problem("lift.no_post", {"start": start.isoformat(), "last": dates[-1].isoformat()}, field="--start")
        )
    elif first < MIN_PRE_DATES:
        problems.append(
            Problem(
                "lift.short_pre",
                {"count": first, "needed": MIN_PRE_DATES},
                field="--start",
            )
        )
    if problems:
        raise InputError(problems, file=file, key="lift.bad_input")
    return first, stop, last


def lift_panel(
    panel: Panel,
    treated: list[str],
    start: dt.date,
    end: dt.date | None = None,
    *,
    method: Method = "auto",
    seed: int = 0,
) -> LiftResult:
    """The lift of a campaign on the ``treated`` units of a panel, from ``start`` to ``end`` (default: the
    last date); dates after ``end`` are left out."""
    treated = [unit_name(u) for u in treated]
    unknown = [u for u in treated if u not in panel.units]
    if unknown or not treated:
        shown = ", ".join(panel.units[:30]) + ("…" if len(panel.units) > 30 else "")
        raise InputError(
            [Problem("lift.unknown_unit", {"value": u, "units": shown}, field="--treated") for u in unknown]
            or [Problem("lift.no_treated", field="--treated")],
            file=panel.file,
            key="lift.bad_input",
        )
    controls = [u for u in panel.units if u not in treated]
    if not controls:
        raise InputError([Problem("lift.no_controls", field="--treated")], file=panel.file, key="lift.bad_input")
    first, stop, last = _window(panel.dates, start, end, panel.file)
    t_idx = [panel.units.index(u) for u in treated]
    c_idx = [panel.units.index(u) for u in controls]
    values = panel.values[:stop]
    pre, post = slice(0, first), slice(first, stop)
    places = placebo_count(len(controls), len(treated))
    if method == "auto":
        chosen = "synthetic_control" if places >= MIN_PLACEBOS else "bsts"
        reason = "lift.reason.synth" if chosen == "synthetic_control" else "lift.reason.few_units"
    else:
        chosen, reason = method, "lift.reason.forced"
    params = {"controls": len(controls), "placebos": places, "needed": MIN_PLACEBOS}
    y = values[:, t_idx].sum(axis=1)
    common: dict[str, Any] = dict(
        metric=panel.metric,
        treated=list(treated),
        start=start,
        end=last,
        pre_dates=first,
        post_dates=stop - first,
        after_end=len(panel.dates) - stop,
        dates=panel.dates[:stop],
        actual=y.tolist(),
    )
    if chosen == "synthetic_control":
        if places == 0:
            raise InputError(
                [Problem("lift.no_placebos", params, field="--method")], file=panel.file, key="lift.bad_input"
            )
        s = synthetic_control(values[:, t_idx], values[:, c_idx], pre, post, seed=seed)
        return LiftResult(
            method=chosen,
            reason=reason,
            reason_params=params,
            **common,
            effect=s.effect,
            effect_low=s.effect_low,
            effect_high=s.effect_high,
            counterfactual_total=float(s.counterfactual[post].sum()),
            p_value=s.p_value,
            counterfactual=s.counterfactual.tolist(),
            band_low=s.band_low.tolist(),
            band_high=s.band_high.tolist(),
            weights={u: float(w) for u, w in zip(controls, s.weights, strict=True) if w > 1e-4},
            placebos=s.placebos,
        )
    b = bsts(y, values[:, c_idx], pre, post, seed=seed)
    return _from_bsts(b, chosen, reason, params, controls, common, post)


def lift_series(series: Series, start: dt.date, end: dt.date | None = None, *, seed: int = 0) -> LiftResult:
    """The lift on one series, its counterfactual predicted from its control series."""
    first, stop, last = _window(series.dates, start, end, series.file)
    pre, post = slice(0, first), slice(first, stop)
    b = bsts(series.values[:stop], series.control_values[:stop], pre, post, seed=seed)
    common: dict[str, Any] = dict(
        metric=series.metric,
        treated=[series.metric],
        start=start,
        end=last,
        pre_dates=first,
        post_dates=stop - first,
        after_end=len(series.dates) - stop,
        dates=series.dates[:stop],
        actual=series.values[:stop].tolist(),
    )
    return _from_bsts(
        b, "bsts", "lift.reason.series", {"controls": len(series.controls)}, series.controls, common, post
    )


def _from_bsts(
    b: Any, method: str, reason: str, params: dict[str, Any], names: list[str], common: dict[str, Any], post: slice
) -> LiftResult:
    return LiftResult(
        method=method,
        reason=reason,
        reason_params=params,
        **common,
        effect=b.effect,
        effect_low=b.effect_low,
        effect_high=b.effect_high,
        counterfactual_total=float(np.sum(b.counterfactual[post])),
        p_value=b.p_value,
        counterfactual=b.counterfactual.tolist(),
        band_low=b.band_low.tolist(),
        band_high=b.band_high.tolist(),
        coefficients={n: float(c) for n, c in zip(names, b.coefficients, strict=True)},
        draws=b.draws,
    )
