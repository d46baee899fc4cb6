"""What the rest of mizaan knows about each profile field, declared once, beside the field itself.

A profile field is declared on the pydantic model (``Profile``, and ``Budget``/``Location`` for the nested
ones) with an ``About`` in its ``Annotated`` metadata::

    has_landing_page: Annotated[
        Bool | None, About(form=Form("readiness", 1), fact=Fact(), whatif=WhatIf(1), ask=16)
    ] = None

Everything else is derived from the model by ``fields_of``: the allowed values (from the type), the
default, whether it is required, the web form (group, place, widget), the facts rules may test, the
what-if steps, the brief's questions, the partial profile of a brief, the assumptions a plan lists, and
the message keys of its label and help (``field.<path>``, ``help.<path>``; the texts stay in the i18n
catalogues). A subclass of ``Profile`` that adds one annotated field is a profile with one more field
everywhere: pass it (or an instance of it) where the derivations take a model.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, HttpUrl

Group = Literal["basics", "budget", "market", "audience", "readiness", "influencers", "about"]
GROUPS: tuple[Group, ...] = get_args(Group)
M = TypeVar("M", bound=BaseModel)
Widget = Literal["choice", "bool", "number", "integer", "text", "textarea", "url", "age", "country", "currency"]


@dataclass(frozen=True)
class Form:
    """Where the field sits on the web form: its group, its place in the group, and its widget when the
    type does not say (a country, a currency, a long text, an age range)."""

    group: Group
    rank: int
    widget: Widget | None = None


@dataclass(frozen=True)
class Fact:
    """The field is a fact rule conditions may test. ``holds`` says what it holds (``mizaan kb check``
    lists it); empty: its allowed values. A field that may be unknown adds "unknown". On a field whose
    type is a model (``audience_age``), the facts are that model's declared fields (``audience_age.min``)."""

    holds: str = ""


@dataclass(frozen=True)
class WhatIf:
    """The planner re-plans with this field changed ("what would change this plan"), in ``rank`` order.
    ``steps`` compute the new values from the current one; without steps a yes/no field is flipped and a
    choice is stepped to each other value."""

    rank: int
    steps: tuple[Callable[[Any], Any], ...] = ()


@dataclass(frozen=True)
class About:
    """One field's declaration beyond its type and default.

    ``ask``: the field's place in the order of the brief's questions (None: a brief does not ask it).
    ``assumed``: when a profile leaves the field out, the plan lists its default as an assumption.
    """

    form: Form | None = None
    fact: Fact | None = None
    whatif: WhatIf | None = None
    ask: int | None = None
    assumed: bool = True


@dataclass(frozen=True)
class ProfileField:
    """A declared field as the rest of mizaan sees it: derived from the model by ``fields_of``."""

    path: str  # dotted for nested fields: ``budget.amount``
    annotation: Any  # the pydantic annotation with its constraints and validators
    base: Any  # the value's type without None and metadata: ``bool``, ``Decimal``, a Literal, a model
    default: Any
    required: bool
    optional: bool  # the value may be None (unknown)
    choices: tuple[str, ...]  # a choice's allowed values, in declaration order
    about: About

    @property
    def widget(self) -> Widget:
        """How the field is entered: declared on its form, else from its type."""
        if self.about.form is not None and self.about.form.widget is not None:
            return self.about.form.widget
        if self.choices:
            return "choice"
        if self.base is bool:
            return "bool"
        if self.base is int:
            return "integer"
        if self.base is Decimal or self.base is float:
            return "number"
        if self.base is HttpUrl:
            return "url"
        return "text"

    @property
    def stepped(self) -> bool:
        """A what-if tries the field's own values: flips a yes/no, steps a choice (not computed steps)."""
        return self.about.whatif is not None and not self.about.whatif.steps

    @property
    def label_key(self) -> str:
        return f"field.{self.path}"

    @property
    def help_key(self) -> str:
        return f"help.{self.path}"

    def value_key(self, value: object) -> str:
        return f"value.{self.path}.{value}"

    def read(self, obj: BaseModel) -> Any:
        """The field's value in a profile (None when a model on the way is None)."""
        return value_at(obj, self.path)

    def whatif_values(self, current: Any) -> tuple[Any, ...]:
        """The values a what-if tries from ``current`` (including ``current`` itself when a step lands
        there; callers skip it)."""
        spec = self.about.whatif
        if spec is None:
            return ()
        if spec.steps:
            return tuple(step(current) for step in spec.steps)
        if self.base is bool:
            return (True, False)
        return self.choices


@dataclass(frozen=True)
class FactField:
    """A fact rules may test, read from a profile."""

    name: str  # dotted: ``location.scope``, ``audience_age.min``
    holds: str

    def read(self, obj: BaseModel) -> Any:
        return value_at(obj, self.name)


def _strip(annotation: Any) -> tuple[Any, bool]:
    """The type inside Annotated and Optional, and whether None is allowed."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or origin is types.UnionType:
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _about(metadata: list[Any]) -> About | None:
    return next((m for m in metadata if isinstance(m, About)), None)


@cache
def fields_of(model: type[BaseModel]) -> tuple[ProfileField, ...]:
    """Every declared field of ``model``, in declaration order; a field without an ``About`` whose type
    is a model (``budget``, ``location``) stands for its own fields (``budget.amount``, ...)."""
    out: list[ProfileField] = []
    for name, info in model.model_fields.items():
        about = _about(info.metadata)
        base, optional = _strip(info.annotation)
        if about is None and _is_model(base):
            out.extend(replace(f, path=f"{name}.{f.path}") for f in fields_of(base))
            continue
        choices = tuple(str(v) for v in get_args(base)) if get_origin(base) is Literal else ()
        out.append(
            ProfileField(
                path=name,
                annotation=Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation,
                base=base,
                default=None if info.is_required() else info.default,
                required=info.is_required(),
                optional=optional,
                choices=choices,
                about=about or About(),
            )
        )
    return tuple(out)


def field_of(model: type[BaseModel], path: str) -> ProfileField:
    """The declared field at ``path``; ``KeyError`` when there is none."""
    for f in fields_of(model):
        if f.path == path:
            return f
    raise KeyError(f"{model.__name__} declares no field {path!r}")


def declared(model: type[BaseModel], path: str) -> str:
    """``path``, checked to be a declared field of ``model``: for the few places that read a field by
    name (a renamed field then fails at import, not silently)."""
    return field_of(model, path).path


@cache
def facts_of(model: type[BaseModel]) -> tuple[FactField, ...]:
    """The facts rules may test, in declaration order."""
    out: list[FactField] = []
    for f in fields_of(model):
        if f.about.fact is None:
            continue
        if _is_model(f.base):
            for part in facts_of(f.base):
                holds = f"{part.holds} | unknown" if f.optional and "unknown" not in part.holds else part.holds
                out.append(FactField(f"{f.path}.{part.name}", holds))
            continue
        holds = _holds(f, f.about.fact)
        out.append(FactField(f.path, f"{holds} | unknown" if f.optional else holds))
    return tuple(out)


def _holds(f: ProfileField, fact: Fact) -> str:
    if fact.holds:
        return fact.holds
    if f.choices:
        return " | ".join(f.choices)
    if f.base is bool:
        return "true | false"
    raise TypeError(f"{f.path}: say what the fact holds, Fact(holds=...), for values other than choices or yes/no")


@cache
def whatif_fields(model: type[BaseModel]) -> tuple[ProfileField, ...]:
    """The fields a what-if changes, in their what-if order."""
    ranked = [(w.rank, i, f) for i, f in enumerate(fields_of(model)) if (w := f.about.whatif) is not None]
    return tuple(f for _, _, f in sorted(ranked))


@cache
def form_fields(model: type[BaseModel]) -> tuple[ProfileField, ...]:
    """The fields of the web form, group by group (``GROUPS`` order), each group in its declared order."""
    ranked = [
        (GROUPS.index(form.group), form.rank, i, f)
        for i, f in enumerate(fields_of(model))
        if (form := f.about.form) is not None
    ]
    return tuple(f for *_, f in sorted(ranked))


@cache
def asked_fields(model: type[BaseModel]) -> tuple[ProfileField, ...]:
    """The fields a brief is read for, in the order its questions are asked."""
    ranked = [(ask, i, f) for i, f in enumerate(fields_of(model)) if (ask := f.about.ask) is not None]
    return tuple(f for _, _, f in sorted(ranked))


def value_at(obj: BaseModel, path: str) -> Any:
    """The value at a dotted ``path`` of a model, or None when a model on the way is None."""
    value: Any = obj
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def with_value_at(obj: M, path: str, value: Any) -> M:
    """A copy of ``obj`` with the field at dotted ``path`` set to ``value`` (not validated again)."""
    head, _, tail = path.partition(".")
    if tail:
        inner = getattr(obj, head)
        return obj.model_copy(update={head: with_value_at(inner, tail, value)})
    return obj.model_copy(update={head: value})
