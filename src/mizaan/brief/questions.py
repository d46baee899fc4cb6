"""The questions a brief leaves open, and reading the answers: Arabic or English words for a choice
(or its number), yes/no in either language, numbers with Eastern digits and multipliers (٢٠ ألف, 20k),
places and currencies by any of their names."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from mizaan.brief.complete import REQUIRED, assumptions_for, missing_fields
from mizaan.brief.match import decide, find
from mizaan.brief.model import BriefResult, Evidence
from mizaan.brief.money import currency_at, resolve_currency
from mizaan.brief.numbers import find_numbers
from mizaan.brief.text import BriefText
from mizaan.i18n import Lang, fold, t
from mizaan.knowledge import KnowledgeBase
from mizaan.profile import AgeRange, Bool, Profile, Widget, asked_fields, value_label

Kind = Literal["choice", "bool", "number", "age", "country", "currency", "text"]
# How a question asks for a field that the form enters with a given widget.
_KIND_OF: dict[Widget, Kind] = {
    "choice": "choice", "bool": "bool", "number": "number", "integer": "number", "age": "age",
    "country": "country", "currency": "currency", "text": "text", "textarea": "text", "url": "text",
}  # fmt: skip
# The kind and choices of each asked field, from the profile's declaration.
KINDS: dict[str, Kind] = {f.path: _KIND_OF[f.widget] for f in asked_fields(Profile)}
CHOICES: dict[str, tuple[str, ...]] = {f.path: f.choices for f in asked_fields(Profile) if f.choices}
_BOOL: TypeAdapter[bool] = TypeAdapter(Bool)
_HINT_ARGS = {
    "choice": "brief.q.hint.choice",
    "bool": "brief.q.hint.bool",
    "number": "brief.q.hint.number",
    "age": "brief.q.hint.age",
    "country": "brief.q.hint.country",
    "currency": "brief.q.hint.currency",
}


class Question(BaseModel):
    """One open field: how to ask it, its choices, and the default kept when the answer is empty."""

    model_config = ConfigDict(frozen=True)
    field: str
    kind: Kind
    choices: tuple[str, ...] = ()
    default: Any = None
    required: bool = False

    def label(self, lang: Lang) -> str:
        return t(f"field.{self.field}", lang)

    def value_label(self, value: Any, lang: Lang) -> str:
        return value_label(self.field, value, lang)

    def hint(self, lang: Lang) -> str:
        key = _HINT_ARGS.get(self.kind)
        if key is None:
            return ""
        return t(key, lang, choices=t("list.join", lang).join(self.value_label(c, lang) for c in self.choices))


class AnswerError(ValueError):
    """Raised when an answer cannot be read; ``message(lang)`` says what is expected."""

    def __init__(self, question: Question, answer: str) -> None:
        self.question, self.answer = question, answer
        super().__init__(f"cannot read {answer!r} for {question.field}")

    def message(self, lang: Lang) -> str:
        return t("brief.q.invalid", lang, answer=self.answer, hint=self.question.hint(lang))


def open_questions(result: BriefResult) -> list[Question]:
    """A question for each field the brief left open, required ones marked, in the order of ``ASKED``."""
    defaults = {a.field: a.value for a in result.assumptions}
    out = []
    for field in result.missing:
        out.append(
            Question(
                field=field,
                kind=KINDS.get(field, "text"),
                choices=CHOICES.get(field, ()),
                default=defaults.get(field),
                required=field in REQUIRED and defaults.get(field) is None,
            )
        )
    return out


def parse_answer(q: Question, answer: str, kb: KnowledgeBase, country: str | None = None) -> Any:
    """The value of ``answer`` for ``q``; ``AnswerError`` when it cannot be read."""
    text = answer.strip()
    key = fold(text)
    if q.kind == "choice":
        for i, choice in enumerate(q.choices, start=1):
            labels = {fold(choice), str(i), *(fold(q.value_label(choice, lang)) for lang in ("ar", "en"))}
            if key in labels:
                return choice
        lexicon_field = "location.scope" if q.field == "location.scope" else q.field
        try:
            d = decide(find(lexicon_field, BriefText(text)))
        except KeyError:
            d = None
        if d is not None and d.value in q.choices:
            return d.value
        raise AnswerError(q, answer)
    if q.kind == "bool":
        try:
            return _BOOL.validate_python(text)
        except ValidationError:
            raise AnswerError(q, answer) from None
    if q.kind == "number":
        numbers = find_numbers(BriefText(text)) if text else []
        if not numbers:
            raise AnswerError(q, answer)
        value = numbers[0].value
        return int(value) if q.field == "horizon_months" else value
    if q.kind == "age":
        numbers = [n for n in find_numbers(BriefText(text)) if n.high is not None] if text else []
        if not numbers:
            raise AnswerError(q, answer)
        try:
            return AgeRange(min=int(numbers[0].value), max=int(numbers[0].high or 0))
        except ValidationError:
            raise AnswerError(q, answer) from None
    if q.kind == "country":
        found = kb.find_country(text) if text else None
        if found is None:
            raise AnswerError(q, answer)
        return found.code
    if q.kind == "currency":
        if text.upper() in kb.currencies:
            return text.upper()
        mention = currency_at(BriefText(text), 0, before=False) if text else None
        code = resolve_currency(mention, country)[0] if mention else None
        if code is None:
            raise AnswerError(q, answer)
        return code
    if not text:
        raise AnswerError(q, answer)
    return text


def apply_answers(result: BriefResult, answers: dict[str, Any], kb: KnowledgeBase) -> BriefResult:
    """The result with the user's answers filled in (evidence: the answer, confidence 1), and the missing
    fields and assumptions worked out again."""
    profile = result.profile
    evidence = dict(result.evidence)
    for field, value in answers.items():
        profile = profile.with_value(field, value)
        shown = (
            value.model_dump()
            if isinstance(value, AgeRange)
            else str(value)
            if not isinstance(value, bool | int)
            else value
        )
        evidence[field] = Evidence(field=field, value=shown, spans=[], confidence=1.0, cue="answer")
    return result.model_copy(
        update={
            "profile": profile,
            "evidence": evidence,
            "missing": missing_fields(profile),
            "assumptions": assumptions_for(profile, kb),
        }
    )
