"""The profile form: every field with its label and help text, parsed back into a profile mapping, and
validation problems shown beside the field they concern."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mizaan.errors import InputError
from mizaan.i18n import Lang, has, t
from mizaan.knowledge import KnowledgeBase
from mizaan.profile import GROUPS, Profile, ProfileField, form_fields

# The form's fields, in order, as the profile declares them (``Form`` on each field of ``Profile``).
FIELDS: tuple[ProfileField, ...] = form_fields(Profile)


def _choice_label(field: ProfileField, value: str, lang: Lang) -> str:
    key = field.value_key(value)
    return t(key, lang) if has(key) else value


def _current(values: Mapping[str, Any], name: str) -> Any:
    node: Any = values
    for part in name.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def field_id(path: str) -> str:
    """The HTML id of a profile field's input (``budget.amount`` → ``f-budget-amount``)."""
    return "f-" + path.replace(".", "-").replace("_", "-")


def form_view(
    kb: KnowledgeBase,
    lang: Lang,
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    form: Sequence[ProfileField] = FIELDS,
    warned: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The form as groups of fields ready for the template: label, help, options, current value, error.
    ``form``: the fields to show (those of a profile model with more fields: ``form_fields(model)``)."""
    groups = []
    for group in GROUPS:
        fields = []
        for f in form:
            if f.about.form is None or f.about.form.group != group:
                continue
            current = _current(values, f.path)
            options: list[tuple[str, str]] = []
            if f.widget == "choice":
                options = [(v, _choice_label(f, v, lang)) for v in f.choices]
            elif f.widget == "country":
                options = sorted(((c.code, c.name.get(lang)) for c in kb.countries.values()), key=lambda o: o[1])
            elif f.widget == "currency":
                options = [(c.code, f"{c.code} · {c.name.get(lang)}") for c in kb.currencies.values()]
            elif f.widget == "bool":
                options = [("yes", t("value.true", lang)), ("no", t("value.false", lang))]
                current = None if current is None else ("yes" if current else "no")
            age = current if f.widget == "age" and isinstance(current, Mapping) else {}
            fields.append(
                {
                    "name": f.path,
                    "id": field_id(f.path),
                    "kind": f.widget,
                    "label": t(f.label_key, lang),
                    "help": t(f.help_key, lang),
                    "required": f.required,
                    "options": options,
                    "value": "" if current is None or isinstance(current, Mapping) else str(current),
                    "age_min": age.get("min", ""),
                    "age_max": age.get("max", ""),
                    "error": errors.get(f.path),
                    "warning": (warned or {}).get(f.path),
                }
            )
        groups.append({"id": group, "title": t(f"web.group.{group}", lang), "fields": fields})
    return groups


def parse_form(form: Mapping[str, str], fields: Sequence[ProfileField] = FIELDS) -> dict[str, Any]:
    """A profile mapping from submitted form fields; empty fields are left out (so they stay unknown)."""
    data: dict[str, Any] = {}

    def put(path: str, value: Any) -> None:
        node = data
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    for f in fields:
        if f.widget == "age":
            low, high = (form.get(f"{f.path}.min") or "").strip(), (form.get(f"{f.path}.max") or "").strip()
            if low or high:
                put(f.path, {"min": low or high, "max": high or low})
            continue
        raw = (form.get(f.path) or "").strip()
        if not raw:
            continue
        if f.widget == "bool":
            put(f.path, raw == "yes" if raw in ("yes", "no") else raw)
        else:
            put(f.path, raw)
    return data


def field_errors(exc: InputError, lang: Lang, fields: Sequence[ProfileField] = FIELDS) -> dict[str, str]:
    """Each problem's message keyed by the form field it belongs to (problems without a field go under
    ``""``)."""
    known = {f.path for f in fields}
    out: dict[str, str] = {}
    for p in exc.problems:
        field = p.field or ""
        while field and field not in known and "." in field:
            field = field.rsplit(".", 1)[0]
        if field not in known:
            field = ""
        message = t(p.key, lang, **p.params)
        out[field] = f"{out[field]} · {message}" if field in out else message
    return out


def profile_values(profile: Profile) -> dict[str, Any]:
    """The values the form shows for an existing profile (only what it gave)."""
    return profile.model_dump(mode="json", exclude_unset=True)
