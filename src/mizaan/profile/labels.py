"""Profile fields and their values in words, in Arabic or English: "نوع المشروع" for ``business_type``,
"متجر إلكتروني" for ``ecommerce``, "نعم" for true. Plans, briefs and pages all name fields this way."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mizaan.i18n import Lang, NumberFormatter, has, t


def field_label(field: str, lang: Lang) -> str:
    """A profile field (dotted for nested ones) in words."""
    return t(f"field.{field}", lang)


def value_label(field: str, value: Any, lang: Lang, numbers: NumberFormatter | None = None) -> str:
    """A field's value in words; numbers in ``numbers``' digits when given."""
    if value is None:
        return t("value.unknown", lang)
    if isinstance(value, bool):
        return t("value.true" if value else "value.false", lang)
    if isinstance(value, dict) and {"min", "max"} <= set(value):
        low, high = value["min"], value["max"]
    elif hasattr(value, "min") and hasattr(value, "max") and not isinstance(value, int | float | Decimal | str):
        low, high = value.min, value.max
    else:
        low = high = None
    nf = numbers or NumberFormatter(lang)
    if low is not None and high is not None:
        return f"{nf.num(int(low))}-{nf.num(int(high))}"
    key = f"value.{field}.{value}"
    if has(key):
        return t(key, lang)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return nf.num(value, 0 if float(value).is_integer() else 2)
    return str(value)
