"""Finding a field's cues in a brief, with negation ("ما عندنا موقع"), wishes ("we want tracking") and
excluded phrases ("fast food" is not a wish for fast results), and choosing a value when cues disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from mizaan.brief.lexicon import FieldLexicon, alternation, compiled, field_lexicons, language_data
from mizaan.brief.text import WORD, BriefText

_PUNCT_BREAK = re.compile(r"\.(?=\s|$)|[!?؟،,;:\n()\[\]\u2022|/]|\s[-–—]\s|[\U0001F300-\U0001FAFF\u2600-\u27BF]")


@dataclass(frozen=True)
class Hit:
    """One cue found in the folded text."""

    field: str
    value: Any
    weight: float
    start: int
    end: int
    cue: str
    # read through a negation as the cue's ``when_negated`` value ("لا نستعجل" → sustainable)
    negated: bool = False


@cache
def _negation() -> re.Pattern[str]:
    return alternation(language_data().negation.all())


@cache
def _repeat() -> re.Pattern[str] | None:
    phrases = language_data().negation_repeat.all()
    return alternation(phrases) if phrases else None


@cache
def _not_negation() -> re.Pattern[str] | None:
    phrases = language_data().not_negation.all()
    return alternation(phrases) if phrases else None


def _blank_not_negations(joined: str) -> str:
    """``joined`` with the phrases that hold a negation word but negate nothing ("لا بد", "not only")
    blanked out, word for word, so that word positions stay the same."""
    pattern = _not_negation()
    if pattern is None:
        return joined
    return pattern.sub(lambda m: re.sub(r"\w", "_", m.group()), joined)


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


def _lead(text: BriefText, start: int) -> list[tuple[str, int]]:
    """The words before ``start`` in the same clause, each with where it starts (a ``و`` or ``ف`` joined to
    a word taken off, unless it belongs to a negation word: "والو")."""
    begin = clause_start(text, start)
    return [
        (w[1:] if len(w) > 2 and w[0] in "وف" and not _negation().fullmatch(w) else w, begin + m.start())
        for m in WORD.finditer(text.folded[begin:start])
        for w in (m.group(),)
    ]


def _window(text: BriefText, start: int) -> str:
    """The last few words before ``start`` in the same clause."""
    return " ".join(w for w, _ in _lead(text, start)[-language_data().negation_window :])


def negations(text: BriefText, start: int) -> list[int]:
    """Where the negations that govern the words at ``start`` start: those in the last few words of the
    clause before them, and those whose scope reaches a negation already counted ("not that we don't
    want"); a word that only repeats an earlier negation ("ما عندنا لا موقع ولا") is not counted again."""
    lead = _lead(text, start)
    words = [w for w, _ in lead]
    scope = language_data().negation_window
    first = max(0, len(words) - scope)

    def word_at(joined: str, m: re.Match[str]) -> int:
        return first + len(WORD.findall(joined[: m.start()]))

    while True:
        joined = _blank_not_negations(" ".join(words[first:]))
        found = list(_negation().finditer(joined))
        if not found:
            return []
        reach = max(0, word_at(joined, found[0]) - scope)
        if reach >= first:
            break
        first = reach
    repeat = _repeat()
    out: list[int] = []
    for m in found:
        if out and repeat is not None and repeat.fullmatch(m.group()):
            continue
        out.append(lead[word_at(joined, m)][1])
    return out


@cache
def _reach() -> re.Pattern[str]:
    return alternation([*language_data().wish.all(), *language_data().negation_reach.all()])


def _negated_verb(text: BriefText, start: int) -> bool:
    """Whether a negated verb of wanting or choosing earlier in the clause, beyond the negation window,
    governs the words at ``start`` ("ما أبي أختار المشهور على عدد المتابعين"): its scope is the rest of the
    clause, up to a wish of the owner's own."""
    words = [w for w, _ in _lead(text, start)]
    last = len(words) - language_data().negation_window
    verb = _reach()
    for i in range(min(last, len(words) - 1)):
        if _negation().fullmatch(words[i]) and verb.fullmatch(words[i + 1]):
            return not any(_wish().fullmatch(w) for w in words[i + 2 :])
    return False


def negated(text: BriefText, start: int, end: int) -> bool:
    """Whether a negation governs the words at ``start:end``: an odd number of negations before them
    (two cancel: "it's not that we don't want quick results"), one written after them ("landing
    page: no"), or a negated verb of wanting or choosing earlier in their clause."""
    if len(negations(text, start)) % 2:
        return True
    return bool(_negation_after().match(text.folded[end:])) or _negated_verb(text, start)


def near(text: BriefText, start: int, end: int, phrases: list[str], words: int) -> tuple[int, int] | None:
    """Where one of ``phrases`` is, within ``words`` words before ``start`` or after ``end``."""
    spans = [(s, e) for _, s, e in text.words()]
    before = [s for s, _ in spans if s < start]
    after = [e for _, e in spans if e > end]
    lo = before[-words] if len(before) >= words else 0
    hi = after[words - 1] if len(after) >= words else len(text.folded)
    m = alternation(phrases).search(text.folded, lo, hi)
    return (m.start(), m.end()) if m else None


def wished(text: BriefText, start: int) -> bool:
    """Whether the words at ``start`` are something wanted rather than something had."""
    return bool(_wish().search(_window(text, start)))


@cache
def _hearsay() -> re.Pattern[str] | None:
    phrases = language_data().hearsay.all()
    return alternation(phrases) if phrases else None


def hearsay(text: BriefText, start: int) -> bool:
    """Whether the words at ``start`` are reported speech: a hearsay word earlier in their clause
    ("سمعنا إن المشاهير يجيبون زباين بسرعة", "my partner heard that ads bring crowds overnight") with no
    wish of the owner's own between it and them ("... ونبي زبائن جدد")."""
    pattern = _hearsay()
    if pattern is None:
        return False
    begin = clause_start(text, start)
    found = list(pattern.finditer(text.folded, begin, start))
    if not found:
        return False
    said = found[-1]
    wish = _wish()
    for m in WORD.finditer(text.folded, said.end(), start):
        w = m.group()
        if wish.fullmatch(w) or (len(w) > 2 and w[0] in "وف" and wish.fullmatch(w[1:])):
            return False
    return True


def _excluded(lex: FieldLexicon, text: BriefText) -> list[tuple[int, int]]:
    phrases = lex.exclude.all()
    if not phrases:
        return []
    return [(m.start(), m.end()) for m in alternation(phrases).finditer(text.folded)]


def find(field: str, text: BriefText) -> list[Hit]:
    """Every cue of ``field`` in ``text``, after negations, wishes, hearsay and excluded phrases are
    applied."""
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
            if lex.hearsay == "drop" and hearsay(text, s):
                continue
            hs, he, refused = s, e, False
            if cue.near:
                other = near(text, s, e, cue.near, cue.near_words)
                if other is None:
                    continue
                hs, he = min(s, other[0]), max(e, other[1])
                # "ما نبي مشاهير عشان الكل يقول": the word the cue needs is itself refused
                refused = cue.negation == "check" and negated(text, *other)
            value, weight, turned = cue.value, cue.weight, False
            if cue.negation == "check" and (refused or negated(text, s, e)):
                if lex.kind == "bool":
                    value = not value
                elif cue.when_negated is not None:
                    value, weight, turned = cue.when_negated, weight * language_data().negated_weight, True
                    # the evidence quotes the negation with the cue: «لا نستعجل», not «نستعجل»
                    hs = min([hs, *negations(text, s)])
                else:
                    continue
            elif lex.wish_cancels and cue.negation == "check" and wished(text, s):
                continue
            taken.append((s, e))
            hits.append(Hit(field, value, weight, hs, he, phrase, turned))
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
        v: min(0.98, max(h.weight for h in hs) + 0.05 * (len({h.cue for h in hs}) - 1)) for v, hs in by_value.items()
    }
    best = max(scores, key=lambda v: (scores[v], max(h.start for h in by_value[v])))
    rivals = [s for v, s in scores.items() if v != best]
    confidence = scores[best]
    if rivals:
        confidence *= 1 - 0.5 * (max(rivals) / scores[best]) ** 2
    if confidence < min_confidence:
        return None
    return Decision(best, round(confidence, 2), by_value[best])
