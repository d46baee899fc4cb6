"""Open questions and answers in either language: Arabic or English words, numbers, Eastern digits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mizaan.brief import AnswerError, apply_answers, extract, open_questions, parse_answer
from mizaan.knowledge import KnowledgeBase


def _question(text: str, field: str, kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    return next(q for q in open_questions(extract(text, kb)) if q.field == field)


def test_only_open_fields_are_asked_and_required_ones_are_marked(kb: KnowledgeBase) -> None:
    questions = open_questions(extract("متجر عطور أونلاين في الرياض", kb))
    fields = [q.field for q in questions]
    assert "business_type" not in fields and "location.country" not in fields
    assert {q.field for q in questions if q.required} == {"budget.amount"}


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("ecommerce", "ecommerce"),
        ("متجر إلكتروني", "ecommerce"),
        ("online store", "ecommerce"),
        ("4", "b2b"),
        ("عيادة", "services"),
    ],
)
def test_a_choice_is_read_from_its_key_its_label_in_either_language_its_number_or_a_cue(
    answer: str, value: str, kb: KnowledgeBase
) -> None:
    q = _question("ميزانيتنا 20 ألف ريال", "business_type", kb)
    assert parse_answer(q, answer, kb) == value


@pytest.mark.parametrize(("answer", "value"), [("نعم", True), ("لا", False), ("yes", True), ("no", False)])
def test_yes_and_no_in_both_languages(answer: str, value: bool, kb: KnowledgeBase) -> None:
    q = _question("متجر عطور", "has_tracking", kb)
    assert parse_answer(q, answer, kb) is value


@pytest.mark.parametrize(("answer", "value"), [("٢٠ ألف", "20000"), ("20k", "20000"), ("۱۵۰۰۰", "15000")])
def test_numbers_with_eastern_digits_and_multipliers(answer: str, value: str, kb: KnowledgeBase) -> None:
    q = _question("متجر عطور في الرياض", "budget.amount", kb)
    assert parse_answer(q, answer, kb) == Decimal(value)


def test_country_currency_and_ages(kb: KnowledgeBase) -> None:
    text = "متجر عطور"
    assert parse_answer(_question(text, "location.country", kb), "الإمارات", kb) == "AE"
    assert parse_answer(_question(text, "budget.currency", kb), "درهم", kb, country="AE") == "AED"
    age = parse_answer(_question(text, "audience_age", kb), "١٨-٣٤", kb)
    assert (age.min, age.max) == (18, 34)


def test_an_unreadable_answer_says_what_is_expected(kb: KnowledgeBase) -> None:
    q = _question("متجر عطور", "goal", kb)
    with pytest.raises(AnswerError) as info:
        parse_answer(q, "banana", kb)
    assert "banana" in info.value.message("en") and "sales" in info.value.message("en")


def test_answers_fill_the_profile_and_close_the_questions(kb: KnowledgeBase) -> None:
    result = extract("متجر عطور أونلاين في الرياض", kb)
    done = apply_answers(result, {"budget.amount": Decimal(20000)}, kb)
    assert done.profile.budget.amount == Decimal(20000)
    assert "budget.amount" not in done.missing
    assert done.evidence["budget.amount"].cue == "answer"
    assert done.to_profile(kb).budget.currency == "SAR"
