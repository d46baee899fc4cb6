"""The plan as Markdown: the same sections as the terminal, with every reason written out."""

from __future__ import annotations

from mizaan.i18n import DigitStyle, t
from mizaan.plan.model import Plan
from mizaan.report.formatting import PlanFormatter


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def plan_markdown(plan: Plan, digits: DigitStyle | None = None) -> str:
    f = PlanFormatter.for_plan(plan, digits)
    lang = plan.lang
    p = plan.profile
    name = p.get("business_name") or t(f"value.business_type.{p['business_type']}", lang)
    md: list[str] = [f"# {t('report.title', lang)} · {name}", ""]
    md.append(f.summary(plan))
    md += ["", f"## {t('report.allocation', lang)}", ""]
    md.append(
        f"| {t('report.col.channel', lang)} | {t('report.col.amount', lang)} | {t('report.col.monthly', lang)} | "
        f"{t('report.col.share', lang)} | {t('report.col.stages', lang)} |"
    )
    md.append("|---|---:|---:|---:|---|")
    for line in plan.allocation:
        stages = " · ".join(f"{t(f'stage.{s}', lang)} {f.pct(v)}" for s, v in line.stages.items() if v >= 0.05)
        md.append(
            f"| {_cell(line.name)} | {f.money(line.amount)} | {f.money(line.monthly_amount)} | "
            f"{f.pct(line.share, 1)} | {stages} |"
        )
    md += [
        "",
        t(
            "report.family_share",
            lang,
            e=f.pct(plan.family_share["e_marketing"]),
            i=f.pct(plan.family_share["influencer"]),
        ),
        "",
    ]
    md.append(
        f"{t('report.stage_share', lang)}: "
        + " · ".join(f"{t(f'stage.{s}', lang)} {f.pct(v)}" for s, v in plan.stage_share.items())
    )
    md += ["", f"### {t('report.reasons', lang)}", ""]
    for line in plan.allocation:
        md.append(f"**{line.name}** — {line.actions}")
        md += [f"- {r.text}" for r in line.reasons]
        md.append("")

    inf = plan.influencer
    md += [f"## {t('report.influencer', lang)}", ""]
    md.append(f.influencer_headline(plan))
    if inf.recommended and inf.tier:
        md += ["", f"**{t('report.criteria', lang)}**", ""] + [f"1. {c}" for c in inf.selection_criteria]
    md += [
        "",
        f"| {t('report.col.tier', lang)} | {t('report.col.min', lang)} | {t('report.col.why', lang)} |",
        "|---|---:|---|",
    ]
    for o in inf.options:
        mark = "✓ " if o.chosen else ""
        tier = t(f"value.preferred_influencer_tier.{o.tier}", lang)
        md.append(f"| {mark}{tier} | {f.money(o.min_amount, whole=True)} | {_cell(o.why)} |")
    md += [""] + [f"- {r.text}" for r in inf.reasons] + [""]

    if plan.warnings:
        md += [f"## {t('report.warnings', lang)}", ""]
        for w in plan.warnings:
            md.append(
                f"- **{w.rule} · {t(f'severity.{w.severity}', lang)}** — {w.text} {t('report.do', lang)}: {w.action}"
            )
        md.append("")

    md += [f"## {t('report.blueprint', lang)}", ""]
    for s in plan.blueprint:
        md.append(f"{s.order}. **{f.weeks(s.start_week, s.end_week)}** — {s.action} ({' '.join(s.rules)})")
    md += ["", f"## {t('report.forecast', lang, months=f.num(plan.forecast.horizon_months))}", ""]
    fc = plan.forecast
    md += [
        f"| {t('report.col.metric', lang)} | {t('report.col.expected', lang)} |",
        "|---|---:|",
        f"| {t('kpi.reach', lang)} | {f.range(fc.reach, 'people')} |",
        f"| {t('kpi.visits', lang)} | {f.range(fc.visits, 'visits')} |",
        f"| {t('kpi.conversions', lang)} | {f.range(fc.conversions, 'conversions')} |",
        f"| {t('kpi.cpa', lang)} | {f.range(fc.cpa, plan.currency)} |",
    ]
    if fc.revenue is not None and fc.roas is not None:
        md += [
            f"| {t('report.revenue', lang)} | {f.range(fc.revenue, plan.currency)} |",
            f"| {t('report.roas', lang)} | {f.range(fc.roas, 'x')} |",
        ]
    md += [""] + [f"- {r.text}" for r in fc.reasons]
    md += [
        "",
        f"## {t('report.kpis', lang)}",
        "",
        f"| {t('report.col.stage', lang)} | {t('report.col.kpi', lang)} | {t('report.col.target', lang)} |",
        "|---|---|---:|",
    ]
    for k in plan.kpis:
        name = _cell(k.name + (" — " + k.note if k.note else ""))
        md.append(f"| {t(f'stage.{k.stage}', lang)} | {name} | {f.range(k.target, k.unit)} |")
    md += [
        "",
        f"## {t('report.measurement', lang)}",
        "",
        f"| {t('report.col.link', lang)} | {t('report.col.code', lang)} | URL |",
        "|---|---|---|",
    ]
    for link in plan.measurement.links:
        md.append(f"| {_cell(link.label)} | {link.promo_code or '—'} | `{link.url}` |")
    md += [""] + [f"- {n}" for n in plan.measurement.notes]
    if plan.what_would_change:
        md += ["", f"## {t('report.what_if', lang)}", ""] + [f"- {w.text}" for w in plan.what_would_change]
    if plan.assumptions:
        md += ["", f"## {t('report.assumptions', lang)}", ""] + [f"- {a.text}" for a in plan.assumptions]
    md += ["", f"## {t('report.rules', lang)}", ""]
    for r in plan.rules_applied:
        md.append(f"- **{r.id}** — {r.statement} *{r.model}*")
    md += ["", f"## {t('report.benchmarks', lang)}", ""]
    for b in plan.benchmarks:
        src = t("report.assumption", lang) if b.assumption else f"{b.source} ({b.year or '—'})"
        md.append(f"- `{b.id}`: {b.typical:g} ({b.low:g}–{b.high:g}) {b.unit} — {src}")
    md += ["", t("report.footer", lang, kb=plan.kb_version, seed=f.num(plan.seed)), ""]
    return "\n".join(md)
