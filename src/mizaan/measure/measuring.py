"""``measure(engine)``: the store's funnel, ROI and attribution, e-marketing and influencers side by side.

Everything heavy runs in the engine (``queries.py``): aggregates come back small, and journeys stream in
batches into ``journeys.py``. This module joins the pieces: money into one currency (only with a rate table
when the store holds several), each channel's funnel (spend, impressions, reach, clicks, visits,
conversions, revenue, CPA, ROAS) in total and per period, every attribution model's credit, the three views
of results (what the platforms claim, what promo codes and tracked links show, what the models credit), and
— for a simulated world — the truth and each model's distance from it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from mizaan.errors import InputError, Problem
from mizaan.i18n import LANGS, t
from mizaan.ingest.channels import Taxonomy, load_taxonomy
from mizaan.ingest.currency import RateTable
from mizaan.measure import queries as q
from mizaan.measure.accuracy import accuracy
from mizaan.measure.attribute import MODEL_NAMES, make_models, summarize
from mizaan.measure.engines import QueryEngine
from mizaan.measure.funnel import FunnelSum, family_results
from mizaan.measure.influencer_results import influencer_results
from mizaan.measure.journeys import JourneyAggregate, build_journeys
from mizaan.measure.money import Money, as_int, ratios
from mizaan.measure.paths import Paths
from mizaan.measure.pathtable import path_table_to_paths
from mizaan.measure.result import AttributionReport, ChannelCredit, InputSummary, ModelResult
from mizaan.measure.summary import (
    ChannelResult,
    Credit,
    Family,
    Measurement,
    Note,
    PeriodRow,
    Totals,
    TrueEffect,
)
from mizaan.measure.truth import Truth

FUNNEL_MODELS = ("first_touch", "last_touch", "last_non_direct", "linear", "position_based", "shapley")
DEFAULT_FUNNEL_MODEL = "shapley"  # the closest path-wise model to the simulated truth (bench/measure_accuracy.py)
Progress = Callable[[int, int], None]  # (events read, events in all)


def _attribution(
    agg: JourneyAggregate, models: Sequence[str], half_life_days: float
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
        else:
            results.append(make_models([name])[0].fit(paths).result())
    summary = summarize(paths, "store").model_copy(update={"touches": agg.touches, "has_times": True})
    return AttributionReport(input=summary, results=results), paths


def _period_credit(agg: JourneyAggregate, model: str) -> dict[tuple[str, str], tuple[float, float]]:
    """(period, channel) -> conversions and value credited by a path-wise model, period by period."""
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
    tax = taxonomy or load_taxonomy()
    window = q.Window(start, end)
    money = Money(engine, window, rates, truth.currency if truth else None)

    def family(channel: str) -> Family:
        fam = tax.family.get(channel, "baseline")
        return fam

    # ---- the engine's aggregates
    per: dict[tuple[str, str], FunnelSum] = defaultdict(FunnelSum)  # (period, channel)
    ch_extra: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(lambda: None))
    for r in engine.query(q.spend_sql(window, period)).to_pylist():
        a = per[(r["period"].isoformat(), r["channel"])]
        a.spend += money(r["cost"], r["currency"])
        a.impressions += as_int(r["impressions"])
        a.reach += as_int(r["reach"])
        a.clicks += as_int(r["clicks"])
        e = ch_extra[r["channel"]]
        if r["platform_conversions"] is not None:
            e["platform_conversions"] = (e["platform_conversions"] or 0.0) + float(r["platform_conversions"])
        if r["platform_conversion_value"] is not None:
            e["platform_value"] = (e["platform_value"] or Decimal(0)) + money(
                r["platform_conversion_value"], r["currency"]
            )
    for r in engine.query(q.posts_sql(window, period)).to_pylist():
        a = per[(r["period"].isoformat(), r["channel"])]
        a.spend += money(r["cost"], r["currency"])
        a.impressions += as_int(r["views"])
        a.clicks += as_int(r["link_clicks"])
        e = ch_extra[r["channel"]]
        e["posts"] = (e["posts"] or 0) + as_int(r["posts"])
        e["engagements"] = (e["engagements"] or 0) + as_int(r["engagements"])
    touchpoints: dict[str, int] = defaultdict(int)
    for r in engine.query(q.touches_sql(window, period)).to_pylist():
        touchpoints[r["kind"]] += int(r["touches"])
        if r["kind"] == "visit":
            per[(r["period"].isoformat(), r["channel"])].visits += int(r["touches"])
    orders, revenue = 0, Decimal(0)
    for r in engine.query(q.tracked_orders_sql(window, period)).to_pylist():
        orders += int(r["orders"])
        amount = money(r["revenue"], r["currency"])
        revenue += amount
        if r["via"] in ("code", "link"):
            e = ch_extra[r["channel"]]
            e[f"{r['via']}_orders"] = (e[f"{r['via']}_orders"] or 0) + int(r["orders"])
            e[f"{r['via']}_revenue"] = (e[f"{r['via']}_revenue"] or Decimal(0)) + amount
    conv_total = sum(int(r["conversions"]) for r in engine.query(q.conversions_sql(window, period)).to_pylist())

    # ---- journeys and the models
    total_events = int(engine.query(q.events_count_sql(window)).column(0)[0].as_py() or 0)
    tick = None if progress is None else (lambda done: progress(done, total_events))
    if progress is not None:
        progress(0, total_events)
    agg = build_journeys(engine.stream(q.events_sql(window)), period, half_life_days, tick)
    report, _ = _attribution(agg, models, half_life_days)
    for (p, ch), (c, v) in _period_credit(agg, funnel_model).items():
        per[(p, ch)].conversions += c
        per[(p, ch)].revenue += v

    # ---- per channel
    channels = sorted(
        {ch for _, ch in per} | set(report.input.channels) | set(ch_extra) | set(truth.channels if truth else ())
    )
    totals_by_channel: dict[str, FunnelSum] = defaultdict(FunnelSum)
    for (_, ch), a in per.items():
        totals_by_channel[ch].add(a)
    results: list[ChannelResult] = []
    for ch in channels:
        acc = totals_by_channel[ch]
        e = ch_extra[ch]
        credit = {}
        for r in report.results:
            got = r.channels.get(ch)
            conv = got.conversions if got else 0.0
            val = got.value if got else 0.0
            cpa, roas = ratios(acc.spend, conv, val)
            credit[r.model] = Credit(conversions=conv, value=val, cpa=cpa, roas=roas)
        true = None
        if truth is not None:
            tc = truth.channels.get(ch)
            conv, rev = (tc.true_incremental_conversions, tc.true_incremental_revenue) if tc else (0.0, Decimal(0))
            cpa, roas = ratios(acc.spend, conv, float(rev))
            true = TrueEffect(conversions=conv, revenue=rev, cpa=cpa, roas=roas)
        results.append(
            ChannelResult(
                channel=ch,
                family=family(ch),
                funnel=acc.funnel(),
                posts=e["posts"],
                engagements=e["engagements"],
                platform_conversions=e["platform_conversions"],
                platform_value=e["platform_value"],
                code_orders=e["code_orders"] or 0,
                code_revenue=e["code_revenue"] or Decimal(0),
                link_orders=e["link_orders"] or 0,
                link_revenue=e["link_revenue"] or Decimal(0),
                credit=credit,
                truth=true,
            )
        )

    families = family_results(results, truth)
    series = [
        PeriodRow(period=dt.date.fromisoformat(p), channel=ch, family=family(ch), funnel=a.funnel())
        for (p, ch), a in sorted(per.items())
        if not a.empty()
    ]
    influencers = influencer_results(engine, window, money, results, truth)
    notes = []
    if truth is not None and (start or end):
        notes.append(_note("measure.note.truth_window"))
    if agg.unattributed:
        notes.append(_note("measure.note.unattributed", count=f"{agg.unattributed:,.0f}"))
    if agg.touches == 0:
        notes.append(_note("measure.note.no_touchpoints"))
    totals = Totals(
        spend=sum((r.funnel.spend for r in results), Decimal(0)),
        conversions=float(conv_total),
        value=agg.value,
        orders=orders,
        revenue=revenue,
        touchpoints=dict(sorted(touchpoints.items())),
        journeys=agg.journeys,
        unattributed_conversions=agg.unattributed,
        unattributed_value=agg.unattributed_value,
    )
    return Measurement(
        store=store,
        engine=engine.name,
        start=start,
        end=end,
        period=period,
        currency=money.currency,
        funnel_model=funnel_model,
        totals=totals,
        families=families,
        channels=results,
        series=series,
        influencers=influencers,
        attribution=report,
        accuracy=accuracy(report, truth, tax) if truth is not None and report.results else None,
        notes=notes,
    )


def _note(key: str, **params: Any) -> Note:
    return Note(key=key, text={lang: t(key, lang, **params) for lang in LANGS})
