"""One number formatter: the same amount reads the same wherever it is formatted (the plan's document,
the measurement tables, the vetting tables, the bare functions), and what it shows is the amount."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.i18n import (
    DigitStyle,
    Lang,
    NumberFormatter,
    currency_precision,
    format_money,
    format_percent,
    to_western_digits,
)
from mizaan.plan import Plan
from mizaan.present import make_plan
from mizaan.profile import load_profile
from mizaan.report import plan_document
from mizaan.report.table_parts import Fmt

ROOT = Path(__file__).parents[2]
CURRENCIES = ["SAR", "AED", "EGP", "KWD", "QAR", "USD"]
COUNTRIES = {"SAR": "SA", "AED": "AE", "EGP": "EG", "KWD": "KW", "QAR": "QA", "USD": "US"}

amounts = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)
currencies = st.sampled_from(CURRENCIES)
langs = st.sampled_from(["ar", "en"])
digit_styles = st.sampled_from(["latn", "arab"])


@lru_cache(maxsize=1)
def base_plan() -> Plan:
    return make_plan(load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml"), lang="en", samples=200)


def shown_value(text: str) -> Decimal:
    """The number a formatted amount shows, read back (digits and the decimal point only)."""
    found = re.search(r"\d[\d,]*(?:\.\d+)?", to_western_digits(text))
    assert found, text
    return Decimal(found.group().replace(",", ""))


@settings(max_examples=60, deadline=None)
@given(amount=amounts, currency=currencies, lang=langs, digits=digit_styles, with_country=st.booleans())
def test_an_amount_reads_the_same_wherever_it_is_formatted(
    amount: Decimal, currency: str, lang: Lang, digits: DigitStyle, with_country: bool
) -> None:
    country = COUNTRIES[currency] if with_country else None
    nf = NumberFormatter(lang, country, digits, currency)
    text = nf.money(amount)
    assert text == NumberFormatter(lang, country, digits).money(amount, currency)
    assert text == format_money(amount, currency, lang, country, digits)
    assert nf.money(amount, whole=True) == format_money(amount, currency, lang, country, digits, whole=True)
    if country is None:  # the measurement tables format without a country
        fmt = Fmt(lang, currency, digits)
        assert fmt.money(amount) == text and fmt.money(amount, True) == nf.money(amount, whole=True)
        assert fmt.pct(float(amount) / 10**9, 1) == format_percent(float(amount) / 10**9, lang, None, digits, 1)
    places = Decimal(1).scaleb(-currency_precision(currency))
    assert shown_value(text) == amount.quantize(places, rounding=ROUND_HALF_EVEN)
    assert any("٠" <= ch <= "٩" for ch in text) == (digits == "arab")


@settings(max_examples=25, deadline=None)
@given(amount=amounts, currency=currencies, lang=langs, digits=digit_styles)
def test_the_plans_document_shows_amounts_as_the_formatter_does(
    amount: Decimal, currency: str, lang: Lang, digits: DigitStyle
) -> None:
    plan = base_plan()
    line = plan.allocation[0].model_copy(update={"amount": amount, "monthly_amount": amount})
    country = COUNTRIES[currency]
    profile = {**plan.profile, "location": {**plan.profile["location"], "country": country}}
    changed = plan.model_copy(
        update={"currency": currency, "lang": lang, "digits": digits, "profile": profile, "allocation": [line]}
    )
    table = plan_document(changed).section("allocation").table("allocation")
    cell = table.rows[0].cells[table.column("amount")]
    assert cell.value == amount
    assert cell.text == NumberFormatter(lang, country, digits, currency).money(amount)
