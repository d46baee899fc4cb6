"""The knowledge base: complete, sourced, and refused with located errors when an edit breaks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mizaan.errors import KnowledgeBaseError
from mizaan.knowledge import SEED_RULE_IDS, KnowledgeBase, load_knowledge_base
from mizaan.plan.check import check_knowledge_base
from tests.conftest import edit


def test_every_seed_rule_and_channel_is_present_in_both_languages(kb: KnowledgeBase) -> None:
    assert set(SEED_RULE_IDS) <= set(kb.rules)
    assert kb.channel_ids == (
        "search_ads",
        "social_ads",
        "content",
        "seo",
        "email",
        "retargeting",
        "influencer_nano",
        "influencer_micro",
        "influencer_macro",
        "influencer_mega",
    )
    assert kb.retargeting_channel() == "retargeting"
    assert kb.channels_with("owned_media") == ("content", "seo")
    assert kb.channels_with("paid") == ("search_ads", "social_ads", "retargeting")
    assert {kb.tiers[t].channel for t in kb.tiers} == set(kb.channels_of_kind("creator_post"))
    for rule in kb.rules.values():
        assert rule.statement.ar and rule.statement.en and rule.model.ar and rule.model.en
        assert any("\u0600" <= ch <= "\u06ff" for ch in rule.statement.ar)


def test_a_figure_without_a_source_is_an_assumption(kb: KnowledgeBase) -> None:
    for fig in kb.figures.values():
        assert fig.source is not None or fig.assumption
        assert fig.low <= fig.typical <= fig.high


def test_figures_exist_for_the_global_market_and_saudi_uae_egypt(kb: KnowledgeBase) -> None:
    for country in ("SA", "AE", "EG"):
        assert kb.figure("social_ads", "cpm", country).market == country
    # click prices are US figures; what a market pays against them is its cost index
    assert kb.figure("search_ads", "cpc", "SA").market == "global"
    assert kb.figure("search_ads", "cost_index", "SA").market == "SA"
    assert kb.figure("search_ads", "cost_index", "BH").market == "gcc"
    assert kb.figure("search_ads", "cost_index", "LB").market == "mena"
    assert kb.figure("search_ads", "cost_index", "US").market == "global"
    assert kb.figure("influencer_micro", "price_per_post", "AE").market == "gcc"
    assert kb.figure("influencer_micro", "price_per_post", "EG").market == "global"


def test_currencies_of_the_region_are_known(kb: KnowledgeBase) -> None:
    assert {"SAR", "AED", "EGP", "KWD", "QAR", "BHD", "OMR", "JOD", "USD"} <= set(kb.currencies)
    assert kb.per_usd("SAR") == 3.75


def test_the_built_in_knowledge_base_passes_its_checks(kb: KnowledgeBase) -> None:
    check_knowledge_base(kb)


def test_rules_can_be_switched_off_to_argue_with_them(kb: KnowledgeBase) -> None:
    off = kb.without_rules("B4", "X1")
    assert not off.rule_active("B4") and off.rule_active("B1")
    with pytest.raises(KeyError):
        kb.without_rules("Z9")


def test_an_agency_copy_loads_and_its_edits_take_effect(copy: Path) -> None:
    edit(copy / "rules.yaml", "max_share: 0.3}", "max_share: 0.2}")
    kb = load_knowledge_base(copy)
    assert kb.source == copy and kb.version != load_knowledge_base().version


def test_a_broken_figure_is_refused_with_file_row_and_field(copy: Path) -> None:
    edit(copy / "benchmarks.yaml", "low: 1.40, typical: 5.42", "low: 9.40, typical: 5.42")
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(copy)
    problem = info.value.problems[0]
    assert problem.file and problem.file.endswith("benchmarks.yaml")
    assert problem.row is not None and problem.field and problem.field.startswith("figures[")
    assert "low <= typical <= high" in info.value.message("en")


def test_a_missing_seed_rule_and_an_unknown_reference_are_refused(copy: Path) -> None:
    edit(copy / "rules.yaml", "  - id: K5\n", "  - id: K55\n")
    edit(copy / "rules.yaml", "evidence: [retargeting.roi_vs_prospecting.global]", "evidence: [no.such.figure]")
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(copy)
    text = info.value.message("en")
    assert "rule K5 of the rule catalogue is missing" in text
    assert "unknown figure: no.such.figure" in text
    assert "القاعدة K5" in info.value.message("ar")


def test_an_unsourced_figure_must_say_it_is_an_assumption(copy: Path) -> None:
    edit(
        copy / "benchmarks.yaml",
        "low: 1.2, typical: 1.5, high: 2.0, assumption: true,",
        "low: 1.2, typical: 1.5, high: 2.0,",
    )
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(copy)
    assert "assumption: true" in info.value.message("en")


def test_the_planner_check_refuses_unknown_facts_and_missing_figures(copy: Path) -> None:
    edit(copy / "rules.yaml", "{fact: product_complexity, value: simple}", "{fact: product_colour, value: simple}")
    edit(
        copy / "benchmarks.yaml",
        "{id: seo.serp_ctr.global, subject: seo, metric: serp_ctr, market: global,",
        "{id: seo.serp_ctr.SA, subject: seo, metric: serp_ctr, market: SA,",
    )
    kb = load_knowledge_base(copy)
    with pytest.raises(KnowledgeBaseError) as info:
        check_knowledge_base(kb)
    text = info.value.message("en")
    assert "unknown fact «product_colour»" in text
    assert "seo.serp_ctr" in text


def test_a_key_given_twice_is_refused_with_its_place(copy: Path) -> None:
    edit(copy / "objective.yaml", "  forecast_samples: 4000", "  forecast_samples: 4000\n  forecast_samples: 100")
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(copy)
    problem = info.value.problems[0]
    assert "given twice" in problem.message("en") and problem.row is not None
