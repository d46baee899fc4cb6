"""Reading one cell: numbers in either separator convention, dates, and instants with their time zone.

Numbers and dates are read the way the file writes them. The convention of a file (decimal point or
comma; day or month first) is taken from the user when given, else from the file's unambiguous cells;
a cell that could be read two ways under no known convention is reported, never guessed:
``1,234`` may be a thousand or one point two, ``03/04/2025`` the 3rd of April or the 4th of March.

Each parser returns the value or raises ``CellError`` (a message key and its parameters), which the
importer turns into a rejected row with its file, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any, Literal
from zoneinfo import ZoneInfo

from mizaan.i18n import to_western_digits
from mizaan.ingest.markers import marker_currencies

DecimalMark = Literal["point", "comma"]
MISSING = frozenset({"", "-", "--", "—", "–", "n/a", "na", "null", "none", "(not set)", "غير متاح"})
MONEY_QUANTUM = Decimal(10) ** -12


class CellError(Exception):
    """A cell that cannot be read; ``key`` and ``params`` name the reason (messages_ingest.yaml)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


# --- numbers ---------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u200f\u200e\u061c']")
_BODY = re.compile(r"^\d[\d.,]*$|^[.,]\d+$")
_FIRST = re.compile(r"[.,]?\d")
_LAST = re.compile(r"\d[^\d]*$")
_WHOLE = re.compile(r"[0-9]{1,20}")  # ASCII digits alone
_CENTS = re.compile(r"[0-9]{1,20}\.[0-9]{1,2}")  # a point with one or two digits after it is a decimal point


@dataclass(frozen=True)
class Cleaned:
    body: str  # digits and marks, no spaces
    negative: bool
    currencies: frozenset[str] | None  # what the cell's currency marker may stand for; None: no marker


def _clean(text: str) -> Cleaned:
    """A number cell split into its sign, its digits and the currency marker before or after them."""
    s = to_western_digits(text).strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    first = _FIRST.search(s)
    if first is None:
        return Cleaned(_SPACES.sub("", s), negative, None)
    last = _LAST.search(s)
    end = last.start() + 1 if last else len(s)
    before, body, after = s[: first.start()].strip(), s[first.start() : end], s[end:].strip()
    if before.endswith(("-", "−")):
        negative, before = True, before[:-1].strip()
    elif before.endswith("+"):
        before = before[:-1].strip()
    if before.startswith(("-", "−")):
        negative, before = True, before[1:].strip()
    marker = before or after
    currencies = None
    if (before and after) or (marker and (currencies := marker_currencies(marker)) is None):
        return Cleaned(s, negative, None)  # text around the number that is no currency: not a number
    return Cleaned(_SPACES.sub("", body), negative, currencies)


def is_missing(text: str | None) -> bool:
    return text is None or text.strip().casefold() in MISSING


def evidence(text: str) -> DecimalMark | None:
    """What one cell says about its file's decimal mark (None: nothing, or it is ambiguous)."""
    s = _clean(text).body
    if not _BODY.match(s):
        return None
    has_p, has_c = "." in s, "," in s
    if has_p and has_c:
        return "point" if s.rfind(".") > s.rfind(",") else "comma"
    pairs: tuple[tuple[str, DecimalMark], ...] = ((",", "comma"), (".", "point"))
    for mark, other in pairs:
        if mark in s:
            head, _, tail = s.rpartition(mark)
            if s.count(mark) > 1:
                return "point" if mark == "," else "comma"  # repeated: a grouping mark
            if len(tail) != 3 or head in ("", "0") or len(head.lstrip("-")) > 3:
                return other  # cannot be grouping, so it is the decimal mark
            return None
    return None


def parse_decimal(text: str, mark: DecimalMark | None, *, integer: bool = False) -> Decimal | None:
    """A number from a cell: ``None`` when the cell is empty or a not-available marker (``--``)."""
    if _WHOLE.fullmatch(text) or (not integer and _CENTS.fullmatch(text)):
        return Decimal(text)  # the common forms, read alike by every convention (as read_number reads them)
    return read_number(text, mark, integer=integer)


def read_number(text: str, mark: DecimalMark | None, *, integer: bool = False) -> Decimal | None:
    """``parse_decimal`` by its rules alone, without the shortcut for the common forms."""
    if is_missing(text):
        return None
    cleaned = _clean(text)
    s, negative = cleaned.body, cleaned.negative
    if not _BODY.match(s) or (integer and cleaned.currencies is not None):
        raise CellError("ingest.cell.number", value=text)
    own = evidence(text)
    if own is None and ("," in s or "." in s) and not (s.count(",") > 1 or s.count(".") > 1):
        # one separator followed by three digits: grouping or decimal?
        if mark is None:
            if integer:
                own = "point" if "," in s else "comma"  # read as grouping: a count is whole
            else:
                raise CellError("ingest.cell.ambiguous_number", value=text)
        else:
            own = mark
    use = own or mark or "point"
    group, dec = (",", ".") if use == "point" else (".", ",")
    if group in s:
        head = s.split(dec)[0]
        groups = head.split(group)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise CellError("ingest.cell.number", value=text)
    s = s.replace(group, "").replace(dec, ".")
    if len(s) > 26:
        raise CellError("ingest.cell.number", value=text)
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise CellError("ingest.cell.number", value=text) from None
    if negative:
        value = -value
    if integer:
        if value != value.to_integral_value():
            raise CellError("ingest.cell.whole", value=text)
        if value < 0:
            raise CellError("ingest.cell.negative", value=text)
    elif _more_places(value):
        raise CellError("ingest.cell.precision", value=text)
    return value


def _more_places(value: Decimal) -> bool:
    """Whether ``value`` has digits past the twelfth decimal place (with the precision a 26-digit whole
    part needs: the default 28 digits cannot quantize it)."""
    with localcontext() as exact:
        exact.prec = 60
        return value != value.quantize(MONEY_QUANTUM)


def parse_count(text: str, mark: DecimalMark | None) -> int | None:
    value = parse_decimal(text, mark, integer=True)
    return None if value is None else int(value)


def parse_money(text: str, mark: DecimalMark | None, currency: str | None) -> Decimal | None:
    """An amount in ``currency`` (the row's). A currency marker in the cell (``USD 12``, ``$12``, ``12 ﷼``) must
    be able to stand for it: ``€183.45`` in a SAR row is an error, never stored as SAR."""
    value = parse_decimal(text, mark)
    if value is not None and value < 0:
        raise CellError("ingest.cell.negative", value=text)
    check_marker(text, currency)
    return value


def check_marker(text: str | None, currency: str | None) -> None:
    """Raise when the currency marker in ``text`` cannot stand for ``currency``."""
    if not text or is_missing(text):
        return
    found = _clean(text).currencies
    if found is not None and currency is not None and currency not in found:
        raise CellError("ingest.cell.currency_mismatch", value=text, found="/".join(sorted(found)), currency=currency)


def money_from_json(value: object) -> Decimal | None:
    """A JSON amount (number or numeric string, as shop APIs send them) as an exact decimal."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise CellError("ingest.cell.number", value=str(value)[:40])
    try:
        d = Decimal(str(value).strip())
        if len(d.as_tuple().digits) > 26:
            raise InvalidOperation
    except InvalidOperation:
        raise CellError("ingest.cell.number", value=str(value)[:40]) from None
    if not d.is_finite():
        raise CellError("ingest.cell.number", value=str(value))
    d = d.normalize() if d == d.quantize(MONEY_QUANTUM) else d
    if d != d.quantize(MONEY_QUANTUM):
        raise CellError("ingest.cell.precision", value=str(value))
    if d < 0:
        raise CellError("ingest.cell.negative", value=str(value))
    return d


# --- dates -----------------------------------------------------------------------------------------

MONTHS = {
    **{
        m: i + 1
        for i, m in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ]
        )
    },
    **{
        m: i + 1
        for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
    },
    "sept": 9,
    **{
        m: i + 1
        for i, m in enumerate(
            [
                "يناير",
                "فبراير",
                "مارس",
                "ابريل",
                "مايو",
                "يونيو",
                "يوليو",
                "اغسطس",
                "سبتمبر",
                "اكتوبر",
                "نوفمبر",
                "ديسمبر",
            ]
        )
    },
    "أبريل": 4,
    "أغسطس": 8,
    "أكتوبر": 10,
    "مايو": 5,
}
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_NUM_DATE = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,].*)?$")
_NAMED = re.compile(r"^(?:[A-Za-z\u0600-\u06ff]+,?\s+)?([A-Za-z\u0600-\u06ff]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_NAMED_DF = re.compile(r"^(\d{1,2})\.?\s+([A-Za-z\u0600-\u06ff]+)\.?,?\s+(\d{4})$")


def date_evidence(text: str) -> Literal["day", "month"] | None:
    """Whether a cell shows its file writes the day first (``25/03/2025``) or the month (``03/25/2025``)."""
    m = _NUM_DATE.match(to_western_digits(text).strip())
    if not m:
        return None
    a, sep, b = int(m.group(1)), m.group(2), int(m.group(3))
    if sep == ".":
        return "day"
    if a > 12 >= b:
        return "day"
    if b > 12 >= a:
        return "month"
    return None


def parse_date(text: str, first: Literal["day", "month"] | None) -> dt.date:
    s = to_western_digits(text).strip()
    try:
        if m := _ISO_DATE.match(s):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _NUM_DATE.match(s):
            a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
            year = year + 2000 if year < 100 else year
            order = date_evidence(s) or first
            if order is None:
                if a == b:
                    return dt.date(year, a, b)
                raise CellError("ingest.cell.ambiguous_date", value=text)
            day, month = (a, b) if order == "day" else (b, a)
            return dt.date(year, month, day)
        if m := _NAMED.match(s):
            named = MONTHS.get(m.group(1).casefold().replace("إ", "ا").replace("أ", "ا"))
            if named:
                return dt.date(int(m.group(3)), named, int(m.group(2)))
        if m := _NAMED_DF.match(s):
            named = MONTHS.get(m.group(2).casefold().replace("إ", "ا").replace("أ", "ا"))
            if named:
                return dt.date(int(m.group(3)), named, int(m.group(1)))
    except ValueError:
        raise CellError("ingest.cell.date", value=text) from None
    raise CellError("ingest.cell.date", value=text)


# --- instants --------------------------------------------------------------------------------------

_OFFSET = re.compile(r"\s*([+-])(\d{2}):?(\d{2})$")
_FRACTION = re.compile(r"(\.\d{6})\d+")


@dataclass(frozen=True)
class Zone:
    """The time zone that local (offset-less) times are read in; None means such times are refused."""

    tz: ZoneInfo | None

    @classmethod
    def named(cls, name: str | None) -> Zone:
        return cls(ZoneInfo(name) if name else None)


def parse_instant(text: str, zone: Zone, tz_name: str | None = None) -> dt.datetime:
    """An instant in UTC from ``2025-05-11 09:55:16 -0400``, ``2025-05-11T13:55:16Z`` or a local time
    (read in ``tz_name`` when the record names its zone, else in ``zone``; refused when neither)."""
    s = to_western_digits(text).strip()
    if not s:
        raise CellError("ingest.cell.missing")
    s = s.replace("Z", "+00:00") if s.endswith("Z") else s
    m = _OFFSET.search(s)
    if m and re.search(r"\d{1,2}:\d{2}", s[: m.start()]):
        s = s[: m.start()] + f"{m.group(1)}{m.group(2)}:{m.group(3)}"
    s = _FRACTION.sub(r"\1", s)
    try:
        value = dt.datetime.fromisoformat(s)
    except ValueError:
        if _ISO_DATE.fullmatch(s) or _NUM_DATE.fullmatch(s) or _NAMED.fullmatch(s):
            raise CellError("ingest.cell.date_only", value=text) from None
        raise CellError("ingest.cell.time", value=text) from None
    if value.tzinfo is None:
        tz = None
        if tz_name:
            try:
                tz = ZoneInfo(tz_name)
            except (KeyError, ValueError):
                raise CellError("ingest.cell.zone", value=tz_name) from None
        tz = tz or zone.tz
        if tz is None:
            raise CellError("ingest.cell.no_zone", value=text)
        value = value.replace(tzinfo=tz)
    return value.astimezone(dt.UTC)


def parse_currency(text: str | None) -> str:
    code = (text or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise CellError("ingest.cell.currency", value=text or "")
    return code
