"""Every attribution model on the same paths, side by side: ``attribute(paths)`` fits each model and
returns an ``AttributionReport`` (what ``mizaan attribute`` prints)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from mizaan.i18n import LANGS, t
from mizaan.measure.base import AttributionModel
from mizaan.measure.heuristics import (
    DEFAULT_DIRECT,
    FirstTouch,
    LastNonDirect,
    LastTouch,
    Linear,
    PositionBased,
    TimeDecay,
)
from mizaan.measure.markov import MAX_ORDER, MarkovAttribution
from mizaan.measure.paths import Paths
from mizaan.measure.result import AttributionReport, InputSummary, Skipped
from mizaan.measure.shapley import ShapleyAttribution

MODEL_NAMES = (
    "first_touch",
    "last_touch",
    "last_non_direct",
    "linear",
    "position_based",
    "time_decay",
    *(f"markov_{k}" for k in range(1, MAX_ORDER + 1)),
    "shapley",
    "shapley_ordered",
)


def make_models(
    names: Sequence[str] = MODEL_NAMES,
    *,
    direct: Iterable[str] = DEFAULT_DIRECT,
    half_life_days: float = 7.0,
    first: float = 0.4,
    last: float = 0.4,
) -> list[AttributionModel]:
    """The models called ``names`` (see ``MODEL_NAMES``), with these settings; raises ``KeyError`` for an
    unknown name."""
    out: list[AttributionModel] = []
    for name in names:
        if name.startswith("markov_") and name in MODEL_NAMES:
            out.append(MarkovAttribution(order=int(name.removeprefix("markov_"))))
            continue
        factories: dict[str, Callable[[], AttributionModel]] = {
            "first_touch": FirstTouch,
            "last_touch": LastTouch,
            "last_non_direct": lambda: LastNonDirect(direct=direct),
            "linear": Linear,
            "position_based": lambda: PositionBased(first=first, last=last),
            "time_decay": lambda: TimeDecay(half_life_days=half_life_days),
            "shapley": ShapleyAttribution,
            "shapley_ordered": lambda: ShapleyAttribution(ordered=True),
        }
        out.append(factories[name]())
    return out


def summarize(paths: Paths, source: str | None = None) -> InputSummary:
    return InputSummary(
        source=source,
        paths=len(paths),
        touches=len(paths.touches),
        channels=list(paths.channels),
        total_conversions=paths.total_conversions,
        total_value=paths.total_value,
        total_null=paths.total_nulls,
        longest_path=int(paths.lengths.max()) if len(paths) else 0,
        has_times=paths.has_times,
    )


def attribute(
    paths: Paths, models: Sequence[AttributionModel] | None = None, source: str | None = None
) -> AttributionReport:
    """Fit every model (all of ``MODEL_NAMES`` by default) on ``paths``. A model that needs touch times is
    skipped, with its reason, when the paths have none (aggregated path tables)."""
    chosen = list(models) if models is not None else make_models()
    results = []
    skipped: dict[str, Skipped] = {}
    for model in chosen:
        if model.needs_times and not paths.has_times:
            key = "measure.skipped_no_times"
            skipped[model.key] = Skipped(reason_key=key, reason={lang: t(key, lang) for lang in LANGS})
            continue
        results.append(model.fit(paths).result())
    return AttributionReport(input=summarize(paths, source), results=results, skipped=skipped)
