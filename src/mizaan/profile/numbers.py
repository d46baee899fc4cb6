"""Numbers in a profile: read the way the profile's country writes them, written so they read back.

Text may use Western, Eastern Arabic or Persian digits. Separators follow the country's CLDR locale
(``NumberFormat``, which ``load_profile``/``parse_profile`` pass in the validation context): "20.000" is
twenty thousand in Morocco and a question in Saudi Arabia, where "." is the decimal mark. Anything that
could be read two ways is refused with both readings, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError

from mizaan.i18n import to_western_digits

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})  # no-break, narrow and thin spaces
_ARABIC_GROUP, _ARABIC_DECIMAL = "\u066c", "\u066b"  # ٬ and ٫: they say which they are
_GROUP, _DECIMAL = "\x1d", "\x1e"  # stand-ins for them while reading (no one types these)
NUMBER_FORMAT = "number_format"  # the validation context's key for the country's ``NumberFormat``


@dataclass(frozen=True)
class NumberFormat:
    """How the profile's country writes numbers (from CLDR): its thousands ``group`` and ``decimal``
    separators, ``None`` when the convention is unknown; ``country`` names it in a question."""

    group: str | None = None
    decimal: str | None = None
    country: str = "?"


def read_number(value: str, fmt: NumberFormat | None = None) -> Decimal:
    """``value`` (Western, Eastern Arabic or Persian digits) as a number, its separators read the way
    ``fmt``'s country writes them: "20.000" is 20000 where "." groups thousands (ar_MA) and a question
    where it could also be a decimal mark (ar_SA, or an unknown convention). The Arabic separators
    (٬ thousands, ٫ decimal) and spaces always say what they are; "." is a decimal mark wherever it cannot
    be grouping ("20.5"), "," only where the country writes decimals with it.

    Raises ``PydanticCustomError`` ``mz.p.number`` for what is not a number and ``mz.p.number_ambiguous``
    (with both readings) for what could be two."""
    fmt = fmt or NumberFormat()
    if _GROUP in value or _DECIMAL in value:
        raise _not_a_number(value)
    text = value.strip().translate(_SPACES).replace(_ARABIC_GROUP, _GROUP).replace(_ARABIC_DECIMAL, _DECIMAL)
    text = to_western_digits(text)
    sign = ""
    if text[:1] in "+-":
        sign, text = text[:1], text[1:]
    if not re.fullmatch(r"\d[\d,. \x1d\x1e]*", text) or not text[-1].isdigit():
        raise _not_a_number(value)
    marks = [ch for ch in text if not ch.isdigit()]
    decimal = _decimal_mark(value, text, marks, fmt)
    whole, _, fraction = text.partition(decimal) if decimal else (text, "", "")
    groups = set(whole) - set("0123456789")
    if len(groups) > 1 or (groups and not re.fullmatch(r"\d{1,3}(?:[,. \x1d]\d{3})+", whole)):
        raise _not_a_number(value)
    if not fraction.isdigit() and decimal:
        raise _not_a_number(value)
    digits = "".join(ch for ch in whole if ch.isdigit())
    return Decimal(f"{sign}{digits}.{fraction}" if decimal else f"{sign}{digits}")


def _decimal_mark(value: str, text: str, marks: list[str], fmt: NumberFormat) -> str | None:
    """Which character of ``text`` is its decimal mark (``None``: a whole number)."""
    if _DECIMAL in marks:
        return _DECIMAL
    points = [m for m in marks if m in ",."]
    if not points:
        return None
    if len(set(points)) == 2 or len(set(marks)) > 1:  # "20,000.5", "20.000,5", "20 000,5": the last one
        last = points[-1]
        return last if points.count(last) == 1 and marks[-1] == last else None
    mark = points[0]
    if len(points) > 1:  # "1.000.000": only grouping repeats
        return None
    whole, _, fraction = text.partition(mark)
    could_group = len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
    if not could_group:
        if mark == "." or mark == fmt.decimal:
            return mark
        raise _not_a_number(value)
    if mark == fmt.group:
        return None
    grouped = whole + fraction
    as_decimal = Decimal(f"{whole}.{fraction}")
    raise PydanticCustomError(
        "mz.p.number_ambiguous",
        "a separator that could be read two ways",
        {
            "value": value,
            "separator": mark,
            "grouped": grouped,
            "grouped_plain": grouped,
            "decimal": format(as_decimal.normalize(), "f"),
            "country": fmt.country,
        },
    )


def _not_a_number(value: str) -> PydanticCustomError:
    return PydanticCustomError("mz.p.number", "not a number", {"value": value})


def number_before(value: Any, info: ValidationInfo) -> Any:
    """Numbers as given, or text read with ``read_number`` in the country's convention (the validation
    context's ``NUMBER_FORMAT``, which ``load_profile`` and ``parse_profile`` supply). Anything ambiguous is
    refused with both readings rather than guessed."""
    if isinstance(value, bool):
        raise PydanticCustomError("mz.p.number", "not a number", {"value": str(value)})
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, str):
        context = info.context if isinstance(info.context, dict) else {}
        fmt = context.get(NUMBER_FORMAT)
        return read_number(value, fmt if isinstance(fmt, NumberFormat) else None)
    return value


def number_text(value: Any) -> Any:
    """A number as profile JSON writes it: a decimal as plain text (no exponent), which ``read_number``
    reads back as itself in every country. "1.125" could be read as 1125 where "." groups thousands, so
    a decimal with exactly three places after at most three digits gains a trailing zero ("1.1250")."""
    if not isinstance(value, Decimal):
        return value
    text = format(value, "f")
    return text + "0" if re.fullmatch(r"-?\d{1,3}\.\d{3}", text) else text
