"""Finding a field's cues in a brief, with negation ("ما عندنا موقع"), wishes ("we want tracking") and
excluded phrases ("fast food" is not a wish for fast results), and choosing a value when cues disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from mizaan.brief.lexicon import FieldLexicon, alternation, compiled, field_lexicons, language_data
from mizaan.brief.text import WORD, BriefText

_PUNCT_BREAK = re.compile(
    r"\.(?=\s|$)|[!?؟،,;:\n()\[\]\u2022|/]|\s[-–—]\s|[\U0001F300-\U0001FAFF\u2600-\u27BF]"
)


@dataclass(frozen=True)
class Hit:
    """One cue found in the folded text."""

    field: str
    value: Any
    weight: float
    start: int
    end: int
    cue: str


@cache
def _negation() -> re.Pattern[str]:
    return alternation(language_data().negation.all())


@cache
def _negation_after() -> re.Pattern[str]:
    parts = "|".join(re.escape(p) for p in language_data().negation_after.all())
    return re.compile(r"^\s*[:=\-–]\s*(?:" + parts + r")(?!\w)")


@cache
def _wish() -> re.Pattern[str]:
    return alternation(language_data().wish.all())


@cache
def _breaks() -> re.Pattern[str]:
    return alternation(language_data().clause_breaks.all())


def clause_start(text: BriefText, pos: int) -> int:
    """Where the clause holding ``pos`` starts in the folded text."""
    before = text.folded[:pos]
    start = 0
    for m in _PUNCT_BREAK.finditer(before):
        start = m.end()
    for m in _breaks().finditer(before, start):
        start = m.end()
    return start


def _window(text: BriefText, start: int) -> str:
    """The last few words before ``start`` in the same clause."""
    lead = text.folded[clause_start(text, start) : start]
    words = [w[1:] if len(w) > 2 and w[0] in "وف" else w for w in WORD.findall(lead)]
    return " ".join(words[-language_data().negation_window :])


def negated(text: BriefText, start: int, end: int) -> bool:
    """Whether a negation word governs the words at ``start:end``."""
    if _negation().search(_window(text, start)):
        return True
    return bool(_negation_after().match(text.folded[end:]))


def wished(text: BriefText, start: int) -> bool:
    """Whether the words at ``start`` are something wanted rather than something had."""
    return bool(_wish().search(_window(text, start)))


def _excluded(lex: FieldLexicon, text: BriefText) -> list[tuple[int, int]]:
    phrases = lex.exclude.all()
    if not phrases:
        return []
    return [(m.start(), m.end()) for m in alternation(phrases).finditer(text.folded)]


def find(field: str, text: BriefText) -> list[Hit]:
    """Every cue of ``field`` in ``text``, after negations, wishes and excluded phrases are applied."""
    lex = field_lexicons()[field]
    excluded = _excluded(lex, text)
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    # longer phrases first, so "no landing page" wins over "landing page" on the same words
    entries = sorted(((p, cue) for cue in lex.cues for p in cue.phrases()), key=lambda e: -len(e[0]))
    for phrase, cue in entries:
        for m in compiled(phrase).finditer(text.folded):
            s, e = m.start(), m.end()
            if any(a <= s and e <= b for a, b in excluded):
                continue
            if any(s < b and a < e for a, b in taken):
                continue
            value = cue.value
            if cue.negation == "check" and negated(text, s, e):
                if lex.kind != "bool":
                    continue
                value = not value
            elif lex.wish_cancels and cue.negation == "check" and wished(text, s):
                continue
            taken.append((s, e))
            hits.append(Hit(field, value, cue.weight, s, e, phrase))
    hits.sort(key=lambda h: h.start)
    return hits


@dataclass(frozen=True)
class Decision:
    value: Any
    confidence: float
    hits: list[Hit]


def decide(hits: list[Hit], min_confidence: float = 0.0) -> Decision | None:
    """The value the hits support best: the strongest cue per value, a little more for each further
    cue agreeing, less when other values are also supported. Ties go to the later mention (people
    correct themselves). None when there are no hits or the result is below ``min_confidence``."""
    if not hits:
        return None
    by_value: dict[Any, list[Hit]] = {}
    for h in hits:
        by_value.setdefault(h.value, []).append(h)
    scores = {
        v: min(0.98, max(h.weight for h in hs) + 0.05 * (len({h.cue for h in hs}) - 1))
        for v, hs in by_value.items()
    }
    best = max(scores, key=lambda v: (scores[v], max(h.start for h in by_value[v])))
    rivals = [s for v, s in scores.items() if v != best]
    confidence = scores[best]
    if rivals:
        confidence *= 1 - 0.5 * (max(rivals) / scores[best]) ** 2
    if confidence < min_confidence:
        return None
    return Decision(best, round(confidence, 2), by_value[best])
