"""Numbers about time and people in a brief: the plan's horizon ("خلال شهرين", "for 6 months"), how long
the business has run ("من ٥ سنين", "since 2016": its stage), and the audience's ages ("18-34",
"من ١٨ إلى ٣٠ سنة"). The words come from ``data/quantities.yaml``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict

from mizaan.brief.lexicon import Phrases, alternation, data_file
from mizaan.brief.numbers import Number
from mizaan.brief.text import WORD, BriefText

ESTABLISHED_YEARS = 5


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Duration(_Strict):
    before: Phrases
    month_units: Phrases
    two_months: Phrases
    year_units: Phrases
    since: Phrases
    past: Phrases


class Age(_Strict):
    cues: Phrases
    units: Phrases


@cache
def _duration() -> Duration:
    return Duration.model_validate(data_file("quantities.yaml")["duration"])


@cache
def _age() -> Age:
    return Age.model_validate(data_file("quantities.yaml")["age"])


@cache
def _pat(group: str, name: str) -> re.Pattern[str]:
    source = _duration() if group == "duration" else _age()
    phrases: Phrases = getattr(source, name)
    return alternation(phrases.all()) if phrases.all() else re.compile(r"(?!x)x")


def _next_word_is(text: BriefText, pos: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    m = re.match(r"\s*", text.folded[pos:])
    start = pos + (m.end() if m else 0)
    return pattern.match(text.folded, start)


def _words_before(text: BriefText, pos: int, count: int) -> tuple[str, int]:
    """The last ``count`` words before ``pos`` (same sentence) and where they start."""
    lead_start = max(0, pos - 60)
    lead = text.folded[lead_start:pos]
    cut = max((m.end() for m in re.finditer(r"[.!?؟\n،,]", lead)), default=0)
    words = list(WORD.finditer(lead, cut))[-count:]
    if not words:
        return "", pos
    return lead[words[0].start() :], lead_start + words[0].start()


@dataclass(frozen=True)
class Found:
    value: int | tuple[int, int]
    start: int
    end: int


def find_horizon(text: BriefText, numbers: list[Number]) -> Found | None:
    """The plan's length in months, when the brief gives one after "within", "for", "خلال", "لمدة"."""
    for n in numbers:
        if n.high is not None or n.scaled or n.value != int(n.value):
            continue
        before, where = _words_before(text, n.start, 2)
        if not _pat("duration", "before").search(before):
            continue
        if _pat("duration", "past").search(_words_before(text, n.start, 4)[0]):
            continue  # "been around for 2 years", "صار لنا ٣ سنين": time already run
        unit = _next_word_is(text, n.end, _pat("duration", "month_units"))
        if unit and 1 <= n.value <= 60:
            return Found(int(n.value), where, unit.end())
        unit = _next_word_is(text, n.end, _pat("duration", "year_units"))
        if unit and 1 <= n.value <= 5:
            return Found(int(n.value) * 12, where, unit.end())
    for m in _pat("duration", "two_months").finditer(text.folded):
        before, where = _words_before(text, m.start(), 1)
        if _pat("duration", "before").search(before):
            return Found(2, where, m.end())
    return None


def find_years_running(text: BriefText, numbers: list[Number], today: dt.date | None = None) -> Found | None:
    """How many years the business has run: "من ٥ سنين", "for 8 years", "since 2016", "منذ خمسة عشر عاماً"."""
    year_now = (today or dt.date.today()).year
    for n in numbers:
        if n.high is not None or n.scaled or n.value != int(n.value):
            continue
        before, where = _words_before(text, n.start, 2)
        if not _pat("duration", "since").search(before):
            continue
        value = int(n.value)
        if n.digits and 1950 <= value <= year_now:
            return Found(year_now - value, where, n.end)
        unit = _next_word_is(text, n.end, _pat("duration", "year_units"))
        if unit and 0 < value < 150:
            return Found(value, where, unit.end())
    return None


def find_audience_age(text: BriefText, numbers: list[Number]) -> Found | None:
    """An age range written with numbers, next to an age word or followed by "years"."""
    for n in numbers:
        if n.high is None or n.scaled:
            continue
        low, high = int(n.value), int(n.high)
        if not (13 <= low < high <= 90) or n.value != low or n.high != high:
            continue
        unit = _next_word_is(text, n.end, _pat("age", "units"))
        before, where = _words_before(text, n.start, 4)
        cue = _pat("age", "cues").search(before)
        if unit or cue:
            start = where + cue.start() if cue else n.start
            return Found((low, high), min(start, n.start), unit.end() if unit else n.end)
    return None
