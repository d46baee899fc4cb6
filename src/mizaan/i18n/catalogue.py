"""The message catalogue: every user-facing sentence of the code, in Arabic and English, keyed by ID.

Texts that belong to the knowledge base (rule statements, channel names, warnings' actions) live in the
knowledge-base data files instead; this catalogue holds the product's own sentences (errors, headings,
labels). Placeholders use ``str.format`` syntax.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

Lang = Literal["ar", "en"]
LANGS: tuple[Lang, ...] = ("ar", "en")


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, str]]:
    """All ``messages*.yaml`` files of this package merged; each part of the product keeps its own file
    (``messages.yaml`` for the core, ``messages_brief.yaml`` for brief intake, ...). A key defined twice
    is an error."""
    out: dict[str, dict[str, str]] = {}
    folder = resources.files("mizaan.i18n")
    names = sorted(f.name for f in folder.iterdir() if f.name.startswith("messages") and f.name.endswith(".yaml"))
    for name in names:
        raw = yaml.safe_load(folder.joinpath(name).read_text(encoding="utf-8"))
        if not isinstance(raw, dict):  # pragma: no cover - the files ship with the package
            raise RuntimeError(f"mizaan/i18n/{name} must be a mapping of keys to {{ar, en}}")
        for k, v in raw.items():
            if k in out:
                raise RuntimeError(f"message key {k!r} is defined twice (again in {name})")
            out[str(k)] = {lang: str(v[lang]) for lang in LANGS}
    return out


def catalogue_keys() -> list[str]:
    """Every key of the catalogue (for tests and docs)."""
    return sorted(_catalogue())


def has(key: str) -> bool:
    """Whether the catalogue has ``key``."""
    return key in _catalogue()


def t(key: str, lang: Lang = "en", **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in.

    A missing key is a programming error and raises ``KeyError`` (tests check every key used exists).
    """
    entry = _catalogue()[key]
    text = entry[lang]
    return text.format(**params) if params else text
