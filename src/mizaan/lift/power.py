"""Power of a geo test by simulation on the history, with the estimator ``mizaan lift`` runs.

A candidate test (a treated group, a duration) is replayed on the history: campaign windows of that many
days are placed at several points of the past (each with every date before it as its pre-period, stepping
back a week at a time so each window covers the same weekdays), a known lift is injected into the treated
units over the window, and the synthetic control with placebo-in-space inference (``synth.fit_all`` and
``synth.outcome``, exactly what ``lift_panel`` runs) says whether its 95 % interval lies above zero.

Injecting a lift ``e`` multiplies the treated units' values over the window by ``1 + e``. The fits depend
on the pre-period only, and the interval moves with the effect by ``e`` times the treated total over the
window, so each window has a threshold: the smallest lift it detects. A test run after the history is one
more window; its threshold is predicted from the replayed ones as a Student t (see ``PowerCurve.power``):
the windows overlap and share the history's shocks, so their spread is corrected for their correlation
and they count as fewer independent windows. The power at ``e`` is the chance the new threshold lies below
``e``; the minimum detectable effect (MDE) is the smallest lift with at least 80 % power. The thresholds
are what injecting the lift into the data and running ``lift_panel`` on it shows
(``tests/lift/test_design.py`` checks that).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mizaan.lift.synth import Fits, fit_all, outcome

Array = NDArray[np.float64]

WINDOW_STEP = 7  # days between two replayed campaign starts: the same weekdays in every window
MIN_DESIGN_PRE = 28  # dates every replayed window has before it
MIN_WINDOWS = 4  # fewer replayed windows than this cannot estimate a power
POWER = 0.8
MAX_CORRELATION = 0.95  # neighbouring windows' thresholds are never taken as one


def window_starts(n_dates: int, duration: int, windows: int) -> list[int]:
    """Starts (date indices) of the replayed windows of ``duration`` days, latest first: every window ends
    by the last date, starts a whole number of weeks before the end, and has ``MIN_DESIGN_PRE`` dates before
    it. The grid does not depend on the other durations tried, so windows are shared between them."""
    starts: list[int] = []
    k = 1
    while len(starts) < windows:
        s = n_dates - WINDOW_STEP * k
        if s < MIN_DESIGN_PRE:
            break
        if s + duration <= n_dates:
            starts.append(s)
        k += 1
    return starts


def max_duration(n_dates: int) -> int:
    """The longest duration that still has ``MIN_WINDOWS`` replayed windows in ``n_dates`` dates."""
    weeks = (n_dates - MIN_DESIGN_PRE) // WINDOW_STEP  # starts available, a week apart
    return max(WINDOW_STEP * (weeks - MIN_WINDOWS + 1), 0)


@dataclass(frozen=True)
class PowerCurve:
    """One candidate test replayed on the history."""

    treated: tuple[int, ...]  # unit indices
    duration: int
    thresholds: Array  # per window: the smallest relative lift its interval shows above zero (inf: none)
    starts: list[int]  # latest first, a week apart

    @property
    def windows(self) -> int:
        return len(self.thresholds)

    @property
    def correlation(self) -> float:
        """The correlation of two neighbouring windows' thresholds: measured (lag 1, in date order), but never
        less than the share of days two neighbouring windows have in common, and at most ``MAX_CORRELATION``."""
        finite = self.thresholds[np.isfinite(self.thresholds)]
        overlap = max(0.0, 1.0 - WINDOW_STEP / self.duration)
        measured = 0.0
        if len(finite) >= 3 and np.std(finite) > 0:
            measured = float(np.corrcoef(finite[:-1], finite[1:])[0, 1])
        return min(max(measured, overlap), MAX_CORRELATION)

    @property
    def effective_windows(self) -> float:
        """How many independent windows the replayed ones are worth (an AR(1) sequence of them)."""
        n, rho = int(np.sum(np.isfinite(self.thresholds))), self.correlation
        return max(n * (1.0 - rho) / (1.0 + rho), 1.0) if n else 0.0

    def _predictive(self) -> tuple[float, float, float, float] | None:
        """A new test's threshold as a Student t (centre, scale, degrees of freedom), and the share of windows
        that show no lift at any size; None without two finite thresholds."""
        finite = self.thresholds[np.isfinite(self.thresholds)]
        n = len(finite)
        if n < 2:
            return None
        rho, n_eff = self.correlation, self.effective_windows
        lags = np.arange(1, n)
        # correlated windows understate the spread: E[sample variance] = variance x (1 - bias)
        bias = 2.0 * float(np.sum((n - lags) * rho**lags)) / (n * (n - 1))
        var = float(np.var(finite, ddof=1)) / max(1.0 - bias, 0.05)
        scale = math.sqrt(var * (1.0 + 1.0 / n_eff))  # a new window's spread and the mean's uncertainty
        never = 1.0 - n / self.windows
        return float(finite.mean()), max(scale, 1e-12), max(n_eff - 1.0, 1.0), never

    def power(self, effect: float) -> float:
        """The chance that a test run after the history shows a lift of ``effect`` (relative) at the 5 % level.

        A new test's threshold is predicted from the replayed windows' as a Student t: their mean; their
        spread, corrected for their correlation (windows a week apart overlap and share the history's shocks:
        the measured lag-1 correlation, at least the days in common) and widened by the mean's uncertainty;
        and the effective number of independent windows less one as degrees of freedom. Windows that show no
        lift at any size count as misses. Ranking a new test among the windows (:meth:`rank_power`) promised
        80 % power where fresh tests showed the MDE 70-72.5 % of the time (bench/design_power.py)."""
        pred = self._predictive()
        if pred is None:
            return 0.0
        from scipy.stats import t as student

        centre, scale, df, never = pred
        return float((1.0 - never) * student.cdf((effect - centre) / scale, df))

    def rank_power(self, effect: float) -> float:
        """The rank rule: the windows that show ``effect`` out of one more than their number (a new test
        ranked among exchangeable windows). Kept for the benchmark's comparison."""
        return float(np.sum(self.thresholds < effect)) / (self.windows + 1) if self.windows else 0.0

    @property
    def false_alarm_rate(self) -> float:
        """The chance a test shows a lift with nothing injected (the power at no lift)."""
        return self.power(0.0)

    @property
    def mde(self) -> float:
        """The smallest relative lift (to a tenth of a percentage point, rounded up) with at least 80 % power;
        inf when no lift has it."""
        pred = self._predictive()
        if pred is None:
            return math.inf
        centre, scale, df, never = pred
        if never >= 1.0 - POWER:
            return math.inf
        from scipy.stats import t as student

        lift = centre + scale * float(student.ppf(POWER / (1.0 - never), df))
        return _round_up(lift)

    @property
    def rank_mde(self) -> float:
        """The MDE of the rank rule (:meth:`rank_power`), for the benchmark's comparison."""
        return _kth(self.thresholds, math.ceil(POWER * (self.windows + 1) - 1e-9))


def _round_up(lift: float) -> float:
    return (math.floor(max(lift, 0.0) * 1000 + 1e-9) + 1) / 1000


def _kth(thresholds: Array, m: int) -> float:
    """The ``m``-th smallest threshold as a lift rounded up to a tenth of a point (inf when there is none)."""
    if not len(thresholds) or m > len(thresholds) or m < 1:
        return math.inf
    kth = float(np.sort(thresholds)[m - 1])
    return _round_up(kth) if math.isfinite(kth) else math.inf


class Replayer:
    """Fits of candidate groups at the replayed starts, cached: one fit serves every duration."""

    def __init__(self, values: Array, *, seed: int = 0) -> None:
        self.values = values
        self.seed = seed
        self._fits: dict[tuple[tuple[int, ...], int], Fits] = {}

    def fits(self, group: tuple[int, ...], start: int) -> Fits:
        key = (group, start)
        if key not in self._fits:
            rest = [j for j in range(self.values.shape[1]) if j not in group]
            self._fits[key] = fit_all(
                self.values[:, list(group)], self.values[:, rest], slice(0, start), seed=self.seed
            )
        return self._fits[key]

    def curve(self, group: tuple[int, ...], duration: int, windows: int) -> PowerCurve:
        starts = window_starts(self.values.shape[0], duration, windows)
        thresholds = []
        for s in starts:
            post = slice(s, s + duration)
            f = self.fits(group, s)
            o = outcome(f, post)
            total = float(f.target[post].sum())
            # injecting e adds e * total to the effect and to both ends of its interval
            thresholds.append(-o.effect_low / total if total > 0 and math.isfinite(o.effect_low) else math.inf)
        return PowerCurve(group, duration, np.asarray(thresholds, dtype=float), starts)


def inject(values: Array, group: tuple[int, ...], post: slice, effect: float) -> Array:
    """The history with a relative lift of ``effect`` on the ``group``'s units over ``post``."""
    out = values.copy()
    out[post, list(group)] *= 1 + effect
    return out
