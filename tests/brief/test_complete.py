"""From a brief to a valid profile: the marked defaults, and a clear error for what only the user can say."""

from __future__ import annotations

import pytest

from mizaan.brief import NEEDS_USER, BriefIncompleteError, extract
from mizaan.errors import ProfileError
from mizaan.knowledge import KnowledgeBase

THREE_LINES = "عندنا متجر عبايات أونلاين في الرياض\nميزانيتنا ١٥ ألف ريال شهريا ونبغى مبيعات سريعة\nما عندنا تتبع"


def test_a_three_line_arabic_brief_gives_a_valid_profile(kb: KnowledgeBase) -> None:
    profile = extract(THREE_LINES, kb).to_profile(kb)
    assert profile.business_type == "ecommerce"
    assert profile.location.country == "SA"
    assert profile.budget.currency == "SAR" and profile.budget.period == "month"
    assert profile.goal == "sales" and profile.speed == "fast"
    assert profile.has_tracking is False
    assert profile.lang == "ar"
    assert "متجر عبايات" in profile.notes


def test_the_currency_defaults_to_the_countrys_and_is_marked(kb: KnowledgeBase) -> None:
    result = extract("نادي رياضي نسائي في الرياض، الميزانية من 8 الى 10 آلاف", kb)
    assumed = {a.field: a for a in result.assumptions}
    assert assumed["budget.currency"].value == "SAR"
    assert assumed["budget.currency"].reason == "brief.reason.country_currency"
    assert result.to_profile(kb).budget.currency == "SAR"


def test_the_goal_defaults_by_kind_of_business(kb: KnowledgeBase) -> None:
    result = extract("عيادة أسنان في جدة، الميزانية 15 ألف ريال شهريا", kb)
    assert {a.field: a.value for a in result.assumptions}["goal"] == "leads"


def test_a_local_business_is_assumed_to_serve_its_city(kb: KnowledgeBase) -> None:
    result = extract("مطعم في جدة، الميزانية 15 ألف ريال", kb)
    assert {a.field: a.value for a in result.assumptions}["location.scope"] == "local"


def test_yes_no_facts_stay_unknown_rather_than_assumed(kb: KnowledgeBase) -> None:
    result = extract(THREE_LINES, kb)
    assumed = {a.field: a.value for a in result.assumptions}
    assert assumed["has_landing_page"] is None
    assert result.to_profile(kb).has_landing_page is None


@pytest.mark.parametrize("field", NEEDS_USER)
def test_a_field_with_no_safe_default_is_named_in_the_error(field: str, kb: KnowledgeBase) -> None:
    briefs = {
        "business_type": "في الرياض، الميزانية 15 ألف ريال شهريا",
        "budget.amount": "متجر عطور أونلاين في الرياض",
        "location.country": "متجر عطور أونلاين، الميزانية 15000 دولار",
    }
    with pytest.raises(BriefIncompleteError) as info:
        extract(briefs[field], kb).to_profile(kb)
    assert field in [p.field for p in info.value.problems]
    assert "؟" in info.value.message("ar") and "?" in info.value.message("en")


def test_an_unsupported_currency_is_refused_by_the_profile_check(kb: KnowledgeBase) -> None:
    with pytest.raises(ProfileError) as info:
        extract("محل كنافة في طرابلس ليبيا، الميزانية ٥٠٠٠ جنيه استرليني", kb).to_profile(kb)
    assert "GBP" in info.value.message("en")
    # the Libyan dinar is known since the knowledge base holds all 22 Arab League countries
    profile = extract("محل كنافة في طرابلس ليبيا، الميزانية ٥٠٠٠ دينار ليبي", kb).to_profile(kb)
    assert profile.budget.currency == "LYD" and profile.location.country == "LY"


def test_json_output_has_profile_evidence_missing_and_assumptions(kb: KnowledgeBase) -> None:
    data = extract(THREE_LINES, kb).as_json()
    assert {"profile", "evidence", "missing", "assumptions"} <= set(data)
    assert data["profile"]["budget"] == {"amount": "15000", "currency": "SAR", "period": "month"}
    assert data["evidence"]["budget.amount"]["spans"][0]["text"]
