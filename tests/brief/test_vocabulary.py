"""The kind of business, the product and how it is bought, read from the words of many trades: a business
noun outweighs what every business wants (bookings, patients), a product phrase is never a word of
quantity or a bare container, and the words of customers ("restaurant owners") say nothing of the product."""

from __future__ import annotations

import pytest

from mizaan.brief import extract
from mizaan.brief.accuracy import same_product
from mizaan.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("text", "business_type"),
    [
        ("صالون نسائي في أبوظبي، نبي حجوزات أكثر", "local"),
        ("مركز لياقة في المنامة ونحتاج مشتركين جدد", "local"),
        ("Hair salon in Doha, we want more bookings", "local"),
        ("نادي لياقة بجدة بدنا مواعيد أكثر", "local"),
        ("نحن شركة برمجيات نبيع نظام محاسبة للشركات", "b2b"),
        ("مصنع كراتين يبيع للمعامل والشركات", "b2b"),
        ("Kindergarten in Amman, we need registrations", "services"),
        ("مكتب استشارات في الرياض يريد مواعيد", "services"),
    ],
)
def test_a_business_noun_outweighs_what_every_business_wants(text: str, business_type: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.business_type == business_type


@pytest.mark.parametrize(
    "text",
    ["بغيت نبيع كثر", "نبيع أكثر من قبل", "بدنا نبيع اكتر", "We want to sell more", "نبيعو بزاف"],
)
def test_a_word_of_quantity_is_not_a_product(text: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.product is None


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("3ndna brand skincare organic, bnbe3 online", "skincare organic"),
        ("عندنا store عطور niche في جدة", "عطور niche"),
        ("نحن أكاديمية لتعليم البرمجة للأطفال", "تعليم البرمجة"),
        ("مركز لياقة في المنامة", "مركز لياقة"),
        ("أنا كنصاوب الحلويات المغربية فالدار", "الحلويات المغربية"),
        ("منبيع عسل وزيت زيتون", "عسل وزيت زيتون"),
    ],
)
def test_the_product_phrase_in_every_word_order(text: str, product: str, kb: KnowledgeBase) -> None:
    got = extract(text, kb).profile.product
    assert got is not None and same_product(got, product), got


@pytest.mark.parametrize("text", ["3ndna brand, bnbe3 online", "We are a small brand based in Dubai"])
def test_a_container_alone_names_no_product(text: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.product is None


@pytest.mark.parametrize(
    ("text", "complexity", "speed"),
    [
        ("كافيه في الكويت", "simple", "quick"),
        ("محل ألبسة ولادية ببيروت", "simple", "quick"),
        ("مطعم شاورما وفلافل", "simple", "quick"),
        ("We sell handmade chocolates and dates", "simple", "quick"),
        ("شركة تركيب أنظمة الطاقة الشمسية للمنازل", "complex", "considered"),
        ("نبيع شقق سكنية في دبي", "complex", "considered"),
        ("We supply lab equipment to universities", "complex", "considered"),
    ],
)
def test_how_a_product_is_bought_from_its_kind(text: str, complexity: str, speed: str, kb: KnowledgeBase) -> None:
    profile = extract(text, kb).profile
    assert (profile.product_complexity, profile.decision_speed) == (complexity, speed)


@pytest.mark.parametrize(
    "text",
    [
        "شركة توريد معدات للفنادق، نريد leads من أصحاب المطاعم",
        "We sell POS terminals; our buyers are restaurant owners",
        "شركة مقاولات، نبي مشاريع فلل",
    ],
)
def test_customers_and_projects_say_nothing_of_how_the_product_is_bought(text: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.product_complexity is None


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("We need calls from homeowners", "goal", "leads"),
        ("نحبو موزعين جدد في أوروبا", "goal", "leads"),
        ("Photography studio, we want bookings before the wedding season", "speed", "fast"),
        ("Startup عندها app توصيل بقالة في الدمام", "business_type", "ecommerce"),
        ("مساحة عمل مشتركة في المنامة", "business_type", "local"),
        ("شركة صيانة مكيفات، بدنا عقود صيانة مع شركات", "business_type", "b2b"),
        ("We launched last month in Dubai", "stage", "launch"),
        ("مختبر يصنع التركيبات لعيادات الأسنان. نريد عيادات جديدة", "stage", None),
    ],
)
def test_words_of_more_trades(text: str, field: str, value: object, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.get(field) == value


def test_a_business_noun_after_with_or_for_names_customers_not_the_product(kb: KnowledgeBase) -> None:
    product = extract("شركة صيانة مكيفات ببيروت، منشتغل مع المطاعم والفنادق", kb).profile.product
    assert product is not None and "المطاعم" not in product
