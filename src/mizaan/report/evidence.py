"""Documents of what a business's own data says: a media-mix fit (its returns with their intervals, each
channel's share of the outcome, its response curves with their intervals, the diagnostics) and a lift test
(the effect with its interval and the daily counterfactual band beside what happened). Both in Arabic and
English; the web app draws their charts, every other output shows their tables."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from mizaan.errors import InputError, Problem
from mizaan.i18n import DigitStyle, Lang, NumberFormatter, t
from mizaan.plan import Fit, FitChannel
from mizaan.report.document import (
    Block,
    Bullets,
    Cell,
    Chart,
    ChartItem,
    Column,
    Document,
    Item,
    Paragraph,
    Row,
    Section,
    Table,
)

CURVE_POINTS = 16


def _date(value: Any, nf: NumberFormatter) -> str:
    try:
        return nf.date(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def fit_document(fit: Fit, lang: Lang, digits: DigitStyle | None = None) -> Document:
    """A fit on a page: returns, contribution, response curves and diagnostics."""
    doc = fit.doc
    nf = NumberFormatter(lang, None, digits, doc.currency)
    d = doc.diagnostics
    state = t(f"replan.state.{'ok' if d.ok else 'failed'}", lang)
    head = t(
        "replan.fit",
        lang,
        file=fit.source,
        method=doc.method.upper() or "—",
        target=doc.target.name,
        currency=doc.currency,
        rows=nf.count(doc.data.rows, doc.period),
        first=_date(doc.data.first, nf) if doc.data.first else "—",
        last=_date(doc.data.last, nf) if doc.data.last else "—",
        state=state,
    )
    blocks: list[Block] = [Paragraph(_diagnostics(fit, nf))]
    notes = [
        str(ch.confounding_warning.get(f"text_{lang}") or t("evidence.fit.confounding", lang, column=name))
        for name, ch in doc.channels.items()
        if ch.confounding_warning
    ]
    sections = [
        Section("diagnostics", t("evidence.fit.diagnostics", lang), tuple(blocks)),
        Section("returns", t("evidence.fit.returns", lang), _returns(fit, nf)),
        Section(
            "curves",
            t("evidence.fit.curves", lang),
            tuple(_curve(name, ch, fit, nf) for name, ch in doc.channels.items()),
        ),
    ]
    if doc.contribution_over_time is not None:
        sections.insert(2, Section("over_time", t("evidence.fit.over_time", lang), _over_time(fit, nf)))
    if notes:
        sections.append(Section("notes", t("evidence.fit.notes", lang), (Bullets(tuple(Item(n) for n in notes)),)))
    return Document(
        title=t("evidence.fit.title", lang),
        summary=head,
        sections=tuple(sections),
        footer=t("evidence.fit.footer", lang, money=doc.currency),
        lang=lang,
        digits=nf.digits,
    )


def _diagnostics(fit: Fit, nf: NumberFormatter) -> str:
    d, lang = fit.doc.diagnostics, nf.lang
    if not d.ok:
        return t("evidence.fit.failed", lang, messages="; ".join(d.texts(nf.lang)) or "—")
    if d.max_rhat is None:
        return t("replan.diagnostics.map", lang)
    rhat, ess = nf.num(d.max_rhat, 2), nf.num(d.min_ess_bulk or 0)
    return t("replan.diagnostics.ok", lang, rhat=rhat, divergences=nf.num(d.divergences or 0), ess=ess)


def _returns(fit: Fit, nf: NumberFormatter) -> tuple[Block, ...]:
    doc, lang = fit.doc, nf.lang
    ppm = doc.periods_per_month
    chart = Chart(
        "fit_roas",
        "intervals",
        t("evidence.fit.chart_roas", lang, pct=nf.pct(next(iter(doc.channels.values())).interval)),
        tuple(
            ChartItem(name, ch.roas, nf.num(ch.roas, 2), low=ch.roas_low, high=ch.roas_high)
            for name, ch in doc.channels.items()
        ),
    )
    top = max((ch.contribution_share for ch in doc.channels.values()), default=1.0) or 1.0
    shares = Chart(
        "fit_contribution",
        "bars",
        t("evidence.fit.chart_contribution", lang),
        tuple(
            ChartItem(name, ch.contribution_share, nf.pct(ch.contribution_share, 1), "e_marketing", high=top)
            for name, ch in doc.channels.items()
        ),
    )
    columns = (
        Column("column", t("evidence.fit.col.column", lang), header=True),
        Column("roas", t("evidence.fit.col.roas", lang), "range"),
        Column("share", t("evidence.fit.col.share", lang), "percent"),
        Column("max", t("evidence.fit.col.max", lang), "money"),
    )

    def money(x: float) -> str:
        return nf.money(Decimal(str(round(x * ppm, 2))), doc.currency, whole=True)

    rows = tuple(
        Row(
            name,
            (
                Cell(name, name, note=ch.mizaan_channel or t("evidence.fit.no_channel", lang)),
                Cell(_range(ch, nf), ch.roas),
                Cell(nf.pct(ch.contribution_share, 1), ch.contribution_share, note=nf.num(ch.contribution)),
                Cell(money(ch.response.observed_max_spend_per_period), ch.response.observed_max_spend_per_period * ppm),
            ),
        )
        for name, ch in doc.channels.items()
    )
    caption = t("evidence.fit.caption", lang, currency=doc.currency)
    return chart, shares, Table("fit_channels", columns, rows, caption)


def _over_time(fit: Fit, nf: NumberFormatter) -> tuple[Block, ...]:
    """Each column's contribution period by period with its interval (a band each), and the medians."""
    series = fit.doc.contribution_over_time
    assert series is not None
    lang = nf.lang
    labels = [_date(d, nf) for d in series.dates]
    charts: list[Block] = [
        Chart(
            f"over_time_{name}",
            "band",
            t("evidence.fit.chart_over_time", lang, column=name, target=fit.doc.target.name),
            tuple(
                ChartItem(labels[k], band.median[k], nf.num(band.median[k]), low=band.low[k], high=band.high[k])
                for k in range(len(labels))
            ),
            series=(t("report.replan.median", lang), t("report.replan.band", lang, pct=nf.pct(_interval(fit)))),
        )
        for name, band in series.channels.items()
    ]
    columns = (
        Column("date", t("evidence.lift.col.date", lang), header=True),
        *(Column(name, name, "number") for name in series.channels),
    )
    rows = tuple(
        Row(
            d.isoformat(),
            (
                Cell(labels[k], d.isoformat()),
                *(Cell(nf.num(b.median[k]), b.median[k]) for b in series.channels.values()),
            ),
        )
        for k, d in enumerate(series.dates)
    )
    charts.append(Table("fit_over_time", columns, rows, t("evidence.fit.over_time_caption", lang)))
    return tuple(charts)


def _interval(fit: Fit) -> float:
    return next(iter(fit.doc.channels.values())).interval


def _range(ch: FitChannel, nf: NumberFormatter) -> str:
    low, high = nf.num(ch.roas_low, 2), nf.num(ch.roas_high, 2)
    return t("report.replan.range", nf.lang, mid=nf.num(ch.roas, 2), low=low, high=high)


def _curve(name: str, ch: FitChannel, fit: Fit, nf: NumberFormatter) -> Chart:
    r, ppm, lang = ch.response, fit.doc.periods_per_month, nf.lang
    n = len(r.spend_per_period)
    step = max(1, (n - 1) // (CURVE_POINTS - 1))
    picks = sorted({*range(0, n, step), n - 1})
    items = tuple(
        ChartItem(
            nf.money(Decimal(str(round(r.spend_per_period[i] * ppm, 2))), fit.doc.currency, whole=True),
            r.outcome_per_period[i] * ppm,
            nf.num(r.outcome_per_period[i] * ppm),
            "observed" if r.spend_per_period[i] <= r.observed_max_spend_per_period else "extrapolated",
            low=r.outcome_low[i] * ppm,
            high=r.outcome_high[i] * ppm,
        )
        for i in picks
    )
    title = t("evidence.fit.chart_curve", lang, column=name, target=fit.doc.target.name)
    series = (t("report.replan.median", lang), t("report.replan.band", lang, pct=nf.pct(ch.interval)))
    return Chart(f"curve_{name}", "band", title, items, series=series)


# --- lift tests -------------------------------------------------------------------------------------------


class _Day(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    date: dt.date
    period: str
    actual: float
    counterfactual: float
    counterfactual_low: float
    counterfactual_high: float


class LiftSummary(BaseModel):
    """What a page needs of ``mizaan lift --json`` (docs/lift.md)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    method: str
    metric: str | None = None
    treated: list[str] = []
    start: dt.date
    end: dt.date
    effect: float
    effect_low: float
    effect_high: float
    relative_effect: float | None = None
    relative_effect_low: float | None = None
    relative_effect_high: float | None = None
    p_value: float | None = None
    daily: list[_Day]


def _loc(error: Any) -> str:
    return ".".join(str(p) for p in error.get("loc", ()))


def read_lift(data: Any, source: str) -> LiftSummary:
    """A lift result (``mizaan lift --json``) checked field by field (``InputError`` naming each)."""
    try:
        return LiftSummary.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem("evidence.lift.bad_field", {"expected": str(e.get("type", ""))}, file=source, field=_loc(e))
            for e in exc.errors()
        ]
        raise InputError(problems, file=source) from None


def _method(method: str, lang: Lang) -> str:
    key = f"lift.method.{method}"
    try:
        return t(key, lang)
    except KeyError:  # a method this version does not name
        return method


def lift_document(lift: LiftSummary, lang: Lang, digits: DigitStyle | None = None) -> Document:
    """A lift test on a page: the effect with its 95 % interval and the counterfactual band by day."""
    nf = NumberFormatter(lang, None, digits)
    sep = "، " if lang == "ar" else ", "

    def rel(x: float | None) -> str:
        return "—" if x is None or math.isnan(x) else nf.pct(x, 1)

    head = t(
        "evidence.lift.effect",
        lang,
        effect=nf.num(lift.effect),
        low=nf.num(lift.effect_low),
        high=nf.num(lift.effect_high),
        rel=rel(lift.relative_effect),
        rel_low=rel(lift.relative_effect_low),
        rel_high=rel(lift.relative_effect_high),
    )
    verdict = "up" if lift.effect_low > 0 else "down" if lift.effect_high < 0 else "none"
    blocks: list[Block] = [
        Paragraph(head, strong=True),
        Paragraph(t(f"evidence.lift.verdict.{verdict}", lang)),
        Paragraph(t("evidence.lift.method", lang, method=_method(lift.method, lang))),
    ]
    items = tuple(
        ChartItem(
            _date(day.date, nf),
            day.counterfactual,
            nf.num(day.counterfactual),
            day.period,
            low=day.counterfactual_low,
            high=day.counterfactual_high,
            actual=day.actual,
        )
        for day in lift.daily
    )
    series = (
        t("evidence.lift.counterfactual", lang),
        t("evidence.lift.band", lang),
        t("evidence.lift.actual", lang),
    )
    title = t("evidence.lift.chart", lang, metric=lift.metric or "—")
    blocks.append(Chart("lift_band", "band", title, items, series=series))
    columns = (
        Column("date", t("evidence.lift.col.date", lang), header=True),
        Column("actual", t("evidence.lift.actual", lang), "number"),
        Column("counterfactual", t("evidence.lift.counterfactual", lang), "number"),
        Column("band", t("evidence.lift.band", lang), "range"),
    )
    post = [d for d in lift.daily if d.period == "post"]
    rows = tuple(
        Row(
            d.date.isoformat(),
            (
                Cell(_date(d.date, nf), d.date.isoformat()),
                Cell(nf.num(d.actual), d.actual),
                Cell(nf.num(d.counterfactual), d.counterfactual),
                Cell(f"{nf.num(d.counterfactual_low)} – {nf.num(d.counterfactual_high)}", d.counterfactual_low),
            ),
        )
        for d in post
    )
    blocks.append(Table("lift_days", columns, rows, t("evidence.lift.caption", lang)))
    title_text = t(
        "lift.title", lang, treated=sep.join(lift.treated), start=_date(lift.start, nf), end=_date(lift.end, nf)
    )
    return Document(
        title=title_text,
        summary=head,
        sections=(Section("lift", t("evidence.lift.section", lang), tuple(blocks)),),
        footer="",
        lang=lang,
        digits=nf.digits,
    )
