"""The fit file (``mizaan.fit/1``): what a media-mix model learned from a business's own data, as the
planner reads it (``mizaan plan PROFILE --curves FIT``).

The model writes it (``mizaan mmm ... --save FIT``); the planner reads only its ``response`` blocks (the
steady-state response to a constant spend per period, with its interval) and what says how far to trust
them (diagnostics, data range, the observed spend). Everything else in the file is for reports. Reading a
file never needs the sampler.

``read_fit`` checks a file and says every problem with the field it is in; ``fit_from_curves`` writes a
valid document from saturation curves (tests, tools, and a model that has its curves in hand).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mizaan.errors import InputError, Problem

SCHEMA = "mizaan.fit/1"
DAYS_PER_MONTH = 30.4375
PERIODS_PER_MONTH = {"day": DAYS_PER_MONTH, "week": DAYS_PER_MONTH / 7}
TargetKind = Literal["revenue", "conversions", "leads", "visits"]


class _In(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class FitData(_In):
    file: str = ""
    sha256: str = ""
    rows: int = Field(default=0, ge=0)
    first: dt.date | None = None
    last: dt.date | None = None


class FitTarget(_In):
    name: str
    kind: TargetKind


class FitDiagnostics(_In):
    ok: bool
    max_rhat: float | None = None
    divergences: int | None = None
    min_ess_bulk: float | None = None
    messages: list[str | dict[str, Any]] = []  # plain text, or {"key", "en", "ar"} as the model writes them

    def texts(self, lang: str) -> list[str]:
        """The messages in ``lang`` (English, or the text as written, when that language is missing)."""
        out = []
        for m in self.messages:
            if isinstance(m, dict):
                out.append(str(m.get(lang) or m.get("en") or m.get("key") or ""))
            else:
                out.append(m)
        return out


class FitResponse(_In):
    """Steady-state outcome per period for a constant spend per period, on a grid from 0."""

    spend_per_period: list[float] = Field(min_length=2)
    outcome_per_period: list[float] = Field(min_length=2)
    outcome_low: list[float] = Field(min_length=2)
    outcome_high: list[float] = Field(min_length=2)
    observed_max_spend_per_period: float = Field(gt=0)

    @model_validator(mode="after")
    def _shape(self) -> FitResponse:
        n = len(self.spend_per_period)
        if any(len(v) != n for v in (self.outcome_per_period, self.outcome_low, self.outcome_high)):
            raise ValueError("fit.response_lengths")
        xs = self.spend_per_period
        if xs[0] != 0 or any(b <= a for a, b in itertools.pairwise(xs)):
            raise ValueError("fit.response_grid")
        values = (*self.outcome_per_period, *self.outcome_low, *self.outcome_high)
        if any(not math.isfinite(v) or v < 0 for v in (*xs, *values)):
            raise ValueError("fit.response_negative")
        trio = zip(self.outcome_low, self.outcome_per_period, self.outcome_high, strict=True)
        if any(lo > mid + 1e-9 * max(1.0, mid) or mid > hi + 1e-9 * max(1.0, hi) for lo, mid, hi in trio):
            raise ValueError("fit.response_order")
        if self.observed_max_spend_per_period > xs[-1]:
            raise ValueError("fit.response_short")
        return self


class FitChannel(_In):
    mizaan_channel: str | None = None
    roas: float
    roas_low: float
    roas_high: float
    interval: float = Field(default=0.94, gt=0, lt=1)
    contribution: float = 0.0
    contribution_share: float = 0.0
    spend_total: float = Field(default=0.0, ge=0)
    spend_mean_per_period: float = Field(default=0.0, ge=0)
    spend_max_per_period: float = Field(default=0.0, ge=0)
    adstock: dict[str, Any] = {}
    saturation: dict[str, Any] = {}
    beta: float = 0.0
    response: FitResponse
    lift_calibrated: bool = False
    confounding_warning: dict[str, Any] | None = None


class SeriesBand(_In):
    median: list[float]
    low: list[float]
    high: list[float]


class OverTime(_In):
    """Optional (for reports): each column's contribution in each period of the data, with its interval."""

    dates: list[dt.date] = Field(min_length=1)
    channels: dict[str, SeriesBand]

    @model_validator(mode="after")
    def _lengths(self) -> OverTime:
        n = len(self.dates)
        for band in self.channels.values():
            if any(len(v) != n for v in (band.median, band.low, band.high)):
                raise ValueError("fit.series_lengths")
        return self


class FitFile(_In):
    schema_: Literal["mizaan.fit/1"] = Field(alias="schema")
    kind: str = "mmm"
    created_at: str = ""
    data: FitData = FitData()
    period: Literal["day", "week"]
    periods_per_month: float = Field(gt=0)
    currency: str
    target: FitTarget
    method: str = ""
    diagnostics: FitDiagnostics
    channels: dict[str, FitChannel] = Field(min_length=1)
    controls: list[str] = []
    contribution_over_time: OverTime | None = None


@dataclass(frozen=True)
class Fit:
    """A fit file as read: its content, the name it is shown by, and whether a failed fit was accepted."""

    doc: FitFile
    source: str
    sha256: str
    accept_failed: bool = False

    @property
    def ok(self) -> bool:
        return self.doc.diagnostics.ok


def parse_fit(body: bytes, source: str, *, currencies: Mapping[str, Any] | None = None) -> Fit:
    """A fit document from its bytes; ``InputError`` naming ``source`` and each field that is wrong."""
    sha = hashlib.sha256(body).hexdigest()
    try:
        raw = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError([Problem("fit.not_json", {"reason": str(exc)[:120]}, file=source)], file=source) from None
    if not isinstance(raw, dict):
        raise InputError([Problem("fit.not_object", file=source)], file=source)
    if raw.get("schema") != SCHEMA:
        found = str(raw.get("schema", ""))[:40]
        raise InputError([Problem("fit.bad_schema", {"found": found, "expected": SCHEMA}, file=source, field="schema")])
    try:
        doc = FitFile.model_validate(raw)
    except ValidationError as exc:
        raise InputError([_problem(e, source) for e in exc.errors()], file=source) from None
    problems = []
    if currencies is not None and doc.currency not in currencies:
        codes = ", ".join(sorted(currencies))
        problems.append(
            Problem("fit.bad_currency", {"value": doc.currency, "codes": codes}, file=source, field="currency")
        )
    if problems:
        raise InputError(problems, file=source)
    return Fit(doc, source, sha)


def read_fit(path: Path, *, currencies: Mapping[str, Any] | None = None, accept_failed: bool = False) -> Fit:
    """Read the fit file at ``path`` (``InputError`` for an unreadable or malformed one)."""
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem("fit.unreadable", {"reason": exc.strerror or str(exc)}, file=path.name)]) from None
    fit = parse_fit(body, path.name, currencies=currencies)
    return Fit(fit.doc, fit.source, fit.sha256, accept_failed)


def _problem(error: Any, source: str) -> Problem:
    """A pydantic error as a located problem: the dotted field path and what the field takes."""
    loc = ".".join(str(p) for p in error.get("loc", ()))
    kind = str(error.get("type", ""))
    message = str(error.get("msg", ""))
    if kind == "missing":
        return Problem("fit.missing", file=source, field=loc)
    if kind == "value_error" and "fit." in message:
        key = message[message.index("fit.") :].split()[0]
        return Problem(key, file=source, field=loc)
    value = error.get("input")
    shown = json.dumps(value, ensure_ascii=False)[:60] if not isinstance(value, dict | list) else "…"
    return Problem("fit.bad_value", {"value": shown, "expected": kind}, file=source, field=loc)


# --- writing a fit from curves ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HillCurve:
    """A channel's steady-state response ``beta * x^shape / (x^shape + half^shape)`` per period, with an
    interval that is the median times ``low`` and ``high`` (what a fit of ``interval`` coverage found)."""

    mizaan_channel: str | None
    beta: float  # the most the channel can bring a period, in target units
    half: float  # the spend per period that brings half of it
    observed_max: float  # the largest spend per period in the data
    shape: float = 1.0
    low: float = 0.8
    high: float = 1.25
    interval: float = 0.94

    def outcome(self, x: float) -> float:
        return self.beta * x**self.shape / (x**self.shape + self.half**self.shape) if x > 0 else 0.0


def fit_from_curves(
    curves: Mapping[str, HillCurve],
    *,
    currency: str,
    period: Literal["day", "week"] = "week",
    target_kind: TargetKind = "revenue",
    target_name: str = "sales",
    ok: bool = True,
    method: str = "map",
    points: int = 31,
    created_at: str = "2026-01-05T00:00:00Z",
    rows: int = 104,
) -> dict[str, Any]:
    """A ``mizaan.fit/1`` document from one Hill curve per data column: the response grid from 0 to three
    times the largest spend seen, ROAS at the mean spend (half the largest) with the same interval."""
    channels: dict[str, Any] = {}
    for name, c in curves.items():
        top = 3.0 * c.observed_max
        grid = [top * i / (points - 1) for i in range(points)]
        mid = [c.outcome(x) for x in grid]
        mean = c.observed_max / 2
        roas = c.outcome(mean) / mean
        periods = rows
        channels[name] = {
            "mizaan_channel": c.mizaan_channel,
            "roas": roas,
            "roas_low": roas * c.low,
            "roas_high": roas * c.high,
            "interval": c.interval,
            "contribution": c.outcome(mean) * periods,
            "contribution_share": 0.0,
            "spend_total": mean * periods,
            "spend_mean_per_period": mean,
            "spend_max_per_period": c.observed_max,
            "adstock": {"kind": "geometric", "alpha": 0.5, "theta": 0.0, "l_max": 8},
            "saturation": {"kind": "hill", "params": {"half": c.half, "shape": c.shape}},
            "beta": c.beta,
            "response": {
                "spend_per_period": grid,
                "outcome_per_period": mid,
                "outcome_low": [v * c.low for v in mid],
                "outcome_high": [v * c.high for v in mid],
                "observed_max_spend_per_period": c.observed_max,
            },
            "lift_calibrated": False,
            "confounding_warning": None,
        }
    total = sum(ch["contribution"] for ch in channels.values()) or 1.0
    for ch in channels.values():
        ch["contribution_share"] = ch["contribution"] / total
    return {
        "schema": SCHEMA,
        "kind": "mmm",
        "created_at": created_at,
        "data": {"file": "weekly.csv", "sha256": "", "rows": rows, "first": "2025-01-06", "last": "2026-12-28"},
        "period": period,
        "periods_per_month": PERIODS_PER_MONTH[period],
        "currency": currency,
        "target": {"name": target_name, "kind": target_kind},
        "method": method,
        "diagnostics": {
            "ok": ok,
            "max_rhat": 1.01 if ok else 1.4,
            "divergences": 0 if ok else 37,
            "min_ess_bulk": 812.0 if ok else 40.0,
            "messages": [] if ok else ["max R-hat 1.4 > 1.01"],
        },
        "channels": channels,
        "controls": [],
    }
