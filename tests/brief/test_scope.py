"""How far words reach: a negated verb of wanting or choosing governs the rest of its clause (the refused
mistake is false, not true), time already run is not the plan's horizon, a wish next to a word for
customers is a goal, and "all provinces" is the whole country."""

from __future__ import annotations

from typing import Any

import pytest

from mizaan.brief import extract
from mizaan.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("ما أبي أختار المشهور على عدد المتابعين", "choose_influencers_by_followers"),  # Gulf
        ("Please don't pick influencers for us by follower count", "choose_influencers_by_followers"),
        ("We're not interested in influencers with millions of followers", "choose_influencers_by_followers"),
        ("ماشي باغي المؤثرين لي عندهم ملايين المتابعين", "choose_influencers_by_followers"),  # Maghrebi
        ("لا نريد مؤثرين لمجرد أن الجميع يستخدمهم", "influencers_because_trend"),  # MSA
        ("مش عايزة أعمل influencers عشان الترند بس", "influencers_because_trend"),  # Egyptian, mixed
    ],
)
def test_a_refused_mistake_is_false_however_far_its_words(text: str, field: str, kb: KnowledgeBase) -> None:
    result = extract(text, kb)
    assert result.profile.get(field) is False
    assert not result.signals


@pytest.mark.parametrize(
    ("text", "speed"),
    [
        ("We don't want celebrities we want bookings fast", "fast"),
        ("مش إننا مش عايزين نتايج سريعة", "fast"),
        ("مش إننا مش مستعجلين، لأ احنا محتاجين زباين بسرعة", "fast"),
    ],
)
def test_the_owners_next_wish_or_a_second_negation_ends_the_reach(text: str, speed: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.speed == speed


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Boutique studio in Muscat. Been around for 2 years.", "growth"),
        ("We've been selling for 5 years from Cairo.", "established"),
        ("جيم في الجيزة، بقالنا ٣ سنين", "growth"),
    ],
)
def test_time_already_run_is_the_stage_not_the_horizon(text: str, stage: str, kb: KnowledgeBase) -> None:
    profile = extract(text, kb).profile
    assert profile.horizon_months is None
    assert profile.stage == stage


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("مطعم كشري، محتاجين زباين بسرعة", "sales"),
        ("جيم في الجيزة، عايزين مشتركين جداد", "sales"),
        ("محل تصليح موبايلات، بدنا زباين من الحي", "sales"),
        ("مكتب محاسبة، بدنا عملاء شركات جداد", "leads"),
        ("Kindergarten in Amman, we need registrations", "leads"),
    ],
)
def test_a_wish_next_to_customers_is_the_goal(text: str, goal: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.goal == goal


def test_customers_without_a_wish_are_no_goal(kb: KnowledgeBase) -> None:
    assert extract("مطعم كشري في إسكندرية، زباينا من كل الأعمار", kb).profile.goal is None


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("بنشحن لكل المحافظات من القاهرة", "location.scope", "national"),
        ("نوصل لجميع المحافظات", "location.scope", "national"),
        ("زبائننا من داخل المحافظة فقط", "location.scope", "local"),
        ("الميزانية ٥ مليون ليرة سورية بالشهر", "budget.currency", "SYP"),
        ("محل في دمشق، الميزانية ٥ مليون ليرة بالشهر", "budget.currency", "SYP"),
        ("budget 10k ريال/شهر", "budget.period", "month"),
        ("الميزانية 6000 درهم par mois", "budget.period", "month"),
    ],
)
def test_places_and_money_words(text: str, field: str, value: Any, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.get(field) == value


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("عندي ماركة ديال الجلابة كنبيع فالانستغرام", "الجلابة"),
        ("جيم في مدينة نصر. صاحبي بيقول إن كل الجيمات دلوقتي شغالة مع بلوجرز", "جيم"),
    ],
)
def test_a_glued_stop_word_and_hearsay_are_not_the_product(text: str, product: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.product == product
