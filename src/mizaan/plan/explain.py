"""Reasons in words: rule effects and benchmark figures as short texts a marketer can follow back to the
articles (rule IDs) and the sources (figure IDs)."""

from __future__ import annotations

from mizaan.i18n import Lang, NumberFormatter, has, t
from mizaan.knowledge import ChannelId, Figure, KnowledgeBase
from mizaan.plan.effects import Applied, RuleEffects
from mizaan.plan.model import Reason, RuleApplied


def stage_names(stages: tuple[str, ...] | list[str], lang: Lang) -> str:
    if len(stages) == 3:
        return t("stage.all", lang)
    return t("list.join", lang).join(t(f"stage.{s}", lang) for s in stages)


def effect_text(a: Applied, kb: KnowledgeBase, nf: NumberFormatter) -> str:
    """One applied effect as a phrase: "complex product: influencer conversion x0.40"."""
    lang = nf.lang
    rule = kb.rules[a.rule]
    head = f"{a.rule} · {rule.statement.get(lang)}"
    if a.kind == "multiplier":
        what = t(
            "effect.outcome" if a.applies == "outcome" else "effect.value",
            lang,
            stages=stage_names(a.stages, lang),
            factor=nf.factor(a.factor or 0),
        )
    elif a.kind == "uncertainty":
        what = t("effect.uncertainty", lang, factor=nf.factor(a.factor or 0))
    elif a.kind == "audience":
        what = t("effect.audience", lang, factor=nf.factor(a.factor or 0))
    elif a.kind == "risk_aversion":
        what = t(
            "effect.risk_aversion", lang, add=("+" if (a.factor or 0) >= 0 else "−") + nf.num(abs(a.factor or 0), 2)
        )
    elif a.kind == "share_cap":
        what = t("effect.share_cap", lang, share=nf.pct(a.factor or 0))
    elif a.kind == "max_tiers":
        what = t("effect.max_tiers", lang, count=nf.num(int(a.factor or 0)))
    elif a.kind == "min_channels":
        what = t("effect.min_channels", lang, count=nf.num(int(a.factor or 0)))
    elif a.kind == "stage_weights":
        what = t("effect.stage_weights", lang)
    elif a.kind == "persistence_weight":
        what = t("effect.persistence", lang, weight=nf.num(a.factor or 0, 2))
    else:
        what = rule.model.get(lang)
    return f"{head} → {what}"


def rule_reason(a: Applied, kb: KnowledgeBase, nf: NumberFormatter) -> Reason:
    return Reason(kind="rule", rule=a.rule, text=effect_text(a, kb, nf), factor=a.factor, stages=list(a.stages))


def figure_text(fig: Figure, nf: NumberFormatter) -> str:
    lang = nf.lang
    value = _value(fig, nf)
    market = t("market.global", lang) if fig.market == "global" else fig.market.upper()
    label = t(f"metric.{fig.metric}", lang) if has(f"metric.{fig.metric}") else fig.metric
    if fig.assumption:
        return t("figure.assumption", lang, label=label, value=value, market=market)
    return t(
        "figure.sourced",
        lang,
        label=label,
        value=value,
        market=market,
        source=fig.source or "",
        year=fig.year or "—",
        confidence=t(f"confidence.{fig.confidence}", lang),
    )


def figure_reason(fig: Figure, nf: NumberFormatter) -> Reason:
    return Reason(kind="figure", figure=fig.id, text=figure_text(fig, nf))


def channel_figure_reasons(
    c: ChannelId, kb: KnowledgeBase, country: str, goal: str, nf: NumberFormatter
) -> list[Reason]:
    out = []
    for ref in kb.channels[c].explain:  # the figures the registry says explain the channel
        subject, metric = ref.subject, ref.metric
        if metric.startswith("cvr_") and (metric == "cvr_lead") != (goal == "leads"):
            continue
        out.append(figure_reason(kb.figure(subject, metric, country), nf))
    return out


def rules_applied(fx: RuleEffects, kb: KnowledgeBase, nf: NumberFormatter) -> list[RuleApplied]:
    """Every rule that shaped the plan: those whose conditions held, and the structural ones."""
    lang = nf.lang
    by_rule: dict[str, list[str]] = {}
    for a in fx.applied:
        by_rule.setdefault(a.rule, []).append(effect_text(a, kb, nf).split(" → ", 1)[1])
    for rule_id, _ in fx.warnings:
        by_rule.setdefault(rule_id, []).append(t("effect.warning", lang))
    out = []
    for rule in kb.active_rules():
        if rule.id in by_rule:
            out.append(
                RuleApplied(
                    id=rule.id, statement=rule.statement.get(lang), model=rule.model.get(lang), effects=by_rule[rule.id]
                )
            )
    return out


def _value(fig: Figure, nf: NumberFormatter) -> str:
    def one(v: float) -> str:
        if fig.unit == "ratio" and v < 1:
            return nf.pct(v, 2 if v < 0.1 else 1)
        if abs(v) >= 100 or float(v).is_integer():
            return nf.num(v)
        return nf.num(v, 2)

    unit = "" if fig.unit in ("ratio", "people", "per_person", "posts", "months") else f" {fig.unit}"
    if fig.low == fig.high:
        return one(fig.typical) + unit
    return f"{one(fig.typical)}{unit} ({one(fig.low)}–{one(fig.high)})"
