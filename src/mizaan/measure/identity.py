"""Who a touch or an order belongs to: creators as entities, matched on exact tokens, never on substrings.

A creator is the handle of the influencer-deals sheet, normalised (``@Sara.Beauty`` and ``sara.beauty`` are
one creator), with the tiers (channels) they posted in and the promo codes they were given. A promo code is
normalised too (case, spaces, Eastern Arabic digits, NFKC), so ``noura 10`` typed at the checkout is
``NOURA10``.

A touch or an order names a creator when one of its UTM values *is* the handle, or holds it as a whole
token: a token is a longest run of the characters a handle is made of (letters, digits, ``_`` and ``.``),
so the campaign ``micro-noura.style1`` holds the token ``noura.style1`` and does not name ``noura.style``.
What names no creator, or several, is reported and credited to none; a code given to several creators is
reported as shared and counted for none of them (the rule ``docs/measurement.md`` states). So the parts
never add up to more than the whole: per tier, the creators' touches are at most the tier's touches, and
every order is counted for at most one creator.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from mizaan.i18n import to_western_digits

_TOKEN = re.compile(r"[\w.]+")
Reason = Literal["no_creator", "several_creators", "other_tier", "shared_code"]


def handle_id(text: str | None) -> str:
    """A handle as an identity: NFKC, Western digits, case folded, without ``@`` and surrounding dots."""
    folded = to_western_digits(unicodedata.normalize("NFKC", text or "")).strip().casefold()
    return folded.lstrip("@").strip(".")


def code_id(text: str | None) -> str:
    """A promo code as an identity: NFKC, Western digits, upper case, no spaces."""
    return "".join(to_western_digits(unicodedata.normalize("NFKC", text or "")).upper().split())


def tokens(text: str | None) -> set[str]:
    """The handle-shaped tokens of a UTM value, as identities (``micro-noura.style1`` → ``micro``,
    ``noura.style1``)."""
    out = set()
    for tok in _TOKEN.findall(to_western_digits(unicodedata.normalize("NFKC", text or "")).casefold()):
        tok = tok.strip(".")
        if tok:
            out.add(tok)
    return out


@dataclass
class Creator:
    id: str
    name: str  # as the deals sheet first spells it (the smallest spelling, for a stable choice)
    channels: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    last: dict[str, Any] = field(default_factory=dict)  # channel -> day of the last post in it

    @property
    def home(self) -> str:
        """The channel (tier) of the creator's last post: where their orders are shown, once."""
        return max(sorted(self.channels), key=lambda c: (self.last.get(c) is not None, self.last.get(c) or 0))


class CreatorBook:
    """Every creator the store knows, from ``(influencer, channel, promo_code, last post day)`` rows."""

    def __init__(self, posts: Iterable[tuple[str, str, str | None, Any]]) -> None:
        self.creators: dict[str, Creator] = {}
        owners: dict[str, set[str]] = defaultdict(set)
        for name, channel, code, last in posts:
            ident = handle_id(name)
            if not ident:
                continue
            c = self.creators.setdefault(ident, Creator(ident, name))
            c.name = min(c.name, name)
            c.channels.add(channel)
            if last is not None and (c.last.get(channel) is None or last > c.last[channel]):
                c.last[channel] = last
            if code and code_id(code):
                c.codes.add(code_id(code))
                owners[code_id(code)].add(ident)
        self.code_owners: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in owners.items()}

    def named_in(self, *values: str | None) -> set[str]:
        """Creators whose handle is one of the values' tokens."""
        found: set[str] = set()
        for v in values:
            found |= tokens(v) & self.creators.keys()
        return found


@dataclass
class Unassigned:
    """Touches or orders that name no creator, several, a creator of another tier, or a shared code."""

    what: Literal["touches", "orders"]
    reason: Reason
    channel: str | None
    source: str | None
    content: str | None
    campaign: str | None
    code: str | None
    creators: list[str]
    count: int
    revenue: Decimal | None = None


@dataclass
class Assignment:
    touches: dict[tuple[str, str], int]  # (creator, channel) -> converting touches
    tier_touches: dict[str, int]  # channel -> converting influencer touches
    code_orders: dict[str, tuple[int, Decimal]]  # creator -> orders with their own code, revenue
    link_orders: dict[str, tuple[int, Decimal]]  # creator -> orders tagged with their handle, no known code
    unassigned: list[Unassigned]

    @property
    def shared_code_orders(self) -> int:
        return sum(u.count for u in self.unassigned if u.reason == "shared_code")


def _add(acc: dict[str, tuple[int, Decimal]], key: str, n: int, v: Decimal) -> None:
    a, b = acc.get(key, (0, Decimal(0)))
    acc[key] = (a + n, b + v)


def assign(
    book: CreatorBook,
    touch_rows: Iterable[Mapping[str, Any]],
    order_rows: Iterable[Mapping[str, Any]],
    money: Callable[[Any, str], Decimal],
) -> Assignment:
    """Give each group of touches (``channel, campaign, source, content, touches``) and of orders
    (``discount_code, utm_source, utm_content, utm_campaign, channel, currency, orders, revenue``) to the one
    creator it names, or report it."""
    touches: dict[tuple[str, str], int] = defaultdict(int)
    tier: dict[str, int] = defaultdict(int)
    unassigned: dict[tuple[Any, ...], Unassigned] = {}

    def report(u: Unassigned) -> None:
        key = (u.what, u.reason, u.channel, u.source, u.content, u.campaign, u.code, tuple(u.creators))
        if key in unassigned:
            old = unassigned[key]
            old.count += u.count
            if u.revenue is not None:
                old.revenue = (old.revenue or Decimal(0)) + u.revenue
        else:
            unassigned[key] = u

    def names(ids: Iterable[str]) -> list[str]:
        return sorted(book.creators[i].name for i in ids)

    for r in touch_rows:
        n, channel = int(r["touches"]), str(r["channel"])
        tier[channel] += n
        found = book.named_in(r.get("source"), r.get("content"), r.get("campaign"))
        one = next(iter(found)) if len(found) == 1 else None
        if one is not None and channel in book.creators[one].channels:
            touches[(one, channel)] += n
            continue
        reason: Reason = "no_creator" if not found else "several_creators" if one is None else "other_tier"
        report(
            Unassigned(
                "touches", reason, channel, r.get("source"), r.get("content"), r.get("campaign"), None, names(found), n
            )
        )
    code_orders: dict[str, tuple[int, Decimal]] = {}
    link_orders: dict[str, tuple[int, Decimal]] = {}
    for r in order_rows:
        n, value = int(r["orders"]), money(r["revenue"], str(r["currency"]))
        code = code_id(r.get("discount_code"))
        where = (r.get("channel"), r.get("utm_source"), r.get("utm_content"), r.get("utm_campaign"))
        owners = book.code_owners.get(code) if code else None
        if owners is not None:
            if len(owners) == 1:
                _add(code_orders, next(iter(owners)), n, value)
            else:
                report(Unassigned("orders", "shared_code", *where, code, names(owners), n, value))
            continue
        found = book.named_in(r.get("utm_source"), r.get("utm_content"), r.get("utm_campaign"))
        if len(found) == 1:
            _add(link_orders, next(iter(found)), n, value)
        elif found:
            report(Unassigned("orders", "several_creators", *where, code or None, names(found), n, value))
        elif str(r.get("channel") or "").startswith("influencer"):
            report(Unassigned("orders", "no_creator", *where, code or None, [], n, value))
    return Assignment(dict(touches), dict(tier), code_orders, link_orders, list(unassigned.values()))
