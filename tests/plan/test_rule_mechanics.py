"""Every quantitative effect of every rule, checked the same way: on a profile where the rule's condition
holds, switching the rule off (everything else equal) must undo exactly the effect the knowledge base
declares, in the declared direction."""

from __future__ import annotations

import math
from typing import Any

import pytest

from mizaan.knowledge import STAGES, KnowledgeBase, load_knowledge_base
from mizaan.knowledge.schema import (
    AudienceEffect,
    MaxTiersEffect,
    MinChannelsEffect,
    MultiplierEffect,
    PersistenceWeightEffect,
    RiskAversionEffect,
    ShareCapEffect,
    StageWeightEffect,
    UncertaintyEffect,
)
from mizaan.plan.curves import build_curves
from mizaan.plan.effects import apply_rules, resolve
from mizaan.plan.facts import profile_facts
from mizaan.plan.problem import make_problem
from mizaan.profile import parse_profile
from tests.conftest import BASE_PROFILE, merge
from tests.plan.rulecases import profile_changes

KB = load_knowledge_base()
QUANTITATIVE = (
    MultiplierEffect,
    UncertaintyEffect,
    AudienceEffect,
    RiskAversionEffect,
    ShareCapEffect,
    StageWeightEffect,
    PersistenceWeightEffect,
    MaxTiersEffect,
    MinChannelsEffect,
)


def _cases() -> list[Any]:
    out = []
    for rule in KB.rules.values():
        for i, case in enumerate(rule.cases):
            if not any(isinstance(e, QUANTITATIVE) for e in case.effects):
                continue
            changes = profile_changes(case.when)
            if changes is None:
                continue
            out.append(pytest.param(rule.id, i, changes, id=f"{rule.id}-case{i}"))
    return out


def _state(kb: KnowledgeBase, data: dict[str, Any]) -> Any:
    profile = parse_profile(data, kb)
    facts = profile_facts(profile, kb)
    fx = apply_rules(kb, facts)
    prior = build_curves(kb, facts, fx)
    return fx, prior, make_problem(kb, facts, fx, prior)


@pytest.mark.parametrize(("rule_id", "case_index", "changes"), _cases())
def test_switching_a_rule_off_undoes_exactly_its_declared_effect(
    rule_id: str, case_index: int, changes: dict[str, Any]
) -> None:
    data = merge(BASE_PROFILE, changes)
    with_rule = _state(KB, data)
    without = _state(KB.without_rules(rule_id), data)
    case = KB.rules[rule_id].cases[case_index]
    fx_on, prior_on, prob_on = with_rule
    fx_off, prior_off, prob_off = without
    assert rule_id in fx_on.rules_fired, "the condition built for the case must hold"
    for effect in case.effects:
        if isinstance(effect, MultiplierEffect):
            table_on = fx_on.value if effect.applies == "value" else fx_on.outcome
            table_off = fx_off.value if effect.applies == "value" else fx_off.outcome
            for c in resolve(effect.target, KB):
                for s in effect.stages:
                    ratio = table_on.get((c, s), 1.0) / table_off.get((c, s), 1.0)
                    # the ratio is the product of this case's factors on (c, s), in the factor's direction
                    expected = math.prod(
                        e.factor
                        for e in case.effects
                        if isinstance(e, MultiplierEffect)
                        and e.applies == effect.applies
                        and c in resolve(e.target, KB)
                        and s in e.stages
                    )
                    assert ratio == pytest.approx(expected)
                    curve_on, curve_off = prior_on.curves[c], prior_off.curves[c]
                    if effect.applies == "value":
                        moved = curve_on.value_weight[s] / curve_off.value_weight[s]
                    else:
                        moved = curve_on.per_usd[s] / curve_off.per_usd[s] if curve_off.per_usd[s] else expected
                    assert (moved > 1) == (expected > 1) or moved == pytest.approx(1.0) == expected
        elif isinstance(effect, UncertaintyEffect):
            for c in resolve(effect.target, KB):
                assert prior_on.curves[c].spread / prior_off.curves[c].spread == pytest.approx(
                    effect.factor, rel=1e-6
                ) or any(isinstance(e, UncertaintyEffect) and e is not effect for e in case.effects)
        elif isinstance(effect, AudienceEffect):
            for c in resolve(effect.target, KB):
                if c == "retargeting":
                    assert fx_on.audience[c] / fx_off.audience.get(c, 1.0) == pytest.approx(effect.factor)
                else:
                    assert prior_on.curves[c].scale_usd / prior_off.curves[c].scale_usd == pytest.approx(effect.factor)
        elif isinstance(effect, RiskAversionEffect):
            add = effect.add
            if effect.fade is not None:  # in proportion to how far the fact is below the fade's end
                facts = profile_facts(parse_profile(data, KB), KB)
                add *= effect.fade.strength(float(facts[effect.fade.fact]))
            assert prob_on.risk_aversion - prob_off.risk_aversion == pytest.approx(add)
        elif isinstance(effect, ShareCapEffect):
            assert prob_on.influencer_cap == pytest.approx(min(effect.max_share, prob_off.influencer_cap))
            assert prob_on.influencer_cap <= prob_off.influencer_cap
        elif isinstance(effect, StageWeightEffect):
            for s in STAGES:
                assert fx_on.stage_weights[s] / fx_off.stage_weights[s] == pytest.approx(effect.weights.get(s, 1.0))
        elif isinstance(effect, PersistenceWeightEffect):
            assert fx_on.persistence_weight == pytest.approx(effect.weight)
        elif isinstance(effect, MaxTiersEffect):
            assert prob_on.max_tiers == effect.count < prob_off.max_tiers
        elif isinstance(effect, MinChannelsEffect):
            assert prob_on.min_e_marketing == effect.count > prob_off.min_e_marketing


def test_every_channel_has_a_curve_and_positive_value(kb: KnowledgeBase) -> None:
    _, prior, problem = _state(kb, BASE_PROFILE)
    assert set(prior.curves) == set(kb.channel_ids)
    assert all(v > 0 for v in problem.value)
    assert all(s > 0 for s in problem.spread)
