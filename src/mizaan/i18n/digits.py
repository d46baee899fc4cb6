"""Digits: Eastern Arabic (٠١٢٣٤٥٦٧٨٩), Persian (۰۱۲۳۴۵۶۷۸۹) and Western (0123456789), via pyarabic.

Babel formats Arabic locales with Arabic separators but keeps ASCII digits (Babel issue #731), so the
digit translation for output happens here, in one place; so does reading digits typed by users.
"""

from __future__ import annotations

from typing import Literal

from pyarabic.trans import normalize_digits

DigitStyle = Literal["latn", "arab"]

_SEPARATORS = str.maketrans({"٫": ".", "٬": ","})  # Arabic decimal (U+066B) and thousands (U+066C) separators


def to_western_digits(text: str) -> str:
    """Eastern Arabic and Persian digits (and the Arabic decimal/thousands separators) as ASCII."""
    return str(normalize_digits(text, source="all", out="west")).translate(_SEPARATORS)


def to_eastern_digits(text: str) -> str:
    """ASCII digits as Eastern Arabic digits; everything else unchanged."""
    return str(normalize_digits(text, source="west", out="east"))
