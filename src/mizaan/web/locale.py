"""Which language and digits a request wants: the query string, then the cookie, else Arabic (the app is
Arabic first, whatever the browser's language) with the locale's usual digits."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from mizaan.i18n import DigitStyle, Lang, default_digits

LANG_COOKIE = "mizaan_lang"
DIGITS_COOKIE = "mizaan_digits"


@dataclass(frozen=True)
class Prefs:
    lang: Lang
    digits: DigitStyle | None  # None: the locale's usual digits

    def digits_for(self, country: str | None) -> DigitStyle:
        return self.digits or default_digits(self.lang, country)


def _lang(value: str | None) -> Lang | None:
    return value if value in ("ar", "en") else None  # type: ignore[return-value]


def _digits(value: str | None) -> DigitStyle | None:
    return value if value in ("latn", "arab") else None  # type: ignore[return-value]


def prefs(request: Request) -> Prefs:
    lang = _lang(request.query_params.get("lang")) or _lang(request.cookies.get(LANG_COOKIE)) or "ar"
    digits = _digits(request.query_params.get("digits")) or _digits(request.cookies.get(DIGITS_COOKIE))
    return Prefs(lang=lang, digits=digits)
