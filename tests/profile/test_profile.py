"""Profiles: what is accepted (Eastern digits, yes/no in Arabic, names for countries) and the bilingual,
located errors for everything else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from mizaan.errors import ProfileError
from mizaan.knowledge import KnowledgeBase
from mizaan.profile import load_profile, parse_profile

VALID = """\
business_type: ecommerce
goal: sales
budget:
  amount: 20000
  currency: SAR
location:
  country: SA
"""


def errors_of(text: str, kb: KnowledgeBase) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        parse_profile(text, kb)
    return info.value


def test_a_minimal_profile_is_enough_and_the_rest_is_assumed(kb: KnowledgeBase) -> None:
    p = parse_profile(VALID, kb)
    assert p.budget.amount == Decimal("20000") and p.budget.period == "month"
    assert {"speed", "stage", "horizon_months", "budget.period", "location.scope"} <= set(p.defaults_used())


def test_eastern_arabic_and_persian_digits_are_accepted(kb: KnowledgeBase) -> None:
    p = parse_profile(VALID.replace("amount: 20000", 'amount: "٢٠٠٠٠"'), kb)
    assert p.budget.amount == Decimal("20000")
    p = parse_profile(VALID.replace("amount: 20000", 'amount: "۲۰٬۰۰۰٫۵"') + "horizon_months: '١٢'\n", kb)
    assert p.budget.amount == Decimal("20000.5") and p.horizon_months == 12
    p = parse_profile(VALID.replace("amount: 20000", 'amount: "20,000"'), kb)
    assert p.budget.amount == Decimal("20000")


def test_arabic_yes_no_country_names_and_age_ranges_are_read(kb: KnowledgeBase) -> None:
    text = (
        VALID.replace("country: SA", "country: السعودية\n  city: جده")
        + "has_tracking: لا\nhas_landing_page: نعم\naudience_age: ١٨-٣٤\n"
    )
    p = parse_profile(text, kb)
    assert p.location.country == "SA" and p.has_tracking is False and p.has_landing_page is True
    assert p.audience_age is not None and (p.audience_age.min, p.audience_age.max) == (18, 34)


@pytest.mark.parametrize(
    ("change", "field", "en_words", "ar_words"),
    [
        (("business_type: ecommerce\n", ""), "business_type", "missing", "مطلوب"),
        (("goal: sales", "goal: profit"), "goal", "allowed values", "القيم المقبولة"),
        (("amount: 20000", "amount: -5"), "budget.amount", "greater than 0", "أكبر من"),
        (("amount: 20000", "amount: twenty"), "budget.amount", "not a number", "ليس رقمًا"),
        (("amount: 20000", 'amount: "20,00"'), "budget.amount", "not a number", "ليس رقمًا"),
        (("amount: 20000", "amount: 9000000000000"), "budget.amount", "implausibly large", "غير معقول"),
        (("amount: 20000", "amount: 5"), "budget.amount", "too small", "أصغر"),
        (("currency: SAR", "currency: XYZ"), "budget.currency", "not supported", "غير مدعومة"),
        (("currency: SAR", "currency: RIYAL"), "budget.currency", "wrong form", "الصيغة"),
        (("country: SA", "country: Atlantis"), "location.country", "unknown", "غير معروفة"),
        (("goal: sales", "goal: sales\ncolour: red"), "colour", "unknown field", "غير معروف"),
        (("goal: sales", "goal: sales\nhorizon_months: 100"), "horizon_months", "at most 60", "ألا تزيد"),
        (("goal: sales", "goal: sales\nhas_tracking: maybe"), "has_tracking", "not yes/no", "ليست نعم/لا"),
        (("goal: sales", "goal: sales\naudience_age: 40-20"), "audience_age", "above the oldest", "أكبر من أكبر"),
        (("goal: sales", "goal: sales\nwebsite: not a url"), "website", "valid link", "رابطًا"),
        (("country: SA", "country: SA\n  city: Dubai"), "location.city", "is in AE", "تقع في AE"),
    ],
)
def test_bad_profiles_get_a_located_error_in_both_languages(
    kb: KnowledgeBase, change: tuple[str, str], field: str, en_words: str, ar_words: str
) -> None:
    err = errors_of(VALID.replace(*change), kb)
    problem = next(p for p in err.problems if p.field == field)
    assert en_words in problem.message("en")
    assert ar_words in problem.message("ar")
    if field != "business_type":  # a missing field points at its parent mapping
        assert problem.row is not None and problem.column is not None


def test_every_problem_is_reported_at_once_in_file_order(kb: KnowledgeBase) -> None:
    err = errors_of(
        "business_type: shop\ngoal: sales\nbudget: {amount: -1, currency: SAR}\nlocation: {country: SA}\nx: 1\n", kb
    )
    assert [p.field for p in err.problems] == ["business_type", "budget.amount", "x"]
    assert [p.row for p in err.problems] == [1, 3, 5]


def test_syntax_errors_and_missing_files_are_reported(kb: KnowledgeBase, tmp_path: Path) -> None:
    broken = tmp_path / "p.yaml"
    broken.write_text("business_type: [ecommerce\n", encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(broken, kb)
    assert info.value.problems[0].row is not None
    assert "YAML" in info.value.message("en") and "YAML" in info.value.message("ar")
    with pytest.raises(ProfileError) as info:
        load_profile(tmp_path / "none.yaml", kb)
    assert "does not exist" in info.value.message("en")
    not_utf8 = tmp_path / "w.yaml"
    not_utf8.write_bytes("goal: مبيعات".encode("cp1256"))
    with pytest.raises(ProfileError) as info:
        load_profile(not_utf8, kb)
    assert "UTF-8" in info.value.message("en")


def test_json_profiles_work_and_their_errors_are_located(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        '{"business_type": "ecommerce", "goal": "sales",\n "budget": {"amount": 100, "currency": "SAR"},\n'
        ' "location": {"country": "SA"}, "speed": "now"}',
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as info:
        load_profile(path, kb)
    problem = info.value.problems[0]
    assert problem.field == "speed" and problem.row == 3


def test_monthly_budget_follows_the_period(kb: KnowledgeBase) -> None:
    q = parse_profile(VALID.replace("currency: SAR", "currency: SAR\n  period: quarter"), kb)
    assert q.monthly_budget == Decimal("20000") / 3
    c = parse_profile(VALID.replace("currency: SAR", "currency: SAR\n  period: campaign") + "horizon_months: 4\n", kb)
    assert c.monthly_budget == Decimal("5000")


def test_language_follows_the_texts_unless_given(kb: KnowledgeBase) -> None:
    assert parse_profile(VALID + "notes: نبيع عطور\n", kb).lang == "ar"
    assert parse_profile(VALID + "notes: we sell perfume\n", kb).lang == "en"
    assert parse_profile(VALID + "notes: we sell perfume\nlanguage: ar\n", kb).lang == "ar"
