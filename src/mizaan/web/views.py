"""What the plan and comparison pages show beyond the plan's document: its charts drawn as inline SVG
(mirrored for right-to-left pages) and the side-by-side comparison of two plans. Pages stay dumb;
everything computed for display is here or in the document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from mizaan.i18n import NumberFormatter, t
from mizaan.plan import Plan
from mizaan.report import Chart
from mizaan.web.charts import (
    BandPoint,
    Bar,
    Group,
    Interval,
    Span,
    band,
    bars,
    grouped,
    intervals,
    split,
    timeline,
)


def chart_drawer(nf: NumberFormatter) -> Callable[[Chart], Markup | None]:
    """Draws a document's chart as inline SVG in the formatter's language (right-to-left in Arabic)."""
    rtl = nf.lang == "ar"

    def draw(c: Chart) -> Markup | None:
        if c.chart == "bars":
            return bars([Bar(i.label, i.value / (i.high or 1.0), i.text, i.group) for i in c.items], c.title, rtl)
        if c.chart == "split":
            return split([Bar(i.label, i.value, i.text, i.group) for i in c.items], c.title, rtl)
        if c.chart == "intervals":
            return intervals([Interval(i.label, i.low, i.value, i.high, i.text) for i in c.items], c.title, rtl)
        if c.chart == "band":
            points = [BandPoint(i.label, i.value, i.low, i.high, i.group, i.actual) for i in c.items]
            return band(points, c.title, rtl, list(c.series))
        if c.chart == "grouped":
            return grouped(
                [Group(i.label, list(i.values), list(i.texts)) for i in c.items], list(c.series), c.title, rtl
            )
        spans = [Span(i.label, int(i.low), int(i.high), i.group) for i in c.items]
        return timeline(spans, c.scale, c.title, rtl, lambda n: nf.count(n))

    return draw


def comparison(a: Plan, b: Plan, f: NumberFormatter) -> dict[str, Any]:
    """Rows of a side-by-side comparison: each channel's share in both plans and the difference."""
    channels: list[str] = []
    for line in [*a.allocation, *b.allocation]:
        if line.channel not in channels:
            channels.append(line.channel)
    rows = []
    for c in channels:
        la, lb = a.line(c), b.line(c)
        sa, sb = (la.share if la else 0.0), (lb.share if lb else 0.0)
        rows.append(
            {
                "name": (la or lb).name if (la or lb) else c,  # type: ignore[union-attr]
                "a": f.pct(sa, 1),
                "b": f.pct(sb, 1),
                "delta": _signed(sb - sa, f),
                "moved": abs(sb - sa) >= 0.005,
            }
        )
    totals = [
        (
            t("kpi.conversions", f.lang),
            f.value(a.forecast.conversions.p50, "conversions"),
            f.value(b.forecast.conversions.p50, "conversions"),
        ),
        (t("kpi.cpa", f.lang), f.value(a.forecast.cpa.p50, a.currency), f.value(b.forecast.cpa.p50, b.currency)),
        (t("kpi.reach", f.lang), f.value(a.forecast.reach.p50, "people"), f.value(b.forecast.reach.p50, "people")),
    ]
    return {"rows": rows, "totals": totals}


def _signed(delta: float, f: NumberFormatter) -> str:
    if abs(delta) < 0.0005:
        return "—"
    return ("+" if delta > 0 else "−") + f.pct(abs(delta), 1)
