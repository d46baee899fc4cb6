"""Texts and numbers: every message exists in both languages, every key the code uses exists, and money,
percentages and digits follow the locale."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from mizaan.i18n import (
    LANGS,
    catalogue_keys,
    format_money,
    format_percent,
    forms,
    has,
    placeholders,
    t,
    to_eastern_digits,
    to_western_digits,
)
from mizaan.i18n.arabic import fold
from mizaan.i18n.catalogue import _catalogue

SRC = Path(__file__).parents[1] / "src" / "mizaan"


def test_every_message_has_arabic_and_english() -> None:
    for key in _catalogue():
        assert all(text.strip() for lang in LANGS for text in forms(key, lang).values()), key
        assert placeholders(key, "ar") == placeholders(key, "en"), key


def test_every_literal_message_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r'\bt\(\s*"([a-z0-9_.]+)"', path.read_text(encoding="utf-8")))
        used |= set(re.findall(r'Problem\(\s*"([a-z0-9_.]+)"', path.read_text(encoding="utf-8")))
        used |= set(re.findall(r'\b[mM]sg\(\s*"([a-z0-9_.]+)"', path.read_text(encoding="utf-8")))
    for path in SRC.rglob("*.j2"):
        used |= set(re.findall(r"(?<![\w.])t\('([a-z0-9_.]+)'", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if not k.endswith(".") and not has(k))
    assert not missing, missing
    assert len(catalogue_keys()) > 200


def test_money_is_formatted_by_locale_with_the_currency_minor_units() -> None:
    assert format_money(Decimal("20000"), "SAR", "ar", "SA") == "\u200f٢٠٬٠٠٠٫٠٠\xa0ر.س.\u200f"
    assert format_money(Decimal("20000"), "SAR", "ar", "SA", digits="latn") == "\u200f20,000.00\xa0ر.س.\u200f"
    assert format_money(Decimal("1234.5"), "KWD", "en") == "KWD\xa01,234.500"  # CLDR currency spacing
    assert format_money(Decimal("1234.6"), "EGP", "ar", "EG", whole=True).startswith("\u200f١٬٢٣٥")
    assert "د.إ" in format_money(10, "AED", "ar", "AE")


def test_percentages_and_digits() -> None:
    assert format_percent(0.253, "ar", "SA") == "٢٥٪"
    assert format_percent(0.253, "en") == "25%"
    assert format_percent(0.253, "ar", "AE") == "25%"  # CLDR: the UAE uses Western digits
    assert to_western_digits("٢٠٬٠٠٠٫٥ و ۱۲") == "20,000.5 و 12"
    assert to_eastern_digits("C5 2026") == "C٥ ٢٠٢٦"


@pytest.mark.parametrize(
    ("a", "b"),
    [("جدة", "جده"), ("جـدّة", "جدة"), ("أبوظبي", "ابوظبي"), ("Algérie", "algerie"), ("مستشفى", "مستشفي"), ("٢٠", "20")],
)
def test_fold_unifies_spelling_variants(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_t_fills_placeholders_in_both_languages() -> None:
    assert t("where.row", "en", row=3) == "row 3"
    assert t("where.row", "ar", row=3) == "السطر 3"


@pytest.mark.parametrize("currency", ["SAR", "AED", "EGP", "KWD", "MAD", "JOD"])
def test_a_currency_written_with_letters_is_kept_apart_from_its_digits(currency: str) -> None:
    from mizaan.i18n import NumberFormatter

    for lang, country in (("en", None), ("en", "SA"), ("ar", "SA"), ("ar", "AE")):
        text = NumberFormatter(lang, country).money(1875, currency)
        assert not re.search(r"[^\W\d_]\d|\d[^\W\d_]", text), text
