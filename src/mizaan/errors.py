"""The errors mizaan raises on purpose.

Every error carries a message key and parameters rather than a fixed sentence, so that the CLI and the
web app can show it in the user's language (``err.message("ar")``). Errors about user input also say
where the problem is: the file, the row (line) and the column, and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mizaan.i18n import Lang, t


class MizaanError(Exception):
    """Base class of every error mizaan raises on purpose; never raised itself."""

    key: str = "error.generic"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        if key is not None:
            self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "en") -> str:
        """The error as one sentence (or a few lines) in ``lang``."""
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class ByLang:
    """A parameter that is text in each language already (what another tool wrote in both, such as a
    fit's diagnostic messages): a problem shows the one of its language."""

    ar: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.ar if lang == "ar" else self.en


def _in(lang: Lang, params: dict[str, Any]) -> dict[str, Any]:
    return {k: v.get(lang) if isinstance(v, ByLang) else v for k, v in params.items()}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong (a message key and its parameters)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    row: int | None = None
    column: int | None = None
    field: str | None = None

    def where(self, lang: Lang) -> str:
        parts = []
        if self.file:
            parts.append(t("where.file", lang, file=self.file))
        if self.row is not None:
            parts.append(t("where.row", lang, row=self.row))
        if self.column is not None:
            parts.append(t("where.column", lang, column=self.column))
        if self.field:
            parts.append(t("where.field", lang, field=self.field))
        return t("where.join", lang).join(parts)

    def message(self, lang: Lang = "en") -> str:
        where = self.where(lang)
        text = t(self.key, lang, **_in(lang, self.params))
        return f"{where}: {text}" if where else text

    def as_dict(self, lang: Lang = "en") -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "reason": t(self.key, lang, **_in(lang, self.params)),
        }


class InputError(MizaanError):
    """Raised when a user's file or value cannot be used; lists every problem found, each with its place."""

    key = "error.input"

    def __init__(self, problems: list[Problem], *, file: str | None = None, key: str | None = None) -> None:
        self.problems = problems
        self.file = file
        super().__init__(key, count=len(problems))

    def message(self, lang: Lang = "en") -> str:
        key = self.key
        if key == "error.input" and not self.file:  # no file to name: never "Could not use  (1 problem)"
            key = "error.input_unnamed"
        head = t(key, lang, count=len(self.problems), file=self.file or "")
        lines = [f"  - {p.message(lang)}" for p in self.problems]
        return "\n".join([head, *lines])


class ProfileError(InputError):
    """Raised when a business profile is missing fields, has unknown fields, or has values out of range."""

    key = "error.profile"


class KnowledgeBaseError(InputError):
    """Raised when a knowledge-base data file is missing, malformed, or inconsistent with the others."""

    key = "error.kb"


class PlanningError(MizaanError):
    """Raised when no plan can be made for a valid profile (for example, a budget below every channel's
    minimum spend); ``reason_key`` says why."""

    key = "error.planning"

    def __init__(self, reason_key: str, **params: Any) -> None:
        self.reason_key = reason_key
        super().__init__(None, **params)

    def message(self, lang: Lang = "en") -> str:
        return t(self.key, lang, reason=t(self.reason_key, lang, **self.params))
