"""Profile changes a user can compare against: the same changes the planner's "what would change this
plan" tries, offered as a form, and applied to a profile to make the second plan of a comparison."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from mizaan.i18n import Lang, NumberFormatter, t, to_western_digits
from mizaan.knowledge import KnowledgeBase
from mizaan.plan import BOOLEANS, CHOICES, apply_change
from mizaan.profile import Profile, field_label, parse_profile, value_label

NUMERIC = ("budget.amount", "horizon_months")
YES = ("true", "yes", "نعم")
NO = ("false", "no", "لا")


def change_choices(profile: Profile, lang: Lang) -> list[dict[str, Any]]:
    """Fields and values for the "compare with a change" form."""
    nf = NumberFormatter(lang, profile.location.country)
    out: list[dict[str, Any]] = []
    for field in BOOLEANS:
        out.append(
            {
                "field": field,
                "label": field_label(field, lang),
                "options": [("true", t("value.true", lang)), ("false", t("value.false", lang))],
            }
        )
    for field, values in CHOICES.items():
        out.append(
            {
                "field": field,
                "label": field_label(field, lang),
                "options": [(v, value_label(field, v, lang, nf)) for v in values],
            }
        )
    for field in NUMERIC:
        out.append({"field": field, "label": field_label(field, lang), "options": []})
    return out


def _typed(field: str, value: Any) -> Any:
    if field in BOOLEANS:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in YES or word in NO:  # the choice sends true/false; typed by hand, yes/no in either language
            return word in YES
        raise ValueError(f"{field} takes yes or no")
    if field in CHOICES:
        if value not in CHOICES[field]:
            raise ValueError(f"{field} takes one of {CHOICES[field]}")
        return value
    if field in NUMERIC:
        try:
            number = Decimal(to_western_digits(str(value)).replace(",", "").strip())
        except InvalidOperation:
            raise ValueError(f"{field} takes a number") from None
        return int(number) if field == "horizon_months" else number
    raise ValueError(f"{field} cannot be changed here")


def changed_profile(profile: Profile, field: str, value: Any, kb: KnowledgeBase) -> Profile:
    """``profile`` with one field changed, validated again (a change can make it invalid)."""
    changed = apply_change(profile, field, _typed(field, value))
    return parse_profile(changed.model_dump(mode="json", exclude_unset=True), kb)
