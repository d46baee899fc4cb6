"""A logistic model over one B-spline per feature (a generalised additive model), as plain arrays scored
with SciPy: what scikit-learn's ``SplineTransformer`` and ``LogisticRegression`` learned, without pickles."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.interpolate import BSpline

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Additive:
    """A logistic model over one B-spline per feature: log-odds = intercept + sum of the curves."""

    knots: list[Array]
    coefs: list[Array]
    degree: int
    intercept: float

    def log_odds(self, x: Array) -> Array:
        out = np.full(x.shape[0], self.intercept, dtype=np.float64)
        k = self.degree
        for j, (t, c) in enumerate(zip(self.knots, self.coefs, strict=True)):
            lo, hi = t[k], t[-k - 1]
            curve = BSpline(t, c, k, extrapolate=False)
            out += np.asarray(curve(np.clip(x[:, j], lo, hi)), dtype=np.float64)  # constant beyond the range
        return out
