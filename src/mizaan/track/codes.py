"""Short-link slugs and promo codes: random, unique, and in the shapes the store promises
(slugs ``[A-Za-z0-9]{6,12}``, codes upper-case ``[A-Z0-9]{4,16}``)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

SLUG_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"  # no 0/O, 1/l/I: read off paper
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SLUG_LENGTH = 7  # 57^7 ≈ 1.9e12 slugs: a collision is retried, never overwritten
SLUG_RE = re.compile(r"[A-Za-z0-9]{6,12}")
CODE_RE = re.compile(r"[A-Z0-9]{4,16}")
MAX_TRIES = 50


def new_slug(taken: Callable[[str], bool], length: int = SLUG_LENGTH) -> str:
    """A random slug that ``taken`` says is free."""
    for _ in range(MAX_TRIES):
        slug = "".join(secrets.choice(SLUG_ALPHABET) for _ in range(length))
        if not taken(slug):
            return slug
    raise RuntimeError("no free slug after many tries")  # pragma: no cover - 1e-12 odds each


def is_slug(text: str) -> bool:
    return SLUG_RE.fullmatch(text) is not None


def normalise_code(text: str) -> str:
    """``text`` as a promo code's characters: upper case, Latin letters and digits only (Eastern Arabic
    digits become 0-9), at most 16."""
    from mizaan.i18n import to_western_digits

    return re.sub(r"[^A-Z0-9]", "", to_western_digits(text).upper())[:16]


def unique_code(wanted: str | None, prefix: str, taken: Callable[[str], bool]) -> str:
    """The plan's code ``wanted`` when it is a valid code and free; else the same code with the smallest
    number after it that is free (``PERFIG2``); else, with no code in the plan, ``prefix`` and four random
    characters. Always ``[A-Z0-9]{4,16}`` and free by ``taken``."""
    base = normalise_code(wanted or "")
    if len(base) >= 4:
        if not taken(base):
            return base
        for n in range(2, 10_000):
            suffix = str(n)
            candidate = base[: 16 - len(suffix)] + suffix
            if not taken(candidate):
                return candidate
    stem = (normalise_code(prefix) or "MZN")[:10]
    for _ in range(MAX_TRIES):
        candidate = stem + "".join(secrets.choice(CODE_ALPHABET) for _ in range(max(4, 6 - len(stem) // 3)))
        if not taken(candidate):
            return candidate[:16]
    raise RuntimeError("no free promo code after many tries")  # pragma: no cover


def is_code(text: str) -> bool:
    return CODE_RE.fullmatch(text) is not None
