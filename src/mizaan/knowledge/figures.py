"""Benchmark figures for one market, as typical values or as joint random draws.

Figures are drawn from a two-piece log-normal through low / typical / high, read as P10 / P50 / P90. The
planner's unit economics, its forecast and the simulator all read figures through ``FigureSource``, so
the same code serves one typical value and thousands of samples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from mizaan.knowledge.registry import CostModel
from mizaan.knowledge.schema import Figure

if TYPE_CHECKING:
    from mizaan.knowledge.base import KnowledgeBase

Array = NDArray[np.float64]
Z90 = 1.2815515655446004  # the standard normal's 90th percentile


class FigureSource:
    """Figures for one market, as typical values (``rng=None``) or ``n`` joint samples."""

    def __init__(self, kb: KnowledgeBase, country: str | None, rng: np.random.Generator | None = None, n: int = 1):
        self.kb = kb
        self.country = country
        self.rng = rng
        self.n = n if rng is not None else 1
        self.used: dict[str, Figure] = {}
        self._cache: dict[str, Array] = {}

    def figure(self, subject: str, metric: str) -> Figure:
        fig = self.kb.figure(subject, metric, self.country)
        self.used[fig.id] = fig
        return fig

    def get(self, subject: str, metric: str) -> Array:
        fig = self.figure(subject, metric)
        if fig.id not in self._cache:
            self._cache[fig.id] = self._draw(fig)
        return self._cache[fig.id]

    def typical(self, subject: str, metric: str) -> float:
        return self.figure(subject, metric).typical

    def role(self, model: CostModel, role: str, suffix: str = "") -> Array:
        """The figure a cost model names for ``role`` (its metric completed with ``suffix``)."""
        ref = model.ref(role)
        return self.get(ref.subject, ref.metric + suffix)

    def role_typical(self, model: CostModel, role: str) -> float:
        ref = model.ref(role)
        return self.typical(ref.subject, ref.metric)

    def _draw(self, fig: Figure) -> Array:
        if self.rng is None or fig.low == fig.high:
            return np.full(self.n, fig.typical)
        z = self.rng.standard_normal(self.n)
        typ = max(fig.typical, 1e-12)
        s_lo = np.log(typ / fig.low) / Z90 if fig.low > 0 else 1.0
        s_hi = np.log(fig.high / typ) / Z90
        return np.asarray(typ * np.exp(np.where(z < 0, z * s_lo, z * s_hi)), dtype=np.float64)
