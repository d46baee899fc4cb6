"""The word lists vetting reads captions and comments with (``data/words.yaml``, ``data/brand_safety.yaml``):
sponsorship marks, generic comments, brand-safety categories. Text is folded (Arabic letter forms,
diacritics, digits, case) and matched as whole words, so ``إعلان`` matches ``اعلان`` but ``bet`` does not
match ``alphabet``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from mizaan.i18n import fold
from mizaan.knowledge import Text

_WORD = re.compile(r"[#@]?[\w+]+", re.UNICODE)


def _data(name: str) -> Any:
    return yaml.safe_load(resources.files("mizaan.influencers").joinpath("data", name).read_text("utf-8"))


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    keys = sorted({fold(str(p)) for p in phrases if str(p).strip()}, key=len, reverse=True)
    body = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![\w#@])(?:{body})(?![\w])")


@cache
def sponsored_pattern() -> re.Pattern[str]:
    return _phrase_pattern(list(_data("words.yaml")["sponsored_markers"]))


def looks_sponsored(caption: str) -> bool:
    """Whether a caption carries a sponsorship mark (#ad, إعلان, paid partnership...)."""
    return bool(caption) and sponsored_pattern().search(fold(caption)) is not None


@cache
def generic_words() -> frozenset[str]:
    data = _data("words.yaml")["generic_comments"]
    words: set[str] = set()
    for lang in ("ar", "en"):
        for entry in data[lang]:
            words.update(fold(str(entry)).split())
    return frozenset(words)


def comment_key(comment: str) -> str:
    """A comment reduced for comparison: folded, letters and digits only, single spaces."""
    return " ".join(_WORD.findall(fold(comment)))


def is_generic(comment: str) -> bool:
    """A comment with nothing of its own: emoji and punctuation only, a mention only, or only words from the
    generic list ("wow", "nice pic", "ما شاء الله"...)."""
    tokens = [tok for tok in _WORD.findall(fold(comment)) if not tok.startswith("@")]
    words = [tok for tok in tokens if any(unicodedata.category(ch)[0] in "LN" for ch in tok)]
    return all(w in generic_words() for w in words)


@dataclass(frozen=True)
class SafetyCategory:
    id: str
    severity: str
    name: Text
    pattern: re.Pattern[str]


@cache
def safety_categories() -> tuple[SafetyCategory, ...]:
    raw = _data("brand_safety.yaml")["categories"]
    out = []
    for cat_id, spec in raw.items():
        out.append(
            SafetyCategory(
                id=str(cat_id),
                severity=str(spec["severity"]),
                name=Text(**spec["name"]),
                pattern=_phrase_pattern([*spec.get("en", []), *spec.get("ar", [])]),
            )
        )
    return tuple(out)


def safety_hits(text: str) -> list[tuple[SafetyCategory, str]]:
    """Each brand-safety category the text touches, with the first word that matched."""
    key = fold(text)
    hits = []
    for cat in safety_categories():
        m = cat.pattern.search(key)
        if m:
            hits.append((cat, m.group(0)))
    return hits
