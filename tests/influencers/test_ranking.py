"""The ranking moves the right way when one thing changes and everything else stays equal, and the
expected outcome follows the planner's rules (S1/X1 on conversion, goal-dependent conversion rate)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mizaan.influencers import vet
from mizaan.influencers.model import AudienceShare
from tests.influencers import factory as f


def ranks(data: Any, profile: Any) -> dict[str, int | None]:
    return {v.handle: v.rank for v in vet(data, profile).influencers}


def twins(**b_changes: Any) -> tuple[Any, Any]:
    a = f.candidate("twin_a")
    b = f.candidate("twin_b", **b_changes)
    return a, b


def test_a_cheaper_twin_ranks_higher(make_profile: Any) -> None:
    a, b = twins(price_per_post=Decimal(600))
    data = f.world(a, b, posts=f.posts(a, seed=1) + f.posts(b, seed=1))
    r = ranks(data, make_profile())
    assert r["twin_b"] == 1 and r["twin_a"] == 2


def test_a_twin_with_more_engagement_ranks_higher(make_profile: Any) -> None:
    a, b = twins()
    data = f.world(a, b, posts=f.posts(a, er=0.02, seed=1) + f.posts(b, er=0.035, seed=1))
    r = ranks(data, make_profile())
    assert r["twin_b"] == 1 and r["twin_a"] == 2


def test_a_twin_whose_audience_fits_better_ranks_higher(make_profile: Any) -> None:
    a, b = twins()
    audience = [
        AudienceShare(handle="twin_a", platform="instagram", dimension="country", segment="SA", share=0.4),
        AudienceShare(handle="twin_b", platform="instagram", dimension="country", segment="SA", share=0.8),
    ]
    data = f.world(a, b, posts=f.posts(a, seed=1) + f.posts(b, seed=1), audience=audience)
    r = ranks(data, make_profile())
    assert r["twin_b"] == 1 and r["twin_a"] == 2


def test_a_twin_in_the_product_niche_ranks_above_one_outside_it(make_profile: Any) -> None:
    a, b = twins(niche=("gaming",))
    data = f.world(a, b, posts=f.posts(a, seed=1) + f.posts(b, seed=1))
    r = ranks(data, make_profile(product="عطور وبخور"))
    assert r["twin_a"] == 1 and r["twin_b"] == 2


def test_a_complex_product_cuts_expected_conversions_x1(make_profile: Any) -> None:
    c = f.candidate()
    data = f.world(c)
    simple = vet(data, make_profile(product_complexity="simple")).get(c.handle).outcome
    complex_ = vet(data, make_profile(product_complexity="complex")).get(c.handle).outcome
    assert simple and complex_
    assert complex_.conversions.p50 < simple.conversions.p50
    assert "X1" in complex_.rules and "S1" in simple.rules
    assert complex_.clicks.p50 == simple.clicks.p50


def test_outcome_has_ordered_ranges_and_a_cost_per_conversion(make_profile: Any) -> None:
    c = f.candidate()
    o = vet(f.world(c), make_profile()).get(c.handle).outcome
    assert o is not None and o.cost_per_conversion is not None
    for r in (o.reach, o.clicks, o.conversions, o.cost_per_conversion):
        assert 0 < r.p10 <= r.p50 <= r.p90


def test_prices_in_another_currency_are_converted_to_the_plan_currency(make_profile: Any) -> None:
    c = f.candidate(price_per_post=Decimal(1000), currency="USD")
    o = vet(f.world(c), make_profile()).get(c.handle).outcome
    assert o is not None and o.price == Decimal("3750.00")
