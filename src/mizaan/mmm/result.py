"""A fitted media-mix model as numbers people and the planner read: each channel's return on spend with
its interval, its contribution, its curve and its steady-state response; and the fit file
(``schema: mizaan.fit/1``, docs/mmm.md) written atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from mizaan.i18n import t
from mizaan.mmm.compare import ShapeCheck
from mizaan.mmm.confounding import Confounding
from mizaan.mmm.data import Table
from mizaan.mmm.fit import Diagnostics, Options
from mizaan.mmm.model import Design, contributions, saturation_in_spend_units
from mizaan.mmm.priors import ChannelPrior, TargetKind
from mizaan.mmm.transforms import Array, saturation

SCHEMA = "mizaan.fit/1"
GRID_POINTS = 31
GRID_REACH = 3.0  # the response grid runs to this many times the largest spend seen


@dataclass(frozen=True)
class Estimate:
    median: float
    low: float
    high: float

    def to_json_dict(self) -> dict[str, float]:
        return {"median": self.median, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class ChannelFit:
    column: str
    prior: ChannelPrior
    roas: Estimate
    contribution: Estimate
    contribution_share: float
    spend_total: float
    spend_mean: float
    spend_max: float
    adstock: dict[str, Any]
    saturation: dict[str, Any]
    beta: float
    response: dict[str, Any]
    lift_tests: int
    confounding: Confounding
    uncalibrated: Estimate | None = None  # the return without the lift tests (when there are some)


@dataclass
class MMMFit:
    table: Table
    method: str
    target_kind: TargetKind
    currency: str
    interval: float
    diagnostics: Diagnostics
    channels: list[ChannelFit]
    options: Options = field(default_factory=Options)
    sha256: str = ""
    over_time: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # column: median, low, high
    shape_check: ShapeCheck | None = None
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def channel(self, column: str) -> ChannelFit:
        return next(c for c in self.channels if c.column == column)

    def to_json_dict(self) -> dict[str, Any]:
        """The fit file's document (also what ``mizaan mmm --json`` prints)."""
        d = self.diagnostics
        tb = self.table
        return {
            "schema": SCHEMA,
            "kind": "mmm",
            "created_at": self.created_at,
            "data": {
                "file": Path(tb.file).name,
                "sha256": self.sha256,
                "rows": len(tb.dates),
                "first": tb.dates[0].isoformat(),
                "last": tb.dates[-1].isoformat(),
            },
            "period": tb.period,
            "periods_per_month": round(tb.periods_per_month, 4),
            "currency": self.currency,
            "target": {"name": tb.target, "kind": self.target_kind},
            "method": self.method,
            "sampler": {
                "chains": self.options.chains,
                "draws": self.options.draws,
                "tune": self.options.tune,
                "seed": self.options.seed,
            },
            "diagnostics": {
                "ok": d.ok,
                "max_rhat": d.max_rhat,
                "divergences": d.divergences,
                "min_ess_bulk": d.min_ess_bulk,
                "messages": [{"key": k, "en": t(k, "en", **p), "ar": t(k, "ar", **p)} for k, p in d.messages],
            },
            "channels": {c.column: _channel_json(c, self.interval) for c in self.channels},
            "controls": list(tb.controls),
            "contribution_over_time": {"dates": [x.isoformat() for x in tb.dates], "channels": self.over_time},
            "shape_check": self._shape_json(),
        }

    def _shape_json(self) -> dict[str, Any] | None:
        if self.shape_check is None:
            return None
        chosen = self.options.choose_adstock or self.options.choose_saturation
        return self.shape_check.to_json_dict(list(self.table.channels)) | {"chosen_by_data": chosen}


def _channel_json(c: ChannelFit, interval: float) -> dict[str, Any]:
    conf = c.confounding
    warning = None
    if conf.warn:
        params = {"channel": c.column, "correlation": f"{conf.correlation:.2f}"}
        warning = {
            "correlation": conf.correlation,
            "t_stat": conf.t_stat,
            "text_en": t("mmm.confounding", "en", **params),
            "text_ar": t("mmm.confounding", "ar", **params),
        }
    out: dict[str, Any] = {
        "mizaan_channel": c.prior.mizaan_channel,
        "roas": c.roas.median,
        "roas_low": c.roas.low,
        "roas_high": c.roas.high,
        "interval": interval,
        "contribution": c.contribution.median,
        "contribution_low": c.contribution.low,
        "contribution_high": c.contribution.high,
        "contribution_share": c.contribution_share,
        "spend_total": c.spend_total,
        "spend_mean_per_period": c.spend_mean,
        "spend_max_per_period": c.spend_max,
        "adstock": c.adstock,
        "saturation": c.saturation,
        "beta": c.beta,
        "response": c.response,
        "lift_calibrated": c.lift_tests > 0,
        "lift_tests": c.lift_tests,
        "confounding_warning": warning,
        "prior": c.prior.to_json_dict() | {"text_en": prior_text(c.prior, "en"), "text_ar": prior_text(c.prior, "ar")},
    }
    if c.uncalibrated is not None:
        u = c.uncalibrated
        out["uncalibrated"] = {"roas": u.median, "roas_low": u.low, "roas_high": u.high}
    return out


def prior_text(p: ChannelPrior, lang: str) -> str:
    """Where a channel's prior came from, in words."""
    if p.roas_source == "figure":
        roas = t("mmm.prior.figure", lang, figures=", ".join(p.figures), channel=p.mizaan_channel or "")  # type: ignore[arg-type]
    else:
        roas = t("mmm.prior.weak", lang)  # type: ignore[arg-type]
    carry = t(
        "mmm.prior.rule" if p.adstock_source == "rule" else "mmm.prior.weak_carry",
        lang,  # type: ignore[arg-type]
        rule=p.rule or "",
        channel=p.mizaan_channel or "",
    )
    return f"{roas}; {carry}" if lang == "en" else f"{roas}؛ {carry}"


def _q(v: Array, interval: float) -> Estimate:
    lo, mid, hi = np.quantile(v, [(1 - interval) / 2, 0.5, (1 + interval) / 2])
    return Estimate(float(mid), float(lo), float(hi))


def summarise(
    table: Table,
    d: Design,
    draws: dict[str, Array],
    priors: list[ChannelPrior],
    opts: Options,
    diagnostics: Diagnostics,
    confounding: list[Confounding],
    *,
    target_kind: TargetKind,
    currency: str,
    lift_counts: list[int],
    uncalibrated: dict[str, Array] | None = None,
    shape_check: ShapeCheck | None = None,
) -> MMMFit:
    per_period = contributions(d, draws)  # draws x channels x periods
    contrib = per_period.sum(axis=-1)  # draws x channels
    bounds = [(1 - opts.interval) / 2, 0.5, (1 + opts.interval) / 2]
    over_time = {
        column: dict(
            zip(("low", "median", "high"), np.quantile(per_period[:, c, :], bounds, axis=0).tolist(), strict=True)
        )
        for c, column in enumerate(table.channels)
    }
    total_y = float(np.sum(table.y))
    channels = []
    for c, column in enumerate(table.channels):
        spend = table.spend[c]
        sat_params = saturation_in_spend_units(d, draws, c)
        grid = np.linspace(0.0, GRID_REACH * float(spend.max()), GRID_POINTS)
        # steady state: a constant spend s a period has adstock s (weights sum to 1)
        curves = np.asarray(saturation(d.saturation, grid[None, :], {k: v[:, None] for k, v in sat_params.items()}))
        outcome = np.asarray(draws["beta"])[:, c, None] * d.y_scale * curves
        lo, mid, hi = np.quantile(outcome, [(1 - opts.interval) / 2, 0.5, (1 + opts.interval) / 2], axis=0)
        adstock: dict[str, Any] = {
            "kind": d.adstock,
            "alpha": float(np.median(draws["alpha"][:, c])),
            "theta": float(np.median(draws["theta"][:, c])) if "theta" in draws else 0.0,
            "l_max": d.l_max,
        }
        share = contrib[:, c] / total_y if total_y else np.zeros(len(contrib))
        channels.append(
            ChannelFit(
                column=column,
                prior=priors[c],
                roas=_q(np.asarray(draws["roas"])[:, c], opts.interval),
                contribution=_q(contrib[:, c], opts.interval),
                contribution_share=float(np.median(share)),
                spend_total=float(spend.sum()),
                spend_mean=float(spend.mean()),
                spend_max=float(spend.max()),
                adstock=adstock,
                saturation={"kind": d.saturation, "params": {k: float(np.median(v)) for k, v in sat_params.items()}},
                beta=float(np.median(np.asarray(draws["beta"])[:, c]) * d.y_scale),
                response={
                    "spend_per_period": grid.tolist(),
                    "outcome_per_period": mid.tolist(),
                    "outcome_low": lo.tolist(),
                    "outcome_high": hi.tolist(),
                    "observed_max_spend_per_period": float(spend.max()),
                },
                lift_tests=lift_counts[c],
                confounding=confounding[c],
                uncalibrated=_q(uncalibrated["roas"][:, c], opts.interval) if uncalibrated is not None else None,
            )
        )
    return MMMFit(
        table,
        opts.method,
        target_kind,
        currency,
        opts.interval,
        diagnostics,
        channels,
        opts,
        sha256=file_sha256(table.file),
        over_time=over_time,
        shape_check=shape_check,
    )


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def save_fit(fit: MMMFit, path: str | Path) -> None:
    """Write the fit file atomically: a temporary file beside it, then a rename (never half a file)."""
    target = Path(path)
    text = json.dumps(fit.to_json_dict(), ensure_ascii=False, indent=2, allow_nan=False)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
