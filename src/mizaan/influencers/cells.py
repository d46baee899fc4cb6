"""Reading one cell of a vetting input: counts (with the ``12.5K`` / ``1.2M`` shorthand analytics tools
write), money, shares, yes/no, dates, platforms, post types, countries and languages.

Each reader returns the value, ``None`` for an empty cell, or raises ``CellError`` with a message key;
the caller turns that into a problem at the cell's file, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import cast

from mizaan.i18n import fold, to_western_digits
from mizaan.influencers.model import Dimension, Platform, PostType
from mizaan.ingest import CellError, DecimalMark, is_missing, parse_date, parse_decimal
from mizaan.knowledge import KnowledgeBase

_SHORT = re.compile(r"^([0-9][0-9.,]*)\s*(k|m|b|ألف|الف|مليون|مليار)$")
_SCALE = {"k": 1_000, "ألف": 1_000, "الف": 1_000, "m": 1_000_000, "مليون": 1_000_000, "b": 10**9, "مليار": 10**9}

PLATFORM_NAMES: dict[str, Platform] = {
    fold(k): cast(Platform, v)
    for k, v in {
        "instagram": "instagram", "ig": "instagram", "insta": "instagram", "انستقرام": "instagram",
        "انستغرام": "instagram", "انستجرام": "instagram", "إنستغرام": "instagram",
        "tiktok": "tiktok", "tik tok": "tiktok", "tt": "tiktok", "تيك توك": "tiktok", "تيكتوك": "tiktok",
        "youtube": "youtube", "yt": "youtube", "يوتيوب": "youtube",
        "snapchat": "snapchat", "snap": "snapchat", "سناب": "snapchat", "سناب شات": "snapchat",
        "x": "x", "twitter": "x", "تويتر": "x", "إكس": "x",
        "facebook": "facebook", "fb": "facebook", "فيسبوك": "facebook",
    }.items()
}  # fmt: skip
TYPE_NAMES: dict[str, PostType] = {
    fold(k): cast(PostType, v)
    for k, v in {
        "photo": "photo", "image": "photo", "picture": "photo", "post": "photo", "صورة": "photo",
        "video": "video", "reel": "video", "reels": "video", "clip": "video", "short": "video", "shorts": "video",
        "igtv": "video", "فيديو": "video", "ريلز": "video", "مقطع": "video",
        "carousel": "carousel", "album": "carousel", "sidecar": "carousel", "ألبوم": "carousel", "كاروسيل": "carousel",
        "story": "story", "stories": "story", "ستوري": "story", "قصة": "story",
        "live": "live", "بث": "live", "بث مباشر": "live",
        "text": "text", "tweet": "text", "thread": "text", "نص": "text", "تغريدة": "text",
    }.items()
}  # fmt: skip
DIMENSION_NAMES: dict[str, Dimension] = {
    fold(k): cast(Dimension, v)
    for k, v in {
        "country": "country", "countries": "country", "geo": "country", "الدولة": "country", "البلد": "country",
        "city": "city", "cities": "city", "المدينة": "city",
        "age": "age", "ages": "age", "age group": "age", "العمر": "age", "الفئة العمرية": "age",
        "gender": "gender", "sex": "gender", "الجنس": "gender", "النوع": "gender",
        "language": "language", "languages": "language", "اللغة": "language",
    }.items()
}  # fmt: skip
LANGUAGE_NAMES: dict[str, str] = {
    fold(k): v
    for k, v in {
        "ar": "ar", "arabic": "ar", "عربي": "ar", "العربية": "ar", "عربية": "ar",
        "en": "en", "english": "en", "انجليزي": "en", "الإنجليزية": "en", "إنجليزي": "en", "الانجليزية": "en",
        "fr": "fr", "french": "fr", "فرنسي": "fr", "الفرنسية": "fr",
        "hi": "hi", "hindi": "hi", "ur": "ur", "urdu": "ur", "ru": "ru", "russian": "ru", "tr": "tr", "turkish": "tr",
    }.items()
}  # fmt: skip
_TRUE = {"true", "yes", "y", "1", "x", "✓", "✔", "نعم", "صح", "اي", "ايوه", "ممول", "إعلان", "اعلان", "ad", "paid"}
_FALSE = {"false", "no", "n", "0", "لا", "organic", "عضوي"}
_LIST_SPLIT = re.compile(r"\s*[,;|/،؛]\s*")


def count(text: str, mark: DecimalMark | None = None) -> int | None:
    """A whole count: ``12,400``, ``١٢٤٠٠``, ``12.4K`` or ``1.2M`` (the shorthand is read as written)."""
    if is_missing(text):
        return None
    s = to_western_digits(text).strip().casefold().replace(" ", "")
    m = _SHORT.match(s) or _SHORT.match(to_western_digits(text).strip().casefold())
    if m:
        number = parse_decimal(m.group(1).replace(",", "."), "point")
        if number is None:
            return None
        return int(number * _SCALE[m.group(2).strip()])
    try:
        value = parse_decimal(text, mark, integer=True)
    except CellError as err:
        if err.key == "ingest.cell.ambiguous_number":
            raise CellError("influencers.cell.ambiguous_number", value=text) from None
        raise
    return None if value is None else int(value)


def money(text: str, mark: DecimalMark | None = None) -> Decimal | None:
    if is_missing(text):
        return None
    try:
        value = parse_decimal(text, mark)
    except CellError as err:
        if err.key == "ingest.cell.ambiguous_number":
            raise CellError("influencers.cell.ambiguous_number", value=text) from None
        raise
    if value is not None and value < 0:
        raise CellError("ingest.cell.negative", value=text)
    return value


def share(text: str, percent: bool) -> float | None:
    """A share of an audience: ``35%``, ``35`` in a percent column, or ``0.35``."""
    if is_missing(text):
        return None
    s = to_western_digits(text).strip().replace("٪", "%")
    is_pct = percent or s.endswith("%")
    value = parse_decimal(s.rstrip("%").strip(), "point")
    if value is None:
        return None
    if value < 0:
        raise CellError("ingest.cell.negative", value=text)
    out = float(value) / 100 if is_pct else float(value)
    if out > 1:
        raise CellError("influencers.cell.share", value=text)
    return out


def looks_percent(texts: list[str]) -> bool:
    """Whether a share column writes percentages (a ``%`` sign, or any value above 1)."""
    for text in texts:
        s = to_western_digits(text).strip().replace("٪", "%")
        if s.endswith("%"):
            return True
        try:
            if float(s) > 1:
                return True
        except ValueError:
            continue
    return False


def yes_no(text: str) -> bool | None:
    if is_missing(text):
        return None
    key = fold(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError("influencers.cell.bool", value=text)


def day(text: str, order: str | None) -> dt.date:
    if is_missing(text):
        raise CellError("ingest.cell.missing")
    try:
        return parse_date(text, order)  # type: ignore[arg-type]
    except CellError as err:
        if err.key == "ingest.cell.ambiguous_date":
            raise CellError("influencers.cell.ambiguous_date", value=text) from None
        raise


def platform(text: str, default: Platform | None) -> Platform:
    if is_missing(text):
        if default is None:
            raise CellError("ingest.cell.missing")
        return default
    found = PLATFORM_NAMES.get(fold(text))
    if found is None:
        raise CellError(
            "influencers.cell.platform", value=text, expected=", ".join(sorted(set(PLATFORM_NAMES.values())))
        )
    return found


def post_type(text: str) -> PostType | None:
    if is_missing(text):
        return None
    found = TYPE_NAMES.get(fold(text))
    if found is None:
        raise CellError("influencers.cell.post_type", value=text, expected=", ".join(sorted(set(TYPE_NAMES.values()))))
    return found


def dimension(text: str) -> Dimension:
    found = DIMENSION_NAMES.get(fold(text))
    if found is None:
        raise CellError(
            "influencers.cell.dimension", value=text, expected=", ".join(sorted(set(DIMENSION_NAMES.values())))
        )
    return found


def country(text: str, kb: KnowledgeBase) -> str | None:
    if is_missing(text):
        return None
    found = kb.find_country(text.strip())
    if found is None:
        if re.fullmatch(r"[A-Za-z]{2}", text.strip()):
            return text.strip().upper()  # a code outside the knowledge base's markets: kept as given
        raise CellError("influencers.cell.country", value=text)
    return found.code


def languages(text: str) -> tuple[str, ...]:
    if is_missing(text):
        return ()
    out: list[str] = []
    for part in _LIST_SPLIT.split(text.strip()):
        if not part:
            continue
        key = fold(part)
        if key in ("both", "كلاهما", "ar+en", "عربي وانجليزي"):
            out.extend(["ar", "en"])
            continue
        out.append(LANGUAGE_NAMES.get(key, key))
    return tuple(dict.fromkeys(out))


def text_list(text: str) -> tuple[str, ...]:
    """A list written in one cell (``beauty, fashion``)."""
    if is_missing(text):
        return ()
    return tuple(p.strip() for p in _LIST_SPLIT.split(text.strip()) if p.strip())


def comment_list(text: str) -> tuple[str, ...]:
    """Sample comments written in one cell, one per line or separated by `` | ``."""
    if is_missing(text):
        return ()
    parts = re.split(r"\s*\|\s*|\r?\n", text)
    return tuple(p.strip() for p in parts if p.strip())
