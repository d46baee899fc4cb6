"""A profile travels in the URL as a compact token (zlib-compressed JSON, URL-safe base64), so plan
pages are stateless and can be shared or bookmarked; a bad token is refused like a bad profile."""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from mizaan.errors import InputError, Problem
from mizaan.knowledge import KnowledgeBase
from mizaan.profile import Profile, parse_profile

MAX_TOKEN = 8000


def encode(profile: Profile) -> str:
    data = profile.model_dump(mode="json", exclude_unset=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def decode_data(token: str) -> dict[str, Any]:
    if len(token) > MAX_TOKEN:
        raise InputError([Problem("web.bad_token", {})])
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(zlib.decompress(base64.urlsafe_b64decode(padded.encode("ascii"))).decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError):
        raise InputError([Problem("web.bad_token", {})]) from None
    if not isinstance(data, dict):
        raise InputError([Problem("web.bad_token", {})])
    return data


def decode(token: str, kb: KnowledgeBase) -> Profile:
    return parse_profile(decode_data(token), kb)
