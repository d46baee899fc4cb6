"""A brief's text as the extractor sees it: the original words, their folded form (``mizaan.i18n.arabic``)
with the way back from one to the other, its language, and where its clauses start and end."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from mizaan.brief.model import Span
from mizaan.i18n import Lang, fold_with_offsets

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z]")
WORD = re.compile(r"\w+(?:'\w+)?")


def language_of(text: str) -> Lang:
    """``ar`` when the text has at least as many Arabic letters as Latin ones, else ``en``."""
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    return "en" if latin > arabic else "ar"


@dataclass(frozen=True)
class BriefText:
    """The original text, its folded key, and the map from each key character to the original."""

    original: str
    folded: str = field(init=False)
    offsets: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        folded, offsets = fold_with_offsets(self.original)
        object.__setattr__(self, "folded", folded)
        object.__setattr__(self, "offsets", offsets)

    @cached_property
    def language(self) -> Lang:
        return language_of(self.original)

    def span(self, start: int, end: int) -> Span:
        """The original words behind ``folded[start:end]`` (offsets into the original text)."""
        if end <= start or start >= len(self.offsets):
            raise ValueError(f"empty span {start}:{end}")
        o_start = self.offsets[start]
        o_end = self.offsets[end - 1] + 1
        # a folded character can stand for a character followed by dropped marks (diacritics, tatweel)
        while o_end < len(self.original) and o_end < (
            self.offsets[end] if end < len(self.offsets) else len(self.original)
        ):
            if self.original[o_end].isspace() or self.original[o_end] in "-–—_":
                break
            o_end += 1
        return Span(text=self.original[o_start:o_end], start=o_start, end=o_end)

    def words(self) -> list[tuple[str, int, int]]:
        """The folded words with their start and end in the folded text."""
        return [(m.group(), m.start(), m.end()) for m in WORD.finditer(self.folded)]
