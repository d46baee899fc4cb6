"""Fitted response curves: a fit file's measured response turned into the planner's curves, for one profile.

The optimiser works on one family, ``per_usd * scale * (1 - exp(-x / scale))`` (``curves``). A fit's
``response`` block is that family's input: the steady-state outcome of a constant spend per period, with
its interval. For each channel whose data column maps to a registry channel the response is converted to
the planner's units — spend to US dollars a month (the fit's currency at the knowledge base's rate, periods
times ``periods_per_month``), the outcome to a month and to the funnel stage the target counts (revenue to
conversions through the order value) — and the family is fitted to it by least squares **over the observed
range only** (spend up to the largest the data saw). How far the family strays from the fit's median there
is kept and shown (``curve_error``).

Beyond the observed range the response is extrapolation: the fitted curve's ``max_spend_usd`` is the largest
monthly spend the data saw, so the optimiser never plans a channel past what its data supports (the plan says
so for every channel at that cap). The fit's interval becomes the curve's spread (log standard deviation of
the value, from the interval at the observed maximum and its coverage), so a channel measured loosely is
weighed as the risk it is. The channel's upper funnel stages, which the fit does not measure, move in
proportion to the measured one; speed (C5) and the objective's weights stay the priors', and so does the
minimum spend (Q3) unless the data ran the channel below it (then its largest observed spend is the floor).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import NormalDist

import numpy as np

from mizaan.errors import ByLang, InputError, Problem
from mizaan.knowledge import ChannelId, KnowledgeBase, Stage
from mizaan.plan.curves import PriorCurves, ResponseCurve
from mizaan.plan.fitfile import Fit, FitChannel
from mizaan.profile import Profile

SAMPLES = 48  # points of the observed range the family is fitted to
MAX_SPREAD = 2.0  # the widest log-spread a fitted channel is given (an interval that reaches 0)
STAGE_OF = {"revenue": "conversion", "conversions": "conversion", "leads": "conversion", "visits": "consideration"}


@dataclass(frozen=True)
class FittedChannel:
    """One registry channel as the fit measured it, in the planner's units (US dollars a month, units of
    the target's funnel stage a month), and what is needed to show it."""

    channel: ChannelId
    columns: tuple[str, ...]  # the fit's data columns behind it
    source: str  # the fit file
    sha256: str  # its content's digest (two files of one name stay apart)
    target: str  # revenue, conversions, leads or visits
    target_name: str
    fit_currency: str
    stage: Stage
    per_usd: float  # stage units per dollar at low spend (the fitted family)
    scale_usd: float
    observed_max_usd: float  # the largest monthly spend the data saw: beyond it, extrapolation
    mean_usd: float  # the data's mean monthly spend
    curve_error: float  # the family's largest gap from the fit's median over the observed range, share of its top
    spread: float
    interval: float
    roas: float  # target units per unit of the fit's currency, over the data (the fit's own figures)
    roas_low: float
    roas_high: float
    prior_roas: float  # the same ratio from the prior curve at the data's mean spend
    stage_units_per_target: float  # stage units one target unit is worth (conversions per unit of revenue)
    grid_usd: tuple[float, ...]  # the response, monthly, for charts: spend (USD) and target units
    outcome: tuple[float, ...]
    outcome_low: tuple[float, ...]
    outcome_high: tuple[float, ...]
    lift_calibrated: bool
    confounding: bool


def fit_family(x: np.ndarray, y: np.ndarray, top: float) -> tuple[float, float, float]:
    """Least-squares ``a`` and ``h`` of ``a h (1 - exp(-x/h))`` to ``(x, y)`` and the largest gap as a share
    of ``max(y)``. ``a`` is linear given ``h``, so ``h`` is searched on a fine log grid (deterministic)."""
    hs = top * np.logspace(-2, 4, 600)
    basis = hs[:, None] * (1.0 - np.exp(-x[None, :] / hs[:, None]))
    bb = (basis * basis).sum(axis=1)
    a = np.where(bb > 0, (basis @ y) / np.maximum(bb, 1e-300), 0.0)
    a = np.maximum(a, 0.0)
    sse = ((a[:, None] * basis - y[None, :]) ** 2).sum(axis=1)
    best = int(np.argmin(sse))
    gap = float(np.abs(a[best] * basis[best] - y).max()) / max(float(y.max()), 1e-300)
    return float(a[best]), float(hs[best]), gap


def stage_units_per_target(kind: str, currency: str, profile: Profile, kb: KnowledgeBase) -> float:
    """How many units of the planner's stage one unit of the target is: 1, except revenue, which is
    conversions through the order value (the profile's, else its business type's benchmark) and, for a
    leads goal, the close rate."""
    if kind != "revenue":
        return 1.0
    country, btype = profile.location.country, profile.business_type
    if profile.average_order_value is not None:
        order_usd = float(profile.average_order_value) / kb.per_usd(profile.budget.currency)
    else:
        order_usd = kb.figure("order_value", btype, country).typical
    close = 1.0
    if profile.goal == "leads":
        rate = profile.lead_to_customer_rate
        close = float(rate) if rate is not None else kb.figure("funnel", f"close_rate_{btype}", country).typical
    revenue_usd_per_unit = 1.0 / kb.per_usd(currency)
    return revenue_usd_per_unit / (order_usd * close)


def measured(fits: Sequence[Fit], kb: KnowledgeBase, profile: Profile) -> dict[ChannelId, FittedChannel]:
    """Every registry channel the fits measure, in the planner's units; ``InputError`` for a failed fit not
    accepted, a column mapped to a channel the registry lacks, or a channel measured by two files."""
    problems: list[Problem] = []
    by_channel: dict[ChannelId, tuple[Fit, list[tuple[str, FitChannel]]]] = {}
    for fit in fits:
        if not fit.ok and not fit.accept_failed:
            d = fit.doc.diagnostics
            messages = ByLang(*("; ".join(d.texts(lang)) or "—" for lang in ("ar", "en")))
            problems.append(Problem("fit.failed", {"messages": messages}, file=fit.source, field="diagnostics.ok"))
            continue
        for column, ch in fit.doc.channels.items():
            c = ch.mizaan_channel
            if c is None:
                continue
            if c not in kb.channel_ids:
                params = {"value": c, "channels": ", ".join(kb.channel_ids)}
                problems.append(
                    Problem("fit.unknown_channel", params, file=fit.source, field=f"channels.{column}.mizaan_channel")
                )
                continue
            found = by_channel.setdefault(c, (fit, []))
            if found[0] is not fit:
                params = {"channel": c, "other": found[0].source}
                problems.append(
                    Problem("fit.channel_twice", params, file=fit.source, field=f"channels.{column}.mizaan_channel")
                )
                continue
            found[1].append((column, ch))
    if problems:
        raise InputError(problems)
    return {c: _convert(c, fit, cols, kb, profile) for c, (fit, cols) in by_channel.items()}


def _convert(
    c: ChannelId, fit: Fit, columns: list[tuple[str, FitChannel]], kb: KnowledgeBase, profile: Profile
) -> FittedChannel:
    doc = fit.doc
    months = doc.periods_per_month
    usd = 1.0 / kb.per_usd(doc.currency)
    units = stage_units_per_target(doc.target.kind, doc.currency, profile, kb)
    means = np.array([ch.spend_mean_per_period for _, ch in columns])
    weights = means / means.sum() if means.sum() > 0 else np.full(len(columns), 1.0 / len(columns))
    # several columns on one channel: the channel's spend split among them as in the data
    observed = min(ch.response.observed_max_spend_per_period / w for (_, ch), w in zip(columns, weights, strict=True))
    top = min(ch.response.spend_per_period[-1] / w for (_, ch), w in zip(columns, weights, strict=True))
    grid = np.linspace(0.0, top, 61)

    def total(part: str) -> np.ndarray:
        out = np.zeros_like(grid)
        for (_, ch), w in zip(columns, weights, strict=True):
            r = ch.response
            out += np.interp(grid * w, r.spend_per_period, getattr(r, part))
        return out

    mid, low, high = total("outcome_per_period"), total("outcome_low"), total("outcome_high")
    xs = np.linspace(0.0, observed, SAMPLES)
    ys = np.interp(xs, grid, mid) * months * units
    a, h, gap = fit_family(xs * months * usd, ys, observed * months * usd)
    interval = float(np.mean([ch.interval for _, ch in columns]))
    z = NormalDist().inv_cdf((1 + interval) / 2)
    at_top = (float(np.interp(observed, grid, v)) for v in (low, mid, high))
    lo, med, hi = at_top
    spread = math.log(hi / max(lo, 0.01 * med)) / (2 * z) if med > 0 else MAX_SPREAD
    mean_x = float(means.sum())
    ratio = [(ch.spend_mean_per_period or 1.0) for _, ch in columns]
    share = np.array(ratio) / sum(ratio)
    return FittedChannel(
        channel=c,
        columns=tuple(name for name, _ in columns),
        source=fit.source,
        sha256=fit.sha256,
        target=doc.target.kind,
        target_name=doc.target.name,
        fit_currency=doc.currency,
        stage=STAGE_OF[doc.target.kind],  # type: ignore[arg-type]
        per_usd=a,
        scale_usd=h,
        observed_max_usd=observed * months * usd,
        mean_usd=mean_x * months * usd,
        curve_error=gap,
        spread=min(max(spread, 0.0), MAX_SPREAD),
        interval=interval,
        roas=float(sum(s * ch.roas for s, (_, ch) in zip(share, columns, strict=True))),
        roas_low=float(sum(s * ch.roas_low for s, (_, ch) in zip(share, columns, strict=True))),
        roas_high=float(sum(s * ch.roas_high for s, (_, ch) in zip(share, columns, strict=True))),
        prior_roas=0.0,  # set by ``refit``, which has the prior curve
        stage_units_per_target=units,
        grid_usd=tuple(float(v) for v in grid * months * usd),
        outcome=tuple(float(v) for v in mid * months),
        outcome_low=tuple(float(v) for v in low * months),
        outcome_high=tuple(float(v) for v in high * months),
        lift_calibrated=any(ch.lift_calibrated for _, ch in columns),
        confounding=any(ch.confounding_warning for _, ch in columns),
    )


def refit(
    prior: PriorCurves, found: dict[ChannelId, FittedChannel], kb: KnowledgeBase
) -> tuple[PriorCurves, dict[ChannelId, FittedChannel]]:
    """``prior`` with the measured channels' curves replaced by fitted ones (``origin = "fitted"``), and the
    measured channels with the prior's return at the data's mean spend beside the fit's."""
    curves = dict(prior.curves)
    done: dict[ChannelId, FittedChannel] = {}
    for c, f in found.items():
        before = prior.curves[c]
        base = before.per_usd[f.stage]
        factor = f.per_usd / base if base > 0 else None
        per_usd = (
            {s: v * factor for s, v in before.per_usd.items()}
            if factor is not None
            else {**before.per_usd, f.stage: f.per_usd}
        )
        curves[c] = ResponseCurve(
            channel=c,
            origin="fitted",
            per_usd=per_usd,
            impressions_per_usd=before.impressions_per_usd * (factor if factor is not None else 1.0),
            scale_usd=f.scale_usd,
            realised=before.realised,
            persistence=before.persistence,
            value_weight=before.value_weight,
            spread=f.spread,
            # the data ran the channel up to its largest spend: a minimum above it is not a floor it needs
            min_spend_usd=min(before.min_spend_usd, f.observed_max_usd),
            max_spend_usd=min(before.max_spend_usd, f.observed_max_usd),
        )
        x = f.mean_usd
        prior_stage = before.outcome(f.stage, x) / x if x > 0 else base
        # stage units per dollar -> target units per unit of the fit's currency
        done[c] = replace(f, prior_roas=prior_stage / f.stage_units_per_target / kb.per_usd(f.fit_currency))
    return prior.model_copy(update={"curves": curves}), done
