"""Read a profile from a YAML or JSON file (or a mapping) and check it against the knowledge base.

Every problem is reported at once, each with its file, row, column and field, in Arabic and English.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mizaan.errors import InputError, Problem, ProfileError
from mizaan.i18n import number_symbols
from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.profile.model import Profile
from mizaan.profile.numbers import NUMBER_FORMAT, NumberFormat
from mizaan.validation import Document, locate, parse_text, problems_from_validation, read_document

MIN_MONTHLY_USD = Decimal("10")
MAX_MONTHLY_USD = Decimal("50000000")
# An average order value this many times the high end of its business type's usual range is refused: it
# is a misplaced zero, period or currency, not a business (between the two, the plan warns).
MAX_ORDER_VALUE_FACTOR = Decimal("50")


def load_profile(path: str | Path, kb: KnowledgeBase | None = None) -> Profile:
    """Load and check the profile in ``path`` (``.yaml``, ``.yml`` or ``.json``)."""
    try:
        doc = read_document(path)
    except InputError as exc:
        raise ProfileError(exc.problems, file=str(path)) from None
    return _from_document(doc, kb)


def parse_profile(data: dict[str, Any] | str, kb: KnowledgeBase | None = None, *, fmt: str = "yaml") -> Profile:
    """Check a profile given as a mapping, or as YAML/JSON text."""
    if isinstance(data, str):
        try:
            doc = parse_text(data, fmt=fmt)
        except InputError as exc:
            raise ProfileError(exc.problems) from None
    else:
        doc = Document(data=data, node=None, file=None)
    return _from_document(doc, kb)


def _from_document(doc: Document, kb: KnowledgeBase | None) -> Profile:
    kb = kb or load_knowledge_base()
    if not isinstance(doc.data, dict):
        row, col = locate(doc.node, ())
        raise ProfileError([Problem("p.not_mapping", {}, file=doc.file, row=row, column=col)], file=doc.file)
    try:
        profile = Profile.model_validate(doc.data, context={NUMBER_FORMAT: number_format(doc.data, kb)})
    except ValidationError as exc:
        raise ProfileError(problems_from_validation(exc, doc), file=doc.file) from None
    return _check_against_kb(profile, kb, doc)


def number_format(data: object, kb: KnowledgeBase) -> NumberFormat:
    """How the profile in ``data`` (a mapping, before validation) writes numbers: the separators of its
    country's locale (CLDR), or an unknown convention when the country or its locale is not known (then a
    separator that could be read two ways is refused with a question)."""
    location = data.get("location") if isinstance(data, dict) else None
    written = location.get("country") if isinstance(location, dict) else None
    country = kb.find_country(written) if isinstance(written, str) else None
    symbols = number_symbols(country.locale) if country is not None and country.locale else None
    name = country.code if country is not None else written if isinstance(written, str) else "?"
    if symbols is None:
        return NumberFormat(country=name)
    return NumberFormat(group=symbols[0], decimal=symbols[1], country=name)


def _problem(doc: Document, loc: tuple[str, ...], key: str, **params: Any) -> Problem:
    row, col = locate(doc.node, loc)
    return Problem(key, params, file=doc.file, row=row, column=col, field=".".join(loc))


def _order_value(profile: Profile, kb: KnowledgeBase, doc: Document, country: str) -> list[Problem]:
    """An average order value far beyond any business of its type (``MAX_ORDER_VALUE_FACTOR`` times the
    high end of its usual range, a benchmark figure) is refused."""
    value = profile.average_order_value
    if value is None or not kb.has_figure("order_value", profile.business_type):
        return []
    per_usd = Decimal(str(kb.per_usd(profile.budget.currency)))
    high = Decimal(str(kb.figure("order_value", profile.business_type, country).high)) * per_usd
    limit = high * MAX_ORDER_VALUE_FACTOR
    if value <= limit:
        return []
    return [
        _problem(
            doc,
            ("average_order_value",),
            "p.aov_absurd",
            value=value,
            currency=profile.budget.currency,
            business_type=profile.business_type,
            high=high.quantize(Decimal("1")),
            limit=limit.quantize(Decimal("1")),
        )
    ]


def _check_against_kb(profile: Profile, kb: KnowledgeBase, doc: Document) -> Profile:
    problems: list[Problem] = []
    currency = profile.budget.currency
    if currency not in kb.currencies:
        problems.append(
            _problem(doc, ("budget", "currency"), "p.currency", value=currency, expected=", ".join(kb.currencies))
        )
    country = kb.find_country(profile.location.country)
    if country is None:
        problems.append(
            _problem(
                doc,
                ("location", "country"),
                "p.country",
                value=profile.location.country,
                expected=", ".join(kb.countries),
            )
        )
    elif profile.location.city:
        found = kb.find_city(None, profile.location.city)
        if (
            found is not None
            and found[0].code != country.code
            and kb.find_city(country.code, profile.location.city) is None
        ):
            problems.append(
                _problem(
                    doc,
                    ("location", "city"),
                    "p.city_country",
                    city=profile.location.city,
                    country=country.code,
                    other=found[0].code,
                )
            )
    if currency in kb.currencies:
        monthly_usd = profile.monthly_budget / Decimal(str(kb.per_usd(currency)))
        if monthly_usd < MIN_MONTHLY_USD:
            least = (MIN_MONTHLY_USD * Decimal(str(kb.per_usd(currency)))).quantize(Decimal("1"))
            problems.append(_problem(doc, ("budget", "amount"), "p.budget_small", least=least, currency=currency))
        elif monthly_usd > MAX_MONTHLY_USD:
            problems.append(_problem(doc, ("budget", "amount"), "p.budget_absurd", value=profile.budget.amount))
        if country is not None:
            problems.extend(_order_value(profile, kb, doc, country.code))
    if problems:
        raise ProfileError(problems, file=doc.file)
    if country is not None and country.code != profile.location.country:
        location = profile.location.model_copy(update={"country": country.code})
        profile = profile.model_copy(update={"location": location})
    return profile
