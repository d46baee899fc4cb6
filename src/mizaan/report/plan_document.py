"""Build a plan's ``Document`` once: the sections every output shows, in order, in the plan's language and
digits, with all labels from the catalogues and every number through one ``NumberFormatter``."""

from __future__ import annotations

from mizaan.i18n import DigitStyle, Lang, NumberFormatter, t
from mizaan.knowledge import STAGES
from mizaan.plan import AllocationLine, Plan, Range
from mizaan.plan import Reason as PlanReason
from mizaan.report.document import (
    Block,
    Bullets,
    Cell,
    Chart,
    ChartItem,
    Column,
    Definition,
    Definitions,
    Detail,
    Details,
    Document,
    Item,
    Note,
    Notes,
    Paragraph,
    Reason,
    Row,
    Section,
    Step,
    Steps,
    Table,
)
from mizaan.report.replan import replan_section

SECTION_IDS = (
    "allocation",
    "replan",
    "influencers",
    "warnings",
    "blueprint",
    "forecast",
    "kpis",
    "measurement",
    "what-if",
    "assumptions",
    "rules",
    "benchmarks",
)


def plan_formatter(plan: Plan, digits: DigitStyle | None = None) -> NumberFormatter:
    """The formatter of a plan's numbers: its language, country, currency and digits (or ``digits``)."""
    return NumberFormatter(plan.lang, str(plan.profile["location"]["country"]), digits or plan.digits, plan.currency)


def plan_name(plan: Plan) -> str:
    """The business's name, or its type when it has none."""
    p = plan.profile
    return str(p.get("business_name") or t(f"value.business_type.{p['business_type']}", plan.lang))


def summary(plan: Plan, f: NumberFormatter) -> str:
    """One line: business type, goal, budget and period, horizon."""
    p = plan.profile
    return t(
        "report.summary",
        f.lang,
        business=t(f"value.business_type.{p['business_type']}", f.lang),
        goal=t(f"value.goal.{p['goal']}", f.lang),
        budget=f.money(plan.budget),
        period=t(f"value.budget.period.{plan.period}", f.lang),
        months=f.count(plan.horizon_months, "month"),
    )


def influencer_headline(plan: Plan, f: NumberFormatter) -> str:
    """The influencer decision in one sentence."""
    inf = plan.influencer
    if not (inf.recommended and inf.tier):
        return t("report.influencer.no", f.lang)
    return t(
        "report.influencer.yes",
        f.lang,
        tier=t(f"value.preferred_influencer_tier.{inf.tier}", f.lang),
        posts=f.count(inf.count, "post"),
        each=f.money(inf.budget_each or 0),
        monthly=f.money(inf.monthly_budget),
    )


def _reasons(reasons: list[PlanReason]) -> tuple[Reason, ...]:
    return tuple(Reason(r.text, r.rule, r.kind) for r in reasons)


def _items(texts: list[str]) -> tuple[Item, ...]:
    return tuple(Item(x) for x in texts)


def _allocation(plan: Plan, f: NumberFormatter) -> Section:
    lang = plan.lang
    top = max((line.share for line in plan.allocation), default=1.0) or 1.0
    charts = (
        Chart(
            "by_channel",
            "bars",
            t("web.chart.by_channel", lang),
            tuple(ChartItem(x.name, x.share, f.pct(x.share, 1), x.family, high=top) for x in plan.allocation),
        ),
        Chart(
            "by_family",
            "split",
            t("web.chart.by_family", lang),
            tuple(ChartItem(t(f"family.{k}", lang), v, f.pct(v), k) for k, v in plan.family_share.items()),
        ),
        Chart(
            "by_stage",
            "split",
            t("web.chart.by_stage", lang),
            tuple(ChartItem(t(f"stage.{s}", lang), plan.stage_share[s], f.pct(plan.stage_share[s]), s) for s in STAGES),
        ),
    )
    columns = (
        Column("name", t("report.col.channel", lang), header=True),
        Column("amount", t("report.col.amount", lang), "money"),
        Column("monthly_amount", t("report.col.monthly", lang), "money"),
        Column("share", t("report.col.share", lang), "percent"),
        *(Column(s, t(f"stage.{s}", lang), "percent") for s in STAGES),
        Column("min_amount", t("report.col.min", lang), "money"),
    )
    rows = tuple(
        Row(
            line.channel,
            (
                Cell(line.name, line.channel),
                Cell(f.money(line.amount), line.amount),
                Cell(f.money(line.monthly_amount), line.monthly_amount),
                Cell(f.pct(line.share, 1), line.share),
                *(Cell(f.pct(line.stages[s]), line.stages[s]) for s in STAGES),
                Cell(f.money(line.min_amount, whole=True), line.min_amount),
            ),
            line.family,
            _reasons(line.reasons),
        )
        for line in plan.allocation
    )
    footer = Row(
        "stage_share",
        (
            Cell(t("report.stage_share", lang)),
            Cell(""),
            Cell(""),
            Cell(""),
            *(Cell(f.pct(plan.stage_share[s]), plan.stage_share[s]) for s in STAGES),
            Cell(""),
        ),
    )
    caption = t(
        "report.family_share", lang, e=f.pct(plan.family_share["e_marketing"]), i=f.pct(plan.family_share["influencer"])
    )
    table = Table("allocation", columns, rows, caption, footer)
    why = Details(
        tuple(Detail(x.name, _actions(x, f, lang), _reasons(x.reasons)) for x in plan.allocation),
        t("report.reasons", lang),
    )
    return Section("allocation", t("report.allocation", lang), (*charts, table, why))


def _actions(line: AllocationLine, f: NumberFormatter, lang: Lang) -> str:
    """What running the line means, then the platforms its money goes to, largest share first."""
    if not line.platforms:
        return line.actions
    ranked = sorted(line.platforms, key=lambda p: -p.share)
    said = ("، " if lang == "ar" else ", ").join(f"{p.name} {f.pct(p.share)}" for p in ranked)
    return f"{line.actions} {t('report.platforms', lang, platforms=said)}"


def _influencers(plan: Plan, f: NumberFormatter) -> Section:
    lang = plan.lang
    inf = plan.influencer
    blocks: list[Block] = [Paragraph(influencer_headline(plan, f), strong=True)]
    if inf.recommended and inf.tier and inf.selection_criteria:
        blocks.append(Bullets(_items(inf.selection_criteria), t("report.criteria", lang), ordered=True))
    columns = (
        Column("tier", t("report.col.tier", lang), header=True),
        Column("min_amount", t("report.col.min", lang), "money"),
        Column("why", t("report.col.why", lang)),
    )
    rows = tuple(
        Row(
            o.tier,
            (
                Cell(t(f"value.preferred_influencer_tier.{o.tier}", lang), o.tier, mark=o.chosen),
                Cell(f.money(o.min_amount, whole=True), o.min_amount),
                Cell(o.why),
            ),
            "chosen" if o.chosen else "",
        )
        for o in inf.options
    )
    blocks.append(Table("influencer_options", columns, rows))
    blocks.append(Details((Detail(t("report.reasons", lang), "", _reasons(inf.reasons)),)))
    return Section("influencers", t("report.influencer", lang), tuple(blocks))


def _warnings(plan: Plan) -> Section:
    lang = plan.lang
    notes = tuple(
        Note(w.rule, w.severity, t(f"severity.{w.severity}", lang), w.text, w.action, field=w.field)
        for w in plan.warnings
    )
    return Section("warnings", t("report.warnings", lang), (Notes(notes, t("report.do", lang), t("report.fix", lang)),))


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _blueprint(plan: Plan, f: NumberFormatter) -> Section:
    lang = plan.lang
    weeks = plan.horizon_months * 4
    names = {line.channel: line.name for line in plan.allocation}
    join = t("list.join", lang)
    spans = tuple(
        ChartItem(
            _short(
                f"{f.count(s.order)}. "
                + (join.join(names.get(c, c) for c in s.channels) or t(f"stage.{s.stage}", lang))
            ),
            float(s.start_week),
            f.weeks(s.start_week, s.end_week),
            s.stage,
            low=float(s.start_week),
            high=float(min(s.end_week, weeks)),
        )
        for s in plan.blueprint
    )
    steps = tuple(
        Step(f.count(s.order), f.weeks(s.start_week, s.end_week), s.action, tuple(s.rules), s.stage)
        for s in plan.blueprint
    )
    chart = Chart("timeline", "timeline", t("web.chart.timeline", lang), spans, scale=weeks)
    return Section("blueprint", t("report.blueprint", lang), (chart, Steps(steps)))


def _forecast(plan: Plan, f: NumberFormatter) -> Section:
    lang = plan.lang
    fc = plan.forecast
    metrics: list[tuple[str, str, Range, str]] = [
        ("reach", t("kpi.reach", lang), fc.reach, "people"),
        ("visits", t("kpi.visits", lang), fc.visits, "visits"),
        ("conversions", t("kpi.conversions", lang), fc.conversions, "conversions"),
        ("cpa", t("kpi.cpa", lang), fc.cpa, plan.currency),
    ]
    chart = Chart(
        "forecast",
        "intervals",
        t("web.chart.forecast", lang),
        tuple(ChartItem(label, r.p50, f.value(r.p50, unit), key, r.p10, r.p90) for key, label, r, unit in metrics),
    )
    # a lead is not a sale: leads and their cost, then the customers they close into and what each costs
    if fc.leads is not None and fc.cost_per_lead is not None:
        metrics += [
            ("leads", t("report.leads", lang), fc.leads, "conversions"),
            ("cost_per_lead", t("report.cost_per_lead", lang), fc.cost_per_lead, plan.currency),
        ]
    metrics += [
        ("customers", t("report.customers", lang), fc.customers, "conversions"),
        ("cost_per_customer", t("report.cost_per_customer", lang), fc.cost_per_customer, plan.currency),
    ]
    if fc.revenue is not None and fc.roas is not None:
        metrics += [
            ("revenue", t("report.revenue", lang), fc.revenue, plan.currency),
            ("roas", t("report.roas", lang), fc.roas, "x"),
        ]
    if fc.profit is not None and fc.break_even_roas is not None:
        metrics += [
            ("profit", t("report.profit", lang), fc.profit, plan.currency),
            ("break_even_roas", t("report.break_even_roas", lang), fc.break_even_roas, "x"),
        ]
    columns = (
        Column("metric", t("report.col.metric", lang), header=True),
        Column("expected", t("report.col.expected", lang), "range"),
    )
    rows = tuple(Row(key, (Cell(label, key), Cell(f.range(r, unit), r.p50))) for key, label, r, unit in metrics)
    blocks: list[Block] = [chart, Table("forecast", columns, rows)]
    # how much of the budget the market and the margin can use; what the rest would buy elsewhere
    blocks.append(Paragraph(plan.ceiling.text, strong=plan.ceiling.held_back > 0))
    if plan.ceiling.elsewhere:
        items = tuple(Item(e.text) for e in plan.ceiling.elsewhere)
        title = t("report.elsewhere" if plan.ceiling.held_back > 0 else "report.elsewhere.above", lang)
        blocks.append(Bullets(items, title, id="elsewhere"))
    if fc.reasons:
        blocks.append(Bullets(tuple(Item(r.text) for r in fc.reasons), quiet=True))
    return Section("forecast", t("report.forecast", lang, months=f.count(fc.horizon_months, "month")), tuple(blocks))


def _kpis(plan: Plan, f: NumberFormatter) -> Section:
    lang = plan.lang
    columns = (
        Column("stage", t("report.col.stage", lang)),
        Column("kpi", t("report.col.kpi", lang), header=True),
        Column("target", t("report.col.target", lang), "range"),
    )
    rows = tuple(
        Row(
            k.metric,
            (
                Cell(t(f"stage.{k.stage}", lang), k.stage),
                Cell(k.name, k.metric, note=k.note),
                Cell(f.range(k.target, k.unit), k.target.p50 if k.target else None),
            ),
            k.stage,
        )
        for k in plan.kpis
    )
    return Section("kpis", t("report.kpis", lang), (Table("kpis", columns, rows),))


def _measurement(plan: Plan) -> Section:
    lang = plan.lang
    columns = (
        Column("link", t("report.col.link", lang), header=True),
        Column("promo_code", t("report.col.code", lang), "code"),
        Column("url", "URL", "url"),
    )
    rows = tuple(
        Row(x.channel, (Cell(x.label), Cell(x.promo_code or "—", x.promo_code), Cell(x.url, x.url)))
        for x in plan.measurement.links
    )
    blocks: list[Block] = [Table("links", columns, rows)]
    if plan.measurement.notes:
        blocks.append(Bullets(_items(plan.measurement.notes), quiet=True))
    return Section("measurement", t("report.measurement", lang), tuple(blocks))


def _benchmarks(plan: Plan) -> Section:
    lang = plan.lang
    columns = (
        Column("id", "ID", "code"),
        Column("expected", t("report.col.expected", lang), "figure"),
        Column("source", t("kb.benchmarks.figure", lang), "source"),
    )
    rows = []
    for b in plan.benchmarks:
        if b.assumption:
            source = Cell(t("report.assumption", lang), note=b.note, mark=True)
        else:
            source = Cell(f"{b.source}" + (f" ({b.year})" if b.year else ""))
        figure = Cell(f"{b.typical:g} ({b.low:g}–{b.high:g}) {b.unit}", b.typical)
        rows.append(Row(b.id, (Cell(b.id, b.id), figure, source)))
    return Section(
        "benchmarks", t("report.benchmarks", lang), (Table("benchmarks", columns, tuple(rows)),), appendix=True
    )


def plan_document(plan: Plan, digits: DigitStyle | None = None, explain: bool = False) -> Document:
    """The plan as a document in its language, numbers in ``digits`` (the plan's own by default)."""
    f = plan_formatter(plan, digits)
    lang: Lang = plan.lang
    sections = [_allocation(plan, f)]
    replan = replan_section(plan, f)  # a re-plan shows day one beside now right after the split
    if replan is not None:
        sections.append(replan)
    sections.append(_influencers(plan, f))
    if plan.warnings:
        sections.append(_warnings(plan))
    sections += [_blueprint(plan, f), _forecast(plan, f), _kpis(plan, f), _measurement(plan)]
    if plan.what_would_change:
        sections.append(
            Section(
                "what-if",
                t("report.what_if", lang),
                (Bullets(_items([w.text for w in plan.what_would_change]), id="what-if"),),
            )
        )
    if plan.assumptions:
        assumed = _items([a.text for a in plan.assumptions if not a.unknown])
        unknown = _items([a.text for a in plan.assumptions if a.unknown])
        blocks = [Bullets(assumed, quiet=True)] if assumed else []
        if unknown:
            blocks.append(Bullets(unknown, title=t("report.unknowns", lang), quiet=True))
        sections.append(Section("assumptions", t("report.assumptions", lang), tuple(blocks)))
    rules = Definitions(tuple(Definition(r.id, r.statement, r.model) for r in plan.rules_applied))
    sections += [Section("rules", t("report.rules", lang), (rules,), appendix=True), _benchmarks(plan)]
    return Document(
        title=f"{t('report.title', lang)} · {plan_name(plan)}",
        summary=summary(plan, f),
        sections=tuple(sections),
        footer=t("report.footer", lang, kb=plan.kb_version, seed=f.count(plan.seed)),
        lang=lang,
        digits=f.digits,
        explain=explain,
        labels={
            "rules": t("report.col.rules", lang),
            "rule": t("report.col.rule", lang),
            "warning": t("report.col.warning", lang),
            "when": t("report.col.when", lang),
            "step": t("report.col.step", lang),
            "per_month": t("report.per_month", lang),
            "copy": t("web.plan.copy", lang),
            "copied": t("web.plan.copied", lang),
        },
    )
