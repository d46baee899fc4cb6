"""The lexicons are valid data, bilingual, and every message the brief code uses exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mizaan.brief import PartialProfile
from mizaan.brief.lexicon import FIELD_FILES, field_lexicons, language_data, phrase_pattern
from mizaan.i18n import has
from mizaan.i18n.arabic import fold
from mizaan.profile import Profile

SRC = Path(__file__).resolve().parents[2] / "src" / "mizaan"


def test_every_lexicon_field_is_a_profile_field() -> None:
    names = set(Profile.model_fields) | {"location.scope"}
    assert set(field_lexicons()) <= names
    assert FIELD_FILES


@pytest.mark.parametrize("field", sorted(field_lexicons()))
def test_every_field_has_cues_in_both_languages_and_every_phrase_compiles(field: str) -> None:
    lex = field_lexicons()[field]
    assert any(c.ar for c in lex.cues) and any(c.en for c in lex.cues)
    for cue in lex.cues:
        for phrase in cue.phrases():
            re.compile(phrase_pattern(phrase))


def test_the_partial_profile_uses_the_profiles_names() -> None:
    assert set(PartialProfile.model_fields) <= set(Profile.model_fields)


def test_language_data_loads() -> None:
    assert language_data().negation.ar and language_data().negation.en


def test_every_message_key_used_by_brief_intake_exists() -> None:
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in [*(SRC / "brief").glob("*.py"), SRC / "cli" / "brief_cmd.py"]
    )
    keys = set(re.findall(r"[\"'](brief\.[a-z_.]+[a-z])[\"']", code))
    keys |= {
        f"brief.needs.{f}" for f in ("business_type", "budget.amount", "location.country", "budget.currency", "goal")
    }
    keys |= {f"brief.signal.M{i}" for i in (1, 2, 3)} | {"brief.lang.ar", "brief.lang.en"}
    missing = sorted(k for k in keys if not has(k) and not k.endswith((".py", ".")))
    assert not missing


def test_fold_unifies_alef_maksura_persian_letters_and_presentation_forms() -> None:
    assert fold("مستشفى") == fold("مستشفي")
    assert fold("کیک") == fold("كيك")
    assert fold("ﻻ") == "لا"
    assert fold("جـدّة") == fold("جده")
