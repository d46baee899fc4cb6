"""The keyword lexicons of brief intake: data files (``data/*.yaml``, Arabic and English side by side)
read into typed models, and their phrases compiled into patterns over folded text.

Phrase syntax (after folding with ``mizaan.i18n.arabic.fold``):

- words separated by spaces match whole words; Arabic words longer than two letters also match with the
  usual prefixes (و ف ب ل ك ع and the article ال) and pronoun or plural suffixes (ـنا ـهم ـات ...), and a
  final taa marbuta matches its joined form (صفحة / صفحتنا); Latin words match with a plural ``s``;
- ``=word`` matches the word exactly, without prefixes or suffixes;
- ``word*`` matches any word that starts with ``word``;
- ``..`` between words allows up to two other words in between;
- ``#`` matches a number.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from mizaan.i18n import fold

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_PREFIX = r"(?:[وف])?(?:[بلكع])?(?:ال|ل)?"
_SUFFIX = r"(?:ي|ك|ه|ها|نا|كم|هم|هن|ين|ون|ات|ا|يه)?"
_LATIN_SUFFIX = r"(?:s|es|'s)?"
_GAP = r"(?:\s+\S+){0,2}?"
_NUMBER = r"\d+(?:[.,]\d+)*"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phrases(_Strict):
    """Phrases in both languages; both are matched against every brief (briefs mix languages)."""

    ar: list[str] = []
    en: list[str] = []

    def all(self) -> list[str]:
        return [*self.ar, *self.en]


class Cue(_Strict):
    """Phrases that say a field has ``value``, with how much they can be trusted alone (0 to 1)."""

    value: Any
    weight: float = Field(default=0.8, gt=0, le=1)
    ar: list[str] = []
    en: list[str] = []
    # ``keep``: the phrase already carries its own negation ("ما نتتبع"), so nothing turns it around
    negation: Literal["check", "keep"] = "check"
    # What a negated cue of a choice field says instead ("لا نستعجل": not in a hurry → sustainable), given
    # with the language data's ``negated_weight``; without it a negated choice cue says nothing.
    when_negated: Any = None
    # The cue counts only with one of these phrases within ``near_words`` words of it, before or after
    # ("الكل يقول" is hearsay about influencers only next to an influencer word).
    near: list[str] = []
    near_words: int = Field(default=8, ge=1)

    def phrases(self) -> list[str]:
        return [*self.ar, *self.en]


class FieldLexicon(_Strict):
    """The cues of one profile field. ``kind: bool`` fields are turned around by a negation; ``choice``
    fields lose a negated cue, or take its ``when_negated`` value with less weight. ``wish_cancels``: a
    wish ("we want a landing page") cancels the cue."""

    kind: Literal["bool", "choice"] = "choice"
    wish_cancels: bool = False
    # ``keep``: a cue in hearsay ("people say everyone uses influencers") still counts; ``drop`` (the
    # default): what others say is not the owner's own word and says nothing
    hearsay: Literal["drop", "keep"] = "drop"
    cues: list[Cue]
    exclude: Phrases = Phrases()


class LexiconFile(_Strict):
    version: int
    fields: dict[str, FieldLexicon] = {}


class LanguageData(_Strict):
    version: int
    negation_window: int = 3
    negated_weight: float = Field(default=0.7, gt=0, lt=1)
    negation: Phrases
    negation_repeat: Phrases = Phrases()
    not_negation: Phrases = Phrases()
    negation_after: Phrases
    clause_breaks: Phrases
    wish: Phrases
    hearsay: Phrases = Phrases()
    negation_reach: Phrases = Phrases()


def _word(word: str) -> str:
    if word == "#":
        return _NUMBER
    if word.startswith("=") and len(word) > 1:
        return re.escape(word[1:])
    if word.endswith("*") and len(word) > 1:
        return re.escape(word[:-1]) + r"\w*"
    if _ARABIC_LETTER.search(word):
        if len(word) <= 2:
            return r"(?:[وف])?" + re.escape(word)
        stem = word
        if word.startswith("ال") and len(word) > 4:  # the article, or a root that starts with alef-lam (العاب)
            stem = "(?:ال)?" + re.escape(word[2:])
        else:
            stem = re.escape(word)
        if word.endswith("ه"):
            return _PREFIX + stem[: -len(re.escape("ه"))] + r"(?:ه|ت\w{0,3}|ات)"
        return _PREFIX + stem + _SUFFIX
    if re.fullmatch(r"[a-z][a-z']*", word) and len(word) > 2:
        return re.escape(word) + _LATIN_SUFFIX
    return re.escape(word)


def phrase_pattern(phrase: str) -> str:
    """The regular expression (over folded text) for one lexicon phrase."""
    words = fold(phrase).split()
    if not words:
        raise ValueError("empty phrase")
    out = ""
    for i, word in enumerate(words):
        if word == "..":
            out += _GAP
            continue
        if i:
            out += r"\s*" if not re.search(r"\w", word) or not re.search(r"\w", words[i - 1]) else r"\s+"
        out += _word(word)
    lead = r"(?<!\w)" if re.match(r"\w", words[0].lstrip("=")) else ""
    tail = r"(?!\w)" if re.search(r"\w$", words[-1].rstrip("*")) else ""
    return lead + out + tail


@cache
def compiled(phrase: str) -> re.Pattern[str]:
    return re.compile(phrase_pattern(phrase))


def alternation(phrases: list[str]) -> re.Pattern[str]:
    """One pattern matching any of ``phrases`` (longest first)."""
    parts = sorted({phrase_pattern(p) for p in phrases}, key=len, reverse=True)
    return re.compile("|".join(parts))


def _read(name: str) -> Any:
    raw = resources.files("mizaan.brief").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(raw)


@cache
def language_data() -> LanguageData:
    return LanguageData.model_validate(_read("language.yaml"))


FIELD_FILES = ("business.yaml", "goals.yaml", "presence.yaml", "signals.yaml")


@cache
def field_lexicons() -> dict[str, FieldLexicon]:
    """Every field's cues, from the lexicon files; a field defined twice is an error."""
    out: dict[str, FieldLexicon] = {}
    for name in FIELD_FILES:
        data = LexiconFile.model_validate(_read(name))
        for field, lex in data.fields.items():
            if field in out:
                raise RuntimeError(f"brief lexicon: field {field!r} is defined twice (again in {name})")
            out[field] = lex
    return out


@cache
def data_file(name: str) -> Any:
    """A lexicon data file read as plain YAML (quantities.yaml, places.yaml, products.yaml), for modules that
    validate it into their own models."""
    return _read(name)
