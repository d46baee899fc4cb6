"""Markets have a ceiling (issue 12, deliverable 2): creators are finite, audiences saturate, and past the
margin an extra unit returns less than it costs. The plan's recommended spend says where; past the market's
ceiling the plan holds the rest back and says what it would buy elsewhere."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.knowledge import load_knowledge_base
from mizaan.plan import plan
from mizaan.plan.allocate import allocate
from mizaan.present import make_plan, present
from mizaan.profile import parse_profile
from tests.conftest import BASE_PROFILE, merge

KB = load_knowledge_base()
CAFE: dict[str, Any] = {
    "business_name": "Qahwa",
    "business_type": "local",
    "goal": "sales",
    "budget": {"amount": 10_000_000, "currency": "SAR", "period": "month"},
    "horizon_months": 3,
    "location": {"country": "SA", "city": "Jeddah", "scope": "local"},
    "has_landing_page": True,
    "has_clear_offer": True,
    "has_tracking": True,
    "average_order_value": 35,
}


def _profile(base: dict[str, Any], **changes: Any) -> Any:
    return parse_profile(merge(base, {k.replace("__", "."): v for k, v in changes.items()}), KB)


def test_a_cafe_with_ten_million_a_month_spends_what_jeddah_can_absorb_and_holds_back_the_rest() -> None:
    result = plan(_profile(CAFE), KB, samples=200, what_if=False)
    c = result.ceiling
    assert c.binding == "margin" and c.recommended_monthly < c.market_monthly < Decimal(10_000_000)
    assert c.held_back > Decimal(9_000_000) and c.held_back_monthly == c.held_back  # a monthly budget
    spent = sum(line.amount for line in result.lines)
    assert spent + c.held_back == Decimal(10_000_000)
    assert abs(spent - c.market_monthly) <= Decimal("0.02") * c.market_monthly  # it spends the market's ceiling
    assert (
        result.forecast.held_back == c.held_back_monthly and result.forecast.recommended_spend == c.recommended_monthly
    )
    # the warning names the budget field; the rest would buy next to nothing here, more in the whole country
    assert any(w.field == "budget.amount" and w.text.key == "ceiling.market" for w in result.warnings)
    kinds = {e.kind: e for e in c.elsewhere}
    assert kinds["wider_market"].value == "national" and kinds["wider_market"].monthly_amount > 0
    assert "same_market" in kinds
    # no creator line books more posts than the city's creators can carry
    for line in result.lines:
        curve = result.allocation.prior.curves[line.channel]
        assert result.allocation.monthly_usd[line.channel] <= curve.max_spend_usd * (1 + 1e-9)


def test_the_ceiling_is_said_in_both_languages_and_in_the_json() -> None:
    result = plan(_profile(CAFE), KB, samples=200, what_if=False)
    en, ar = present(result, "en"), present(result, "ar")
    assert "can absorb" in en.ceiling.text and "يستوعب" in ar.ceiling.text
    assert len(en.ceiling.elsewhere) == len(ar.ceiling.elsewhere) >= 2
    data = en.model_dump(mode="json")
    assert Decimal(data["forecast"]["recommended_spend"]) == result.ceiling.recommended_monthly
    assert Decimal(data["forecast"]["held_back"]) > 0
    assert data["ceiling"]["binding"] == "margin" and data["ceiling"]["elsewhere"][0]["field"] == "location.scope"


def test_creators_are_finite_a_bigger_market_supplies_more() -> None:
    local = allocate(_profile(CAFE, budget__amount=20000), KB)
    national = allocate(_profile(CAFE, budget__amount=20000, location__scope="national"), KB)
    for tier in ("influencer_nano", "influencer_micro", "influencer_macro"):
        small, big = local.prior.curves[tier].max_spend_usd, national.prior.curves[tier].max_spend_usd
        assert 0 < small < big < float("inf")
    assert local.ceiling.market_usd < national.ceiling.market_usd


def test_past_the_margin_the_plan_spends_but_says_the_last_part_loses_on_first_orders() -> None:
    result = plan(_profile(BASE_PROFILE, average_order_value=200), KB, samples=200, what_if=False)
    c = result.ceiling
    assert c.binding == "margin" and c.held_back == 0 and c.recommended_monthly < result.monthly_budget
    assert c.text.key == "ceiling.margin.over"
    above = next(e for e in c.elsewhere if e.kind == "same_market")
    assert above.text.key == "ceiling.elsewhere.above_margin"
    assert above.monthly_amount == (result.monthly_budget - c.recommended_monthly).quantize(Decimal("0.01")) or (
        abs(above.monthly_amount - (result.monthly_budget - c.recommended_monthly)) <= Decimal("0.02")
    )


def test_within_the_ceiling_nothing_is_held_back_or_warned() -> None:
    result = plan(_profile(BASE_PROFILE, average_order_value=2000), KB, samples=200, what_if=False)
    assert result.ceiling.held_back == 0 and not result.ceiling.elsewhere
    assert result.ceiling.text.key.endswith(".within")
    assert not any(w.text.key.startswith("ceiling.") for w in result.warnings if hasattr(w.text, "key"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.floats(min_value=20, max_value=5000),
    st.floats(min_value=1.1, max_value=4.0),
    st.floats(min_value=0.1, max_value=0.9),
)
def test_a_dearer_order_or_a_fatter_margin_never_lowers_the_recommended_spend(
    order: float, more: float, margin: float
) -> None:
    def recommended(aov: float, m: float) -> float:
        profile = _profile(BASE_PROFILE, average_order_value=round(aov, 2), gross_margin=round(m, 3))
        return allocate(profile, KB).ceiling.recommended_usd

    base = recommended(order, margin)
    assert recommended(order * more, margin) >= base * (1 - 1e-9)
    assert recommended(order, min(margin * more, 1.0)) >= base * (1 - 1e-9)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(min_value=1.0, max_value=50.0))
def test_past_the_market_s_ceiling_more_budget_buys_the_same_plan_and_holds_back_more(more: float) -> None:
    small = make_plan(_profile(CAFE, budget__amount=1_000_000), KB, samples=200, what_if=False)
    big = make_plan(_profile(CAFE, budget__amount=round(1_000_000 * more)), KB, samples=200, what_if=False)
    assert [(a.channel, a.amount) for a in small.allocation] == [(a.channel, a.amount) for a in big.allocation]
    assert big.ceiling.held_back >= small.ceiling.held_back
    assert big.forecast.customers.p50 >= small.forecast.customers.p50 * (1 - 1e-9)


def test_what_would_change_names_the_next_budget_where_the_channels_change_and_the_minimum_behind_it() -> None:
    from pathlib import Path

    from mizaan.profile import load_profile

    root = Path(__file__).resolve().parents[2]
    result = plan(load_profile(root / "examples" / "cafe-jeddah-local.yaml", KB), KB, samples=100)
    found = [a for a in result.what_would_change if a.kind == "threshold"]
    assert len(found) == 1
    t = found[0]
    assert t.change.field == "budget.amount" and Decimal(t.change.after) > Decimal(t.change.before)
    assert t.text.key == "whatif.threshold" and t.text.params["why"].key == "whatif.threshold.minimum"
    # just below the threshold the channels are today's; at it they are not
    below = _profile_at(result, Decimal(t.change.after) * Decimal("0.97"))
    at = _profile_at(result, Decimal(t.change.after))
    assert set(allocate(below, KB).funded()) == set(result.allocation.funded())
    assert set(allocate(at, KB).funded()) != set(result.allocation.funded())


def _profile_at(result: Any, amount: Decimal) -> Any:
    from mizaan.profile import with_value_at

    return with_value_at(result.profile, "budget.amount", amount.quantize(Decimal("0.01")))
