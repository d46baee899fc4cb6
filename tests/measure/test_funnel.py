"""Funnel and ROI from a hand-made store: every figure equals the hand computation in ``stores.shop_store``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from mizaan.errors import InputError
from mizaan.ingest.currency import RateTable
from mizaan.measure import DuckDBEngine, Measurement, measure
from tests.measure.stores import make_store, shop_store, spend


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shop_store(tmp_path_factory.mktemp("shop") / "shop.duckdb")


@pytest.fixture(scope="module")
def week(store: Path) -> Measurement:
    with DuckDBEngine.open(store) as engine:
        return measure(engine, period="week")


def test_spend_and_delivery_per_channel_are_the_sums_of_the_rows(week: Measurement) -> None:
    social, search, micro = week.channel("social_ads"), week.channel("search_ads"), week.channel("influencer_micro")
    assert (social.funnel.spend, social.funnel.impressions, social.funnel.reach, social.funnel.clicks) == (
        Decimal(150),
        1400,
        1100,
        50,
    )
    assert (search.funnel.spend, search.funnel.impressions, search.funnel.clicks) == (Decimal(60), 500, 20)
    assert (micro.funnel.spend, micro.funnel.impressions, micro.funnel.clicks) == (Decimal(300), 7000, 40)
    assert (micro.posts, micro.engagements) == (2, 330)
    assert week.totals.spend == Decimal(510) and week.currency == "SAR"


def test_visits_count_the_visit_touchpoints_of_each_channel(week: Measurement) -> None:
    visits = {c.channel: c.funnel.visits for c in week.channels}
    assert visits == {"direct": 1, "email": 1, "influencer_micro": 0, "search_ads": 3, "social_ads": 2}


def test_conversions_revenue_cpa_and_roas_follow_the_linear_model_by_hand(week: Measurement) -> None:
    social, search, micro = week.channel("social_ads"), week.channel("search_ads"), week.channel("influencer_micro")
    assert social.funnel.conversions == pytest.approx(1.0) and social.funnel.revenue == pytest.approx(175)
    assert search.funnel.conversions == pytest.approx(1.5) and search.funnel.revenue == pytest.approx(250)
    assert micro.funnel.conversions == pytest.approx(0.5) and micro.funnel.revenue == pytest.approx(100)
    assert social.funnel.cpa == pytest.approx(150) and social.funnel.roas == pytest.approx(175 / 150)
    assert search.funnel.cpa == pytest.approx(40) and search.funnel.roas == pytest.approx(250 / 60)
    assert micro.funnel.cpa == pytest.approx(600) and micro.funnel.roas == pytest.approx(100 / 300)
    assert week.channel("direct").funnel.cpa is None  # no spend, no cost per acquisition


def test_families_put_e_marketing_and_influencers_side_by_side(week: Measurement) -> None:
    em, inf, base = week.family("e_marketing"), week.family("influencer"), week.family("baseline")
    assert em.channels == ["email", "search_ads", "social_ads"] and inf.channels == ["influencer_micro"]
    assert (em.funnel.spend, em.funnel.conversions, em.funnel.revenue) == (
        Decimal(210),
        pytest.approx(3.0),
        pytest.approx(450),
    )
    assert (inf.funnel.spend, inf.funnel.conversions) == (Decimal(300), pytest.approx(0.5))
    assert base.funnel.conversions == pytest.approx(0.5) and base.funnel.visits == 1
    for model in week.attribution.model_names():
        assert sum(f.credit[model].conversions for f in week.families) == pytest.approx(4)


def test_every_model_is_computed_on_the_journeys_by_hand(week: Measurement) -> None:
    def credit(model: str) -> dict[str, float]:
        return {c.channel: round(c.credit[model].conversions, 9) for c in week.channels if c.credit[model].conversions}

    assert credit("first_touch") == {"social_ads": 1, "influencer_micro": 1, "search_ads": 1, "email": 1}
    # u5's two touches share a second: email (t5a) sorts before social (t5b), so social is last
    assert credit("last_touch") == {"search_ads": 2, "direct": 1, "social_ads": 1}
    assert credit("last_non_direct") == {"search_ads": 2, "influencer_micro": 1, "social_ads": 1}
    assert week.attribution.input.total_conversions == 4 and week.attribution.input.total_null == 2
    assert week.totals.journeys == 6 and week.totals.unattributed_conversions == 0


def test_the_three_views_per_channel(week: Measurement) -> None:
    social, search, micro = week.channel("social_ads"), week.channel("search_ads"), week.channel("influencer_micro")
    assert (social.platform_conversions, social.platform_value) == (4, Decimal(1000))
    assert search.platform_conversions == 2 and micro.platform_conversions is None
    assert (search.link_orders, search.link_revenue, search.code_orders) == (1, Decimal(300), 0)
    assert (micro.code_orders, micro.code_revenue, micro.link_orders, micro.link_revenue) == (
        1,
        Decimal(200),
        1,
        Decimal(50),
    )
    assert (week.totals.orders, week.totals.revenue) == (4, Decimal(650))


def test_each_influencer_has_the_platforms_figures_codes_links_and_a_share_of_the_tier(week: Measurement) -> None:
    (sara,) = week.influencers
    assert (sara.influencer, sara.tier, sara.posts, sara.cost, sara.views, sara.link_clicks) == (
        "sara.beauty",
        "micro",
        2,
        Decimal(300),
        7000,
        40,
    )
    assert (sara.code_orders, sara.code_revenue, sara.link_orders, sara.link_revenue) == (
        1,
        Decimal(200),
        1,
        Decimal(50),
    )
    assert sara.touch_share == 1.0 and sara.credit["linear"] == pytest.approx(0.5)


def test_periods_start_on_monday_and_hold_each_weeks_spend_and_conversions(week: Measurement) -> None:
    rows = {(r.period.isoformat(), r.channel): r.funnel for r in week.series}
    assert rows[("2025-03-03", "influencer_micro")].spend == Decimal(200)
    assert rows[("2025-03-10", "influencer_micro")].spend == Decimal(100)
    assert rows[("2025-03-03", "search_ads")].conversions == pytest.approx(1.5)
    assert sum(r.funnel.conversions for r in week.series) == pytest.approx(4)
    assert {r.period for r in week.series} == {dt.date(2025, 3, 3), dt.date(2025, 3, 10)}


def test_by_month_and_by_day_add_up_to_the_same_totals(store: Path) -> None:
    with DuckDBEngine.open(store) as engine:
        month = measure(engine, period="month")
        day = measure(engine, period="day")
    assert {r.period for r in month.series} == {dt.date(2025, 3, 1)}
    assert len({r.period for r in day.series}) == 6
    for m in (month, day):
        assert sum((r.funnel.spend for r in m.series), Decimal(0)) == Decimal(510)
        assert sum(r.funnel.conversions for r in m.series) == pytest.approx(4)


def test_a_window_keeps_only_its_days(store: Path) -> None:
    with DuckDBEngine.open(store) as engine:
        m = measure(engine, start=dt.date(2025, 3, 5), end=dt.date(2025, 3, 31))
    assert m.totals.spend == Decimal(100)  # the second post only
    assert m.totals.conversions == 3
    # u2's influencer view is before the window: the direct visit is the whole journey now
    assert m.channel("direct").credit["linear"].conversions == pytest.approx(1)


def test_other_funnel_models_move_the_funnels_conversions(store: Path) -> None:
    with DuckDBEngine.open(store) as engine:
        m = measure(engine, funnel_model="last_non_direct", models=["linear", "last_non_direct"])
    assert m.channel("influencer_micro").funnel.conversions == pytest.approx(1)
    assert m.attribution.model_names() == ["linear", "last_non_direct"]


def test_bad_settings_are_named(store: Path) -> None:
    with DuckDBEngine.open(store) as engine, pytest.raises(InputError) as info:
        measure(
            engine,
            period="year",
            funnel_model="markov_1",
            models=["nope"],  # type: ignore[arg-type]
            start=dt.date(2025, 3, 9),
            end=dt.date(2025, 3, 1),
        )
    keys = [p.key for p in info.value.problems]
    assert keys == ["measure.bad_period", "measure.bad_funnel_model", "measure.unknown_model", "measure.bad_window"]


def test_several_currencies_need_a_rate_table_and_are_converted_with_it(tmp_path: Path) -> None:
    path = make_store(
        tmp_path / "two.duckdb",
        spend=[
            spend("2025-03-03", "social_ads", "100"),
            spend("2025-03-03", "search_ads", "10", platform="google_ads", currency="USD"),
        ],
    )
    with DuckDBEngine.open(path) as engine:
        with pytest.raises(InputError) as info:
            measure(engine)
        assert info.value.problems[0].key == "measure.several_currencies"
        with pytest.raises(InputError):
            measure(engine, rates=RateTable(target="SAR", rates={"EUR": Decimal(4)}))
        m = measure(engine, rates=RateTable(target="SAR", rates={"USD": Decimal("3.75")}))
    assert m.currency == "SAR" and m.channel("search_ads").funnel.spend == Decimal("37.50")
    assert m.totals.spend == Decimal("137.50")


def test_a_store_without_touchpoints_still_shows_spend_and_says_why_nothing_is_attributed(tmp_path: Path) -> None:
    path = make_store(tmp_path / "spend-only.duckdb", spend=[spend("2025-03-03", "social_ads", "100")])
    with DuckDBEngine.open(path) as engine:
        m = measure(engine)
    assert m.channel("social_ads").funnel.spend == Decimal(100)
    assert m.attribution.results == [] and [n.key for n in m.notes] == ["measure.note.no_touchpoints"]


def test_missing_or_foreign_files_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        DuckDBEngine.open(tmp_path / "nope.duckdb")
    assert info.value.problems[0].key == "measure.store.missing"
    (tmp_path / "text.duckdb").write_text("not a database")
    with pytest.raises(InputError) as info:
        DuckDBEngine.open(tmp_path / "text.duckdb")
    assert info.value.problems[0].key == "measure.store.unreadable"
