"""Bilingual texts and locale-aware formatting.

``t(key, lang, **params)`` looks a message up in the catalogue (``messages.yaml``, Arabic and English side
by side; a message that counts has a form per CLDR plural category, selected by its ``count``);
``NumberFormatter`` (over ``format_money``/``format_number``/``format_percent``/``format_date``) formats
with Babel for the user's locale and digit style, the one way numbers are shown, and says counted nouns in
agreement with their number (``count(n, noun)``); ``to_western_digits`` reads Eastern Arabic and Persian
digits; ``fold`` folds Arabic spelling variants so that words compare as readers mean them.
"""

from mizaan.i18n.arabic import fold, fold_with_offsets
from mizaan.i18n.catalogue import (
    LANGS,
    PLURAL_CATEGORIES,
    Counted,
    Lang,
    catalogue_keys,
    forms,
    has,
    is_plural,
    placeholders,
    plural_category,
    t,
)
from mizaan.i18n.digits import DigitStyle, to_eastern_digits, to_western_digits
from mizaan.i18n.formatting import (
    NO_CURRENCY,
    NumberFormatter,
    RangeLike,
    currency_precision,
    default_digits,
    format_date,
    format_money,
    format_number,
    format_percent,
    locale_for,
    number_symbols,
)

__all__ = [
    "LANGS",
    "NO_CURRENCY",
    "PLURAL_CATEGORIES",
    "Counted",
    "DigitStyle",
    "Lang",
    "NumberFormatter",
    "RangeLike",
    "catalogue_keys",
    "currency_precision",
    "default_digits",
    "fold",
    "fold_with_offsets",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "forms",
    "has",
    "is_plural",
    "locale_for",
    "number_symbols",
    "placeholders",
    "plural_category",
    "t",
    "to_eastern_digits",
    "to_western_digits",
]
