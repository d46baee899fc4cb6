"""The message catalogue: every user-facing sentence of the code, in Arabic and English, keyed by ID.

Texts that belong to the knowledge base (rule statements, channel names, warnings' actions) live in the
knowledge-base data files instead; this catalogue holds the product's own sentences (errors, headings,
labels). Placeholders use ``str.format`` syntax.

A message that counts something may give, in a language, a mapping of CLDR plural categories to texts
instead of one text (ICU's ``plural``): Arabic has ``zero``, ``one``, ``two``, ``few`` (3-10, 103-110, ...),
``many`` (11-99, 111-199, ...) and ``other`` (100, 101, 102, ...), English ``one`` and ``other``. The
``count`` parameter selects the form by Babel's plural rules of the language; a missing category falls back
to ``other``, which every mapping must have. ``count`` may be a plain number or a ``Counted`` (a number
with the text that shows it in the user's digits). The counted nouns of the product are such messages,
``count.<noun>`` (``count.month``: "شهر واحد", "شهرين", "٣ أشهر", "١١ شهرًا", "١٠٠ شهر"), which
``NumberFormatter.count(n, noun)`` says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from babel import Locale
from babel.plural import PluralRule

Lang = Literal["ar", "en"]
LANGS: tuple[Lang, ...] = ("ar", "en")

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")

Text = str | dict[str, str]  # one text, or one per plural category


@dataclass(frozen=True)
class Counted:
    """A count that selects a plural form, with ``text``, the number as the reader sees it (locale digits)."""

    n: int | float | Decimal
    text: str

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)


def _text(value: Any, where: str) -> Text:
    if isinstance(value, dict):
        forms = {str(k): str(v) for k, v in value.items()}
        unknown = set(forms) - set(PLURAL_CATEGORIES)
        if unknown or "other" not in forms:
            raise RuntimeError(f"{where}: plural forms must be among {PLURAL_CATEGORIES} and include 'other'")
        return forms
    return str(value)


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, Text]]:
    """All ``messages*.yaml`` files of this package merged; each part of the product keeps its own file
    (``messages.yaml`` for the core, ``messages_brief.yaml`` for brief intake, ...). A key defined twice
    is an error."""
    out: dict[str, dict[str, Text]] = {}
    folder = resources.files("mizaan.i18n")
    names = sorted(f.name for f in folder.iterdir() if f.name.startswith("messages") and f.name.endswith(".yaml"))
    for name in names:
        raw = yaml.safe_load(folder.joinpath(name).read_text(encoding="utf-8"))
        if not isinstance(raw, dict):  # pragma: no cover - the files ship with the package
            raise RuntimeError(f"mizaan/i18n/{name} must be a mapping of keys to {{ar, en}}")
        for k, v in raw.items():
            if k in out:
                raise RuntimeError(f"message key {k!r} is defined twice (again in {name})")
            out[str(k)] = {lang: _text(v[lang], f"{name}: {k}.{lang}") for lang in LANGS}
    return out


def catalogue_keys() -> list[str]:
    """Every key of the catalogue (for tests and docs)."""
    return sorted(_catalogue())


def has(key: str) -> bool:
    """Whether the catalogue has ``key``."""
    return key in _catalogue()


def is_plural(key: str) -> bool:
    """Whether ``key`` has plural forms (in either language), selected by its ``count`` parameter."""
    return any(isinstance(text, dict) for text in _catalogue()[key].values())


def forms(key: str, lang: Lang) -> dict[str, str]:
    """The texts of ``key`` in ``lang`` by plural category (``{"other": text}`` for a message without
    plural forms)."""
    text = _catalogue()[key][lang]
    return dict(text) if isinstance(text, dict) else {"other": text}


def placeholders(key: str, lang: Lang) -> set[str]:
    """The parameters ``key`` takes in ``lang``: every placeholder of every form, and ``count`` for a
    plural message (it selects the form even where a form does not show the number)."""
    names = {name for text in forms(key, lang).values() for name in re.findall(r"{(\w+)}", text)}
    return names | {"count"} if is_plural(key) else names


def plural_category(n: int | float | Decimal, lang: Lang) -> str:
    """The CLDR plural category of ``n`` in ``lang`` (Babel's rules: Arabic 0 zero, 1 one, 2 two, 3-10 few,
    11-99 many, 100-102 other, 103 few, 111 many; English 1 one, else other)."""
    number: float | Decimal = Decimal(n) if isinstance(n, int) else n
    return str(_plural_rule(lang)(-number if number < 0 else number))


@lru_cache(maxsize=len(LANGS))
def _plural_rule(lang: Lang) -> PluralRule:
    return Locale(lang).plural_form


def t(key: str, lang: Lang = "en", **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in; a plural message takes the form of its
    ``count`` parameter's plural category.

    A missing key is a programming error and raises ``KeyError`` (tests check every key used exists), and
    so is a plural message without ``count``.
    """
    text = _catalogue()[key][lang]
    if isinstance(text, dict):
        if "count" not in params:
            raise KeyError(f"message {key!r} counts something and needs a 'count' parameter")
        count = params["count"]
        n = count.n if isinstance(count, Counted) else count
        text = text.get(plural_category(n, lang), text["other"])
    return text.format(**params) if params else text
