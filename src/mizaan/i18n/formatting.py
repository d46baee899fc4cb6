"""Numbers, money, percentages and dates for a language, country and digit style, with Babel."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.numbers import format_currency, format_decimal, get_currency_precision
from babel.numbers import format_percent as _babel_percent

from mizaan.i18n.catalogue import Lang
from mizaan.i18n.digits import DigitStyle, to_eastern_digits


def locale_for(lang: Lang, country: str | None = None) -> str:
    """The Babel locale for a language and (ISO 3166 alpha-2) country: ``ar`` + ``SA`` gives ``ar_SA``.

    Falls back to the bare language when CLDR has no such locale.
    """
    if country:
        candidate = f"{lang}_{country.upper()}"
        with suppress(UnknownLocaleError, ValueError):  # no such locale: the bare language below
            Locale.parse(candidate)
            return candidate
    return lang


def default_digits(lang: Lang, country: str | None = None) -> DigitStyle:
    """CLDR's default digit style for the locale: Eastern Arabic for ``ar_SA`` or ``ar_EG``, Western for
    ``ar_AE``, ``ar_MA`` or bare ``ar`` and for English."""
    if lang != "ar":
        return "latn"
    loc = Locale.parse(locale_for(lang, country))
    return "arab" if loc.default_numbering_system == "arab" else "latn"


def _digits(text: str, digits: DigitStyle) -> str:
    return to_eastern_digits(text) if digits == "arab" else text


def currency_precision(currency: str) -> int:
    """Minor-unit digits of a currency (2 for SAR, 3 for KWD, BHD, OMR and JOD)."""
    return int(get_currency_precision(currency))


def format_money(
    amount: float | Decimal,
    currency: str,
    lang: Lang,
    country: str | None = None,
    digits: DigitStyle | None = None,
    whole: bool = False,
) -> str:
    """``amount`` in ``currency`` formatted for the locale, e.g. ``‏20,000.00 ر.س.‏`` or ``SAR 20,000.00``.

    ``whole=True`` drops the minor units (for headline figures that are already rounded).
    """
    style = digits or default_digits(lang, country)
    loc = locale_for(lang, country)
    fmt = None
    if whole:
        pattern = Locale.parse(loc).currency_formats["standard"].pattern
        fmt = pattern.split(";")[0].replace(".00", "")
    text = format_currency(
        amount,
        currency,
        format=fmt,
        locale=loc,
        currency_digits=not whole,
        numbering_system="arab" if style == "arab" else "latn",
    )
    return _digits(text, style)


def format_number(
    value: float | int | Decimal,
    lang: Lang,
    country: str | None = None,
    digits: DigitStyle | None = None,
    decimals: int = 0,
) -> str:
    """A number with the locale's grouping, rounded to ``decimals`` places for display."""
    style = digits or default_digits(lang, country)
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(
        value,
        format=fmt,
        locale=locale_for(lang, country),
        numbering_system="arab" if style == "arab" else "latn",
    )
    return _digits(text, style)


def format_percent(
    value: float,
    lang: Lang,
    country: str | None = None,
    digits: DigitStyle | None = None,
    decimals: int = 0,
) -> str:
    """A share (0.25) as a percentage (25%, or ٢٥٪ with Eastern digits)."""
    style = digits or default_digits(lang, country)
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    text = _babel_percent(
        value,
        format=fmt,
        locale=locale_for(lang, country),
        numbering_system="arab" if style == "arab" else "latn",
    )
    if style == "arab":
        text = text.replace("%", "٪")
    return _digits(text, style)


def format_date(value: dt.date, lang: Lang, country: str | None = None, digits: DigitStyle | None = None) -> str:
    """A date in the locale's medium form (Gregorian calendar)."""
    style = digits or default_digits(lang, country)
    return _digits(_babel_date(value, format="medium", locale=locale_for(lang, country)), style)


class NumberFormatter:
    """Numbers for one language, country and digit style; used for numbers inside sentences."""

    def __init__(self, lang: Lang, country: str | None = None, digits: DigitStyle | None = None):
        self.lang = lang
        self.country = country
        self.digits: DigitStyle = digits or default_digits(lang, country)

    def pct(self, share: float, decimals: int = 0) -> str:
        return format_percent(share, self.lang, self.country, self.digits, decimals=decimals)

    def num(self, value: float | int | Decimal, decimals: int = 0) -> str:
        return format_number(value, self.lang, self.country, self.digits, decimals=decimals)

    def factor(self, value: float) -> str:
        """A multiplier such as ×0.60."""
        return "×" + self.num(value, 2)

    def money(self, amount: float | Decimal, currency: str, whole: bool = False) -> str:
        return format_money(amount, currency, self.lang, self.country, self.digits, whole=whole)
