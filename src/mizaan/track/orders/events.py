"""What a webhook or postback says about an order, once read: one ``OrderEvent``, the same for every
platform, and the errors reading can raise (each names the field and says what to do, in Arabic and
English).

Money is read from the JSON text itself as an exact decimal (never through a binary float); Eastern Arabic
digits and the Arabic decimal separator are accepted wherever a number is written as text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

from mizaan.errors import InputError, MizaanError, Problem
from mizaan.i18n import has, t, to_western_digits

Kind = Literal["order", "refund", "cancel"]
KINDS: tuple[Kind, ...] = ("order", "refund", "cancel")
SOURCES = ("shopify", "salla", "zid", "postback")
CLICK_PARAM = "mz_click"
CLICK_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")
MAX_TEXT = 256  # the longest ID, code or UTM value kept
MAX_PLACES = 12  # decimal places the measurement store keeps (DECIMAL(38, 12))


@dataclass(frozen=True)
class Utm:
    source: str | None = None
    medium: str | None = None
    campaign: str | None = None
    content: str | None = None

    def any(self) -> bool:
        return any((self.source, self.medium, self.campaign, self.content))


@dataclass(frozen=True)
class OrderEvent:
    """One event about one order. ``kind``: ``order`` (placed, paid or updated: ``amount`` is the order's
    total), ``refund`` (``amount`` is what was refunded; ``None`` for a whole-order refund whose amount the
    platform does not give), ``cancel``. ``order_id`` is the shop's order number as its exports show it
    (so that an imported export and the webhooks name the same order alike); ``order_ref`` the platform's
    internal ID, which refunds may carry instead. ``event_key`` identifies the delivery: the platform's
    event ID, else the SHA-256 of the raw body."""

    source: str
    topic: str
    kind: Kind
    event_key: str
    order_id: str | None
    order_ref: str | None
    at: dt.datetime
    amount: Decimal | None
    currency: str | None
    customer: str | None = None
    click_id: str | None = None
    utm: Utm = field(default_factory=Utm)
    promo_codes: tuple[str, ...] = ()


class SignatureError(MizaanError):
    """A webhook or postback whose signature is missing or wrong (answered 401; nothing is stored)."""

    key = "track.hook.signature"

    def __init__(self, source: str, reason: str) -> None:
        self.reason = reason
        super().__init__(None, source=source, reason=f"track.hook.why.{reason}")

    def message(self, lang: Literal["ar", "en"] = "en") -> str:
        source = str(self.params["source"])
        named = t(f"track.source.{source}", lang) if has(f"track.source.{source}") else source
        return t(self.key, lang, source=named, reason=t(str(self.params["reason"]), lang))


class PayloadError(InputError):
    """A verified body that cannot be read as an order event; the problems name each field."""

    key = "track.hook.payload"

    def __init__(self, problems: list[Problem], source: str) -> None:
        super().__init__(problems, file=source, key=self.key)

    def message(self, lang: Literal["ar", "en"] = "en") -> str:
        source = self.file or ""
        named = t(f"track.source.{source}", lang) if has(f"track.source.{source}") else source
        head = t(self.key, lang, count=len(self.problems), file=named)
        return "\n".join([head, *(f"  - {p.message(lang)}" for p in self.problems)])


def bad(field_name: str, key: str, **params: Any) -> Problem:
    return Problem(key, params, field=field_name)


def sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def load_json(body: bytes, source: str) -> Any:
    """The body as JSON, numbers with a fraction as exact decimals."""
    try:
        return json.loads(body.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise PayloadError([Problem("track.hook.not_json", {})], source) from None


def text(value: Any, where: str, *, required: bool = False) -> str | None:
    """An ID, code or name: a string or an integer, at most ``MAX_TEXT`` characters once trimmed."""
    if value is None or value == "":
        if required:
            raise PayloadError([bad(where, "track.hook.missing")], "")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PayloadError([bad(where, "track.hook.not_text")], "")
    out = to_western_digits(str(value)).strip() if isinstance(value, str) else str(value)
    if len(out) > MAX_TEXT or any(ord(c) < 32 for c in out):
        raise PayloadError([bad(where, "track.hook.bad_text", most=MAX_TEXT)], "")
    return out or None


def money(value: Any, where: str) -> Decimal:
    """A non-negative amount: a JSON number or a numeric string (Eastern Arabic digits accepted)."""
    if isinstance(value, bool) or value is None:
        raise PayloadError([bad(where, "track.hook.not_amount", value=str(value))], "")
    raw = to_western_digits(value).strip() if isinstance(value, str) else value
    try:
        amount = Decimal(raw) if not isinstance(raw, Decimal) else raw
    except (InvalidOperation, TypeError, ValueError):
        raise PayloadError([bad(where, "track.hook.not_amount", value=str(value)[:40])], "") from None
    if not amount.is_finite() or amount < 0 or amount.adjusted() > 24:
        raise PayloadError([bad(where, "track.hook.not_amount", value=str(value)[:40])], "")
    if _places(amount) > MAX_PLACES:  # Zid writes 14 places: trailing zeros go, nothing else may
        amount = amount.normalize()
        amount = amount.quantize(Decimal(1)) if _places(amount) < 0 else amount
        if _places(amount) > MAX_PLACES:
            raise PayloadError([bad(where, "track.hook.too_precise", value=str(value)[:40], most=MAX_PLACES)], "")
    return amount


def _places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def currency(value: Any, where: str) -> str | None:
    code = text(value, where)
    if code is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{3}", code):
        raise PayloadError([bad(where, "track.hook.not_currency", value=code)], "")
    return code.upper()


def instant(value: Any, where: str, zone: dt.tzinfo | None = None) -> dt.datetime:
    """An ISO-8601 instant; one without a zone is read in ``zone`` (refused when there is none)."""
    s = text(value, where, required=True)
    assert s is not None
    try:
        got = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise PayloadError([bad(where, "track.hook.not_instant", value=s[:40])], "") from None
    if got.tzinfo is None:
        if zone is None:
            raise PayloadError([bad(where, "track.hook.no_zone", value=s[:40])], "")
        got = got.replace(tzinfo=zone)
    return got.astimezone(dt.UTC)


def url_params(url: str | None) -> dict[str, str]:
    """The query parameters of a URL or path (the first value of each), lower-case names."""
    if not url:
        return {}
    try:
        query = urlsplit(url).query
    except ValueError:
        return {}
    out: dict[str, str] = {}
    for k, v in parse_qsl(query, keep_blank_values=False):
        out.setdefault(k.lower(), v.strip()[:MAX_TEXT])
    return out


def click_id(value: str | None) -> str | None:
    """A click ID as the redirect service makes them (22 URL-safe characters), or None."""
    return value if value and CLICK_ID.fullmatch(value) else None


def utm_from(params: dict[str, str]) -> Utm:
    return Utm(*(params.get(k) or None for k in UTM_KEYS))


def codes(values: list[str | None]) -> tuple[str, ...]:
    """Promo codes, upper case, each once, in the order given."""
    seen: list[str] = []
    for v in values:
        if v and v.strip().upper() not in seen:
            seen.append(v.strip().upper())
    return tuple(seen)


def obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PayloadError([bad(where, "track.hook.not_object")], "")
    return value


def items(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PayloadError([bad(where, "track.hook.not_list")], "")
    return value
