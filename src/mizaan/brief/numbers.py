"""Numbers in a brief: Western, Eastern Arabic and Persian digits (already Western after folding), with
thousands separators (20,000 · ٢٠٬٠٠٠ · 20.000), multipliers glued or spelt (20k · 1.2M · ٢٠ ألف · 15 alf),
number words in Arabic dialects and English (خمسون ألف · ألفين · نص مليون · مليون ونص · twenty thousand),
and ranges (من 8 إلى 10 آلاف · 20-30k · 18 to 30).

The words come from ``data/quantities.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pydantic import BaseModel, ConfigDict

from mizaan.brief.lexicon import data_file
from mizaan.brief.text import BriefText
from mizaan.i18n import fold

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:[a-zك]{1,2}(?!\w))?|[^\W\d_]+|[^\s\w]")
_DIGITS = re.compile(r"^(\d+(?:[.,]\d+)*)([a-zك]{0,2})$")
_RANGE_WORDS = {"الي", "ل", "to", "till", "until", "او", "or", "حتي", "لين"}
_RANGE_MARKS = {"-", "–", "—", "~", "/"}


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    units: dict[int, list[str]]
    tens: dict[int, list[str]]
    hundreds: dict[int, list[str]]
    scales: dict[int, list[str]]
    duals: dict[int, list[str]]
    half: list[str]
    and_: list[str]


@dataclass(frozen=True)
class NumberWords:
    value: dict[str, int]  # units, tens, hundreds
    scale: dict[str, int]
    dual: dict[str, int]
    half: frozenset[str]
    conj: frozenset[str]
    suffix: dict[str, int]


@cache
def words() -> NumberWords:
    raw = data_file("quantities.yaml")
    nw = dict(raw["number_words"])
    nw["and_"] = nw.pop("and")
    w = _Words.model_validate(nw)
    value: dict[str, int] = {}
    for table in (w.units, w.tens, w.hundreds):
        for number, spellings in table.items():
            for s in spellings:
                value[fold(s)] = number
    scale = {fold(s): n for n, ss in w.scales.items() for s in ss}
    dual = {fold(s): n for n, ss in w.duals.items() for s in ss}
    suffix = {fold(s): int(n) for n, ss in raw["suffix_scales"].items() for s in ss}
    return NumberWords(
        value, scale, dual, frozenset(fold(s) for s in w.half), frozenset(fold(s) for s in w.and_), suffix
    )


@dataclass(frozen=True)
class Number:
    """A number found in the folded text; ``high`` is set for a range (``value`` is its low end)."""

    value: Decimal
    start: int
    end: int
    scaled: bool  # a multiplier (ألف, k, million) was part of it
    digits: bool  # written with digits rather than words
    high: Decimal | None = None


def _digits_value(text: str) -> Decimal | None:
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        return Decimal(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # 20.000 written with a dot for thousands
        return Decimal(text.replace(".", ""))
    if re.fullmatch(r"\d+([.,]\d+)?", text):
        return Decimal(text.replace(",", "."))
    return None


def _word_kind(tok: str, nw: NumberWords) -> tuple[str, int] | None:
    for candidate in (tok, tok[1:] if len(tok) > 2 and tok[0] == "و" else None):
        if candidate is None:
            continue
        if candidate in nw.scale:
            return "scale", nw.scale[candidate]
        if candidate in nw.dual:
            return "dual", nw.dual[candidate]
        if candidate in nw.value:
            return "value", nw.value[candidate]
        if candidate in nw.half:
            return "half", 0
    if tok in nw.conj:
        return "and", 0
    return None


def _evaluate(seq: list[tuple[str, int, Decimal | None, str]]) -> tuple[Decimal, bool] | None:
    """The value of a run of number tokens: (kind, int value, digit value, token)."""
    total = Decimal(0)
    current: Decimal | None = None
    last_scale = Decimal(1)
    scaled = False
    pending_half = False
    meaningful = False
    for i, (kind, v, dv, tok) in enumerate(seq):
        nxt = seq[i + 1][0] if i + 1 < len(seq) else None
        if kind == "digits" and dv is not None:
            current = (current or Decimal(0)) + dv
            meaningful = True
        elif kind == "value":
            if tok in ("a", "one") and nxt != "scale":
                if current is None and not meaningful:
                    return None
                continue
            if tok == "a" and pending_half:
                continue
            current = (current or Decimal(0)) + v
            meaningful = True
        elif kind == "dual":
            total += (current or Decimal(1)) * v if current is not None else Decimal(v)
            current, scaled, meaningful = None, True, True
        elif kind == "scale":
            base = Decimal("0.5") if pending_half and current is None else (current if current is not None else 1)
            total += Decimal(base) * v
            last_scale, current, scaled, meaningful, pending_half = Decimal(v), None, True, True, False
        elif kind == "half":
            if nxt in ("scale", "value") and current is None:
                pending_half = True
            elif scaled:
                total += last_scale / 2
        # "and" joins the parts
    total += current or Decimal(0)
    if not meaningful or total <= 0:
        return None
    return total, scaled


def find_numbers(text: BriefText) -> list[Number]:
    """Every number in ``text``, with ranges joined into one ``Number`` (low end, ``high``)."""
    nw = words()
    toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text.folded)]
    out: list[Number] = []
    i = 0
    while i < len(toks):
        seq: list[tuple[str, int, Decimal | None, str]] = []
        start = toks[i][1]
        end = start
        j = i
        has_digits = False
        while j < len(toks):
            tok = toks[j][0]
            m = _DIGITS.match(tok)
            if m:
                if has_digits:  # two numbers in digits side by side are two numbers
                    break
                dv = _digits_value(m.group(1))
                if dv is None:
                    break
                suffix = m.group(2)
                if suffix and suffix not in nw.suffix:
                    break
                seq.append(("digits", 0, dv, tok))
                if suffix:
                    seq.append(("scale", nw.suffix[suffix], None, suffix))
                has_digits = True
            else:
                kind = _word_kind(tok, nw)
                if kind is None or (kind[0] == "and" and not seq):
                    break
                if has_digits and kind[0] not in ("scale", "half", "and"):
                    break
                seq.append((kind[0], kind[1], None, tok))
            end = toks[j][2]
            j += 1
        while seq and seq[-1][0] == "and":  # a trailing "و"/"and" belongs to the next words
            seq.pop()
            j -= 1
            end = toks[j - 1][2]
        result = _evaluate(seq) if seq else None
        if result is None:
            i = max(j, i + 1) if seq else i + 1
            continue
        value, scaled = result
        out.append(Number(value, start, end, scaled, has_digits))
        i = j
    return _join_ranges(out, text)


def _join_ranges(nums: list[Number], text: BriefText) -> list[Number]:
    out: list[Number] = []
    k = 0
    while k < len(nums):
        a = nums[k]
        if k + 1 < len(nums):
            b = nums[k + 1]
            between = text.folded[a.end : b.start].strip()
            original = (
                text.original[text.offsets[a.end - 1] + 1 : text.offsets[b.start]]
                if b.start < len(text.offsets)
                else ""
            )
            joined = between in _RANGE_WORDS or (not between and any(c in original for c in _RANGE_MARKS))
            if joined and (a.value < b.value or (not a.scaled and b.scaled)):
                low = a.value
                if b.scaled and not a.scaled:
                    factor = _scale_of(b)
                    if a.value * factor <= b.value:
                        low = a.value * factor
                out.append(Number(low, a.start, b.end, b.scaled, a.digits and b.digits, high=b.value))
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def _scale_of(n: Number) -> Decimal:
    for factor in (Decimal(1_000_000_000), Decimal(1_000_000), Decimal(1000)):
        if n.value >= factor:
            return factor
    return Decimal(1)
