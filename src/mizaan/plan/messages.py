"""Texts as data: what the planner wants to say, not how it reads in a language.

The planning core never writes a sentence. Every reason, warning, step or note it produces is a ``Msg``:
a message key of the catalogue and typed parameters (a number, a percentage, a factor, a knowledge-base
text in both languages, a profile field or value, a list, or another message). A presenter
(``mizaan.present``) turns them into words in Arabic or English with the user's digits, so one plan can be
shown in either language without planning again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from mizaan.knowledge import Text


@dataclass(frozen=True)
class Num:
    """A number shown with ``decimals`` places and the locale's grouping and digits."""

    value: float | int | Decimal
    decimals: int = 0


@dataclass(frozen=True)
class Count:
    """A whole number of something, ``noun`` (a counted noun of the catalogue: ``month``, ``post``,
    ``tier``, ...), said with the noun in agreement with the number ("شهرين", "١١ شهرًا", "2 months")."""

    value: int
    noun: str


@dataclass(frozen=True)
class Pct:
    """A share (0.25) shown as a percentage."""

    value: float
    decimals: int = 0


@dataclass(frozen=True)
class Factor:
    """A multiplier shown as ×0.60."""

    value: float


@dataclass(frozen=True)
class Signed:
    """A number with an explicit sign (+0.20, −0.10), two decimals."""

    value: float


@dataclass(frozen=True)
class Plain:
    """Text that reads the same in every language: a rule ID, a market code, a source, a date."""

    text: str


@dataclass(frozen=True)
class KbText:
    """A knowledge-base text, carried in both languages."""

    text: Text


@dataclass(frozen=True)
class FieldLabel:
    """A profile field (dotted for nested ones) named in words."""

    field: str


@dataclass(frozen=True)
class ValueLabel:
    """A profile field's value in words ("yes", "online store", "3-12")."""

    field: str
    value: Any


@dataclass(frozen=True)
class Metric:
    """A benchmark metric's name in words (its ID where the catalogue has no name for it)."""

    metric: str


@dataclass(frozen=True)
class Join:
    """Several parts read as one list, joined with the language's list separator ("، " or ", ")."""

    parts: tuple[Param, ...]


@dataclass(frozen=True)
class Msg:
    """A catalogue message ``key`` with its parameters."""

    key: str
    params: Mapping[str, Param] = field(default_factory=dict)


Param = Num | Count | Pct | Factor | Signed | Plain | KbText | FieldLabel | ValueLabel | Metric | Join | Msg


Phrase = Msg | KbText  # a whole text: a message of the catalogue or a knowledge-base text


def msg(key: str, **params: Param) -> Msg:
    """``Msg(key, params)`` with the parameters as keywords."""
    return Msg(key, params)


T = TypeVar("T")


def dedupe(items: list[T]) -> list[T]:
    """``items`` without repeats (equal messages said once), first occurrence kept, in order."""
    out: list[T] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out
