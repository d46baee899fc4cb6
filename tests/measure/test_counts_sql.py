"""Markov transition counts and Shapley coalition counts computed as aggregations on the engine give the
models exactly what the path table gives them: on DuckDB for generated stores (Hypothesis: ties, repeated
channels, conversions in a row, journeys longer and shorter than the order), and on Spark ``local[2]`` for
a simulated world, where ``measure`` fits them from the counts and never builds their paths."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.measure import (
    DuckDBEngine,
    MarkovAttribution,
    ModelResult,
    ShapleyAttribution,
    SparkEngine,
    make_models,
    measure,
)
from mizaan.measure import queries as q
from mizaan.measure.counted import COUNTED_MODELS, count_paths
from mizaan.measure.counts_sql import counts_sql
from mizaan.measure.journeys import build_journeys
from mizaan.measure.pathtable import path_table_to_paths
from tests.measure.stores import make_store
from tests.measure.test_journeys_sql import RATES, event

MODELS = ("markov_1", "markov_2", "markov_3", "markov_4", "shapley", "shapley_ordered")


def assert_same_result(ours: ModelResult, theirs: ModelResult) -> None:
    assert ours.model == theirs.model
    assert list(ours.channels) == list(theirs.channels)
    for ch, credit in theirs.channels.items():
        mine = ours.channels[ch]
        assert math.isclose(mine.conversions, credit.conversions, rel_tol=1e-9, abs_tol=1e-9), (ch, ours.model)
        assert credit.value is not None and mine.value is not None
        assert math.isclose(mine.value, credit.value, rel_tol=1e-9, abs_tol=1e-7), (ch, ours.model)
    if ours.model.startswith("markov"):
        assert ours.diagnostics["states"] == theirs.diagnostics["states"]
        assert ours.diagnostics["transitions"] == theirs.diagnostics["transitions"]
    if ours.model == "shapley_ordered":
        for ch, positions in theirs.diagnostics["position_conversions"].items():
            assert ours.diagnostics["position_conversions"][ch] == pytest.approx(positions, abs=1e-9)


def store_of(folder: Path, events: list[tuple[Any, ...]]) -> Path:
    base = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    touches, conversions = [], []
    for i, (user, minute, is_conv, channel, currency, value) in enumerate(events):
        when = base + dt.timedelta(minutes=minute)
        if is_conv:
            conversions.append(
                {"conversion_id": f"c{i}", "user_id": user, "time": when, "value": value, "currency": currency}
            )
        else:
            touches.append(
                {"touchpoint_id": f"t{i}", "user_id": user, "time": when, "channel": channel, "kind": "visit"}
            )
    for row in touches + conversions:
        row["system"] = "t"
    return make_store(folder / "s.duckdb", touchpoints=touches, conversions=conversions)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(event, max_size=40), st.sampled_from(["day", "week", "month"]))
def test_models_fitted_on_the_engines_counts_equal_the_models_fitted_on_the_path_table(
    tmp_path_factory: pytest.TempPathFactory, events: list[tuple[Any, ...]], period: Any
) -> None:
    path = store_of(tmp_path_factory.mktemp("c"), events)
    with DuckDBEngine.open(path) as duck:
        duck.register(q.RATES_TABLE, RATES)
        agg = build_journeys(duck.stream(q.events_sql(q.Window())), period, 7.0)
        counts = count_paths(duck.query, q.Window(), period, MODELS, "duckdb")
    table = agg.table("all")
    if table.num_rows == 0:  # no journey with a touch: nothing is counted either
        assert counts.channels == () and counts.sets == [] and not counts.steps
        return
    paths = path_table_to_paths(table)
    assert counts.channels == paths.channels
    for model in make_models(MODELS):
        assert_same_result(counts.fit(model.key), model.fit(paths).result())
    by_period = counts.shapley_by_period()
    for p in agg.periods():
        rows = agg.paths.filter(pc.equal(agg.paths["period"], dt.date.fromisoformat(p)))
        one = path_table_to_paths(rows.drop_columns(["period"]))
        expected = make_models(["shapley"])[0].fit(one)
        from_table = make_models(["shapley"])[0].fit(path_table_to_paths(agg.table(p)))  # one period's table
        assert from_table.credit_ == pytest.approx(expected.credit_)
        for ch, credit in expected.credit_.items():
            got = by_period.get((p, ch), (0.0, 0.0))
            assert math.isclose(got[0], credit, rel_tol=1e-9, abs_tol=1e-12)
            assert math.isclose(got[1], (expected.value_credit_ or {})[ch], rel_tol=1e-9, abs_tol=1e-9)


def test_counts_are_aggregates_not_journeys(tmp_path: Path) -> None:
    """A thousand users on the same two-channel path: a handful of rows come back, not a row per journey."""
    events = []
    for u in range(1000):
        events += [(f"u{u}", 10, False, "email", "SAR", 0), (f"u{u}", 20, False, "search_ads", "SAR", 0)]
        if u % 4 == 0:
            events.append((f"u{u}", 30, True, "email", "SAR", 100))
    path = store_of(tmp_path, events)
    with DuckDBEngine.open(path) as duck:
        duck.register(q.RATES_TABLE, RATES)
        rows = duck.query(counts_sql(q.Window(), "month", (1, 2), True, "duckdb"))
        counts = count_paths(duck.query, q.Window(), "month", MODELS, "duckdb")
    assert rows.num_rows < 20
    assert counts.steps[1][(None, ("email",))] == 1000  # 250 conversions + 750 journeys that did not convert
    assert counts.exits[1][("search_ads",)] == (250.0, 750.0, 25000.0)
    assert counts.sets == [("2025-01-01", ("email", "search_ads"), 250.0, 25000.0)]
    shapley = counts.fit("shapley").channels
    assert shapley["email"].conversions == shapley["search_ads"].conversions == 125.0


def test_spark_counts_markov_and_shapley_as_duckdb_fits_them_on_a_simulated_world(
    spark: SparkEngine, world_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert spark.session.sparkContext.defaultParallelism == 2  # local[2]
    spark.load_store(world_store)
    spark.register(q.RATES_TABLE, pa.table({"currency": ["SAR"], "rate": [1.0]}))
    fitted_on_paths: list[str] = []
    for model in (MarkovAttribution, ShapleyAttribution):
        original = model._fit

        def spy(self: Any, paths: Any, original: Any = original) -> Any:
            fitted_on_paths.append(self.key)
            return original(self, paths)

        monkeypatch.setattr(model, "_fit", spy)
    theirs = measure(spark, period="month")
    assert fitted_on_paths == []  # on Spark the data-driven models never read the path table
    monkeypatch.undo()
    with DuckDBEngine.open(world_store) as duck:
        ours = measure(duck, period="month")
    assert ours.totals.journeys == theirs.totals.journeys > 100
    mine = {r.model: r for r in theirs.attribution.results}
    for result in ours.attribution.results:
        if result.model in COUNTED_MODELS:
            assert_same_result(mine[result.model], result)
    for a, b in zip(ours.channels, theirs.channels, strict=True):  # the funnel's Shapley credit, per channel
        assert math.isclose(a.funnel.conversions, b.funnel.conversions, rel_tol=1e-9, abs_tol=1e-9)
