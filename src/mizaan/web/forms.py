"""The profile form: every field with its label and help text, parsed back into a profile mapping, and
validation problems shown beside the field they concern."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from mizaan.errors import InputError
from mizaan.i18n import Lang, has, t
from mizaan.knowledge import KnowledgeBase
from mizaan.profile import Profile

Kind = Literal["choice", "bool", "number", "integer", "text", "textarea", "url", "age", "country", "currency"]


@dataclass(frozen=True)
class Field:
    name: str  # dotted profile path, also the form input's name
    kind: Kind
    group: str
    choices: tuple[str, ...] = ()
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("business_type", "choice", "basics", ("ecommerce", "services", "local", "b2b"), required=True),
    Field("goal", "choice", "basics", ("sales", "leads", "awareness"), required=True),
    Field("speed", "choice", "basics", ("fast", "balanced", "sustainable")),
    Field("stage", "choice", "basics", ("idea", "launch", "growth", "established")),
    Field("budget.amount", "number", "budget", required=True),
    Field("budget.currency", "currency", "budget", required=True),
    Field("budget.period", "choice", "budget", ("month", "quarter", "year", "campaign")),
    Field("horizon_months", "integer", "budget"),
    Field("location.country", "country", "market", required=True),
    Field("location.city", "text", "market"),
    Field("location.scope", "choice", "market", ("local", "national", "international")),
    Field("product_complexity", "choice", "audience", ("simple", "moderate", "complex")),
    Field("decision_speed", "choice", "audience", ("quick", "considered")),
    Field("audience_relies_on_recommendations", "bool", "audience"),
    Field("audience_age", "age", "audience"),
    Field("has_landing_page", "bool", "readiness"),
    Field("has_clear_offer", "bool", "readiness"),
    Field("has_tracking", "bool", "readiness"),
    Field("must_prove_results", "bool", "readiness"),
    Field("brand_risk_tolerance", "choice", "influencers", ("low", "medium", "high")),
    Field("preferred_influencer_tier", "choice", "influencers", ("nano", "micro", "macro", "mega")),
    Field("influencers_because_trend", "bool", "influencers"),
    Field("choose_influencers_by_followers", "bool", "influencers"),
    Field("business_name", "text", "about"),
    Field("product", "text", "about"),
    Field("website", "url", "about"),
    Field("average_order_value", "number", "about"),
    Field("notes", "textarea", "about"),
)
GROUPS = ("basics", "budget", "market", "audience", "readiness", "influencers", "about")


def _choice_label(field: Field, value: str, lang: Lang) -> str:
    key = f"value.{field.name}.{value}"
    return t(key, lang) if has(key) else value


def _current(values: Mapping[str, Any], name: str) -> Any:
    node: Any = values
    for part in name.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def form_view(
    kb: KnowledgeBase, lang: Lang, values: Mapping[str, Any], errors: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The form as groups of fields ready for the template: label, help, options, current value, error."""
    groups = []
    for group in GROUPS:
        fields = []
        for f in FIELDS:
            if f.group != group:
                continue
            current = _current(values, f.name)
            options: list[tuple[str, str]] = []
            if f.kind == "choice":
                options = [(v, _choice_label(f, v, lang)) for v in f.choices]
            elif f.kind == "country":
                options = sorted(((c.code, c.name.get(lang)) for c in kb.countries.values()), key=lambda o: o[1])
            elif f.kind == "currency":
                options = [(c.code, f"{c.code} · {c.name.get(lang)}") for c in kb.currencies.values()]
            elif f.kind == "bool":
                options = [("yes", t("value.true", lang)), ("no", t("value.false", lang))]
                current = None if current is None else ("yes" if current else "no")
            age = current if f.kind == "age" and isinstance(current, Mapping) else {}
            fields.append(
                {
                    "name": f.name,
                    "id": "f-" + f.name.replace(".", "-").replace("_", "-"),
                    "kind": f.kind,
                    "label": t(f"field.{f.name}", lang),
                    "help": t(f"help.{f.name}", lang),
                    "required": f.required,
                    "options": options,
                    "value": "" if current is None or isinstance(current, Mapping) else str(current),
                    "age_min": age.get("min", ""),
                    "age_max": age.get("max", ""),
                    "error": errors.get(f.name),
                }
            )
        groups.append({"id": group, "title": t(f"web.group.{group}", lang), "fields": fields})
    return groups


def parse_form(form: Mapping[str, str]) -> dict[str, Any]:
    """A profile mapping from submitted form fields; empty fields are left out (so they stay unknown)."""
    data: dict[str, Any] = {}

    def put(path: str, value: Any) -> None:
        node = data
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    for f in FIELDS:
        if f.kind == "age":
            low, high = (form.get(f"{f.name}.min") or "").strip(), (form.get(f"{f.name}.max") or "").strip()
            if low or high:
                put(f.name, {"min": low or high, "max": high or low})
            continue
        raw = (form.get(f.name) or "").strip()
        if not raw:
            continue
        if f.kind == "bool":
            put(f.name, raw == "yes" if raw in ("yes", "no") else raw)
        else:
            put(f.name, raw)
    return data


def field_errors(exc: InputError, lang: Lang) -> dict[str, str]:
    """Each problem's message keyed by the form field it belongs to (problems without a field go under
    ``""``)."""
    known = {f.name for f in FIELDS}
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
