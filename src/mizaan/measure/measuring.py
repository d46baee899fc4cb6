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

import pyarrow as pa

from mizaan.errors import InputError, Problem
from mizaan.i18n import LANGS, t
from mizaan.ingest.channels import Taxonomy, load_taxonomy
from mizaan.ingest.currency import RateTable
from mizaan.measure import queries as q
from mizaan.measure.accuracy import accuracy
from mizaan.measure.attribute import MODEL_NAMES, make_models, summarize
from mizaan.measure.engines import QueryEngine
from mizaan.measure.journeys import JourneyAggregate, build_journeys
from mizaan.measure.paths import Paths
from mizaan.measure.pathtable import path_table_to_paths
from mizaan.measure.result import AttributionReport, ChannelCredit, InputSummary, ModelResult
from mizaan.measure.summary import (
    FAMILIES,
    ChannelResult,
    Credit,
    Family,
    FamilyResult,
    Funnel,
    InfluencerResult,
    Measurement,
    Note,
    PeriodRow,
    Totals,
    TrueEffect,
)
from mizaan.measure.truth import Truth

FUNNEL_MODELS = ("first_touch", "last_touch", "last_non_direct", "linear", "position_based", "shapley")
DEFAULT_FUNNEL_MODEL = "shapley"  # the closest path-wise model to the simulated truth (bench/measure_accuracy.py)
NO_CURRENCY = "XXX"  # ISO 4217: no currency (an empty store)
Progress = Callable[[int, int], None]  # (events read, events in all)


def _dec(v: Any) -> Decimal:
    return Decimal(0) if v is None else Decimal(v)


def _int(v: Any) -> int:
    return 0 if v is None else int(v)


def ratios(spend: Decimal, conversions: float, value: float | None) -> tuple[float | None, float | None]:
    """(CPA, ROAS): spend per conversion and value per unit of spend; ``None`` where undefined."""
    s = float(spend)
    cpa = s / conversions if s > 0 and conversions > 0 else None
    roas = (value or 0.0) / s if s > 0 and value is not None else None
    return cpa, roas


class _Money:
    """Amounts into the report's currency: as stored when there is one currency, else with the rate table."""

    def __init__(self, engine: QueryEngine, window: q.Window, rates: RateTable | None, fallback: str | None) -> None:
        found = sorted({str(r["currency"]) for r in engine.query(q.currencies_sql(window)).to_pylist()})
        if rates is not None:
            missing = [c for c in found if c != rates.target and c not in rates.rates]
            if missing:
                raise InputError(
                    [Problem("ingest.currency.no_rate", {"currency": c, "target": rates.target}) for c in missing]
                )
            self.currency = rates.target
            self.rates = {c: rates.rate(c) for c in found}
        elif len(found) > 1:
            raise InputError([Problem("measure.several_currencies", {"currencies": ", ".join(found)})])
        else:
            self.currency = found[0] if found else (fallback or NO_CURRENCY)
            self.rates = {c: Decimal(1) for c in found}
        engine.register(
            q.RATES_TABLE,
            pa.table(
                {
                    "currency": pa.array(list(self.rates), pa.string()),
                    "rate": pa.array([float(r) for r in self.rates.values()], pa.float64()),
                }
            ),
        )

    def __call__(self, amount: Any, currency: Any) -> Decimal:
        if amount is None:
            return Decimal(0)
        return trim(Decimal(amount) * self.rates.get(str(currency), Decimal(1)))


def trim(v: Decimal) -> Decimal:
    """``1234.500000000000`` as ``1234.50``: trailing zeros beyond the cents dropped (nothing is rounded)."""
    q = v.quantize(Decimal("0.01"))
    return q if q == v else v.normalize()


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


class _Acc:
    """A funnel being added up."""

    def __init__(self) -> None:
        self.spend = Decimal(0)
        self.impressions = self.reach = self.clicks = self.visits = 0
        self.conversions = self.revenue = 0.0

    def add(self, other: _Acc) -> None:
        self.spend += other.spend
        self.impressions += other.impressions
        self.reach += other.reach
        self.clicks += other.clicks
        self.visits += other.visits
        self.conversions += other.conversions
        self.revenue += other.revenue

    def funnel(self) -> Funnel:
        cpa, roas = ratios(self.spend, self.conversions, self.revenue)
        return Funnel(
            spend=self.spend,
            impressions=self.impressions,
            reach=self.reach,
            clicks=self.clicks,
            visits=self.visits,
            conversions=self.conversions,
            revenue=self.revenue,
            cpa=cpa,
            roas=roas,
        )

    def empty(self) -> bool:
        return not (self.spend or self.impressions or self.reach or self.clicks or self.visits or self.conversions)


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
    money = _Money(engine, window, rates, truth.currency if truth else None)

    def family(channel: str) -> Family:
        fam = tax.family.get(channel, "baseline")
        return fam

    # ---- the engine's aggregates
    per: dict[tuple[str, str], _Acc] = defaultdict(_Acc)  # (period, channel)
    ch_extra: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(lambda: None))
    for r in engine.query(q.spend_sql(window, period)).to_pylist():
        a = per[(r["period"].isoformat(), r["channel"])]
        a.spend += money(r["cost"], r["currency"])
        a.impressions += _int(r["impressions"])
        a.reach += _int(r["reach"])
        a.clicks += _int(r["clicks"])
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
        a.impressions += _int(r["views"])
        a.clicks += _int(r["link_clicks"])
        e = ch_extra[r["channel"]]
        e["posts"] = (e["posts"] or 0) + _int(r["posts"])
        e["engagements"] = (e["engagements"] or 0) + _int(r["engagements"])
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
    totals_by_channel: dict[str, _Acc] = defaultdict(_Acc)
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

    families = _families(results, truth)
    series = [
        PeriodRow(period=dt.date.fromisoformat(p), channel=ch, family=family(ch), funnel=a.funnel())
        for (p, ch), a in sorted(per.items())
        if not a.empty()
    ]
    influencers = _influencers(engine, window, money, results, truth)
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


def _families(results: list[ChannelResult], truth: Truth | None) -> list[FamilyResult]:
    out = []
    for fam in FAMILIES:
        members = [r for r in results if r.family == fam]
        acc = _Acc()
        for r in members:
            f = r.funnel
            acc.spend += f.spend
            acc.impressions += f.impressions
            acc.reach += f.reach
            acc.clicks += f.clicks
            acc.visits += f.visits
            acc.conversions += f.conversions
            acc.revenue += f.revenue
        models = {m for r in members for m in r.credit}
        credit = {}
        for m in sorted(models):
            conv = sum(r.credit[m].conversions for r in members if m in r.credit)
            val = sum(r.credit[m].value or 0.0 for r in members if m in r.credit)
            cpa, roas = ratios(acc.spend, conv, val)
            credit[m] = Credit(conversions=conv, value=val, cpa=cpa, roas=roas)
        true = None
        if truth is not None:
            conv = sum(r.truth.conversions for r in members if r.truth)
            rev = sum((r.truth.revenue for r in members if r.truth), Decimal(0))
            if fam == "baseline":
                conv += truth.baseline.conversions
                rev += truth.baseline.revenue
            cpa, roas = ratios(acc.spend, conv, float(rev))
            true = TrueEffect(conversions=conv, revenue=rev, cpa=cpa, roas=roas)
        out.append(
            FamilyResult(
                family=fam, channels=[r.channel for r in members], funnel=acc.funnel(), credit=credit, truth=true
            )
        )
    return out


def _handle(text: str | None) -> str:
    return (text or "").strip().lower().replace("@", "")


def _influencers(
    engine: QueryEngine, window: q.Window, money: _Money, results: list[ChannelResult], truth: Truth | None
) -> list[InfluencerResult]:
    rows = engine.query(q.influencers_sql(window)).to_pylist()
    if not rows:
        return []
    orders: dict[tuple[str, str], tuple[int, Decimal]] = {}
    for r in engine.query(q.influencer_orders_sql(window)).to_pylist():
        key = (r["influencer"], r["via"])
        n, v = orders.get(key, (0, Decimal(0)))
        orders[key] = (n + int(r["orders"]), v + money(r["revenue"], r["currency"]))
    touches = engine.query(q.influencer_touches_sql(window)).to_pylist()
    tier_touches: dict[str, int] = defaultdict(int)
    for r in touches:
        tier_touches[r["channel"]] += int(r["touches"])
    by_channel = {r.channel: r for r in results}
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        ident = (str(r["influencer"]), str(r["tier"]), str(r["channel"]))
        m = merged.setdefault(ident, {"posts": 0, "cost": Decimal(0), "views": 0, "engagements": 0, "link_clicks": 0})
        m["posts"] += int(r["posts"])
        m["cost"] += money(r["cost"], r["currency"])
        m["views"] += _int(r["views"])
        m["engagements"] += _int(r["engagements"])
        m["link_clicks"] += _int(r["link_clicks"])
    out = []
    for (name, tier, channel), m in sorted(merged.items()):
        handle = _handle(name)
        mine = sum(
            int(r["touches"])
            for r in touches
            if r["channel"] == channel and (_handle(r["source"]) == handle or handle in (r["campaign"] or "").lower())
        )
        share = mine / tier_touches[channel] if tier_touches[channel] else 0.0
        ch = by_channel.get(channel)
        credit = {model: c.conversions * share for model, c in ch.credit.items()} if ch else {}
        true = None
        if truth is not None:
            conv, rev = truth.influencer(name)
            cpa, roas = ratios(m["cost"], conv, float(rev))
            true = TrueEffect(conversions=conv, revenue=rev, cpa=cpa, roas=roas)
        code = orders.get((name, "code"), (0, Decimal(0)))
        link = orders.get((name, "link"), (0, Decimal(0)))
        out.append(
            InfluencerResult(
                influencer=name,
                tier=tier,
                channel=channel,
                posts=m["posts"],
                cost=m["cost"],
                views=m["views"],
                engagements=m["engagements"],
                link_clicks=m["link_clicks"],
                code_orders=code[0],
                code_revenue=code[1],
                link_orders=link[0],
                link_revenue=link[1],
                touch_share=share,
                credit=credit,
                truth=true,
            )
        )
    return out
