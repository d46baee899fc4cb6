"""The shortlist is an exact knapsack: never over budget, and as good as the best subset found by brute
force on small cases."""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.influencers import best_subset, vet
from tests.influencers import factory as f

prices_st = st.lists(st.integers(min_value=1, max_value=5000), min_size=1, max_size=9)


def brute(prices: list[int], values: list[float], budget: int) -> float:
    best = 0.0
    for k in range(len(prices) + 1):
        for combo in combinations(range(len(prices)), k):
            if sum(prices[i] for i in combo) <= budget:
                best = max(best, sum(values[i] for i in combo))
    return best


@settings(max_examples=150, deadline=None)
@given(
    prices=prices_st,
    data=st.data(),
    budget=st.integers(min_value=0, max_value=12000),
)
def test_the_shortlist_is_optimal_and_never_over_budget(prices: list[int], data: Any, budget: int) -> None:
    values = data.draw(st.lists(st.floats(0.0, 10.0, allow_nan=False), min_size=len(prices), max_size=len(prices)))
    chosen = best_subset([Decimal(p) for p in prices], values, Decimal(budget), "SAR")
    assert sum(prices[i] for i in chosen) <= budget
    assert abs(sum(values[i] for i in chosen) - brute(prices, values, budget)) < 1e-9


@settings(max_examples=60, deadline=None)
@given(
    cents=st.lists(st.integers(min_value=1, max_value=900_000), min_size=1, max_size=7),
    budget=st.integers(min_value=0, max_value=2_000_000),
    data=st.data(),
)
def test_prices_with_halalas_are_handled_exactly(cents: list[int], budget: int, data: Any) -> None:
    values = data.draw(st.lists(st.floats(0.01, 5.0), min_size=len(cents), max_size=len(cents)))
    prices = [Decimal(c) / 100 for c in cents]
    chosen = best_subset(prices, values, Decimal(budget) / 100, "SAR")
    assert sum(cents[i] for i in chosen) <= budget
    assert abs(sum(values[i] for i in chosen) - brute(cents, values, budget)) < 1e-9


def test_a_sort_by_value_per_cost_would_be_worse_here() -> None:
    # best ratio first takes A (10/6) and then nothing fits; B + C together are worth more
    prices = [Decimal(6), Decimal(5), Decimal(5)]
    values = [10.0, 8.0, 8.0]
    assert best_subset(prices, values, Decimal(10), "SAR") == [1, 2]


def test_the_vetting_shortlist_stays_within_the_budget_given(make_profile: Any) -> None:
    cands = [f.candidate(f"c{i}", price_per_post=Decimal(300 + 170 * i)) for i in range(8)]
    report = vet(f.world(*cands), make_profile(), budget=Decimal(2000))
    spent = sum(v.outcome.price for v in report.influencers if v.shortlisted and v.outcome and v.outcome.price)
    assert spent == report.shortlist.spent <= Decimal(2000)
    assert report.shortlist.handles and report.shortlist.budget_source == "given"


def test_without_a_budget_the_plan_influencer_budget_is_used(make_profile: Any) -> None:
    c = f.candidate()
    report = vet(f.world(c), make_profile())
    assert report.shortlist.budget_source == "plan"
    assert report.shortlist.budget == report.plan_influencer_budget
