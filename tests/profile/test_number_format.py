"""Profile numbers are read the way the profile's country writes them (its CLDR locale, through Babel):
a number formatted the country's way reads back as itself, or, when its form could be read two ways, is
refused with both readings; never as a different number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.errors import ProfileError
from mizaan.i18n import to_eastern_digits
from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.profile import NumberFormat, number_format, parse_profile, read_number

KB = load_knowledge_base()
ARAB_LEAGUE = sorted(code for code, c in KB.countries.items() if c.locale and c.locale.startswith("ar_"))
NUMBERING = ("latn", "arab")  # Western digits with the locale's separators, or the Arabic separators


def _format(code: str) -> NumberFormat:
    return number_format({"location": {"country": code}}, KB)


def _written(value: Decimal, code: str, numbering: str, eastern: bool) -> str:
    locale = KB.countries[code].locale
    assert locale is not None
    text = format_decimal(value, locale=locale, numbering_system=numbering, decimal_quantization=False)
    return to_eastern_digits(text) if eastern else text


def test_the_22_arab_league_countries_have_a_number_locale() -> None:
    assert len(ARAB_LEAGUE) == 22
    assert {c for c in ARAB_LEAGUE if _format(c).group == "."} == {"DZ", "LB", "LY", "MA", "MR", "TN"}


amounts = st.one_of(
    st.integers(min_value=1, max_value=10**12).map(Decimal),
    st.integers(min_value=1, max_value=10**10).map(lambda n: Decimal(n) / 100),  # money with cents
)


@settings(max_examples=300, deadline=None)
@given(
    value=amounts,
    code=st.sampled_from(ARAB_LEAGUE),
    numbering=st.sampled_from(NUMBERING),
    eastern=st.booleans(),
)
def test_whole_numbers_and_money_written_the_country_s_way_read_back_as_themselves(
    value: Decimal, code: str, numbering: str, eastern: bool
) -> None:
    text = _written(value, code, numbering, eastern)
    assert read_number(text, _format(code)) == value


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10**9), places=3, allow_nan=False),
    code=st.sampled_from(ARAB_LEAGUE),
    numbering=st.sampled_from(NUMBERING),
)
def test_any_number_written_the_country_s_way_is_read_right_or_refused_never_misread(
    value: Decimal, code: str, numbering: str
) -> None:
    text = _written(value, code, numbering, eastern=False)
    try:
        read = read_number(text, _format(code))
    except ValueError as exc:  # pydantic's custom error is a ValueError
        assert "two ways" in str(exc), text
    else:
        assert read == value, text


@pytest.mark.parametrize(
    ("country", "written", "value"),
    [
        ("MA", "20.000", "20000"),
        ("TN", "1.250.000", "1250000"),
        ("LB", "20.000,5", "20000.5"),
        ("DZ", "20 000", "20000"),
        ("MA", "2000,5", "2000.5"),
        ("SA", "20,000", "20000"),
        ("EG", "20,000.75", "20000.75"),
        ("SA", "٢٠٬٠٠٠٫٥", "20000.5"),
        ("MA", "٢٠٬٠٠٠", "20000"),
        ("AE", "۲۰٬۰۰۰", "20000"),
    ],
)
def test_a_profile_reads_its_budget_in_its_country_s_convention(
    kb: KnowledgeBase, country: str, written: str, value: str
) -> None:
    currency = kb.countries[country].currency
    text = f'business_type: ecommerce\ngoal: sales\nbudget: {{amount: "{written}", currency: {currency}}}\n'
    profile = parse_profile(text + f"location: {{country: {country}}}\n", kb)
    assert profile.budget.amount == Decimal(value)


@pytest.mark.parametrize(
    ("country", "written"),
    [("SA", "20,00"), ("SA", "2000,5"), ("MA", "1,000 000"), ("SA", "20d5"), ("SA", "20.000.5"), ("MA", "1.00.000")],
)
def test_what_is_not_a_number_in_the_country_s_convention_is_refused(country: str, written: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        read_number(written, _format(country))


@pytest.mark.parametrize(
    ("country", "written", "grouped", "decimal"),
    [("SA", "20.000", "20000", "20"), ("MA", "20,000", "20000", "20"), ("Atlantis", "20,000", "20000", "20")],
)
def test_a_separator_that_could_be_read_two_ways_is_a_question_in_both_languages(
    kb: KnowledgeBase, country: str, written: str, grouped: str, decimal: str
) -> None:
    text = f'business_type: ecommerce\ngoal: sales\nbudget: {{amount: "{written}", currency: USD}}\n'
    with pytest.raises(ProfileError) as info:
        parse_profile(text + f"location: {{country: {country}}}\n", kb)
    problem = next(p for p in info.value.problems if p.field == "budget.amount")
    en, ar = problem.message("en"), problem.message("ar")
    assert f"«{written}» can be read two ways: {grouped}" in en and f"or {decimal} (if it is a decimal mark)" in en
    assert "without separators" in en
    assert f"«{written}» يحتمل قراءتين: {grouped}" in ar and "بلا فواصل" in ar
    assert problem.row == 3


@settings(max_examples=150, deadline=None)
@given(
    value=st.decimals(min_value=Decimal("0.001"), max_value=Decimal(1000), places=3, allow_nan=False),
    code=st.sampled_from(ARAB_LEAGUE),
)
def test_a_profile_written_as_json_reads_back_as_itself_in_every_country(value: Decimal, code: str) -> None:
    """The web's links and what-ifs carry profiles as JSON: "1.125" must not come back as 1125 in Morocco
    nor be refused as ambiguous in Kuwait."""
    currency = KB.countries[code].currency
    amount = round(5000 * KB.per_usd(currency))
    data = {
        "business_type": "services",
        "goal": "leads",
        "budget": {"amount": amount, "currency": currency},
        "location": {"country": code},
        "average_order_value": value,
    }
    profile = parse_profile(data, KB)
    again = parse_profile(profile.model_dump(mode="json", exclude_unset=True), KB)
    assert again.average_order_value == profile.average_order_value
