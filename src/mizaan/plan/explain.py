"""Reasons as messages: rule effects and benchmark figures as short phrases a marketer can follow back to
the articles (rule IDs) and the sources (figure IDs). The words are the presenter's (``mizaan.present``)."""

from __future__ import annotations

from mizaan.knowledge import ChannelId, Figure, KnowledgeBase
from mizaan.plan.effects import Applied, RuleEffects
from mizaan.plan.messages import Count, Factor, Join, KbText, Metric, Msg, Num, Param, Pct, Phrase, Plain, Signed, msg
from mizaan.plan.result import RuleUse, Why


def stage_names(stages: tuple[str, ...] | list[str]) -> Param:
    if len(stages) == 3:
        return msg("stage.all")
    return Join(tuple(Msg(f"stage.{s}") for s in stages))


def effect_what(a: Applied, kb: KnowledgeBase) -> Phrase:
    """What one applied effect did: "influencer conversion x0.40"; an assumption says it is one, with its
    range of plausible factors, and a size the article does not give says its range."""
    what = _effect_what(a, kb)
    if a.basis == "assumption":
        if a.range is None:
            return msg("effect.assumption", what=what)
        return msg("effect.assumption_range", what=what, low=Factor(a.range[0]), high=Factor(a.range[1]))
    if a.range is not None:
        return msg("effect.size_range", what=what, low=Factor(a.range[0]), high=Factor(a.range[1]))
    return what


def _effect_what(a: Applied, kb: KnowledgeBase) -> Phrase:
    factor = a.factor or 0
    if a.kind == "multiplier":
        key = "effect.outcome" if a.applies == "outcome" else "effect.value"
        return Msg(key, {"stages": stage_names(a.stages), "factor": Factor(factor)})
    if a.kind == "uncertainty":
        return msg("effect.uncertainty", factor=Factor(factor))
    if a.kind == "audience":
        return msg("effect.audience", factor=Factor(factor))
    if a.kind == "risk_aversion":
        return msg("effect.risk_aversion", add=Signed(factor))
    if a.kind == "share_cap":
        return msg("effect.share_cap", share=Pct(factor))
    if a.kind == "max_tiers":
        return msg("effect.max_tiers", tiers=Count(int(factor), "tier"))
    if a.kind == "min_channels":
        return msg("effect.min_channels", channels=Count(int(factor), "channel"))
    if a.kind == "stage_weights":
        return msg("effect.stage_weights")
    if a.kind == "persistence_weight":
        return msg("effect.persistence", weight=Num(factor, 2))
    return KbText(kb.rules[a.rule].model)


def effect_msg(a: Applied, kb: KnowledgeBase) -> Msg:
    """One applied effect with its rule: "X1 · complex product → influencer conversion x0.40"."""
    statement = KbText(kb.rules[a.rule].statement)
    return msg("effect.full", rule=Plain(a.rule), statement=statement, what=effect_what(a, kb))


def rule_reason(a: Applied, kb: KnowledgeBase) -> Why:
    return Why(
        kind="rule", rule=a.rule, text=effect_msg(a, kb), factor=a.factor, stages=a.stages, basis=a.basis, range=a.range
    )


def figure_msg(fig: Figure) -> Msg:
    """A benchmark figure with its value, market and source."""
    value = _value(fig)
    market: Param = msg("market.global") if fig.market == "global" else Plain(fig.market.upper())
    label = Metric(fig.metric)
    if fig.assumption:
        return msg("figure.assumption", label=label, value=value, market=market)
    return msg(
        "figure.sourced",
        label=label,
        value=value,
        market=market,
        source=Plain(fig.source or ""),
        year=Plain(str(fig.year) if fig.year else "—"),
        confidence=Msg(f"confidence.{fig.confidence}"),
    )


def figure_reason(fig: Figure) -> Why:
    return Why(kind="figure", figure=fig.id, text=figure_msg(fig))


def channel_figure_reasons(
    c: ChannelId, kb: KnowledgeBase, country: str, goal: str, business_type: str | None = None
) -> list[Why]:
    """The figures the registry says explain the channel, each in the business type's own variant where the
    knowledge base has one (the figure the economics read)."""
    out = []
    for ref in kb.channels[c].explain:
        subject, metric = ref.subject, ref.metric
        if metric.startswith("cvr_") and (metric == "cvr_lead") != (goal == "leads"):
            continue
        out.append(figure_reason(kb.figure(subject, kb.business_metric(subject, metric, business_type), country)))
    return out


def rules_applied(fx: RuleEffects, kb: KnowledgeBase) -> list[RuleUse]:
    """Every rule that shaped the plan: those whose conditions held, and the structural ones."""
    by_rule: dict[str, list[Phrase]] = {}
    for a in fx.applied:
        by_rule.setdefault(a.rule, []).append(effect_what(a, kb))
    for rule_id, _ in fx.warnings:
        by_rule.setdefault(rule_id, []).append(msg("effect.warning"))
    return [
        RuleUse(id=rule.id, statement=rule.statement, model=rule.model, effects=by_rule[rule.id])
        for rule in kb.active_rules()
        if rule.id in by_rule
    ]


def _value(fig: Figure) -> Msg:
    def one(v: float) -> Param:
        if fig.unit == "multiple":  # a factor against another market's figures (×0.81)
            return Factor(v)
        if fig.unit == "ratio" and v < 1:
            return Pct(v, 2 if v < 0.1 else 1)
        if abs(v) >= 100 or float(v).is_integer():
            return Num(v)
        return Num(v, 2)

    bare = ("ratio", "multiple", "number", "people", "per_person", "posts", "months")
    unit = Plain("" if fig.unit in bare else f" {fig.unit}")
    if fig.low == fig.high:
        return msg("figure.value", value=one(fig.typical), unit=unit)
    return msg("figure.value_range", value=one(fig.typical), unit=unit, low=one(fig.low), high=one(fig.high))
