"""The budget in a brief: which number is the marketing budget (a currency next to it, a budget word
before it; not a price, a follower count, an age or a year), its currency (named, abbreviated, a symbol,
or a word several countries share, settled by the country), its period, and the average order value.

The words come from ``data/quantities.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pydantic import BaseModel, ConfigDict

from mizaan.brief.lexicon import Phrases, alternation, data_file, phrase_pattern
from mizaan.brief.numbers import Number, find_numbers
from mizaan.brief.text import WORD, BriefText
from mizaan.i18n import fold

_SENTENCE = re.compile(r"[!?؟\n]|\.(?=\s|$)")
_YEAR_LIKE = (1950, 2035)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SharedCurrency(_Strict):
    words: Phrases
    by_country: dict[str, str]
    default: str | None = None


class Quantities(_Strict):
    currencies: dict[str, Phrases]
    shared_currencies: list[SharedCurrency]
    periods: dict[str, Phrases]
    budget_cues: Phrases
    not_budget_after: Phrases
    price_cues: Phrases
    aov_cues: Phrases


@cache
def quantities() -> Quantities:
    raw = data_file("quantities.yaml")
    keys = set(Quantities.model_fields)
    return Quantities.model_validate({k: v for k, v in raw.items() if k in keys})


def _currency_pattern(phrase: str) -> str:
    key = fold(phrase)
    if not re.search(r"\w", key):
        return re.escape(key)
    if "." in key or len(key) <= 2:
        return r"(?<!\w)" + re.escape(key) + r"(?!\w)"
    return phrase_pattern(phrase)


@dataclass(frozen=True)
class _CurrencyName:
    pattern: re.Pattern[str]
    code: str | None  # None for a shared word
    shared: int | None


@cache
def _currency_names() -> list[_CurrencyName]:
    q = quantities()
    out: list[tuple[str, _CurrencyName]] = []
    for code, phrases in q.currencies.items():
        for p in phrases.all():
            out.append((p, _CurrencyName(re.compile(_currency_pattern(p)), code, None)))
    for i, shared in enumerate(q.shared_currencies):
        for p in shared.words.all():
            out.append((p, _CurrencyName(re.compile(_currency_pattern(p)), None, i)))
    out.sort(key=lambda e: -len(fold(e[0])))  # "ريال قطري" before "ريال"
    return [c for _, c in out]


@dataclass(frozen=True)
class CurrencyMention:
    code: str | None
    shared: int | None
    start: int
    end: int


def currency_at(text: BriefText, pos: int, before: bool) -> CurrencyMention | None:
    """A currency written right after (or right before) ``pos``."""
    folded = text.folded
    for name in _currency_names():
        if before:
            window_start = max(0, pos - 30)
            for m in name.pattern.finditer(folded, window_start, pos):
                if re.fullmatch(r"[\s:~]*", folded[m.end() : pos]):
                    return CurrencyMention(name.code, name.shared, m.start(), m.end())
        else:
            gap = re.match(r"[\s\-–:]*", folded[pos:])
            start = pos + (gap.end() if gap else 0)
            found = name.pattern.match(folded, start)
            if found and found.end() > found.start():
                return CurrencyMention(name.code, name.shared, found.start(), found.end())
    return None


@dataclass(frozen=True)
class Budget:
    """The budget found: the number, its currency words (if any), its period words (if any)."""

    number: Number
    score: float
    currency: CurrencyMention | None
    cue: tuple[int, int] | None
    period: tuple[str, int, int] | None


@cache
def _pattern(name: str) -> re.Pattern[str]:
    q = quantities()
    phrases: Phrases = getattr(q, name)
    return alternation(phrases.all())


@cache
def _period_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(period, alternation(ph.all())) for period, ph in quantities().periods.items()]


def _sentence_bounds(text: BriefText, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _SENTENCE.finditer(text.folded, 0, start):
        left = m.end()
    stop = _SENTENCE.search(text.folded, end)
    return left, stop.start() if stop else len(text.folded)


def _word_distance(text: BriefText, a: int, b: int) -> int:
    return len(WORD.findall(text.folded[min(a, b) : max(a, b)]))


def _near_after(text: BriefText, pos: int, pattern: re.Pattern[str], words: int, limit: int) -> re.Match[str] | None:
    for m in pattern.finditer(text.folded, pos, limit):
        if _word_distance(text, pos, m.start()) <= words:
            return m
        break
    return None


def _near_before(text: BriefText, pos: int, pattern: re.Pattern[str], words: int, limit: int) -> re.Match[str] | None:
    best = None
    for m in pattern.finditer(text.folded, limit, pos):
        if _word_distance(text, m.end(), pos) <= words:
            best = m
    return best


def _is_year(n: Number) -> bool:
    return (
        n.digits
        and not n.scaled
        and n.high is None
        and _YEAR_LIKE[0] <= n.value <= _YEAR_LIKE[1]
        and n.value == int(n.value)
    )


def find_budget(text: BriefText, numbers: list[Number] | None = None) -> Budget | None:
    """The number most likely to be the marketing budget, or None when no number reads as one."""
    numbers = find_numbers(text) if numbers is None else numbers
    best: Budget | None = None
    for n in numbers:
        left, right = _sentence_bounds(text, n.start, n.end)
        if _near_after(text, n.end, _pattern("not_budget_after"), 0, right):
            continue
        if _near_before(text, n.start, _pattern("price_cues"), 2, left):
            continue
        currency = currency_at(text, n.end, before=False) or currency_at(text, n.start, before=True)
        if currency is None and _is_year(n):
            continue
        cue = _near_before(text, n.start, _pattern("budget_cues"), 8, left)
        cue_after = (
            None if cue else _near_after(text, (currency.end if currency else n.end), _pattern("budget_cues"), 3, right)
        )
        score = (2.0 if currency else 0.0) + (2.0 if cue else 1.5 if cue_after else 0.0) + (0.3 if n.scaled else 0.0)
        if score < 2.0:
            continue
        period = find_period(text, n, currency, left, right)
        if period:
            score += 0.5
        cue_span = (cue.start(), cue.end()) if cue else (cue_after.start(), cue_after.end()) if cue_after else None
        if best is None or score > best.score:
            best = Budget(n, score, currency, cue_span, period)
    return best


def find_period(
    text: BriefText, n: Number, currency: CurrencyMention | None, left: int, right: int
) -> tuple[str, int, int] | None:
    """The budget period written near the amount: after it first, then before it, in the same sentence."""
    after = max(n.end, currency.end if currency else n.end)
    found: list[tuple[int, str, int, int]] = []
    for period, pattern in _period_patterns():
        m = _near_after(text, after, pattern, 5, right)
        if m:
            found.append((_word_distance(text, after, m.start()), period, m.start(), m.end()))
    if not found:
        for period, pattern in _period_patterns():
            m = _near_before(text, n.start, pattern, 6, left)
            if m:
                found.append((_word_distance(text, m.end(), n.start), period, m.start(), m.end()))
    if not found:
        return None
    _, period, s, e = min(found)
    return period, s, e


def resolve_currency(mention: CurrencyMention, country: str | None) -> tuple[str | None, float]:
    """The ISO code of a currency mention, and how sure it is: a shared word (ريال, درهم, دينار) is
    settled by the country, else by its default, else left unknown."""
    if mention.code is not None:
        return mention.code, 0.95
    shared = quantities().shared_currencies[mention.shared or 0]
    if country and country in shared.by_country:
        return shared.by_country[country], 0.85
    if shared.default:
        return shared.default, 0.6
    return None, 0.0


def currency_countries() -> dict[str, str]:
    """Currencies that belong to one country only, as named in the shared-word table (DZD -> DZ)."""
    out: dict[str, str] = {}
    for shared in quantities().shared_currencies:
        for country, code in shared.by_country.items():
            out.setdefault(code, country)
    return out


def find_average_order(text: BriefText, numbers: list[Number]) -> Number | None:
    """A number stated as the average order value ("متوسط الطلب 250 ريال", "AOV 300")."""
    for n in numbers:
        left, _ = _sentence_bounds(text, n.start, n.end)
        if _near_before(text, n.start, _pattern("aov_cues"), 3, left):
            return n
    return None


def amount(value: Decimal) -> Decimal:
    """A budget amount without spurious decimals (500000.0 -> 500000)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
