"""Funnel economics (issue 12): a lead is not a sale.

Leads, customers and money are separate quantities: customers = leads x the lead-to-customer rate,
revenue = customers x order value, ROAS = revenue / spend, profit = revenue x margin - spend."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mizaan.errors import MizaanError
from mizaan.knowledge import load_knowledge_base
from mizaan.plan import plan
from mizaan.present import make_plan, present
from mizaan.profile import load_profile, parse_profile
from tests.conftest import BASE_PROFILE, merge

KB = load_knowledge_base()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SAMPLES = 600


def _profile(**changes: Any) -> Any:
    return parse_profile(merge(BASE_PROFILE, {k.replace("__", "."): v for k, v in changes.items()}), KB)


def test_a_leads_goal_keeps_leads_and_customers_apart_and_revenue_comes_from_customers() -> None:
    profile = _profile(goal="leads", business_type="services", average_order_value=1500)
    result = plan(profile, KB, samples=SAMPLES, what_if=False)
    f = result.forecast
    assert f.leads is not None and f.cost_per_lead is not None
    assert f.leads == f.conversions  # the conversions of a leads goal are the leads
    assert f.customers.p50 < f.leads.p50
    fig = KB.figure("funnel", "close_rate_services", "SA")
    # customers = leads x close rate, sample by sample: the ratio of the medians lies in the figure's range
    assert fig.low * 0.9 <= f.customers.p50 / f.leads.p50 <= fig.high * 1.1
    # the close rate is drawn through its range, so customers spread wider than leads (relative to P50)
    assert f.customers.p90 / f.customers.p10 > f.leads.p90 / f.leads.p10
    assert f.cost_per_customer.p50 > f.cost_per_lead.p50
    # revenue is customers x order value, never leads x order value
    assert f.revenue is not None and f.roas is not None
    assert abs(f.revenue.p50 - f.customers.p50 * 1500) <= 1e-6 * f.revenue.p50
    assert f.revenue.p50 < f.leads.p50 * 1500
    spend = float(f.spend)
    assert abs(f.roas.p50 - f.revenue.p50 / spend) <= 1e-9 * f.roas.p50
    # the default close rate and margin are listed as assumptions, their figures among the benchmarks
    assumed = {a.field for a in result.assumptions}
    assert {"lead_to_customer_rate", "gross_margin"} <= assumed
    used = {b.id for b in result.benchmarks}
    assert {"funnel.close_rate_services.global", "funnel.gross_margin_services.global"} <= used


def test_a_sales_goal_counts_its_conversions_as_customers_and_has_no_leads() -> None:
    result = plan(_profile(goal="sales", average_order_value=200), KB, samples=SAMPLES, what_if=False)
    f = result.forecast
    assert f.leads is None and f.cost_per_lead is None
    assert f.customers == f.conversions and f.cost_per_customer == f.cpa
    assert "lead_to_customer_rate" not in {a.field for a in result.assumptions}
    assert f.profit is not None and f.break_even_roas is not None
    margin = KB.figure("funnel", "gross_margin_ecommerce", "SA")
    assert 1 / margin.high - 1e-9 <= f.break_even_roas.p50 <= 1 / margin.low + 1e-9


def test_given_rate_and_margin_override_the_benchmarks_and_remove_the_assumptions() -> None:
    given_ = _profile(
        goal="leads", business_type="b2b", average_order_value=50_000, lead_to_customer_rate="0.2", gross_margin=0.5
    )
    result = plan(given_, KB, samples=SAMPLES, what_if=False)
    f = result.forecast
    assert f.leads is not None and f.revenue is not None and f.profit is not None and f.break_even_roas is not None
    for p in ("p10", "p50", "p90"):
        # a given rate is a constant: customers are exactly a fifth of the leads at every percentile
        assert abs(getattr(f.customers, p) - 0.2 * getattr(f.leads, p)) <= 1e-9 * getattr(f.leads, p)
        assert abs(getattr(f.break_even_roas, p) - 2.0) < 1e-12
    assert abs(f.profit.p50 - (f.revenue.p50 * 0.5 - float(f.spend))) <= 1e-6 * f.revenue.p50
    assumed = {a.field for a in result.assumptions}
    assert "lead_to_customer_rate" not in assumed and "gross_margin" not in assumed
    assert not any(b.id.startswith("funnel.") for b in result.benchmarks)


def test_a_rate_outside_zero_to_one_is_refused_naming_the_field() -> None:
    for bad in ("1.5", "0", "-0.1"):
        with pytest.raises(MizaanError) as info:
            _profile(lead_to_customer_rate=bad)
        assert "lead_to_customer_rate" in str(info.value)


def test_the_dubai_clinic_no_longer_counts_every_booking_as_a_paid_treatment() -> None:
    """Before issue 12: 8,046 'conversions' at AED 67, revenue AED 12.1M, ROAS 22x (every lead a sale)."""
    profile = load_profile(EXAMPLES / "dental-clinic-dubai.yaml", KB)
    result = plan(profile, KB, samples=SAMPLES, what_if=False)
    f = result.forecast
    fig = KB.figure("funnel", "close_rate_services", "AE")
    assert f.leads is not None and f.cost_per_lead is not None and f.roas is not None and f.revenue is not None
    aov = float(profile.average_order_value or 0)
    as_if_every_lead_paid = f.leads.p50 * aov / float(f.spend)
    # ROAS falls by the close rate: within the cited benchmark's range of what every-lead-a-sale gave
    assert as_if_every_lead_paid * fig.low * 0.9 <= f.roas.p50 <= as_if_every_lead_paid * fig.high * 1.1
    # a new patient costs the lead's cost divided by the cited close rate (1/0.55 to 1/0.15 leads per patient)
    assert f.cost_per_lead.p50 / (fig.high * 1.1) <= f.cost_per_customer.p50 <= f.cost_per_lead.p50 / (fig.low * 0.9)
    # the margin shows whether it pays: the break-even ROAS is 1 / the services margin
    margin = KB.figure("funnel", "gross_margin_services", "AE")
    assert f.break_even_roas is not None
    assert 1 / margin.high - 1e-9 <= f.break_even_roas.p50 <= 1 / margin.low + 1e-9


def test_the_plan_json_and_report_carry_the_new_lines_in_both_languages() -> None:
    from mizaan.report import plan_document

    result = plan(load_profile(EXAMPLES / "dental-clinic-dubai.yaml", KB), KB, samples=SAMPLES, what_if=False)
    for lang in ("ar", "en"):
        p = present(result, lang)
        data = p.model_dump(mode="json")["forecast"]
        for key in ("leads", "customers", "cost_per_lead", "cost_per_customer", "profit", "break_even_roas"):
            assert set(data[key]) == {"p10", "p50", "p90"}
        assert all("customers" in ch for ch in data["channels"])
        assert any(k.metric == "customers" for k in p.kpis) and any(k.metric == "cost_per_customer" for k in p.kpis)
        doc = plan_document(p)
        section = next(s for s in doc.sections if s.id == "forecast")
        table = next(b for b in section.blocks if getattr(b, "kind", None) == "table")
        keys = [row.key for row in table.rows]  # type: ignore[attr-defined]
        assert keys.index("leads") < keys.index("customers") < keys.index("revenue") < keys.index("profit")
        assert "break_even_roas" in keys and "cost_per_lead" in keys and "cost_per_customer" in keys
        funnel = [a.text for a in p.assumptions if a.field == "lead_to_customer_rate"]
        assert funnel and "tnovalabs.com" in funnel[0]


@st.composite
def leads_profiles(draw: Any) -> dict[str, Any]:
    data = merge(
        BASE_PROFILE,
        {
            "goal": "leads",
            "business_type": draw(st.sampled_from(["ecommerce", "services", "local", "b2b"])),
            "product_complexity": draw(st.sampled_from(["simple", "moderate", "complex"])),
            "decision_speed": draw(st.sampled_from(["quick", "considered"])),
            "budget.amount": draw(st.integers(min_value=2_000, max_value=400_000)),
            # within what every business type accepts (far larger values are refused as typos, see
            # tests/plan/test_consistency.py)
            "average_order_value": draw(st.integers(min_value=50, max_value=1_500)),
        },
    )
    if draw(st.booleans()):
        data["lead_to_customer_rate"] = str(draw(st.floats(min_value=0.005, max_value=1.0)))
    if draw(st.booleans()):
        data["gross_margin"] = str(draw(st.floats(min_value=0.05, max_value=1.0)))
    return data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(leads_profiles(), st.integers(min_value=0, max_value=2**31 - 1))
def test_customers_never_exceed_leads_and_money_follows_customers(data: dict[str, Any], seed: int) -> None:
    profile = parse_profile(data, KB)
    result = plan(profile, KB, seed=seed, samples=300, what_if=False)
    f = result.forecast
    assert f.leads is not None and f.revenue is not None and f.roas is not None and f.profit is not None
    for p in ("p10", "p50", "p90"):
        assert getattr(f.customers, p) <= getattr(f.leads, p) + 1e-9
    for ch in f.channels:
        assert ch.customers.p50 <= ch.conversions.p50 + 1e-9
    spend = float(f.spend)
    aov = float(profile.average_order_value or 0)
    assert f.revenue.p50 <= f.leads.p50 * aov + 1e-6
    assert abs(f.revenue.p50 - f.customers.p50 * aov) <= 1e-6 * max(f.revenue.p50, 1.0)
    assert abs(f.roas.p50 - f.revenue.p50 / spend) <= 1e-9 * max(f.roas.p50, 1.0)
    assert f.profit.p50 <= f.revenue.p50 - spend + 1e-6 * max(f.revenue.p50, 1.0)  # a margin is at most 1


# Not yet true: the optimiser values reach, visits and what lasts after the horizon, and between
# neighbouring budgets its channel set can flip to one that buys fewer customers within the horizon (B2B,
# leads, launch stage, sustainable growth, SAR 4,811 -> 5,340: SEO's lasting value enters and takes part of
# social ads' and content's place). Since search prices follow the business type and the market (the
# realism benchmark), about 1 in 300 neighbouring B2B and services pairs do so (docs/planner.md,
# "Continuity"). Issue 12's continuity deliverable owns the fix; the known counterexample runs first, so
# this fails every run until then, and `strict` turns the mark into a failure the day the planner keeps
# this promise.
@pytest.mark.xfail(strict=True, reason="budget continuity of customers is issue 12, deliverable 5")
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(leads_profiles(), st.floats(min_value=1.2, max_value=4.0))
@example(
    merge(
        BASE_PROFILE,
        {
            "goal": "leads",
            "business_type": "b2b",
            "stage": "launch",
            "speed": "sustainable",
            "budget.amount": 4811,
            "average_order_value": 72,
        },
    ),
    1.11,
)
def test_more_budget_never_buys_fewer_customers(data: dict[str, Any], more: float) -> None:
    small = parse_profile(data, KB)
    amount = Decimal(str(data["budget"]["amount"])) * Decimal(str(round(more, 2)))
    big = parse_profile(merge(data, {"budget.amount": str(amount)}), KB)
    a = make_plan(small, KB, seed=0, samples=300, what_if=False).forecast
    b = make_plan(big, KB, seed=0, samples=300, what_if=False).forecast
    assert b.customers.p50 >= a.customers.p50 * (1 - 1e-9)
