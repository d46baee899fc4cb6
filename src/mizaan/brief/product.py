"""The product or service a brief names: the words after "we sell" / "نبيع", around a business noun
("مطعم برجر", "coffee roastery", "متجر عطور"), up to a place, a preposition or the end of the clause.
The cue words come from ``data/products.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict

from mizaan.brief.lexicon import Phrases, alternation, data_file
from mizaan.brief.match import hearsay
from mizaan.brief.model import Span
from mizaan.brief.text import BriefText
from mizaan.i18n import fold

_TOKEN = re.compile(r"\w+(?:'\w+)?|[^\w\s]")
_LATIN = re.compile(r"[a-z]")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_CONJ = {"و", "and", "w", "&"}
# ل before a verbal noun or an article ("لتعليم", "لإدارة", "للأطفال"): "for", not a letter of the word
# ("لياقة", "لحوم")
_PREPOSITION = re.compile(r"(?<!\w)(?:مع|with|for|to)\s+$")
_PURPOSE = re.compile(r"ل(?:ل|ت|ا)\w{2,}")


class ProductWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    max_words: int
    verbs: Phrases
    heads: Phrases
    containers: Phrases
    skip: Phrases
    stop: Phrases


@cache
def product_words() -> ProductWords:
    return ProductWords.model_validate(data_file("products.yaml"))


@cache
def _pattern(name: str) -> re.Pattern[str]:
    phrases: Phrases = getattr(product_words(), name)
    return alternation(phrases.all())


@dataclass(frozen=True)
class Product:
    value: str
    span: Span
    confidence: float
    start: int  # in the folded text
    end: int


@dataclass(frozen=True)
class _Candidate:
    rank: int  # 0: after a verb or around a head; 1: around a container; 2: a head alone
    position: int
    start: int
    end: int
    head: tuple[int, int] | None = None  # the head noun, when it is part of the product
    strip: str = ""  # a prefix glued to the first word ("لل" of "للساعات")


@cache
def _exact(name: str) -> frozenset[str]:
    phrases: Phrases = getattr(product_words(), name)
    return frozenset(fold(p) for p in phrases.all())


def _is(name: str, word: str) -> bool:
    """Skip and stop words match whole words exactly; business nouns match as lexicon phrases."""
    if name in ("skip", "stop"):
        words = _exact(name)
        # "فالانستغرام", "والميزانية": a stop word with a conjunction, preposition or article glued to it
        bare = re.sub(r"^(?:[وف]?[بلك]?ال|[وف][بلك]?|[بلك])(?=\w{3})", "", word) if _ARABIC.match(word) else word
        return word in words or bare in words or ("ال" + bare) in words
    return bool(_pattern(name).fullmatch(word))


def _tokens(text: BriefText) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text.folded)]


def _forward(
    toks: list[tuple[str, int, int]], i: int, blocked: list[tuple[int, int]], verb: bool
) -> tuple[int, int, str] | None:
    """Product words from token ``i`` on: (start, end, prefix to strip) or None."""
    limit = product_words().max_words
    while not verb and i < len(toks) and _is("skip", toks[i][0]):
        i += 1
    if i >= len(toks):
        return None
    first = toks[i][0]
    strip = ""
    if first.startswith("لل") and len(first) > 4:
        strip = "ل"
    elif first.startswith("ل") and len(first) > 3 and not _is("stop", first) and not _LATIN.search(first):
        strip = "ل"
    if strip and verb:
        return None  # "نبيع للفنادق": the customers, not the product
    start, end, count = toks[i][1], None, 0
    while i < len(toks) and count < limit:
        word, s, e = toks[i]
        if not re.match(r"\w", word) and word != "&":
            break
        if any(a <= s < b for a, b in blocked) or (count and (_is("stop", word) or word.startswith("لل"))):
            break
        if count and _pattern("verbs").fullmatch(word):
            break  # "الجلابة كنبيع فالانستغرام": a selling verb starts a new phrase
        if count == 0 and _is("stop", word):
            return None
        end = e
        count += 0 if word in _CONJ else 1
        i += 1
    if end is None or end <= start:
        return None
    return start, end, strip


def _backward(toks: list[tuple[str, int, int]], i: int, blocked: list[tuple[int, int]]) -> tuple[int, int] | None:
    """English order: the modifiers before a head at token ``i``."""
    j, count, start = i - 1, 0, None
    while j >= 0 and count < product_words().max_words:
        word, s, _ = toks[j]
        if not re.match(r"\w", word) or _is("skip", word) or _is("stop", word) or word.isdigit():
            break
        if not _LATIN.search(word):  # English modifiers are English words ("شركة software" is not one)
            break
        if any(a <= s < b for a, b in blocked):
            break
        start = s
        count += 1
        j -= 1
    return (start, toks[i - 1][2]) if start is not None else None


def find_product(text: BriefText, blocked: list[tuple[int, int]]) -> Product | None:
    """The product phrase, or None; ``blocked`` are spans (places) that end a phrase."""
    toks = _tokens(text)
    index = {s: k for k, (_, s, _) in enumerate(toks)}
    cands: list[_Candidate] = []
    for kind in ("verbs", "heads", "containers"):
        for m in _pattern(kind).finditer(text.folded):
            if kind != "verbs" and _prefixed(m.group(), kind):
                continue  # "والمطاعم", "للشركات": a noun in a list of customers, not the business
            if kind == "heads" and _PREPOSITION.search(text.folded[max(0, m.start() - 8) : m.start()]):
                continue  # "منشتغل مع المطاعم", "for restaurants": customers, not the business
            if hearsay(text, m.start()):
                continue  # "صاحبي بيقول إن كل الجيمات شغالة مع بلوجرز": someone else's business
            after = next((k for k, t in enumerate(toks) if t[1] >= m.end()), len(toks))
            first = index.get(m.start())
            latin = bool(_LATIN.search(m.group())) and kind != "verbs"
            found: tuple[int, int, str] | None = None
            if latin and first is not None:
                back = _backward(toks, first, blocked)
                found = (back[0], back[1], "") if back else None
                nxt = toks[after][0] if after < len(toks) else ""
                # "brand skincare organic" (Franco-Arabic order): a Latin word after a container names it
                if found is None and kind == "containers" and _LATIN.match(nxt) and not _is("stop", nxt):
                    found = _forward(toks, after, blocked, verb=False)
                if found is None and not _ARABIC.match(nxt):
                    if kind == "heads":  # a container alone ("brand", "store") names nothing
                        cands.append(_Candidate(2, m.start(), m.start(), m.end()))
                    continue
            if found is None:
                found = _forward(toks, after, blocked, verb=kind == "verbs")
            if found is not None:
                # "أكاديمية لتعليم البرمجة": what the head is for is the product, not the head
                purpose = bool(found[2]) and _PURPOSE.match(text.folded, found[0]) is not None
                head = (m.start(), m.end()) if kind == "heads" and not purpose else None
                rank = 1 if kind == "containers" else 0
                cands.append(_Candidate(rank, m.start(), found[0], found[1], head, found[2]))
            elif kind == "heads":
                cands.append(_Candidate(2, m.start(), m.start(), m.end()))
    if not cands:
        return None
    best = min(cands, key=lambda c: (c.rank, c.position))
    start = min(best.start, best.head[0]) if best.head else best.start
    end = max(best.end, best.head[1]) if best.head else best.end
    span = text.span(start, end)
    value = span.text
    if best.strip and best.start == start:
        value = _strip_prefix(value)
    confidence = {0: 0.75, 1: 0.7, 2: 0.6}[best.rank]
    return Product(" ".join(value.split())[:200], span, confidence, start, end)


def _prefixed(word: str, kind: str) -> bool:
    """Whether ``word`` is a business noun carrying a conjunction or preposition (و، ل، ب، ك)."""
    return len(word) > 3 and word[0] in "ولبك" and bool(_pattern(kind).fullmatch(word[1:]))


def _strip_prefix(value: str) -> str:
    """ "للساعات الفاخرة" -> "الساعات الفاخرة"; "لإدارة" -> "إدارة"."""
    if value.startswith("لل"):
        return "ال" + value[2:]
    return value[1:] if value.startswith("ل") else value
