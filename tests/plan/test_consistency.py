"""A profile that contradicts itself or its market: each contradiction gives a warning naming its field, in
Arabic and English (or, when far beyond reason, a refusal naming the field); a consistent profile gets
none; and every Arab League country plans without a missing figure."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from mizaan.errors import ProfileError
from mizaan.i18n import Lang
from mizaan.knowledge import KnowledgeBase
from mizaan.plan import Plan
from mizaan.plan import plan as make_result
from mizaan.present import make_plan, present
from mizaan.profile import Profile, parse_profile
from tests.conftest import BASE_PROFILE, merge

ARAB_LEAGUE = (
    "SA", "AE", "EG", "QA", "KW", "BH", "OM", "JO", "LB", "IQ", "SY",
    "PS", "YE", "SD", "LY", "TN", "DZ", "MA", "MR", "SO", "DJ", "KM",
)  # fmt: skip
CONSISTENCY_FIELDS = {"budget.currency", "budget.period", "budget.amount", "average_order_value"}


def _profile(kb: KnowledgeBase, **changes: Any) -> Profile:
    return parse_profile(merge(BASE_PROFILE, {k.replace("__", "."): v for k, v in changes.items()}), kb)


def _plans(kb: KnowledgeBase, profile: Profile) -> dict[str, Plan]:
    """The plan in both languages, planned once."""
    result = make_result(profile, kb, samples=200, what_if=False)
    langs: tuple[Lang, ...] = ("ar", "en")
    return {lang: present(result, lang) for lang in langs}


def _flagged(plan: Plan) -> dict[str, tuple[str, str]]:
    """The first warning on each field (the consistency warnings come before the spending ceiling's)."""
    out: dict[str, tuple[str, str]] = {}
    for w in plan.warnings:
        if w.field is not None:
            out.setdefault(w.field, (w.text, w.action))
    return out


def test_a_consistent_profile_gets_no_consistency_warning(kb: KnowledgeBase) -> None:
    plans = _plans(kb, _profile(kb, average_order_value=280))
    assert _flagged(plans["en"]) == {} and _flagged(plans["ar"]) == {}


@pytest.mark.parametrize(
    ("changes", "field", "en_words", "ar_words"),
    [
        ({"budget.currency": "EGP"}, "budget.currency", "neither Saudi Arabia's currency (SAR)", "ليست عملة السعودية"),
        (
            {"budget.amount": 240000, "budget.period": "year", "horizon_months": 3},
            "budget.period",
            "180,000 SAR (75%) of the stated budget is not planned",
            "١٨٠٬٠٠٠ SAR (٧٥٪) من الميزانية المذكورة خارج الخطة",
        ),
        (
            {"budget.amount": 90000, "budget.period": "quarter", "horizon_months": 1},
            "budget.period",
            "60,000 SAR (67%) of the stated budget is not planned",
            "٦٠٬٠٠٠ SAR (٦٧٪)",
        ),
        ({"average_order_value": 5000}, "average_order_value", "above the usual range", "أعلى من المعتاد"),
        ({"average_order_value": 20}, "average_order_value", "below the usual range", "أقل من المعتاد"),
        ({"budget.amount": 30000000}, "budget.amount", "very large for a national market", "كبيرة جدًا"),
        (
            {"business_type": "local", "location.scope": "local", "location.city": "Jeddah", "budget.amount": 1500000},
            "budget.amount",
            "very large for a local market",
            "كبيرة جدًا",
        ),
    ],
)
def test_each_contradiction_is_a_warning_on_its_field_in_both_languages(
    kb: KnowledgeBase, changes: dict[str, Any], field: str, en_words: str, ar_words: str
) -> None:
    plans = _plans(kb, _profile(kb, **changes))
    en, ar = _flagged(plans["en"]), _flagged(plans["ar"])
    assert field in en and field in ar
    assert en_words in en[field][0] and ar_words in ar[field][0]
    assert en[field][1] and ar[field][1] and en[field] != ar[field]
    assert set(en) <= CONSISTENCY_FIELDS
    warning = next(w for w in plans["en"].warnings if w.field == field)
    assert warning.severity == "warning" and warning.rule in kb.rules


def test_the_plan_still_computes_in_the_currency_given(kb: KnowledgeBase) -> None:
    plan = make_plan(_profile(kb, budget__currency="EGP"), kb, samples=200, what_if=False, lang="en")
    assert plan.currency == "EGP" and sum(line.amount for line in plan.allocation) == Decimal(20000)


def test_a_period_shorter_than_the_horizon_plans_the_monthly_equivalent(kb: KnowledgeBase) -> None:
    p = _profile(kb, budget__amount=240000, budget__period="year", horizon_months=3)
    plan = make_plan(p, kb, samples=200, what_if=False, lang="en")
    assert plan.monthly_budget == Decimal(20000) and plan.forecast.spend == Decimal(60000)
    # the same budget over its whole year raises no period warning
    whole_year = _profile(kb, budget__amount=240000, budget__period="year", horizon_months=12)
    assert "budget.period" not in _flagged(make_plan(whole_year, kb, samples=200, what_if=False, lang="en"))


@pytest.mark.parametrize(
    ("country", "currency"),
    [("SA", "USD"), ("SA", "EUR"), ("SA", "SAR"), ("LB", "LBP"), ("LB", "USD"), ("PS", "ILS"), ("MA", "MAD")],
)
def test_the_country_s_own_currencies_and_usd_eur_raise_no_currency_warning(
    kb: KnowledgeBase, country: str, currency: str
) -> None:
    amount = round(5000 * kb.per_usd(currency))
    p = _profile(
        kb, location={"country": country, "scope": "national"}, budget={"amount": amount, "currency": currency}
    )
    assert "budget.currency" not in _flagged(make_plan(p, kb, samples=200, what_if=False, lang="en"))


def test_an_order_value_far_beyond_its_business_type_is_refused_naming_the_field(kb: KnowledgeBase) -> None:
    with pytest.raises(ProfileError) as info:
        _profile(kb, average_order_value=100_000_000)
    problem = next(p for p in info.value.problems if p.field == "average_order_value")
    assert "far beyond any business" in problem.message("en") and "100000000" in problem.message("en")
    assert "أكبر بكثير مما يعقل" in problem.message("ar")
    # a B2B contract of the same size in USD is a business of its type: it plans, with at most a warning
    big_deal = _profile(kb, business_type="b2b", average_order_value=2_000_000, budget__currency="USD")
    assert big_deal.average_order_value == Decimal(2_000_000)


@pytest.mark.parametrize("code", ARAB_LEAGUE)
def test_every_arab_league_country_is_known_and_plans(kb: KnowledgeBase, code: str) -> None:
    country = kb.countries[code]
    assert country.name.ar and country.name.en and country.cities and country.locale
    assert country.source and country.population > country.social_media_users > 0
    assert all(city.population > 0 and city.name.ar and city.name.en for city in country.cities)
    assert kb.find_country(country.name.ar) == country and kb.find_country(country.name.en) == country
    rate = kb.currencies[country.currency]
    assert rate.source and rate.as_of
    amount = round(1000 * rate.per_usd)  # about 1,000 US dollars a month in the country's own currency
    profile = _profile(
        kb,
        location={"country": country.name.ar, "city": country.cities[0].name.en, "scope": "national"},
        budget={"amount": amount, "currency": country.currency},
        average_order_value=round(100 * rate.per_usd),
    )
    assert profile.location.country == code
    plans = _plans(kb, profile)
    assert plans["en"].allocation and plans["ar"].allocation
    assert _flagged(plans["en"]) == {}  # a plain profile in its own currency is consistent
    assert plans["en"].ceiling.held_back == 0  # within what the smallest of these markets can absorb
    assert sum(line.amount for line in plans["en"].allocation) == Decimal(amount)
