"""Each extractor on small cases: budgets, currencies, places, kinds of business, goals, speeds, stages,
ages, presence of a landing page, offer and tracking, and the mistake signals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mizaan.brief import extract
from mizaan.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("text", "amount", "currency", "period"),
    [
        ("ميزانيتي 20 ألف ريال شهريا", "20000", "SAR", "month"),
        ("الميزانية ٥٠٠٠ ريال بالشهر", "5000", "SAR", "month"),
        ("50k AED a quarter", "50000", "AED", "quarter"),
        ("Budget: EGP 120,000 monthly", "120000", "EGP", "month"),
        ("ميزانيتنا ۱۲۰۰۰ ريال شهريا", "12000", "SAR", "month"),
        ("نقدر نصرف نص مليون ريال بالسنة", "500000", "SAR", "year"),
        ("الميزانية مليون ونص جنيه في الشهر", "1500000", "EGP", "month"),
        ("ميزانيتنا التسويقية خمسون ألف ريال شهرياً", "50000", "SAR", "month"),
        ("الميزانية ألفا دولار شهريًا", "2000", "USD", "month"),
        ("Annual marketing budget around 1.2M SAR", "1200000", "SAR", "year"),
        ("البودجي 20.000 درهم فالشهر في كازا", "20000", "MAD", "month"),
        ("ميزانيتنا السنوية ٢٤٠٬٠٠٠ درهم إماراتي", "240000", "AED", "year"),
        ("Budget around 1500$ per month", "1500", "USD", "month"),
        ("Marketing budget $40k per quarter", "40000", "USD", "quarter"),
        ("ممكن أصرف ٥ تلاف جنيه", "5000", "EGP", None),
        ("el budget 15 alf geneh", "15000", "EGP", None),
        ("ميزانية الحملة 40 ألف ريال", "40000", "SAR", "campaign"),
        ("الميزانية 200k جنيه كل 3 شهور", "200000", "EGP", "quarter"),
        ("الميزانية ٤٠٠ د.ب بالشهر", "400", "BHD", "month"),
    ],
)
def test_budget_amount_currency_and_period_are_read_in_every_common_form(
    text: str, amount: str, currency: str, period: str | None, kb: KnowledgeBase
) -> None:
    budget = extract(text, kb).profile.budget
    assert budget.amount == Decimal(amount)
    assert budget.currency == currency
    assert budget.period == period


def test_a_range_gives_its_low_end_with_the_multiplier_of_the_high_end(kb: KnowledgeBase) -> None:
    assert extract("الميزانية من 8 الى 10 آلاف ريال", kb).profile.budget.amount == Decimal(8000)
    assert extract("Budget maybe 20-30k QAR a month", kb).profile.budget.amount == Decimal(20000)


def test_prices_followers_ages_and_years_are_not_budgets(kb: KnowledgeBase) -> None:
    result = extract("عيادة في جدة، عندنا عرض تبييض بـ 499 ريال، من 2015، عندنا مليون متابع، أعمار 18-34", kb)
    assert result.profile.budget.amount is None


def test_a_shared_currency_word_is_settled_by_the_country(kb: KnowledgeBase) -> None:
    assert extract("مطعم في الكويت، الميزانية ٨٠٠ دينار", kb).profile.budget.currency == "KWD"
    assert extract("محل حلويات بعمّان، الميزانية ٢٠٠٠ دينار", kb).profile.budget.currency == "JOD"
    assert extract("محل في دبي، الميزانية 7000 درهم", kb).profile.budget.currency == "AED"
    assert extract("محل في مراكش، الميزانية 7000 درهم", kb).profile.budget.currency == "MAD"
    assert extract("مطعم في الدوحة الميزانية ١٢ ألف ريال", kb).profile.budget.currency == "QAR"


def test_a_currency_of_one_country_says_where_the_business_is(kb: KnowledgeBase) -> None:
    result = extract("Online store, budget 50k AED a quarter", kb)
    assert result.profile.location.country == "AE"
    assert result.evidence["location.country"].confidence < 0.9


@pytest.mark.parametrize(
    ("text", "country", "city"),
    [
        ("عندي متجر بالرياض", "SA", "riyadh"),
        ("محل ديال الملابس فمراكش", "MA", "marrakesh"),
        ("محل حلويات بعمّان", "JO", "amman"),
        ("شركة في عمان الأردن", "JO", "amman"),
        ("عيادة بطرابلس لبنان", "LB", "tripoli_lb"),
        ("شركة في طرابلس ليبيا", "LY", "tripoli_ly"),
        ("restaurant in Maadi, Cairo", "EG", "cairo"),
        ("شركة برمجيات في القاهرة الجديدة", "EG", "new_cairo"),
        ("We're based in Kuwait City", "KW", "kuwait_city"),
    ],
)
def test_places_are_found_in_arabic_and_latin_spellings_with_prefixes(
    text: str, country: str, city: str, kb: KnowledgeBase
) -> None:
    location = extract(text, kb).profile.location
    assert location.country == country
    found = kb.find_city(country, location.city or "")
    assert found is not None and found[1].id == city


def test_a_market_is_not_where_the_business_is(kb: KnowledgeBase) -> None:
    result = extract("مدرسة لتعليم العربية عن بعد، طلابنا من أوروبا وأمريكا", kb)
    assert result.profile.location.country is None
    assert result.profile.location.scope == "international"


def test_words_inside_place_names_are_not_cues(kb: KnowledgeBase) -> None:
    assert extract("شركة برمجيات في القاهرة الجديدة", kb).profile.stage is None


@pytest.mark.parametrize(
    ("text", "business_type"),
    [
        ("متجر عطور أونلاين", "ecommerce"),
        ("we have a small bakery in Beirut", "local"),
        ("عيادة أسنان في جدة", "services"),
        ("نظام ERP سحابي للمصانع والشركات المتوسطة", "b2b"),
        ("B2B SaaS for logistics companies", "b2b"),
        ("كوفي شوب جديد", "local"),
    ],
)
def test_the_kind_of_business_is_read(text: str, business_type: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.business_type == business_type


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("نبغى مبيعات سريعة", "sales"),
        ("we want brand awareness", "awareness"),
        ("عيادة أسنان، نبي عملاء جدد", "leads"),
        ("مطعم، نبي زبائن جدد", "sales"),
        ("We need qualified leads and demos", "leads"),
    ],
)
def test_the_goal_is_read_and_more_customers_depends_on_the_business(
    text: str, goal: str, kb: KnowledgeBase
) -> None:
    assert extract(text, kb).profile.goal == goal


@pytest.mark.parametrize(
    ("text", "speed"),
    [
        ("نبغى مبيعات سريعة", "fast"),
        ("we think long term", "sustainable"),
        ("بدنا نتايج سريعة بس كمان نبني براند على المدى الطويل", "balanced"),
        ("مطعم وجبات سريعة", None),
        ("fast delivery across Dubai", None),
    ],
)
def test_speed_is_read_and_fast_food_is_not_a_wish_for_speed(
    text: str, speed: str | None, kb: KnowledgeBase
) -> None:
    assert extract(text, kb).profile.speed == speed


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("عندي فكرة مشروع وما بعد بديت", "idea"),
        ("كوفي جديد افتتحنا قبل شهرين", "launch"),
        ("مطعم من ٥ سنين", "established"),
        ("open since 2016", "established"),
        ("صرلنا ٣ سنين", "growth"),
    ],
)
def test_the_stage_is_read_from_words_and_years(text: str, stage: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.stage == stage


def test_audience_age_needs_an_age_word_or_unit(kb: KnowledgeBase) -> None:
    assert extract("جمهورنا شباب من ١٨ الى ٣٠", kb).profile.audience_age is not None
    assert extract("Audience 18 to 30", kb).profile.audience_age.min == 18  # type: ignore[union-attr]
    assert extract("buyers compare 3-4 vendors", kb).profile.audience_age is None


def test_horizon_comes_from_a_stated_duration(kb: KnowledgeBase) -> None:
    assert extract("نبي مشتركات جدد خلال شهرين", kb).profile.horizon_months == 2
    assert extract("We're new (2 months)", kb).profile.horizon_months is None


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("عندنا موقع وصفحة حجز", "has_landing_page", True),
        ("ما عندنا ويب سايت بس انستغرام", "has_landing_page", False),
        ("No website, we take bookings on WhatsApp", "has_landing_page", False),
        ("معندناش موقع ولا صفحة هبوط", "has_landing_page", False),
        ("نبغى صفحة هبوط", "has_landing_page", None),
        ("عندنا كود خصم", "has_clear_offer", True),
        ("دورة البيع تتطلب عروضاً تقديمية", "has_clear_offer", None),
        ("عندي بكسل سناب مركب", "has_tracking", True),
        ("وما عندنا أي تتبع للحين", "has_tracking", False),
        ("We don't track anything tbh", "has_tracking", False),
        ("بدنا نتأكد من الأرقام ونقيس كل شي", "has_tracking", None),
    ],
)
def test_presence_cues_read_negations_and_wishes(
    text: str, field: str, value: bool | None, kb: KnowledgeBase
) -> None:
    assert getattr(extract(text, kb).profile, field) is value


def test_a_link_is_the_website_and_a_landing_page(kb: KnowledgeBase) -> None:
    profile = extract("متجرنا www.oudlayali.com نبيع عطور", kb).profile
    assert profile.website == "https://www.oudlayali.com"
    assert profile.has_landing_page is True


@pytest.mark.parametrize(
    ("text", "rule", "field", "value"),
    [
        ("everyone uses influencers so we want to as well", "M1", "influencers_because_trend", True),
        ("الكل يسوي اعلانات مع مشاهير", "M1", "influencers_because_trend", True),
        ("we don't track anything", "M2", "has_tracking", False),
        ("Should we pick the one with the most followers?", "M3", "choose_influencers_by_followers", True),
        ("نبي مشهور عنده أكثر متابعين", "M3", "choose_influencers_by_followers", True),
    ],
)
def test_mistake_signals_m1_to_m3(text: str, rule: str, field: str, value: bool, kb: KnowledgeBase) -> None:
    result = extract(text, kb)
    assert result.profile.get(field) is value
    assert [s.rule for s in result.signals] == [rule]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("عندي متجر عطور أونلاين في الرياض", "عطور"),
        ("we run an online modest fashion store based in Sharjah", "modest fashion"),
        ("I sell homemade cookies on instagram", "homemade cookies"),
        ("نحن مصنع صغير للمياه المعبأة في صحار", "المياه المعبأة"),
        ("شركة ناشئة في دبي تقدم حلول الأمن السيبراني للبنوك", "حلول الأمن السيبراني"),
    ],
)
def test_the_product_is_the_phrase_after_a_business_noun_or_verb(
    text: str, product: str, kb: KnowledgeBase
) -> None:
    assert extract(text, kb).profile.product == product


def test_the_language_is_the_script_most_of_the_brief_is_written_in(kb: KnowledgeBase) -> None:
    assert extract("عندنا online store للساعات الفاخرة في الرياض", kb).language == "ar"
    assert extract("We sell candles online, عطور too", kb).language == "en"
