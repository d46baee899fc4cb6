"""Power of a geo test by simulation on the history, with the estimator ``mizaan lift`` runs.

A candidate test (a treated group, a duration) is replayed on the history: campaign windows of that many
days are placed at several points of the past (each with every date before it as its pre-period, stepping
back a week at a time so each window covers the same weekdays), a known lift is injected into the treated
units over the window, and the synthetic control with placebo-in-space inference (``synth.fit_all`` and
``synth.outcome``, exactly what ``lift_panel`` runs) says whether its 95 % interval lies above zero.

Injecting a lift ``e`` multiplies the treated units' values over the window by ``1 + e``. The fits depend
on the pre-period only, and the interval moves with the effect by ``e`` times the treated total over the
window, so each window has a threshold: the smallest lift it detects. The power at ``e`` is the share of
windows whose threshold lies below ``e``, out of one more than their number (a test run after the history is
one more window: see ``PowerCurve.power``); the minimum detectable effect (MDE) is the smallest lift with at
least 80 % power. The same numbers come out of injecting the lift into the data and
running ``lift_panel`` on it (``tests/lift/test_design.py`` checks that).
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
    starts: list[int]

    @property
    def windows(self) -> int:
        return len(self.thresholds)

    def power(self, effect: float) -> float:
        """The chance that a test run after the history shows a lift of ``effect`` (relative) at the 5 % level:
        the windows that show it out of one more than their number. A new test is one more window; when it
        is exchangeable with the replayed ones, its threshold ranks among theirs at random, so this is the
        chance it falls below ``effect`` (a share of the windows alone overstates it when they are few)."""
        return float(np.sum(self.thresholds < effect)) / (self.windows + 1) if self.windows else 0.0

    @property
    def false_alarm_rate(self) -> float:
        """Share of windows whose interval lies above zero with nothing injected."""
        return self.power(0.0)

    @property
    def mde(self) -> float:
        """The smallest relative lift (to a tenth of a percentage point, rounded up) with at least 80 % power;
        inf when no lift has it."""
        if not self.windows:
            return math.inf
        m = math.ceil(POWER * (self.windows + 1) - 1e-9)
        if m > self.windows:
            return math.inf
        kth = float(np.sort(self.thresholds)[m - 1])
        if not math.isfinite(kth):
            return math.inf
        return (math.floor(max(kth, 0.0) * 1000 + 1e-9) + 1) / 1000


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
