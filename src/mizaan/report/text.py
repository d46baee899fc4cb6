"""The plan in the terminal, with Rich: tables for the split, the influencer decision, the campaign steps,
KPIs, the forecast, warnings, tracking links and what would change the plan. Reasons show as rule IDs
under each line, or in full with ``explain``."""

from __future__ import annotations

from io import StringIO

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mizaan.i18n import DigitStyle, t
from mizaan.plan.model import Plan, Reason
from mizaan.report.formatting import PlanFormatter

SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow", "info": "cyan"}
BAR = "█"


def _rule_ids(reasons: list[Reason]) -> str:
    ids: list[str] = []
    for r in reasons:
        if r.rule and r.rule not in ids:
            ids.append(r.rule)
    return " ".join(ids)


def _bar(share: float, width: int = 20) -> str:
    return BAR * max(1 if share > 0 else 0, round(share * width))


def plan_renderables(plan: Plan, digits: DigitStyle | None = None, explain: bool = False) -> list[object]:
    f = PlanFormatter.for_plan(plan, digits)
    lang = plan.lang
    out: list[object] = []
    p = plan.profile
    title = plan.profile.get("business_name") or t(f"value.business_type.{p['business_type']}", lang)
    summary = f.summary(plan)
    out.append(Panel(Text(summary), title=Text(f"{t('report.title', lang)} · {title}", style="bold")))

    # allocation
    table = Table(title=t("report.allocation", lang), show_lines=explain)
    table.add_column(t("report.col.channel", lang))
    monthly_only = plan.period == "month"
    table.add_column(
        t("report.col.monthly", lang) if monthly_only else t("report.col.amount", lang), justify="right", no_wrap=True
    )
    table.add_column(t("report.col.share", lang), no_wrap=True)
    table.add_column(t("report.col.stages", lang), no_wrap=True)
    table.add_column(t("report.col.rules", lang))
    per_month = t("report.per_month", lang)
    for line in plan.allocation:
        stages = "\n".join(f"{t(f'stage.{s}', lang)} {f.pct(v)}" for s, v in line.stages.items() if v >= 0.15)
        reasons = "\n".join(r.text for r in line.reasons) if explain else _rule_ids(line.reasons)
        amount = (
            f.money(line.amount, whole=True)
            if monthly_only
            else f"{f.money(line.amount, whole=True)}\n({f.money(line.monthly_amount, whole=True)} {per_month})"
        )
        table.add_row(line.name, amount, f"{f.pct(line.share, 1)} {_bar(line.share, 12)}", stages, reasons)
    out.append(table)
    fam = t(
        "report.family_share", lang, e=f.pct(plan.family_share["e_marketing"]), i=f.pct(plan.family_share["influencer"])
    )
    stages = " · ".join(f"{t(f'stage.{s}', lang)} {f.pct(v)}" for s, v in plan.stage_share.items())
    out.append(Text(f"{fam}\n{t('report.stage_share', lang)}: {stages}"))

    # influencers
    inf = plan.influencer
    head = f.influencer_headline(plan)
    body: list[RenderableType] = [Text(head, style="bold")]
    for c in inf.selection_criteria:
        body.append(Text(f"• {c}"))
    options = Table(show_header=True, box=None)
    options.add_column(t("report.col.tier", lang))
    options.add_column(t("report.col.min", lang), justify="right")
    options.add_column(t("report.col.why", lang))
    for o in inf.options:
        mark = "✓ " if o.chosen else ""
        options.add_row(
            mark + t(f"value.preferred_influencer_tier.{o.tier}", lang), f.money(o.min_amount, whole=True), o.why
        )
    body.append(options)
    if explain:
        body.extend(Text(f"– {r.text}", style="dim") for r in inf.reasons)
    else:
        body.append(Text(t("report.col.rules", lang) + ": " + _rule_ids(inf.reasons), style="dim"))
    out.append(Panel(Group(*body), title=t("report.influencer", lang)))

    # warnings
    if plan.warnings:
        wt = Table(title=t("report.warnings", lang), show_lines=True)
        wt.add_column(t("report.col.rule", lang), no_wrap=True)
        wt.add_column(t("report.col.warning", lang))
        wt.add_column(t("report.col.action", lang))
        for w in plan.warnings:
            wt.add_row(
                Text(w.rule, style=SEVERITY_STYLE[w.severity]), Text(w.text, style=SEVERITY_STYLE[w.severity]), w.action
            )
        out.append(wt)

    # blueprint
    bt = Table(title=t("report.blueprint", lang))
    bt.add_column("#", justify="right")
    bt.add_column(t("report.col.when", lang), no_wrap=True)
    bt.add_column(t("report.col.step", lang))
    bt.add_column(t("report.col.rules", lang))
    for s in plan.blueprint:
        bt.add_row(f.num(s.order), f.weeks(s.start_week, s.end_week), s.action, " ".join(s.rules))
    out.append(bt)

    # forecast and KPIs
    ft = Table(title=t("report.forecast", lang, months=f.num(plan.forecast.horizon_months)))
    ft.add_column(t("report.col.metric", lang))
    ft.add_column(t("report.col.expected", lang), justify="right")
    fc = plan.forecast
    ft.add_row(t("kpi.reach", lang), f.range(fc.reach, "people"))
    ft.add_row(t("kpi.visits", lang), f.range(fc.visits, "visits"))
    ft.add_row(t("kpi.conversions", lang), f.range(fc.conversions, "conversions"))
    ft.add_row(t("kpi.cpa", lang), f.range(fc.cpa, plan.currency))
    if fc.revenue is not None and fc.roas is not None:
        ft.add_row(t("report.revenue", lang), f.range(fc.revenue, plan.currency))
        ft.add_row(t("report.roas", lang), f.range(fc.roas, "x"))
    out.append(ft)
    kt = Table(title=t("report.kpis", lang))
    kt.add_column(t("report.col.stage", lang))
    kt.add_column(t("report.col.kpi", lang))
    kt.add_column(t("report.col.target", lang), justify="right")
    for k in plan.kpis:
        kt.add_row(
            t(f"stage.{k.stage}", lang),
            k.name + (f" — {k.note}" if k.note and explain else ""),
            f.range(k.target, k.unit),
        )
    out.append(kt)

    # tracking
    mt = Table(title=t("report.measurement", lang))
    mt.add_column(t("report.col.link", lang))
    mt.add_column(t("report.col.code", lang))
    mt.add_column("URL", overflow="fold")
    for link in plan.measurement.links:
        mt.add_row(link.label, link.promo_code or "—", link.url)
    out.append(mt)
    out.extend(Text(f"• {n}", style="dim") for n in plan.measurement.notes)

    # what would change
    if plan.what_would_change:
        out.append(Text(t("report.what_if", lang), style="bold"))
        out.extend(Text(f"• {w.text}") for w in plan.what_would_change)
    # assumptions
    if plan.assumptions:
        out.append(Text(t("report.assumptions", lang), style="bold"))
        out.extend(Text(f"• {a.text}", style="dim") for a in plan.assumptions)
    out.append(Text(t("report.footer", lang, kb=plan.kb_version, seed=f.num(plan.seed)), style="dim"))
    return out


def print_plan(plan: Plan, console: Console, digits: DigitStyle | None = None, explain: bool = False) -> None:
    for item in plan_renderables(plan, digits, explain):
        console.print(item)


def plan_text(plan: Plan, digits: DigitStyle | None = None, explain: bool = False, width: int = 110) -> str:
    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False, soft_wrap=False)
    print_plan(plan, console, digits, explain)
    return buffer.getvalue()
