"""What the vetting result page shows, built from a report: the ranked table, one card per influencer
(engagement over time as a chart with its table, metrics with their denominators, signals, fit, risks,
expected outcome), and the shortlist compared. Pages stay dumb; all formatting is here."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from mizaan.i18n import DigitStyle, NumberFormatter, t
from mizaan.influencers import Metric, Range, VetReport, Vetted
from mizaan.report import VETTING_COLUMNS as COLUMNS
from mizaan.report import Cells
from mizaan.web.charts import Bar, Point, bars, line

LRI, PDI = "\u2066", "\u2069"


def isolate(text: str) -> str:
    """A handle, URL or ID kept left-to-right inside right-to-left text (where HTML cannot say ``<bdi>``,
    as in a chart's SVG text): ``@ghala_perfumes`` never reads ``ghala_perfumes@``."""
    return f"{LRI}{text}{PDI}"


PERCENT_METRICS = {"er_followers", "er_followers_trimmed", "er_views", "er_views_trimmed", "views_per_follower",
                   "follower_growth_monthly"}  # fmt: skip


def _metric_value(m: Metric, nf: NumberFormatter) -> str:
    if m.value is None:
        return "—"
    if m.id in PERCENT_METRICS:
        return nf.pct(m.value, 2)
    if m.id == "comments_per_like":
        return t("influencers.web.per_thousand", nf.lang, value=nf.num(m.value * 1000, 1))
    return nf.num(m.value, 2)


def _range(r: Range | None, nf: NumberFormatter, money: str | None = None, decimals: int = 0) -> str:
    if r is None:
        return "—"

    def fmt(v: float) -> str:
        return nf.money(v, money, whole=True) if money else nf.num(v, decimals)

    return t("fmt.range", nf.lang, p50=fmt(r.p50), p10=fmt(r.p10), p90=fmt(r.p90))


def _card(v: Vetted, report: VetReport, nf: NumberFormatter) -> dict[str, Any]:
    lang = report.lang
    points = [p for p in v.series if p.engagement is not None]
    chart: Markup | None = None
    if points:
        chart = line(
            [Point(nf.date(p.date), p.engagement or 0.0, p.sponsored) for p in points],
            t("influencers.web.chart.engagement", lang, handle=isolate(f"@{v.handle}")),
            lang == "ar",
            lambda x: nf.pct(x, 1),
        )
    series = [
        (
            nf.date(p.date),
            nf.pct(p.engagement, 2) if p.engagement is not None else "—",
            t("influencers.web.yes", lang) if p.sponsored else "",
        )
        for p in v.series
    ]
    metrics = [
        {
            "name": t(f"influencers.metric.{m.id}", lang),
            "value": _metric_value(m, nf),
            "formula": f"{m.numerator} / {m.denominator}",
            "method": t(f"influencers.method.{m.method}", lang),
            "n": nf.num(m.n),
            "benchmark": (
                t(f"influencers.web.position.{m.benchmark.position}", lang,
                  low=nf.pct(m.benchmark.low, 2), high=nf.pct(m.benchmark.high, 2))
                if m.benchmark else ""
            ),
            "gap": t(m.gap, lang) if m.gap else "",
        }
        for m in v.metrics
    ]  # fmt: skip
    o = v.outcome
    outcome = []
    if o is not None:
        outcome = [
            (t("influencers.web.outcome.impressions", lang), _range(o.impressions, nf)),
            (t("influencers.web.outcome.reach", lang), _range(o.reach, nf)),
            (t("influencers.web.outcome.clicks", lang), _range(o.clicks, nf, decimals=1)),
            (t("influencers.web.outcome.conversions", lang), _range(o.conversions, nf, decimals=2)),
            (t("influencers.web.outcome.cpc", lang), _range(o.cost_per_conversion, nf, report.currency)),
            (t("influencers.web.outcome.value", lang), _range(o.value_range, nf, decimals=2)),
            (
                t("influencers.web.outcome.risk_adjusted", lang, risk=nf.num(report.shortlist.risk_aversion, 1)),
                nf.num(o.risk_adjusted, 2),
            ),
        ]
    return {
        "id": f"card-{v.handle.replace('.', '-')}",
        "handle": v.handle,
        "name": v.name or "",
        "eligible": v.eligible,
        "shortlisted": v.shortlisted,
        "reasons": v.reasons,
        "chart": chart,
        "series": series,
        "metrics": metrics,
        "signals": [
            (s.text, "fired" if s.fired else ("quiet" if s.fired is False else "unknown"))
            for s in v.authenticity.signals
        ],
        "fit": [
            (t(f"influencers.fit.part.{p.id}", lang), "—" if p.value is None else nf.pct(p.value), p.text)
            for p in v.fit.parts
        ],
        "flags": [(f.severity, f.text) for f in v.flags],
        "outcome": outcome,
        "outcome_notes": o.notes if o else [],
        "rules": ", ".join(o.rules) if o else "",
    }


def result_view(report: VetReport, digits: DigitStyle) -> dict[str, Any]:
    cells = Cells(report, digits)
    nf = cells.nf
    lang = report.lang
    picked = [v for v in report.influencers if v.shortlisted]
    top = max((v.outcome.conversions.p50 for v in picked if v.outcome), default=0.0) or 1.0
    value_key = "reach" if report.shortlist.objective == "reach" else "conversions"
    compare_chart = None
    if picked:
        compare_chart = bars(
            [
                Bar(
                    isolate(f"@{v.handle}"),
                    (v.outcome.conversions.p50 if v.outcome else 0.0) / top,
                    nf.num(v.outcome.conversions.p50 if v.outcome else 0.0, 2),
                    "influencer",
                )
                for v in picked
            ],
            t("influencers.web.chart.shortlist", lang),
            lang == "ar",
        )
    compare = [
        {
            "handle": f"@{v.handle}",
            "price": cells.money(float(v.outcome.price)) if v.outcome and v.outcome.price is not None else "—",
            "reach": nf.num(v.outcome.reach.p50) if v.outcome else "—",
            "clicks": nf.num(v.outcome.clicks.p50, 1) if v.outcome else "—",
            "conversions": _range(v.outcome.conversions, nf, decimals=2) if v.outcome else "—",
            "cpc": _range(v.outcome.cost_per_conversion, nf, report.currency) if v.outcome else "—",
        }
        for v in picked
    ]
    return {
        "lang": lang,
        "headline": cells.headline(),
        "notes": report.notes,
        "header": cells.header(),
        "columns": COLUMNS,
        "rows": [(v, cells.row(v), v.reasons[:3]) for v in report.influencers],
        "cards": [_card(v, report, nf) for v in report.influencers],
        "compare_chart": compare_chart,
        "compare": compare,
        "value_key": value_key,
        "method": report.shortlist.method,
    }
