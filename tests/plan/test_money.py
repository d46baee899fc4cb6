from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mizaan.plan.money import split_exact

CURRENCIES = st.sampled_from(["SAR", "KWD", "EGP", "USD", "BHD", "JOD"])


@given(
    st.decimals(min_value=Decimal("1"), max_value=Decimal("1e9"), places=3),
    st.lists(st.floats(min_value=0.001, max_value=1e6), min_size=1, max_size=10),
    CURRENCIES,
)
def test_parts_add_up_to_the_total_exactly(total: Decimal, weights: list[float], currency: str) -> None:
    parts = split_exact(total, weights, currency)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)


def test_parts_are_whole_minor_units_and_follow_the_weights() -> None:
    parts = split_exact(Decimal("100"), [1, 1, 1], "SAR")
    assert sorted(parts) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert split_exact(Decimal("10"), [1, 3], "KWD") == [Decimal("2.500"), Decimal("7.500")]


@given(
    st.decimals(min_value=Decimal("1"), max_value=Decimal("1e9"), places=2),
    st.lists(st.floats(min_value=0.001, max_value=1e6), min_size=2, max_size=10),
    st.floats(min_value=0.05, max_value=0.95),
    CURRENCIES,
)
def test_a_capped_part_is_never_rounded_past_its_ceiling(
    total: Decimal, weights: list[float], cap: float, currency: str
) -> None:
    # the first part is capped at `cap` of the total and weighted to sit exactly on its cap
    rest = sum(weights[1:])
    weights = [rest * cap / (1 - cap), *weights[1:]]
    ceiling = total * Decimal(str(cap))
    parts = split_exact(total, weights, currency, [ceiling])
    assert sum(parts) == total
    assert parts[0] <= ceiling
    assert all(p >= 0 for p in parts)


def test_an_odd_unit_on_a_half_cap_goes_to_the_uncapped_part() -> None:
    # 0.01 cannot be halved: largest remainders would give it to the first part, the ceiling says no
    assert split_exact(Decimal("100.01"), [1, 1], "SAR", [Decimal("50.005")]) == [Decimal("50.00"), Decimal("50.01")]


def test_a_part_at_its_minimum_is_not_rounded_a_unit_below_it() -> None:
    # the first part a hair under its minimum (the optimiser's float arithmetic), the leftover unit going to a
    # larger remainder: plain rounding gives 112.799
    total = Decimal("507.600")
    weights = [112.7994, 197.4005, 197.4001]
    assert split_exact(total, weights, "BHD")[0] == Decimal("112.799")
    parts = split_exact(total, weights, "BHD", minimums=[Decimal("112.800"), None, None])
    assert parts[0] == Decimal("112.800") and sum(parts) == total


@given(
    st.decimals(min_value=Decimal("10"), max_value=Decimal("1e7"), places=2),
    st.lists(st.floats(min_value=0.001, max_value=1e6), min_size=2, max_size=8),
    st.floats(min_value=0.01, max_value=0.5),
    st.floats(min_value=0.999, max_value=1.0),
    CURRENCIES,
)
def test_parts_at_their_minimum_stay_at_it_and_still_add_up(
    total: Decimal, weights: list[float], share: float, shave: float, currency: str
) -> None:
    # the first part sits on its minimum (up to a float's shave); rounding must not take it below
    rest = sum(weights[1:])
    weights = [rest * share / (1 - share) * shave, *weights[1:]]
    places = -3 if currency in {"KWD", "BHD", "JOD"} else -2
    minimum = (total * Decimal(str(share))).quantize(Decimal(1).scaleb(places), rounding="ROUND_DOWN")
    parts = split_exact(total, weights, currency, minimums=[minimum, None])
    assert sum(parts) == total
    assert parts[0] >= minimum
    assert all(p >= 0 for p in parts)
