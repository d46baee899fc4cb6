"""Priors from the knowledge base: which registry channel a column is, the return a benchmark figure
implies for the business's target, carry-over from rule C5, and a weak prior said as such otherwise."""

from __future__ import annotations

import math

import pytest

from mizaan.knowledge import load_knowledge_base
from mizaan.mmm import channel_priors, match_channel

KB = load_knowledge_base()


@pytest.mark.parametrize(
    ("column", "channel"),
    [
        ("search_ads", "search_ads"),
        ("Search ads", "search_ads"),
        ("search_ads_spend", "search_ads"),
        ("إعلانات محركات البحث", "search_ads"),
        ("social_ads", "social_ads"),
        ("weird_column", None),
    ],
)
def test_columns_match_registry_channels_by_id_name_or_platform(column: str, channel: str | None) -> None:
    assert match_channel(column, KB) == channel


def _priors(**kw: object) -> list:  # type: ignore[type-arg]
    base = {
        "mapping": {"a": "search_ads", "b": None},
        "country": "SA",
        "currency": "USD",
        "target_kind": "revenue",
        "business_type": "ecommerce",
        "period_days": 7.0,
    }
    return channel_priors(KB, ["a", "b"], [1000.0, 2000.0], 100_000.0, **{**base, **kw})  # type: ignore[arg-type]


def test_a_mapped_revenue_channel_takes_the_roas_benchmark_and_says_so() -> None:
    mapped, weak = _priors()
    fig = KB.figure("outcome", "roas", "SA")
    assert mapped.roas_source == "figure" and mapped.figures == [fig.id]
    assert mapped.roas_median == pytest.approx(fig.typical)
    assert mapped.roas_sd >= math.log(fig.high / fig.low) / (2 * 1.2816)  # at least the figure's own spread
    assert weak.roas_source == "weak" and weak.figures == [] and weak.mizaan_channel is None
    assert weak.roas_median == pytest.approx(0.25 * 100_000 / 2 / 2000)


def test_lead_targets_read_the_cost_per_lead_in_the_spend_currency() -> None:
    usd, _ = _priors(target_kind="leads")
    sar, _ = _priors(target_kind="leads", currency="SAR")
    cpl = KB.figure("outcome", "cost_per_lead_ecommerce", "SA").typical
    assert usd.roas_median == pytest.approx(1 / cpl)
    assert sar.roas_median == pytest.approx(1 / cpl / KB.per_usd("SAR"))  # fewer leads per riyal than per dollar


def test_visits_from_cost_per_click_and_conversions_add_the_conversion_rate() -> None:
    visits, _ = _priors(target_kind="visits")
    conversions, _ = _priors(target_kind="conversions")
    # an online store's click price (the US one for its industries) times the Saudi market's price level
    cpc = KB.figure("search_ads", "cpc_ecommerce", "SA").typical * KB.figure("search_ads", "cost_index", "SA").typical
    cvr = KB.figure("search_ads", "cvr_purchase", "SA").typical
    assert visits.roas_median == pytest.approx(1 / cpc)
    assert conversions.roas_median == pytest.approx(cvr / cpc)
    assert conversions.roas_sd > visits.roas_sd  # two uncertain figures, more spread


def test_carry_over_follows_rule_c5s_half_life_per_period() -> None:
    weekly, daily = (
        channel_priors(
            KB,
            ["email"],
            [1.0],
            10.0,
            mapping={"email": "email"},
            country=None,
            currency="USD",
            target_kind="revenue",
            business_type="ecommerce",
            period_days=days,
        )[0]
        for days in (7.0, 1.0)
    )
    half_life_days = KB.channels["email"].speed.half_life_months * 30.4375
    assert weekly.rule == "C5" and weekly.adstock_source == "rule"
    assert weekly.alpha_mean == pytest.approx(0.5 ** (7 / half_life_days))
    assert daily.alpha_mean > weekly.alpha_mean  # a day's decay is gentler than a week's
