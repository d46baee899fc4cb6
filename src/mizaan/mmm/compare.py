"""Which shape do the data prefer? Every carry-over (geometric, delayed) with every saturation (logistic,
Hill) scored by PSIS-LOO, the expected log predictive density of each period left out (ArviZ's ``loo``).

The check fits each candidate by MAP with its Laplace approximation (seconds once compiled) and scores
those draws, importance-weighted to the posterior (each draw's posterior density over the Laplace
density; Pareto-smoothed with the leave-one-out ratios), the fitted shape included, so that the
candidates are compared like for like. Without the weights, a shape whose posterior is far from Gaussian
(Hill) was scored on draws the posterior does not hold and lost to a wrong shape. The data
*prefer* another shape when its score beats the fitted shape's by more than ``ELPD_MARGIN`` and by more
than ``SE_MULTIPLE`` standard errors of the difference (the usual reading of a LOO comparison: smaller
differences are noise). Then the fit carries a warning, in both languages, that names the preferred
shape and each channel's return under it: a return that moves much between shapes is a return the data
cannot pin down without the right shape.

``--adstock auto`` / ``--saturation auto`` choose the best-scoring shape and fit it.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from mizaan.i18n import t
from mizaan.mmm.data import LiftTest, Table
from mizaan.mmm.fit import LOG_WEIGHT, Options, build_design, run
from mizaan.mmm.model import Design, contributions
from mizaan.mmm.priors import ChannelPrior
from mizaan.mmm.transforms import ADSTOCKS, AdstockKind, Array, SaturationKind

FITTED_SATURATIONS: tuple[SaturationKind, ...] = ("logistic", "hill")  # the saturations the model fits
AUTO = "auto"
ELPD_MARGIN = 4.0
SE_MULTIPLE = 2.0
CHECK_DRAWS = 1000


@dataclass(frozen=True)
class ShapeScore:
    adstock: AdstockKind
    saturation: SaturationKind
    elpd: float  # PSIS-LOO expected log predictive density (target scaled by its mean)
    se: float
    diff: float  # how far below the best shape's elpd (0 for the best)
    se_diff: float  # standard error of that difference
    pareto_k_max: float  # above 0.7 the LOO estimate of some period is unreliable
    roas: list[float]  # each channel's median return under this shape

    @property
    def shape(self) -> tuple[AdstockKind, SaturationKind]:
        return self.adstock, self.saturation


@dataclass(frozen=True)
class ShapeCheck:
    fitted: tuple[AdstockKind, SaturationKind]
    scores: list[ShapeScore]  # best first

    @property
    def preferred(self) -> ShapeScore:
        return self.scores[0]

    def score(self, shape: tuple[AdstockKind, SaturationKind]) -> ShapeScore:
        return next(s for s in self.scores if s.shape == shape)

    @property
    def warn(self) -> bool:
        """Do the data prefer another shape than the fitted one, beyond noise?"""
        if self.preferred.shape == self.fitted:
            return False
        fitted = self.score(self.fitted)  # its diff and se_diff are against the preferred shape
        return fitted.diff > ELPD_MARGIN and fitted.diff > SE_MULTIPLE * fitted.se_diff

    def message(self, channels: list[str], lang: str, num: Callable[[float], str] | None = None) -> str:
        """The warning in ``lang``: the preferred shape, by how much, and each channel's return under it."""
        best, fitted = self.preferred, self.score(self.fitted)
        num = num or _plain
        sep = "، " if lang == "ar" else ", "
        return t(
            "mmm.shape.prefer",
            lang,  # type: ignore[arg-type]
            adstock=t(f"mmm.shape.{best.adstock}", lang),  # type: ignore[arg-type]
            saturation=t(f"mmm.shape.{best.saturation}", lang),  # type: ignore[arg-type]
            fitted=f"{t(f'mmm.shape.{fitted.adstock}', lang)} + {t(f'mmm.shape.{fitted.saturation}', lang)}",  # type: ignore[arg-type]
            gap=num(fitted.diff),
            se=num(fitted.se_diff),
            returns=sep.join(f"{c} {num(r)}" for c, r in zip(channels, best.roas, strict=True)),
            option_adstock=best.adstock,
            option_saturation=best.saturation,
        )

    def to_json_dict(self, channels: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "criterion": "psis-loo",
            "fitted": {"adstock": self.fitted[0], "saturation": self.fitted[1]},
            "preferred": {"adstock": self.preferred.adstock, "saturation": self.preferred.saturation},
            "candidates": [
                {
                    "adstock": s.adstock,
                    "saturation": s.saturation,
                    "elpd_loo": s.elpd,
                    "se": s.se,
                    "elpd_diff": s.diff,
                    "se_diff": s.se_diff,
                    "pareto_k_max": s.pareto_k_max,
                    "roas": dict(zip(channels, s.roas, strict=True)),
                }
                for s in self.scores
            ],
            "warning": None,
        }
        if self.warn:
            out["warning"] = {"text_en": self.message(channels, "en"), "text_ar": self.message(channels, "ar")}
        return out


def _plain(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}"


def pointwise_loglik(d: Design, draws: dict[str, Array]) -> Array:
    """Each draw's log density of each period's target (draws x periods), in the model's scaled units."""
    media = contributions(d, draws).sum(axis=1) / d.y_scale  # draws x periods
    coef = np.asarray(draws["coef"])
    mu = np.asarray(draws["intercept"])[:, None] + coef @ d.base.T + media
    sigma = np.asarray(draws["sigma"])[:, None]
    z = (d.y[None, :] - mu) / sigma
    out: Array = -0.5 * z**2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)
    return out


def loo(ll: Array, log_weight: Array | None = None) -> tuple[float, float, Array, float]:
    """PSIS-LOO of a draws x periods log-likelihood: elpd, its standard error, the pointwise elpd and the
    largest Pareto k. ``log_weight``: draws from an approximation (MAP's Laplace) with their log importance
    weights (posterior over approximation), so that leaving period ``i`` out weighs each draw by
    ``weight / p(y_i | draw)``, Pareto-smoothed (ArviZ's ``psislw``); without it the draws are the posterior's."""
    import arviz as az

    smooth: Any = az.psislw  # untyped
    base = np.zeros(ll.shape[0]) if log_weight is None else log_weight - np.max(log_weight)
    with warnings.catch_warnings():  # a large Pareto k is reported in the result, not as a warning
        warnings.simplefilter("ignore")
        lw, k = smooth((base[:, None] - ll).T)  # periods x draws, normalised
    pointwise = np.asarray(_logsumexp(lw + ll.T), dtype=float)
    elpd = float(pointwise.sum())
    return elpd, float(np.sqrt(len(pointwise) * np.var(pointwise))), pointwise, float(np.max(k))


def _logsumexp(a: Array) -> Array:
    top = np.max(a, axis=1, keepdims=True)
    return np.asarray(top[:, 0] + np.log(np.sum(np.exp(a - top), axis=1)), dtype=float)


def _weighted_median(v: Array, log_weight: Array) -> float:
    w = np.exp(log_weight - np.max(log_weight))
    order = np.argsort(v)
    cum = np.cumsum(w[order])
    return float(v[order][np.searchsorted(cum, 0.5 * cum[-1])])


def choose(check: ShapeCheck, opts: Options) -> tuple[AdstockKind, SaturationKind]:
    """The best-scoring shape among those ``opts`` leaves open (``choose_adstock``/``choose_saturation``)."""
    return next(
        s.shape
        for s in check.scores
        if (opts.choose_adstock or s.adstock == opts.adstock)
        and (opts.choose_saturation or s.saturation == opts.saturation)
    )


def check_shapes(
    table: Table,
    priors: list[ChannelPrior],
    tests: list[LiftTest],
    opts: Options,
    fitted: tuple[AdstockKind, SaturationKind],
    tests_file: str = "",
) -> ShapeCheck:
    """Fit every candidate shape by MAP (with the fit's priors, lift tests and seed) and score it by
    PSIS-LOO; the scores come best first."""
    pointwise: dict[tuple[AdstockKind, SaturationKind], Array] = {}
    rows = []
    for adstock in ADSTOCKS:
        for sat in FITTED_SATURATIONS:
            o = dataclasses.replace(
                opts, method="map", adstock=adstock, saturation=sat, draws=max(CHECK_DRAWS // max(opts.chains, 1), 100)
            )
            d = build_design(table, priors, tests, o, tests_file)
            draws, _ = run(d, o, calibrate=True)
            ll = pointwise_loglik(d, draws)
            weight = np.asarray(draws[LOG_WEIGHT])
            ok = np.all(np.isfinite(ll), axis=1) & np.isfinite(weight)  # a draw far in a tail can overflow
            elpd, se, pw, k = loo(ll[ok], weight[ok])
            pointwise[(adstock, sat)] = pw
            roas_draws = np.asarray(draws["roas"])[ok]
            roas = [_weighted_median(roas_draws[:, c], weight[ok]) for c in range(len(table.channels))]
            rows.append((adstock, sat, elpd, se, k, roas))
    best = max(rows, key=lambda r: r[2])
    scores = []
    for adstock, sat, elpd, se, k, roas in sorted(rows, key=lambda r: -r[2]):
        diff = pointwise[(best[0], best[1])] - pointwise[(adstock, sat)]
        scores.append(
            ShapeScore(adstock, sat, elpd, se, best[2] - elpd, float(np.sqrt(len(diff) * np.var(diff))), k, roas)
        )
    return ShapeCheck(fitted, scores)
