"""Numbers, money, percentages and dates for a language, country and digit style, with Babel."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import suppress
from decimal import Decimal
from typing import Protocol

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
)
from babel.numbers import format_percent as _babel_percent

from mizaan.i18n.catalogue import Counted, Lang, t
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


def number_symbols(locale: str) -> tuple[str, str] | None:
    """The thousands and decimal separators a locale writes with Western digits, from CLDR: ``(",", ".")``
    for ``ar_SA``, ``(".", ",")`` for ``ar_MA``; ``None`` when CLDR does not know the locale."""
    try:
        loc = Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return None
    return get_group_symbol(loc, numbering_system="latn"), get_decimal_symbol(loc, numbering_system="latn")


def default_digits(lang: Lang, country: str | None = None) -> DigitStyle:
    """CLDR's default digit style for the locale: Eastern Arabic for ``ar_SA`` or ``ar_EG``, Western for
    ``ar_AE``, ``ar_MA`` or bare ``ar`` and for English."""
    if lang != "ar":
        return "latn"
    loc = Locale.parse(locale_for(lang, country))
    return "arab" if loc.default_numbering_system == "arab" else "latn"


def _digits(text: str, digits: DigitStyle) -> str:
    return to_eastern_digits(text) if digits == "arab" else text


# CLDR's currency spacing, which Babel leaves out: a currency written with letters (an ISO code, "SAR") is
# kept apart from its digits by a no-break space ("SAR 1,875.00", not "SAR1,875.00").
_CURRENCY_SPACING = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


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
    return _digits(_CURRENCY_SPACING.sub("\u00a0", text), style)


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
    return _digits(_CURRENCY_SPACING.sub("\u00a0", text), style)


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


class RangeLike(Protocol):
    """A P10/P50/P90 range (the plan's and the vetting's ``Range``)."""

    @property
    def p10(self) -> float: ...
    @property
    def p50(self) -> float: ...
    @property
    def p90(self) -> float: ...


NO_CURRENCY = "XXX"  # ISO 4217: no currency; amounts then show as plain numbers


class NumberFormatter:
    """The one formatter of numbers shown to people: money, numbers, shares, counts, P10-P90 ranges, dates
    and week spans for one language, country, digit style and (optionally) currency. Every report, the web
    pages and the sentences of a plan format through it, so one number reads the same everywhere."""

    def __init__(
        self,
        lang: Lang,
        country: str | None = None,
        digits: DigitStyle | None = None,
        currency: str | None = None,
    ):
        self.lang = lang
        self.country = country
        self.digits: DigitStyle = digits or default_digits(lang, country)
        self.currency = currency

    def pct(self, share: float, decimals: int = 0) -> str:
        """A share (0.25) as a percentage."""
        return format_percent(share, self.lang, self.country, self.digits, decimals=decimals)

    def num(self, value: float | int | Decimal, decimals: int = 0) -> str:
        """A number with the locale's grouping, rounded to ``decimals`` places."""
        return format_number(value, self.lang, self.country, self.digits, decimals=decimals)

    def count(self, n: int, noun: str | None = None) -> str:
        """A whole count (posts, people, weeks); with ``noun``, the counted noun with the number in agreement,
        the catalogue's ``count.<noun>`` ("شهر واحد", "شهرين", "٣ أشهر", "١١ شهرًا"; "1 month", "2 months")."""
        text = self.num(n)
        return text if noun is None else t(f"count.{noun}", self.lang, count=Counted(n, text))

    def factor(self, value: float) -> str:
        """A multiplier such as ×0.60."""
        return "×" + self.num(value, 2)

    def money(self, amount: float | Decimal, currency: str | None = None, whole: bool = False) -> str:
        """``amount`` in ``currency`` (or the formatter's own); with no currency (``XXX``) a plain number."""
        code = currency or self.currency
        if code is None:
            raise ValueError("money needs a currency: pass one or build the formatter with one")
        if code == NO_CURRENCY:
            return self.num(amount, 0 if whole else 2)
        return format_money(amount, code, self.lang, self.country, self.digits, whole=whole)

    def value(self, value: float, unit: str) -> str:
        """A KPI or forecast value in its unit: ``x`` a multiple, ``ratio`` a share, the formatter's currency
        money (whole from 100 up), anything else (people, visits, conversions) a whole number."""
        if unit == "x":
            return self.num(value, 2) + "×"
        if unit == "ratio":
            return self.pct(value, 2 if value < 0.1 else 1)
        if unit == self.currency:
            return self.money(value, whole=abs(value) >= 100)
        return self.num(value)

    def range(self, r: RangeLike | None, unit: str) -> str:
        """A P50 with its P10-P90 range, each value in ``unit``; a dash when there is no range."""
        if r is None:
            return "—"
        return t(
            "fmt.range",
            self.lang,
            p50=self.value(r.p50, unit),
            p10=self.value(r.p10, unit),
            p90=self.value(r.p90, unit),
        )

    def date(self, value: dt.date) -> str:
        """A date in the locale's medium form."""
        return format_date(value, self.lang, self.country, self.digits)

    def weeks(self, start: int, end: int) -> str:
        """A week or a span of weeks of a campaign."""
        if start == end:
            return t("fmt.week", self.lang, n=self.count(start))
        return t("fmt.weeks", self.lang, start=self.count(start), end=self.count(end))
