"""``measure(engine)``: the store's funnel, ROI and attribution, e-marketing and influencers side by side.

Everything heavy runs in the engine (``queries.py``): aggregates come back small (``aggregates.py`` reads
them, money converted into one currency, with a rate table when the store holds several), and journeys
stream in batches into ``journeys.py``. This module joins the pieces: every attribution model's credit, in
total and period by period; each channel's funnel (spend, impressions, reach, clicks, visits, conversions,
revenue, CPA, ROAS) and its three views of results — what the platforms claim, what promo codes and
tracked links show, what the models credit (``channel_results.py``); the families and influencers; and —
for a simulated world — the truth and each model's distance from it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from mizaan.errors import InputError, Problem
from mizaan.i18n import LANGS, Counted, t
from mizaan.ingest import RateTable, Taxonomy, load_taxonomy
from mizaan.measure import queries as q
from mizaan.measure.accuracy import accuracy
from mizaan.measure.aggregates import StoreAggregates, read_aggregates
from mizaan.measure.attribute import MODEL_NAMES, make_models, summarize
from mizaan.measure.channel_results import channel_results, measured_channels, period_rows
from mizaan.measure.counted import COUNTED_MODELS, PathCounts, count_paths
from mizaan.measure.engines import QueryEngine
from mizaan.measure.funnel import family_results
from mizaan.measure.influencer_results import influencer_results
from mizaan.measure.journeys import JourneyAggregate, build_journeys
from mizaan.measure.journeys_sql import aggregate_journeys
from mizaan.measure.money import Money
from mizaan.measure.paths import Paths
from mizaan.measure.pathtable import path_table_to_paths
from mizaan.measure.result import AttributionReport, ChannelCredit, InputSummary, ModelResult
from mizaan.measure.summary import (
    ChannelResult,
    ConvertedMoney,
    CreatorLiftSummary,
    Family,
    Measurement,
    Note,
    Totals,
    UnassignedValue,
)
from mizaan.measure.truth import Truth

FUNNEL_MODELS = ("first_touch", "last_touch", "last_non_direct", "linear", "position_based", "shapley")
DEFAULT_FUNNEL_MODEL = "shapley"  # the closest path-wise model to the simulated truth (bench/measure_accuracy.py)
Progress = Callable[[int, int], None]  # (events read, events in all)


def _attribution(
    agg: JourneyAggregate, models: Sequence[str], half_life_days: float, counts: PathCounts | None = None
) -> tuple[AttributionReport, Paths | None]:
    table = agg.table("all")
    if table.num_rows == 0:
        summary = InputSummary(
            paths=0,
            touches=0,
            channels=[],
            total_conversions=0.0,
            total_value=0.0,
            total_null=0.0,
            longest_path=0,
            has_times=True,
        )
        return AttributionReport(input=summary, results=[]), None
    paths = path_table_to_paths(table)
    results: list[ModelResult] = []
    for name in models:
        if name == "time_decay":
            channels = {
                ch: ChannelCredit(conversions=agg.time_decay.get(ch, 0.0), value=agg.time_decay_value.get(ch, 0.0))
                for ch in paths.channels
            }
            results.append(ModelResult(model=name, params={"half_life_days": half_life_days}, channels=channels))
        elif counts is not None and name in COUNTED_MODELS:  # counted on the engine: only the model is solved here
            results.append(counts.fit(name))
        else:
            results.append(make_models([name])[0].fit(paths).result())
    summary = summarize(paths, "store").model_copy(update={"touches": agg.touches, "has_times": True})
    return AttributionReport(input=summary, results=results), paths


def _period_credit(
    agg: JourneyAggregate, model: str, counts: PathCounts | None = None
) -> dict[tuple[str, str], tuple[float, float]]:
    """(period, channel) -> conversions and value credited by a path-wise model, period by period."""
    if counts is not None and model == "shapley":
        return counts.shapley_by_period()
    out: dict[tuple[str, str], tuple[float, float]] = {}
    table = agg.paths.filter(agg.paths["period"].is_valid())
    if table.num_rows == 0:
        return out
    paths = path_table_to_paths(table.drop_columns(["period"]))
    periods = table["period"].to_pylist()
    by_period: dict[dt.date, list[int]] = defaultdict(list)
    for i, p in enumerate(periods):
        by_period[p].append(i)
    import numpy as np

    for p, rows in sorted(by_period.items()):
        keep = np.zeros(len(periods), dtype=bool)
        keep[rows] = True
        fitted = make_models([model])[0].fit(paths.select(keep))
        for ch, c in fitted.credit_.items():
            v = (fitted.value_credit_ or {}).get(ch, 0.0)
            if c or v:
                out[(p.isoformat(), ch)] = (c, v)
    return out


def measure(
    engine: QueryEngine,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    period: q.Period = "month",
    truth: Truth | None = None,
    rates: RateTable | None = None,
    funnel_model: str = DEFAULT_FUNNEL_MODEL,
    models: Sequence[str] = MODEL_NAMES,
    half_life_days: float = 7.0,
    taxonomy: Taxonomy | None = None,
    store: str | None = None,
    progress: Progress | None = None,
) -> Measurement:
    """Measure what the store's channels brought between ``start`` and ``end`` (days, both included).

    ``funnel_model`` credits conversions in the funnel and per period (a path-wise model); every model in
    ``models`` is shown side by side. With ``truth`` (a simulated world's ``truth.json``) each channel and
    influencer carries its true effect, and ``accuracy`` each model's distance from it.
    """
    _check_inputs(period, funnel_model, models, start, end)
    tax = taxonomy or load_taxonomy()
    window = q.Window(start, end)
    money = Money(engine, window, rates, truth.currency if truth else None)

    def family(channel: str) -> Family:
        fam = tax.family.get(channel, "baseline")
        return fam

    store_agg = read_aggregates(engine, window, period, money)
    journeys = _journeys(engine, window, period, half_life_days, progress)
    counts = None
    if getattr(engine, "aggregates_journeys", False):  # Markov and Shapley counted where the events are
        counts = count_paths(engine.query, window, period, [*models, funnel_model], engine.name)
    report, _ = _attribution(journeys, models, half_life_days, counts)
    for (p, ch), (c, v) in _period_credit(journeys, funnel_model, counts).items():
        store_agg.per[(p, ch)].conversions += c
        store_agg.per[(p, ch)].revenue += v

    results = channel_results(measured_channels(store_agg, report, truth), store_agg, report, truth, family)
    influencers, unassigned, lift = influencer_results(engine, window, money, results, truth, half_life_days)
    used = {c: r for c, r in money.rates.items() if c != money.currency}
    converted = (
        ConvertedMoney(target=money.currency, rates=used, as_of=rates.as_of, source=rates.source)
        if rates is not None and used
        else None
    )
    return Measurement(
        store=store,
        engine=engine.name,
        start=start,
        end=end,
        period=period,
        currency=money.currency,
        funnel_model=funnel_model,
        totals=_totals(results, store_agg, journeys),
        families=family_results(results, truth),
        channels=results,
        series=period_rows(store_agg, family),
        influencers=influencers,
        unassigned=unassigned,
        attribution=report,
        creator_lift=lift,
        accuracy=accuracy(report, truth, tax) if truth is not None and report.results else None,
        converted=converted,
        notes=_notes(journeys, truth, start, end)
        + _rates_notes(converted)
        + _unassigned_notes(unassigned)
        + _lift_notes(lift),
    )


def _check_inputs(
    period: str, funnel_model: str, models: Sequence[str], start: dt.date | None, end: dt.date | None
) -> None:
    """Every problem with the arguments at once, as one ``InputError``."""
    problems = []
    if period not in q.PERIODS:
        problems.append(Problem("measure.bad_period", {"value": period, "expected": ", ".join(q.PERIODS)}, field="by"))
    if funnel_model not in FUNNEL_MODELS:
        problems.append(
            Problem(
                "measure.bad_funnel_model", {"value": funnel_model, "expected": ", ".join(FUNNEL_MODELS)}, field="model"
            )
        )
    unknown = [m for m in models if m not in MODEL_NAMES]
    problems += [
        Problem("measure.unknown_model", {"value": m, "expected": ", ".join(MODEL_NAMES)}, field="models")
        for m in unknown
    ]
    if start is not None and end is not None and end < start:
        problems.append(Problem("measure.bad_window", {"start": start.isoformat(), "end": end.isoformat()}, field="to"))
    if problems:
        raise InputError(problems, key="measure.bad_input")


def _journeys(
    engine: QueryEngine, window: q.Window, period: q.Period, half_life_days: float, progress: Progress | None
) -> JourneyAggregate:
    """The window's events streamed from the engine into journeys, reporting progress as they are read."""
    total_events = int(engine.query(q.events_count_sql(window)).column(0)[0].as_py() or 0)
    tick = None if progress is None else (lambda done: progress(done, total_events))
    if progress is not None:
        progress(0, total_events)
    if getattr(engine, "aggregates_journeys", False):  # a distributed engine: journeys stay where the events are
        agg = aggregate_journeys(engine.query, window, period, half_life_days, engine.name)
        if tick is not None:
            tick(total_events)
        return agg
    return build_journeys(engine.stream(q.events_sql(window)), period, half_life_days, tick)


def _totals(results: list[ChannelResult], store_agg: StoreAggregates, journeys: JourneyAggregate) -> Totals:
    return Totals(
        spend=sum((r.funnel.spend for r in results), Decimal(0)),
        conversions=float(store_agg.conversions),
        value=journeys.value,
        orders=store_agg.orders,
        revenue=store_agg.revenue,
        touchpoints=dict(sorted(store_agg.touchpoints.items())),
        journeys=journeys.journeys,
        unattributed_conversions=journeys.unattributed,
        unattributed_value=journeys.unattributed_value,
    )


def _notes(journeys: JourneyAggregate, truth: Truth | None, start: dt.date | None, end: dt.date | None) -> list[Note]:
    """What the reader must know to read the figures right."""
    notes = []
    if truth is not None and (start or end):
        notes.append(_note("measure.note.truth_window"))
    if journeys.unattributed:
        notes.append(
            _note("measure.note.unattributed", count=Counted(journeys.unattributed, f"{journeys.unattributed:,.0f}"))
        )
    if journeys.touches == 0:
        notes.append(_note("measure.note.no_touchpoints"))
    return notes


def _rates_notes(converted: ConvertedMoney | None) -> list[Note]:
    """Converted money is disclosed: the rates, their date and source."""
    if converted is None:
        return []
    rates = ", ".join(f"1 {c} = {r.normalize():f} {converted.target}" for c, r in sorted(converted.rates.items()))
    return [
        _note(
            "measure.note.converted",
            target=converted.target,
            rates=rates,
            as_of=converted.as_of or "—",
            source=converted.source or "—",
        )
    ]


def _unassigned_notes(unassigned: Sequence[UnassignedValue]) -> list[Note]:
    """How many influencer touches and orders went to no creator, by reason (listed in ``unassigned``)."""
    notes = []
    for what, reason in (
        ("touches", "no_creator"),
        ("touches", "several_creators"),
        ("touches", "other_tier"),
        ("orders", "no_creator"),
        ("orders", "several_creators"),
        ("orders", "shared_code"),
    ):
        n = sum(u.count for u in unassigned if u.what == what and u.reason == reason)
        if n:
            values = sorted({v for u in unassigned if u.what == what and u.reason == reason for v in _shown(u)})
            notes.append(
                _note(
                    f"measure.note.unassigned.{what}.{reason}",
                    count=Counted(n, f"{n:,}"),
                    values=", ".join(values[:5]) + (" …" if len(values) > 5 else ""),
                )
            )
    return notes


def _lift_notes(lift: CreatorLiftSummary | None) -> list[Note]:
    """Which method gave the creators' lift and why (or why none could)."""
    if lift is None:
        return []
    key = f"measure.lift.note.{lift.method}.{lift.reason}"
    if lift.reason == "few_days":
        return [_note(key, count=Counted(lift.days, f"{lift.days:,}"))]
    p = "—" if lift.p_value is None else "< 0.001" if lift.p_value < 0.001 else f"{lift.p_value:.3f}"
    return [_note(key, p=p) if lift.method != "none" else _note(key)]


def _shown(u: UnassignedValue) -> list[str]:
    """What a note quotes of an unassigned value: the code and its creators, or the tags."""
    if u.reason == "shared_code":
        return [f"{u.code} ({' / '.join(u.creators)})"]
    if u.creators:
        return [" / ".join(u.creators)]
    return [v for v in (u.content, u.campaign, u.source) if v][:1] or ["∅"]


def _note(key: str, **params: Any) -> Note:
    return Note(key=key, text={lang: t(key, lang, **params) for lang in LANGS})
