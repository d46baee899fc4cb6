"""Apply the knowledge base's rules to a profile's facts: collect every multiplier, cap, weight and
warning they produce, and remember which rule produced what (the reasons a plan shows)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from mizaan.knowledge import (
    STAGES,
    AudienceEffect,
    ChannelId,
    Clause,
    Effect,
    Family,
    KnowledgeBase,
    MaxTiersEffect,
    MinChannelsEffect,
    MultiplierEffect,
    PersistenceWeightEffect,
    RiskAversionEffect,
    ShareCapEffect,
    Stage,
    StageWeightEffect,
    StructureEffect,
    Target,
    UncertaintyEffect,
    WarningEffect,
)
from mizaan.plan.facts import Facts, condition_facts, condition_holds
from mizaan.profile import RELIES_ON_RECOMMENDATIONS


@dataclass(frozen=True)
class Applied:
    """One effect of one rule as applied to this profile."""

    rule: str
    kind: str
    channels: tuple[ChannelId, ...] = ()
    stages: tuple[Stage, ...] = ()
    factor: float | None = None
    applies: Literal["value", "outcome"] | None = None
    # what the effect rests on: the article, or the product's assumption (with its range of plausible factors)
    basis: Literal["article", "assumption"] = "article"
    range: tuple[float, float] | None = None


@dataclass
class RuleEffects:
    """Everything the rules did for one profile."""

    value: dict[tuple[ChannelId, Stage], float] = field(default_factory=dict)
    outcome: dict[tuple[ChannelId, Stage], float] = field(default_factory=dict)
    uncertainty: dict[ChannelId, float] = field(default_factory=dict)
    audience: dict[ChannelId, float] = field(default_factory=dict)
    risk_aversion_add: float = 0.0
    stage_weights: dict[Stage, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 1.0))
    persistence_weight: float = 0.0
    share_caps: dict[Family, tuple[float, str]] = field(default_factory=dict)
    max_tiers: tuple[int, str] | None = None
    min_channels: dict[Family, tuple[int, str]] = field(default_factory=dict)
    warnings: list[tuple[str, WarningEffect]] = field(default_factory=list)
    applied: list[Applied] = field(default_factory=list)
    rules_fired: list[str] = field(default_factory=list)

    def value_factor(self, c: ChannelId, s: Stage) -> float:
        return self.value.get((c, s), 1.0)

    def outcome_factor(self, c: ChannelId, s: Stage) -> float:
        return self.outcome.get((c, s), 1.0)

    def reasons_for(self, c: ChannelId) -> list[Applied]:
        return [a for a in self.applied if c in a.channels]

    def fired(self, rule_id: str) -> None:
        if rule_id not in self.rules_fired:
            self.rules_fired.append(rule_id)


def resolve(target: Target, kb: KnowledgeBase) -> tuple[ChannelId, ...]:
    if target.all:
        return kb.channel_ids
    if target.family is not None:
        return tuple(c for c in kb.channel_ids if kb.channels[c].family == target.family)
    return tuple(target.channels)


def _uses_plan_facts(case_facts: set[str]) -> bool:
    return any(f.startswith("plan.") for f in case_facts)


def apply_rules(kb: KnowledgeBase, facts: Facts) -> RuleEffects:
    """Apply every active rule whose condition holds for ``facts`` (profile facts only; cases that need
    ``plan.`` facts are left to ``plan_warnings``)."""
    fx = RuleEffects()
    for rule in kb.active_rules():
        for case in rule.cases:
            if _uses_plan_facts(condition_facts(case.when)):
                continue
            if not condition_holds(case.when, facts):
                continue
            for effect in case.effects:
                _apply(rule.id, effect, kb, fx, facts)
    _expected_recommendation_effect(kb, facts, fx)
    return fx


def plan_warnings(kb: KnowledgeBase, facts: Facts) -> list[tuple[str, WarningEffect]]:
    """Warnings of the cases that test ``plan.`` facts, once those facts are known."""
    out: list[tuple[str, WarningEffect]] = []
    for rule in kb.active_rules():
        for case in rule.cases:
            if not _uses_plan_facts(condition_facts(case.when)):
                continue
            if condition_holds(case.when, facts):
                out.extend((rule.id, e) for e in case.effects if isinstance(e, WarningEffect))
    return out


def _apply(rule_id: str, effect: Effect, kb: KnowledgeBase, fx: RuleEffects, facts: Facts) -> None:
    """Apply one effect, and label what it applied with the effect's basis and range."""
    before = len(fx.applied)
    _apply_effect(rule_id, effect, kb, fx, facts)
    for i in range(before, len(fx.applied)):
        fx.applied[i] = replace(fx.applied[i], basis=effect.basis, range=effect.range)


def _apply_effect(rule_id: str, effect: Effect, kb: KnowledgeBase, fx: RuleEffects, facts: Facts) -> None:
    fx.fired(rule_id)
    if isinstance(effect, MultiplierEffect):
        channels = resolve(effect.target, kb)
        table = fx.value if effect.applies == "value" else fx.outcome
        for c in channels:
            for s in effect.stages:
                table[(c, s)] = table.get((c, s), 1.0) * effect.factor
        fx.applied.append(Applied(rule_id, "multiplier", channels, tuple(effect.stages), effect.factor, effect.applies))
    elif isinstance(effect, UncertaintyEffect):
        channels = resolve(effect.target, kb)
        for c in channels:
            fx.uncertainty[c] = fx.uncertainty.get(c, 1.0) * effect.factor
        fx.applied.append(Applied(rule_id, "uncertainty", channels, (), effect.factor))
    elif isinstance(effect, AudienceEffect):
        channels = resolve(effect.target, kb)
        for c in channels:
            fx.audience[c] = fx.audience.get(c, 1.0) * effect.factor
        fx.applied.append(Applied(rule_id, "audience", channels, (), effect.factor))
    elif isinstance(effect, RiskAversionEffect):
        add = effect.add
        if effect.fade is not None:
            add *= effect.fade.strength(float(facts[effect.fade.fact]))
        fx.risk_aversion_add += add
        fx.applied.append(Applied(rule_id, "risk_aversion", (), (), add))
    elif isinstance(effect, StageWeightEffect):
        for s, w in effect.weights.items():
            fx.stage_weights[s] *= w
        fx.applied.append(Applied(rule_id, "stage_weights", (), tuple(effect.weights)))
    elif isinstance(effect, PersistenceWeightEffect):
        fx.persistence_weight = effect.weight
        fx.applied.append(Applied(rule_id, "persistence_weight", (), (), effect.weight))
    elif isinstance(effect, ShareCapEffect):
        current = fx.share_caps.get(effect.family)
        if current is None or effect.max_share < current[0]:
            fx.share_caps[effect.family] = (effect.max_share, rule_id)
        fx.applied.append(Applied(rule_id, "share_cap", (), (), effect.max_share))
    elif isinstance(effect, MaxTiersEffect):
        if fx.max_tiers is None or effect.count < fx.max_tiers[0]:
            fx.max_tiers = (effect.count, rule_id)
        fx.applied.append(Applied(rule_id, "max_tiers", (), (), float(effect.count)))
    elif isinstance(effect, MinChannelsEffect):
        current_min = fx.min_channels.get(effect.family)
        if current_min is None or effect.count > current_min[0]:
            fx.min_channels[effect.family] = (effect.count, rule_id)
        fx.applied.append(Applied(rule_id, "min_channels", (), (), float(effect.count)))
    elif isinstance(effect, WarningEffect):
        fx.warnings.append((rule_id, effect))
    elif isinstance(effect, StructureEffect):
        fx.applied.append(Applied(rule_id, "structure"))


def _expected_recommendation_effect(kb: KnowledgeBase, facts: Facts, fx: RuleEffects) -> None:
    """K3: when the profile does not say whether its audience relies on recommendations, weight S3's
    'yes' effect by the share of social users in the country who follow influencers."""
    if facts.get(RELIES_ON_RECOMMENDATIONS) is not None:
        return
    if not (kb.rule_active("K3") and kb.rule_active("S3")):
        return
    share = kb.figure("audience", "follows_influencers", facts.get("location.country")).typical
    yes = Clause(fact=RELIES_ON_RECOMMENDATIONS, op="eq", value=True)
    for case in kb.rules["S3"].cases:
        if case.when is None or yes not in case.when.all:
            continue
        for effect in case.effects:
            if isinstance(effect, MultiplierEffect):
                weighted = 1.0 + (effect.factor - 1.0) * share
                scaled = effect.model_copy(update={"factor": weighted})
                _apply("K3", scaled, kb, fx, facts)
