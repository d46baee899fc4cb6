"""What every attribution model shares, in scikit-learn's style: ``__init__`` stores parameters only,
``fit(paths)`` validates its input, learns and returns ``self``; what it learned ends with ``_``.

After ``fit``:

- ``channels_`` — the channel names, as in the paths;
- ``credit_`` — conversions credited to each channel (they add up to the paths' total conversions);
- ``value_credit_`` — conversion value credited to each channel (adds up to the total value), or ``None``
  when the paths carry no value.

``result()`` returns the same as a typed ``ModelResult``.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from typing import Any, ClassVar, Self

import numpy as np

from mizaan.errors import InputError, Problem
from mizaan.measure.paths import Float, Paths
from mizaan.measure.result import ChannelCredit, ModelResult


class AttributionModel(ABC):
    """Base class of the attribution models; never used itself."""

    name: ClassVar[str]
    needs_times: ClassVar[bool] = False

    channels_: tuple[str, ...]
    credit_: dict[str, float]
    value_credit_: dict[str, float] | None

    def get_params(self) -> dict[str, Any]:
        """The parameters given to ``__init__`` (for reports and for cloning)."""
        params = inspect.signature(type(self).__init__).parameters.values()
        names = [p.name for p in params if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        out: dict[str, Any] = {}
        for n in names:
            v = getattr(self, n)
            out[n] = list(v) if isinstance(v, tuple | frozenset | set) else v
        return out

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    @property
    def key(self) -> str:
        """The model's name in reports (``markov_2``, ``shapley_ordered``...)."""
        return self.name

    def fit(self, paths: Paths) -> Self:
        """Learn each channel's credit from ``paths``; returns ``self``."""
        problems = self._check_params()
        if not isinstance(paths, Paths):
            problems.append(Problem("measure.not_paths", {"got": type(paths).__name__}, field="paths"))
        elif self.needs_times and not paths.has_times:
            problems.append(Problem("measure.needs_times", {"model": self.key}, field="paths"))
        if problems:
            raise InputError(problems, key="measure.bad_input")
        conv, value = self._fit(paths)
        self._learned(paths.channels, conv, value)
        return self

    def _learned(self, channels: tuple[str, ...], conv: Float, value: Float | None) -> None:
        """Keep the credit per channel (for ``fit`` and for the models that can also be fitted on counts)."""
        self.channels_ = channels
        self.credit_ = dict(zip(channels, conv.tolist(), strict=True))
        self.value_credit_ = None if value is None else dict(zip(channels, value.tolist(), strict=True))

    def _check_params(self) -> list[Problem]:
        """Problems with the parameters (each names the parameter as ``field``)."""
        return []

    @abstractmethod
    def _fit(self, paths: Paths) -> tuple[Float, Float | None]:
        """Credit per channel code for conversions and for value (``None`` without value)."""

    def _diagnostics(self) -> dict[str, Any]:
        return {}

    def _extra(self, channel: str) -> dict[str, float]:
        return {}

    def result(self) -> ModelResult:
        """The fitted credit as a ``ModelResult``."""
        if not hasattr(self, "credit_"):
            raise RuntimeError(f"{type(self).__name__} is not fitted yet; call fit(paths) first")
        channels = {
            ch: ChannelCredit(
                conversions=self.credit_[ch],
                value=None if self.value_credit_ is None else self.value_credit_[ch],
                **self._extra(ch),
            )
            for ch in self.channels_
        }
        return ModelResult(model=self.key, params=self.get_params(), channels=channels, diagnostics=self._diagnostics())


class PathwiseModel(AttributionModel):
    """A model whose credit is a sum of each path's own shares: computed over chunks of paths, so memory
    stays bounded whatever the number of paths."""

    def _fit(self, paths: Paths) -> tuple[Float, Float | None]:
        n_ch = len(paths.channels)
        conv = np.zeros(n_ch)
        value = None if paths.value is None else np.zeros(n_ch)
        for chunk in paths.chunks():
            c, v = self._fit_chunk(chunk)
            conv += c
            if value is not None and v is not None:
                value += v
        return conv, value

    @abstractmethod
    def _fit_chunk(self, paths: Paths) -> tuple[Float, Float | None]:
        """Credit per channel code from these paths alone."""


def credit_from_touch_shares(paths: Paths, shares: Float) -> tuple[Float, Float | None]:
    """Credit per channel when each touch gets ``shares[t]`` of its path (shares add to 1 per path)."""
    n_ch = len(paths.channels)
    owner = paths.path_of_touch
    conv = np.bincount(paths.touches, weights=shares * paths.conversions[owner], minlength=n_ch)
    value = None
    if paths.value is not None:
        value = np.asarray(
            np.bincount(paths.touches, weights=shares * paths.value[owner], minlength=n_ch), dtype=np.float64
        )
    return conv.astype(np.float64), value


def credit_from_touch_index(paths: Paths, touch: np.ndarray) -> tuple[Float, Float | None]:
    """Credit per channel when each path gives all its credit to one touch (``touch[i]`` for path ``i``)."""
    n_ch = len(paths.channels)
    chosen = paths.touches[touch]
    conv = np.bincount(chosen, weights=paths.conversions, minlength=n_ch)
    value = None
    if paths.value is not None:
        value = np.asarray(np.bincount(chosen, weights=paths.value, minlength=n_ch), dtype=np.float64)
    return conv.astype(np.float64), value


def positive_number(value: Any, field: str, problems: list[Problem], *, allow_zero: bool = False) -> None:
    """Adds a problem unless ``value`` is a finite number > 0 (or >= 0)."""
    ok = (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and np.isfinite(value)
        and (value >= 0 if allow_zero else value > 0)
    )
    if not ok:
        key = "measure.param_non_negative" if allow_zero else "measure.param_positive"
        problems.append(Problem(key, {"value": repr(value)}, field=field))
