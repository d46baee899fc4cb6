"""Arabic text normalisation for matching (names of places, keywords in briefs), with pyarabic.

One function, ``fold``, used everywhere text is compared: it removes diacritics and tatweel, unifies the
alef forms, taa marbuta and alef maksura (and the Persian kaf and yeh that Persian keyboards type), reads
Eastern digits as Western, decomposes presentation forms and ligatures, and case-folds Latin script.
``fold_with_offsets`` does the same and says, for each character of the key, which character of the
original text it came from, so that a match found in the key can be shown in the user's own words.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pyarabic import araby

from mizaan.i18n.digits import to_western_digits

# Letters that Persian (and Urdu) keyboards type for the Arabic ones: keheh -> kaf, Farsi yeh -> yeh.
_PERSIAN_LETTERS = str.maketrans({"\u06a9": araby.KAF, "\u06cc": araby.YEH})
_SPACES = frozenset("-\u2010\u2011\u2012\u2013\u2014_")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """The folded form of one character: "" (dropped), " " (a separator) or one or more characters."""
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(part) or araby.is_tashkeel(part) or part == araby.TATWEEL:
            continue
        part = part.replace(araby.ALEF_MAKSURA, araby.YEH)
        part = araby.normalize_teh(araby.normalize_alef(part)).translate(_PERSIAN_LETTERS)
        part = to_western_digits(part).casefold()
        out.append(" " if part.isspace() or part in _SPACES else part)
    return "".join(out)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the index in ``text`` of the character it came from.

    Runs of spaces and dashes become one space; leading and trailing spaces are dropped.
    """
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            if c == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(c)
            where.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        where.pop()
    return "".join(chars), where


def fold(text: str) -> str:
    """A comparison key for ``text``: ``"جـدّة"``, ``"جده"`` and ``"جدة"`` fold to the same key."""
    return fold_with_offsets(text)[0]
