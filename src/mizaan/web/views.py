"""What the plan and comparison pages show, built from a plan: charts and the tables beside them. Pages
stay dumb; everything computed for display is here."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from mizaan.i18n import t
from mizaan.knowledge import STAGES
from mizaan.plan.model import Plan
from mizaan.report.formatting import PlanFormatter
from mizaan.web.charts import Bar, Interval, Span, bars, intervals, split, timeline


def plan_charts(plan: Plan, f: PlanFormatter) -> dict[str, Markup]:
    lang = plan.lang
    rtl = lang == "ar"
    top = max((line.share for line in plan.allocation), default=1.0) or 1.0
    by_channel = bars(
        [Bar(line.name, line.share / top, f.pct(line.share, 1), line.family) for line in plan.allocation],
        t("web.chart.by_channel", lang),
        rtl,
    )
    by_stage = split(
        [Bar(t(f"stage.{s}", lang), plan.stage_share[s], f.pct(plan.stage_share[s]), s) for s in STAGES],
        t("web.chart.by_stage", lang),
        rtl,
    )
    by_family = split(
        [Bar(t(f"family.{fam}", lang), share, f.pct(share), fam) for fam, share in plan.family_share.items()],
        t("web.chart.by_family", lang),
        rtl,
    )
    fc = plan.forecast
    rows = [
        Interval(t("kpi.reach", lang), fc.reach.p10, fc.reach.p50, fc.reach.p90, f.value(fc.reach.p50, "people")),
        Interval(t("kpi.visits", lang), fc.visits.p10, fc.visits.p50, fc.visits.p90, f.value(fc.visits.p50, "visits")),
        Interval(
            t("kpi.conversions", lang),
            fc.conversions.p10,
            fc.conversions.p50,
            fc.conversions.p90,
            f.value(fc.conversions.p50, "conversions"),
        ),
        Interval(t("kpi.cpa", lang), fc.cpa.p10, fc.cpa.p50, fc.cpa.p90, f.value(fc.cpa.p50, plan.currency)),
    ]
    forecast = intervals(rows, t("web.chart.forecast", lang), rtl)
    weeks = plan.horizon_months * 4
    join = t("list.join", lang)
    spans = [
        Span(
            _short(
                f"{f.num(s.order)}. "
                + (join.join(_channel_name(plan, c) for c in s.channels) or t(f"stage.{s.stage}", lang))
            ),
            s.start_week,
            min(s.end_week, weeks),
            s.stage,
        )
        for s in plan.blueprint
    ]
    steps = timeline(spans, weeks, t("web.chart.timeline", lang), rtl, lambda n: f.num(n))
    return {
        "by_channel": by_channel,
        "by_stage": by_stage,
        "by_family": by_family,
        "forecast": forecast,
        "timeline": steps,
    }


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _channel_name(plan: Plan, channel: str) -> str:
    line = next((a for a in plan.allocation if a.channel == channel), None)
    return line.name if line else channel


def comparison(a: Plan, b: Plan, f: PlanFormatter) -> dict[str, Any]:
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


def _signed(delta: float, f: PlanFormatter) -> str:
    if abs(delta) < 0.0005:
        return "—"
    return ("+" if delta > 0 else "−") + f.pct(abs(delta), 1)
