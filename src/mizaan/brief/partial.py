"""A brief's partial profile, made from the profile's declaration: every profile field, each optional, with
the profile's names, types and limits, so the two cannot drift apart; and the defaults that fill a brief's
gaps (marked as assumptions).

Field names are the planner profile's, dotted for nested fields (``budget.amount``, ``location.city``).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, create_model

from mizaan.profile import Profile, ProfileField, fields_of


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BriefAssumption(_Model):
    """A default that fills a field the brief did not give. ``value`` None means "left unknown": the
    planner then treats the field as not known."""

    field: str
    value: Any
    reason: str  # a message key (brief.reason.*) saying where the default comes from


class PartialFields(_Model):
    """What every partial profile can do; ``partial_model`` adds the fields of a profile model."""

    if TYPE_CHECKING:
        # The fields are made from the declaration when the module loads; to the type checker they are Any.
        def __getattr__(self, name: str) -> Any: ...

    def get(self, field: str) -> Any:
        """The value of a dotted field (``budget.amount``), or None."""
        head, _, tail = field.partition(".")
        value = getattr(self, head)
        return getattr(value, tail) if tail else value

    def with_value(self, field: str, value: Any) -> PartialFields:
        """A copy with one dotted field set (validated)."""
        data = self.model_dump()
        head, _, tail = field.partition(".")
        if tail:
            data[head][tail] = value
        else:
            data[head] = value
        return type(self).model_validate(data)

    def as_mapping(self) -> dict[str, Any]:
        """The given fields only, nested as in a profile file (JSON-ready)."""
        data = self.model_dump(mode="json", exclude_none=True)
        for name, value in list(data.items()):
            if isinstance(value, dict) and not value and _is_group(type(self), name):
                data.pop(name)
        return data


def _is_group(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields[name]
    return isinstance(info.annotation, type) and issubclass(info.annotation, PartialFields)


def _optional(f: ProfileField) -> Any:
    """The field's type, allowing None. A link stays the text the brief wrote (the profile checks it)."""
    if f.widget == "url":
        return str | None
    return f.annotation | None


@cache
def partial_model(model: type[Profile] = Profile) -> type[PartialFields]:
    """The partial profile of ``model``: its declared fields, every one optional (default None); nested
    fields (``budget.amount``) in a nested partial that is empty by default."""
    top: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    for f in fields_of(model):
        head, _, tail = f.path.partition(".")
        if tail:
            groups.setdefault(head, {})[tail] = (_optional(f), None)
        else:
            top[f.path] = (_optional(f), None)
    fields: dict[str, Any] = {}
    for f in fields_of(model):
        head = f.path.partition(".")[0]
        if head in fields:
            continue
        if head in groups:
            group = create_model(f"Partial{head.title()}", __base__=PartialFields, **groups[head])
            fields[head] = (group, group())
        else:
            fields[head] = top[head]
    return create_model(f"Partial{model.__name__}", __base__=PartialFields, **fields)


if TYPE_CHECKING:
    PartialProfile = PartialFields
else:
    PartialProfile = partial_model(Profile)
