"""Currency markers written in money cells (``SAR 12``, ``$12``, ``12 ﷼``, ``١٢ ر.س``) and the ISO 4217 codes
each may stand for. A marker is read, never dropped: a cell whose marker cannot stand for the row's currency
is an error (``values.parse_money``), so ``USD 123.45`` in a SAR report is not stored as SAR.

Symbols shared by several currencies (``$``, ``﷼``, ``ريال``, ``درهم``) agree with any of them; a three-letter
code agrees only with itself. Arabic abbreviations are matched without their dots and spaces (``ر.س.`` is
``رس``).
"""

from __future__ import annotations

import re

DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"})
RIALS = frozenset({"SAR", "QAR", "OMR", "YER"})

MARKERS: dict[str, frozenset[str]] = {
    "$": DOLLARS,
    "US$": frozenset({"USD"}),
    "€": frozenset({"EUR"}),
    "£": frozenset({"GBP", "EGP"}),
    "E£": frozenset({"EGP"}),
    "£E": frozenset({"EGP"}),
    "LE": frozenset({"EGP"}),
    "¥": frozenset({"JPY", "CNY"}),
    "₪": frozenset({"ILS"}),
    "﷼": RIALS | {"IRR"},
    "SR": frozenset({"SAR"}),
    "رس": frozenset({"SAR"}),
    "ريال": RIALS,
    "ريالسعودي": frozenset({"SAR"}),
    "رق": frozenset({"QAR"}),
    "QR": frozenset({"QAR"}),
    "رع": frozenset({"OMR"}),
    "دإ": frozenset({"AED"}),
    "دا": frozenset({"AED", "JOD"}),
    "DH": frozenset({"AED", "MAD"}),
    "DHS": frozenset({"AED"}),
    "درهم": frozenset({"AED", "MAD"}),
    "دم": frozenset({"MAD"}),
    "جم": frozenset({"EGP"}),
    "جنيه": frozenset({"EGP", "SDG"}),
    "دك": frozenset({"KWD"}),
    "KD": frozenset({"KWD"}),
    "دب": frozenset({"BHD"}),
    "BD": frozenset({"BHD"}),
    "دأ": frozenset({"JOD"}),
    "JD": frozenset({"JOD"}),
    "دت": frozenset({"TND"}),
    "دع": frozenset({"IQD"}),
    "دج": frozenset({"DZD"}),
    "لل": frozenset({"LBP"}),
    "لد": frozenset({"LYD"}),
    "دينار": frozenset({"KWD", "BHD", "JOD", "TND", "IQD", "DZD", "LYD"}),
}

_CODE = re.compile(r"[A-Z]{3}")
_NOISE = re.compile(r"[\s.\u00a0\u202f\u200f\u200e\u061c]")


def marker_currencies(marker: str) -> frozenset[str] | None:
    """The currencies a marker may stand for; ``None`` when it is no currency marker this table knows."""
    key = _NOISE.sub("", marker)
    if not key:
        return None
    if _CODE.fullmatch(key):
        return frozenset({key})
    return MARKERS.get(key) or MARKERS.get(key.upper())
