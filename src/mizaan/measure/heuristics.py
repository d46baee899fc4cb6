"""Rule-based attribution: each converting path's conversions (and value) are shared among its touches by a
fixed rule.

Conventions, common to all of them:

- every touch counts, repeated channels included (``a > a > b`` under ``Linear`` gives ``a`` two thirds) —
  as ChannelAttribution's heuristic models and GA4 do; only the Markov models collapse repeats;
- paths without conversions (and their ``total_null``) give nothing to anyone;
- ties are shared: touches at the same time get the same time-decay weight; a path of one touch gives it
  everything under every rule;
- the shares of a path always add to one, so the credit over channels adds up to the total conversions
  and the total value exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from mizaan.errors import Problem
from mizaan.i18n import fold
from mizaan.measure.base import (
    PathwiseModel,
    credit_from_touch_index,
    credit_from_touch_shares,
    positive_number,
)
from mizaan.measure.paths import Float, Paths

DEFAULT_DIRECT = ("direct", "(direct)", "مباشر")


class FirstTouch(PathwiseModel):
    """All of a path's credit to its first touch.

    Example
    -------
    >>> from mizaan.measure import paths_from_lists
    >>> FirstTouch().fit(paths_from_lists([["seo", "ads"]], conversions=[1])).credit_
    {'ads': 0.0, 'seo': 1.0}
    """

    name = "first_touch"

    def _fit_chunk(self, paths: Paths) -> tuple[Float, Float | None]:
        return credit_from_touch_index(paths, paths.offsets[:-1])


class LastTouch(PathwiseModel):
    """All of a path's credit to its last touch."""

    name = "last_touch"

    def _fit_chunk(self, paths: Paths) -> tuple[Float, Float | None]:
        return credit_from_touch_index(paths, paths.offsets[1:] - 1)


class LastNonDirect(PathwiseModel):
    """All of a path's credit to its last touch that is not direct (typed-in or bookmarked visits); a path of
    direct touches only gives its credit to direct, as GA4 does.

    Parameters
    ----------
    direct : the channel names that mean direct, compared after case and Arabic folding.
    """

    name = "last_non_direct"

    def __init__(self, direct: Iterable[str] = DEFAULT_DIRECT) -> None:
        self.direct = tuple(direct)

    def _check_params(self) -> list[Problem]:
        if not all(isinstance(d, str) and d.strip() for d in self.direct):
            return [Problem("measure.param_names", {"value": repr(self.direct)}, field="direct")]
        return []

    def _fit_chunk(self, paths: Paths) -> tuple[Float, Float | None]:
        keys = {fold(d) for d in self.direct}
        is_direct = np.array([fold(c) in keys for c in paths.channels], dtype=bool)
        position = np.arange(len(paths.touches), dtype=np.int64)
        candidate = np.where(is_direct[paths.touches], -1, position)
        last_nd = np.maximum.reduceat(candidate, paths.offsets[:-1]) if len(paths) else candidate[:0]
        last = paths.offsets[1:] - 1
        return credit_from_touch_index(paths, np.where(last_nd >= 0, last_nd, last))


class Linear(PathwiseModel):
    """A path's credit shared equally among its touches."""

    name = "linear"

    def _fit_chunk(self, paths: Paths) -> tuple[Float, Float | None]:
        lengths = paths.lengths
        return credit_from_touch_shares(paths, np.repeat(1.0 / lengths, lengths))


class PositionBased(PathwiseModel):
    """``first`` of a path's credit to its first touch, ``last`` to its last, the rest shared equally among
    the touches between (40/20/40 by default, the U-shaped model). A path of two touches splits the credit
    in the ratio ``first : last`` (50/50 by default); a path of one touch gives it everything.

    Parameters
    ----------
    first, last : shares for the first and the last touch (each >= 0, together <= 1).
    """

    name = "position_based"

    def __init__(self, first: float = 0.4, last: float = 0.4) -> None:
        self.first = first
        self.last = last

    def _check_params(self) -> list[Problem]:
        problems: list[Problem] = []
        positive_number(self.first, "first", problems, allow_zero=True)
        positive_number(self.last, "last", problems, allow_zero=True)
        if not problems and not (0 < self.first + self.last <= 1):
            problems.append(
                Problem("measure.param_shares", {"first": self.first, "last": self.last}, field="first, last")
            )
        return problems

    def _fit_chunk(self, paths: Paths) -> tuple[Float, Float | None]:
        lengths = paths.lengths
        starts, ends = paths.offsets[:-1], paths.offsets[1:] - 1
        middle = np.where(lengths > 2, (1.0 - self.first - self.last) / np.maximum(lengths - 2, 1), 0.0)
        shares = np.repeat(middle, lengths)
        two = lengths == 2
        pair = self.first + self.last
        shares[starts] = np.where(two, self.first / pair, self.first)
        shares[ends] = np.where(two, self.last / pair, self.last)
        shares[starts[lengths == 1]] = 1.0
        return credit_from_touch_shares(paths, shares)


class TimeDecay(PathwiseModel):
    """A path's credit shared in proportion to ``2 ** (-age / half_life_days)``, where ``age`` is the time
    from the touch to the conversion: a touch a half-life older gets half the weight (GA4's time decay uses
    a 7-day half-life). Needs touch times, so it runs on journeys, not on aggregated path tables.

    Parameters
    ----------
    half_life_days : days after which a touch's weight halves (> 0).
    """

    name = "time_decay"
    needs_times = True

    def __init__(self, half_life_days: float = 7.0) -> None:
        self.half_life_days = half_life_days

    def _check_params(self) -> list[Problem]:
        problems: list[Problem] = []
        positive_number(self.half_life_days, "half_life_days", problems)
        return problems

    def _fit_chunk(self, paths: Paths) -> tuple[Float, Float | None]:
        assert paths.age_days is not None
        if not len(paths):
            return credit_from_touch_shares(paths, np.zeros(0))
        # subtract each path's youngest age first so that old journeys do not underflow to 0 / 0
        youngest = np.minimum.reduceat(paths.age_days, paths.offsets[:-1])
        rel = paths.age_days - np.repeat(youngest, paths.lengths)
        weight = np.exp2(-rel / self.half_life_days)
        total = np.add.reduceat(weight, paths.offsets[:-1])
        return credit_from_touch_shares(paths, weight / np.repeat(total, paths.lengths))
