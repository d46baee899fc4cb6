"""Arabic text normalisation for matching (names of places, keywords in briefs), with pyarabic.

One function, ``fold``, used everywhere text is compared: it removes diacritics and tatweel, unifies the
alef forms, taa marbuta and alef maksura, reads Eastern digits as Western, and case-folds Latin script.
"""

from __future__ import annotations

import unicodedata

from pyarabic import araby

from mizaan.i18n.digits import to_western_digits


def fold(text: str) -> str:
    """A comparison key for ``text``: ``"جـدّة"``, ``"جده"`` and ``"جدة"`` fold to the same key."""
    text = araby.strip_tatweel(araby.strip_diacritics(text)).replace(araby.ALEF_MAKSURA, araby.YEH)
    text = araby.normalize_teh(araby.normalize_alef(text))
    text = to_western_digits(text)
    # Latin diacritics (Algérie) and case
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(text.casefold().replace("-", " ").split())
