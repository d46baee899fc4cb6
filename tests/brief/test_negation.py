"""Negation scope and hearsay (issue 12): a cue a negation governs does not give its value, in every
dialect; a negation elsewhere in the sentence leaves other cues alone; two negations cancel; hearsay
about influencers is the M1 mistake, quoted from the brief's own words."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.brief import extract
from mizaan.brief.lexicon import field_lexicons, language_data
from mizaan.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    "text",
    [
        # Gulf
        "ما نبغى نتائج سريعة، نبغى شي يكبر",
        "مو لازم بسرعة",
        "ما نبي نستعجل على الإعلانات",
        # Egyptian
        "مش عايزين نستعجل",
        "إحنا مش مستعجلين خالص",
        # Levantine
        "ما بدنا نتايج سريعة",
        "نحنا مش مستعجلين",
        # Maghrebi
        "ماشي ضروري يكون بالزربة",
        "ما بغيناش نتائج سريعة",
        # MSA
        "لا نريد نتائج سريعة",
        "لسنا في عجلة",
        "نحن غير مستعجلين",
        # English
        "We want to build a loyal base rather than chase quick wins",
        "We are not in a hurry",
        "No rush at all",
        "Instead of fast results we want a name people remember",
        "There is no need to move fast",
    ],
)
def test_a_negated_fast_cue_does_not_say_fast(text: str, kb: KnowledgeBase) -> None:
    result = extract(text, kb)
    assert result.profile.speed != "fast"
    evidence = result.evidence.get("speed")
    if evidence is not None:
        assert evidence.value == "sustainable"
        assert evidence.confidence < 0.88


@pytest.mark.parametrize(
    "text",
    [
        "ما نبي مايكرو",  # Gulf
        "مب لازم مؤثرين صغار",  # Gulf (Emirati)
        "مش عايزين مشاهير كبار",  # Egyptian
        "ما بدنا ماكرو",  # Levantine
        "ماشي نانو",  # Maghrebi
        "لا نريد ميكرو",  # MSA
        "not micro influencers",  # English
    ],
)
def test_a_negated_influencer_tier_is_not_the_tier_wanted(text: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.preferred_influencer_tier is None


@pytest.mark.parametrize(
    "text",
    ["ما عندنا موقع", "معندناش موقع", "ما عنا موقع", "ماعندناش موقع", "ليس لدينا موقع", "we have no website"],
)
def test_a_negated_presence_cue_is_turned_around_in_every_dialect(text: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.has_landing_page is False


@pytest.mark.parametrize(
    ("text", "negated_words"),
    [
        ("لا نستعجل النتائج", "لا نستعجل"),
        ("مو لازم بسرعة", "مو لازم بسرعة"),
        ("rather than chase quick wins", "rather than chase quick wins"),
        ("we are not in a hurry", "not in a hurry"),
        ("It's not like we are in a rush", "not like we are in a rush"),
    ],
)
def test_not_in_a_hurry_reads_as_sustainable_with_less_confidence(
    text: str, negated_words: str, kb: KnowledgeBase
) -> None:
    """The evidence quotes the negation with the cue it turns around."""
    evidence = extract(text, kb).evidence["speed"]
    assert evidence.value == "sustainable"
    assert evidence.cue.startswith("negated:")
    assert evidence.confidence == pytest.approx(0.62)
    assert [s.text for s in evidence.spans] == [negated_words]


def test_not_caring_about_the_long_term_reads_as_fast(kb: KnowledgeBase) -> None:
    assert extract("مو مهتمين بالمدى الطويل، نبي مبيعات", kb).profile.speed == "fast"
    assert extract("This is not a long-term thing for us", kb).profile.speed == "fast"


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("ما عندنا موقع بس نبغى نتائج سريعة", "speed", "fast"),
        ("We don't have a website yet and we need results quickly", "speed", "fast"),
        ("مش عايزين مشاهير، عايزين مبيعات بسرعة", "speed", "fast"),
        ("ما بدنا مشاهير، بدنا تسجيلات بأسرع وقت", "speed", "fast"),
        ("ماعندناش موقع، بغينا كليان جداد بسرعة", "speed", "fast"),
        ("ليس لدينا تتبع، ونحتاج نتائج سريعة", "speed", "fast"),
        ("We don't want celebrities, we want bookings fast", "speed", "fast"),
        ("لا نبحث عن مشاهير، بل عن نمو على المدى الطويل", "speed", "sustainable"),
    ],
)
def test_a_negation_elsewhere_in_the_sentence_leaves_other_cues_alone(
    text: str, field: str, value: Any, kb: KnowledgeBase
) -> None:
    evidence = extract(text, kb).evidence[field]
    assert evidence.value == value
    assert evidence.cue.startswith("lexicon:")


@pytest.mark.parametrize(
    "text",
    ["It's not that we don't want quick results, we do", "مش إننا مش عايزين نتايج سريعة", "مو إنا ما نبي نتائج سريعة"],
)
def test_two_negations_cancel(text: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.speed == "fast"


@pytest.mark.parametrize(
    ("text", "speed"),
    [
        ("Not only fast results but also long term growth", "balanced"),
        ("مو بس نتائج سريعة، كمان على المدى الطويل", "balanced"),
        ("لا بد من نتائج سريعة", "fast"),
        ("ما زلنا نبحث عن نتائج سريعة", "fast"),
        ("No doubt we need quick results", "fast"),
    ],
)
def test_a_negation_word_that_negates_nothing_is_not_a_negation(text: str, speed: str, kb: KnowledgeBase) -> None:
    assert extract(text, kb).profile.speed == speed


def test_a_repeated_negation_is_one_negation(kb: KnowledgeBase) -> None:
    profile = extract("ما عندي لا موقع ولا بكسل", kb).profile
    assert profile.has_landing_page is False
    assert profile.has_tracking is False


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("الكل يقول لازم مشاهير سناب", ("الكل يقول", "مشاهير")),
        ("سمعنا إن المشاهير يجيبون زباين", ("سمعنا", "المشاهير")),
        ("الناس بتقول لازم نشتغل مع انفلونسرز", ("الناس بتقول", "انفلونسرز")),
        ("الناس كيقولو خاصك المؤثرين", ("الناس كيقولو", "المؤثرين")),
        ("Everyone says we need influencers on TikTok", ("Everyone says", "influencers")),
        ("We heard all our competitors use influencers", ("We heard", "influencers")),
        ("عندنا online store، الكل يقول influencers هم الحل", ("الكل يقول", "influencers")),
    ],
)
def test_hearsay_about_influencers_is_the_m1_mistake_with_its_words(
    text: str, quoted: tuple[str, str], kb: KnowledgeBase
) -> None:
    result = extract(text, kb)
    m1 = [s for s in result.signals if s.rule == "M1"]
    assert len(m1) == 1
    words = " ".join(s.text for s in m1[0].spans)
    assert all(q in words for q in quoted)
    for span in m1[0].spans:
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "text",
    ["الكل يقول أكلنا لذيذ", "Everyone says our coffee is the best in town", "سمعنا إن السوق كبير"],
)
def test_hearsay_without_influencers_is_not_m1(text: str, kb: KnowledgeBase) -> None:
    result = extract(text, kb)
    assert "influencers_because_trend" not in result.evidence
    assert not result.signals


@pytest.mark.parametrize(
    "text",
    [
        "لا نبحث عن الترند ولا عن المشاهير",
        "ما نبي مشاهير عشان الكل يقول",
        "مش عايزين انفلونسرز عشان الناس بتقول",
        "We don't want influencers just because everyone says so",
    ],
)
def test_refusing_the_trend_is_not_m1(text: str, kb: KnowledgeBase) -> None:
    result = extract(text, kb)
    assert result.profile.influencers_because_trend is False
    assert not [s for s in result.signals if s.rule == "M1"]


def test_what_a_negation_implies_is_one_of_the_fields_values() -> None:
    for field, lex in field_lexicons().items():
        values = {c.value for c in lex.cues}
        for cue in lex.cues:
            if cue.when_negated is not None:
                assert lex.kind == "choice", field
                assert cue.when_negated in values and cue.when_negated != cue.value, field


def _text(phrase: str) -> str:
    """A lexicon phrase as a brief would write it ("=" and "*" marks dropped, a number for "#")."""
    words = [w.lstrip("=").rstrip("*") for w in phrase.split() if w != ".."]
    return " ".join("3" if w == "#" else w for w in words)


_NEGATORS = sorted({_text(p) for p in language_data().negation.all()})
_CUES = sorted(
    {
        (field, _text(phrase), cue.value, cue.weight)
        for field, lex in field_lexicons().items()
        for cue in lex.cues
        if cue.negation == "check"
        for phrase in cue.phrases()
    },
    key=repr,
)


@settings(max_examples=150, deadline=None)
@given(negator=st.sampled_from(_NEGATORS), cue=st.sampled_from(_CUES))
def test_a_negator_before_a_cue_never_gives_its_value_with_its_confidence(
    negator: str, cue: tuple[str, str, Any, float]
) -> None:
    field, words, value, weight = cue
    evidence = extract(f"{negator} {words}").evidence.get(field)
    if evidence is not None and evidence.value == value:
        assert evidence.confidence < round(min(weight, 0.99), 2)
