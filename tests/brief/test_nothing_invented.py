"""Nothing is invented: a field the brief does not support stays empty and shows up as missing (a
question or a marked assumption); every value points at words that are really in the brief."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.brief import ASKED, extract
from mizaan.brief.text import BriefText
from mizaan.knowledge import KnowledgeBase

WORDS = [
    "متجر",
    "عطور",
    "الرياض",
    "ميزانية",
    "20",
    "ألف",
    "ريال",
    "شهريا",
    "ما",
    "عندنا",
    "تتبع",
    "online",
    "store",
    "budget",
    "5k",
    "AED",
    "Dubai",
    "everyone",
    "uses",
    "influencers",
    "١٥",
    "آلاف",
    "جنيه",
    "بس",
    "no",
    "website",
    "🔥",
    "،",
    ".",
    "-",
    "من",
    "الى",
    "18",
    "34",
    "سنة",
    "نبغى",
    "مبيعات",
    "سريعة",
    "عمّان",
    "دينار",
]


def test_a_brief_with_no_budget_gives_no_budget(kb: KnowledgeBase) -> None:
    result = extract("عندي فكرة مشروع حلويات منزلية في الدمام، ابغى اعرف كم احتاج ميزانية", kb)
    assert result.profile.budget.amount is None
    assert "budget.amount" in result.missing
    assert all(a.field != "budget.amount" for a in result.assumptions)


def test_a_brief_with_no_place_gives_no_country(kb: KnowledgeBase) -> None:
    result = extract("We sell handmade candles online, budget 500 a month", kb)
    assert result.profile.location.country is None
    assert result.profile.budget.currency is None
    assert {"location.country", "budget.currency"} <= set(result.missing)


def test_a_dirham_with_no_country_is_left_for_the_user(kb: KnowledgeBase) -> None:
    result = extract("بوتيك فساتين سهرة، الميزانية 7 آلاف درهم", kb)
    assert result.profile.budget.amount is not None
    assert result.profile.budget.currency is None
    assert result.profile.location.country is None


def test_a_currency_the_knowledge_base_lacks_is_kept_as_written(kb: KnowledgeBase) -> None:
    result = extract("محل كنافة بنابلس، الميزانية ١٠٠٠ شيكل", kb)
    assert result.profile.budget.currency == "ILS"


def test_every_missing_field_is_an_asked_field_that_is_empty(kb: KnowledgeBase) -> None:
    result = extract("متجر عطور أونلاين في الرياض، ميزانيتنا 20 ألف ريال شهريا", kb)
    assert set(result.missing) <= set(ASKED)
    for field in ASKED:
        assert (field in result.missing) == (result.profile.get(field) is None)


def test_every_assumption_is_for_a_missing_field(kb: KnowledgeBase) -> None:
    result = extract("Coffee shop in Jeddah, budget 8k SAR a month", kb)
    assert {a.field for a in result.assumptions} <= set(result.missing)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
def test_every_value_has_evidence_whose_words_are_in_the_brief(kb: KnowledgeBase, words: list[str]) -> None:
    text = " ".join(words)
    result = extract(text, kb)
    given_fields = {f for f in ASKED if result.profile.get(f) is not None}
    assert given_fields <= set(result.evidence)
    for ev in result.evidence.values():
        assert 0 <= ev.confidence <= 1
        for span in ev.spans:
            assert text[span.start : span.end] == span.text


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_folding_keeps_a_way_back_to_the_original(text: str) -> None:
    bt = BriefText(text)
    assert len(bt.offsets) == len(bt.folded)
    assert bt.offsets == sorted(bt.offsets)
    assert all(0 <= o < len(text) for o in bt.offsets)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200).filter(
        str.strip
    )
)
def test_any_text_gives_a_result_and_never_an_unexpected_error(kb: KnowledgeBase, text: str) -> None:
    result = extract(text, kb)
    assert result.language in ("ar", "en")
