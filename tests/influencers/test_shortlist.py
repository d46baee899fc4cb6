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


def mixed_candidates() -> list[Any]:
    return [
        f.candidate(f"m{i}", followers=[8_000, 25_000, 60_000, 140_000, 30_000, 12_000, 90_000][i],
                    price_per_post=Decimal([400, 900, 1500, 3200, 1100, 500, 2100][i]))
        for i in range(7)
    ]  # fmt: skip


def mixed_world() -> Any:
    cands = mixed_candidates()
    posts = [
        p for i, c in enumerate(cands) for p in f.posts(c, n=[3, 12, 6, 15, 2, 9, 5][i], er=0.02 + 0.004 * i, seed=i)
    ]
    return f.world(*cands, posts=posts)


def test_the_vetting_shortlist_is_optimal_for_its_risk_adjusted_objective(make_profile: Any) -> None:
    report = vet(mixed_world(), make_profile(), budget=Decimal(4000))
    items = [v for v in report.influencers if v.eligible and v.outcome and v.outcome.price is not None]
    prices = [int(v.outcome.price) for v in items]  # type: ignore[union-attr,arg-type]
    values = [v.outcome.risk_adjusted for v in items]  # type: ignore[union-attr]
    best = brute(prices, values, 4000)
    assert abs(report.shortlist.risk_adjusted - best) < 1e-9
    assert report.shortlist.spent <= Decimal(4000)
    for v in items:
        o = v.outcome
        assert o is not None and o.risk_adjusted <= o.value_mean
        assert o.value_range.p10 <= o.value_range.p50 <= o.value_range.p90


def test_the_value_interval_widens_with_fewer_posts(make_profile: Any) -> None:
    c = f.candidate()
    widths = {}
    for n in (2, 6, 24):
        o = vet(f.world(c, posts=f.posts(c, n=n, seed=5)), make_profile()).get(c.handle).outcome
        assert o is not None
        widths[n] = (o.value_range.p90 - o.value_range.p10) / o.value_range.p50
    assert widths[2] > widths[6] > widths[24] > 0


def test_the_shortlist_does_not_depend_on_the_simulation_seed(make_profile: Any) -> None:
    data = mixed_world()
    picks = {tuple(vet(data, make_profile(), budget=Decimal(4000), seed=s).shortlist.handles) for s in range(4)}
    assert len(picks) == 1


def test_a_twin_within_noise_is_named_as_the_alternate(make_profile: Any) -> None:
    a = f.candidate("twin_a")
    b = f.candidate("twin_b")
    data = f.world(a, b, posts=f.posts(a, n=5, seed=1) + f.posts(b, n=5, seed=2))
    report = vet(data, make_profile(), budget=Decimal(1000))
    assert len(report.shortlist.handles) == 1
    left_out = "twin_b" if report.shortlist.handles == ["twin_a"] else "twin_a"
    assert report.get(left_out).alternate_of == report.shortlist.handles[0]
    assert report.shortlist.alternates == [left_out]
