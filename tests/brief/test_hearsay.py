"""Hearsay (issue 12): what others say or what the owner heard is not the owner's own wish or fact. A cue
in reported speech says nothing, up to the end of its clause or a wish of the owner's own, in every
dialect; hearsay about influencers is still the M1 and M3 mistakes (what the owner is being told)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.brief import extract
from mizaan.brief.accuracy import load_corpus
from mizaan.brief.lexicon import field_lexicons, language_data
from mizaan.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    "text",
    [
        "سمعنا إن المشاهير يجيبون زباين بسرعة",  # Gulf
        "صاحبي بيقول إن الإعلانات بتجيب نتيجة بسرعة",  # Egyptian
        "رفقاتي عم يحكوا إنو الإعلانات بتجيب نتايج بسرعة",  # Levantine
        "قالو ليا صحابي بلي الإشهار كيجيب الناس بالزربة",  # Maghrebi
        "يقال إن الإعلانات الممولة تحقق نتائج سريعة",  # MSA
        "My partner heard that TikTok ads bring customers quickly",  # English
        "People say Snapchat ads work fast",  # English
    ],
)
def test_speed_in_hearsay_is_not_the_owners_wish(text: str, kb: KnowledgeBase) -> None:
    assert "speed" not in extract(text, kb).evidence


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("سمعنا إن المشاهير يجيبون زباين بسرعة، نبي زبائن جدد", "goal", "sales"),
        ("سمعت إن الإعلانات تجيب نتائج سريعة ونبي مبيعات بسرعة", "speed", "fast"),
        ("My friend says ads bring quick sales, but we want a long-term brand", "speed", "sustainable"),
        ("صاحبي بيقول إن الإعلانات بتجيب أوردرات. احنا عايزين حجوزات", "goal", "leads"),
    ],
)
def test_the_owners_own_words_after_hearsay_still_count(text: str, field: str, value: str, kb: KnowledgeBase) -> None:
    """A new clause, a "but", or a wish of the owner's own ends the reported speech."""
    evidence = extract(text, kb).evidence[field]
    assert evidence.value == value


@pytest.mark.parametrize(
    "text",
    [
        "يقولون لي اخوياي إن المشهور اللي عنده مليون متابع يجيب زباين أكثر",
        "My cousin says just get the account with the most followers",
    ],
)
def test_hearsay_about_follower_counts_is_still_m3(text: str, kb: KnowledgeBase) -> None:
    result = extract(text, kb)
    assert result.profile.choose_influencers_by_followers is True
    assert "M3" in [s.rule for s in result.signals]


def test_hearsay_is_kept_only_by_the_mistake_signals() -> None:
    keep = sorted(f for f, lex in field_lexicons().items() if lex.hearsay == "keep")
    assert keep == ["choose_influencers_by_followers", "influencers_because_trend"]


def _plain(phrase: str) -> str | None:
    """A lexicon phrase as plain words, or None when it is a pattern (a gap, a number, a wildcard)."""
    if re.search(r"[=*#]|\.\.", phrase):
        return None
    return phrase


_SAID = sorted(p.lstrip("=") for p in language_data().hearsay.ar if " " not in p)
_SAID_EN = sorted(p.lstrip("=") for p in language_data().hearsay.en if " " not in p)
_REPORTED = sorted(
    {
        (field, words)
        for field in ("goal", "speed", "business_type", "stage")
        for cue in field_lexicons()[field].cues
        if not cue.near
        for phrase in cue.phrases()
        for words in [_plain(phrase)]
        if words is not None and re.fullmatch(r"[\w\s]+", words)
    }
)
_BRIEFS = [
    b.text
    for p in sorted((Path(__file__).parent / "corpus").glob("*.yaml"))
    if not p.name.startswith("heldout")
    for b in load_corpus([p])
]


@settings(max_examples=120, deadline=None)
@given(
    b=st.integers(0, len(_BRIEFS) - 1),
    s=st.integers(0, len(_SAID + _SAID_EN) - 1),
    r=st.integers(0, len(_REPORTED) - 1),
)
def test_a_sentence_of_hearsay_changes_no_field_of_the_brief(b: int, s: int, r: int, kb: KnowledgeBase) -> None:
    """Adding "they say that <a goal, speed, kind-of-business or stage cue>." before any brief of the
    corpus leaves every lexicon field of the brief as it was."""
    brief, said, (_, words) = _BRIEFS[b], (_SAID + _SAID_EN)[s], _REPORTED[r]
    hearsay = f"{said} {'that' if said.isascii() else 'إن'} {words}."
    before = extract(brief, kb)
    after = extract(f"{hearsay}\n{brief}", kb)
    for field in field_lexicons():
        assert after.profile.get(field) == before.profile.get(field), (field, hearsay)
