"""Journeys computed as aggregations on the engine are the journeys the streaming builder makes: the same
path table, counts, unattributed conversions and time-decay credit, for any events (ties, conversions in a
row, conversions with no touch, users with no conversion) — on DuckDB for generated stores, and on Spark
``local[2]`` for a simulated world; and measuring on Spark never streams events to the driver."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.measure import DuckDBEngine, SparkEngine, measure
from mizaan.measure import queries as q
from mizaan.measure.journeys import JourneyAggregate, build_journeys
from mizaan.measure.journeys_sql import aggregate_journeys
from tests.measure.stores import make_store

RATES = pa.table({"currency": ["SAR", "USD"], "rate": [1.0, 3.75]})
CHANNELS = ["search_ads", "social_ads", "email", "influencer_micro", "direct"]


def summary(a: JourneyAggregate) -> dict[str, Any]:
    paths = sorted(
        (str(r["period"]), r["path"], r["total_conversions"], round(r["total_conversion_value"], 6), r["total_null"])
        for r in a.paths.to_pylist()
    )
    return {
        "paths": paths,
        "counts": (a.events, a.touches, a.journeys, a.conversions, round(a.value, 6)),
        "unattributed": (a.unattributed, round(a.unattributed_value, 6), a.unattributed_by_period),
        "time_decay": sorted(a.time_decay),
        "time_decay_value": sorted(a.time_decay_value),
    }


def assert_same(ours: JourneyAggregate, theirs: JourneyAggregate) -> None:
    assert summary(ours) == summary(theirs)
    for ch, credit in ours.time_decay.items():
        assert math.isclose(credit, theirs.time_decay[ch], rel_tol=1e-9, abs_tol=1e-12)
        assert math.isclose(ours.time_decay_value[ch], theirs.time_decay_value[ch], rel_tol=1e-9, abs_tol=1e-9)


def both(engine: Any, period: q.Period, dialect: str, half_life: float = 7.0) -> tuple[JourneyAggregate, ...]:
    w = q.Window()
    streamed = build_journeys(engine.stream(q.events_sql(w)), period, half_life)
    return streamed, aggregate_journeys(engine.query, w, period, half_life, dialect)


event = st.tuples(
    st.sampled_from(["a", "b", "c", "d"]),  # user
    st.integers(0, 60 * 24 * 90),  # minute of the year (ties included)
    st.booleans(),  # a conversion?
    st.sampled_from(CHANNELS),
    st.sampled_from(["SAR", "USD"]),
    st.integers(0, 900),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(event, max_size=40), st.sampled_from(["day", "week", "month"]), st.sampled_from([1.0, 7.0, 30.0]))
def test_journeys_aggregated_in_sql_are_the_streamed_journeys(
    tmp_path_factory: pytest.TempPathFactory, events: list[tuple[Any, ...]], period: Any, half_life: float
) -> None:
    base = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    touches, conversions = [], []
    for i, (user, minute, is_conv, channel, currency, value) in enumerate(events):
        when = base + dt.timedelta(minutes=minute)
        if is_conv:
            conversions.append(
                {
                    "conversion_id": f"c{i}",
                    "user_id": user,
                    "time": when,
                    "value": value,
                    "currency": currency,
                    "system": "t",
                }
            )
        else:
            touches.append(
                {
                    "touchpoint_id": f"t{i}",
                    "user_id": user,
                    "time": when,
                    "channel": channel,
                    "kind": "visit",
                    "system": "t",
                }
            )
    path = make_store(tmp_path_factory.mktemp("j") / "s.duckdb", touchpoints=touches, conversions=conversions)
    with DuckDBEngine.open(path) as duck:
        duck.register(q.RATES_TABLE, RATES)
        streamed, aggregated = both(duck, period, "duckdb", half_life)
    assert_same(streamed, aggregated)


def test_spark_local_2_gives_duckdbs_journeys_on_a_simulated_world(spark: SparkEngine, world_store: Path) -> None:
    assert spark.session.sparkContext.defaultParallelism == 2  # local[2]
    spark.load_store(world_store)
    spark.register(q.RATES_TABLE, RATES)
    with DuckDBEngine.open(world_store) as duck:
        duck.register(q.RATES_TABLE, RATES)
        streamed, _ = both(duck, "month", "duckdb")
    assert streamed.journeys > 100
    assert_same(streamed, aggregate_journeys(spark.query, q.Window(), "month", 7.0, "spark"))


def test_measuring_on_spark_never_streams_events_to_the_driver(
    spark: SparkEngine, world_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spark.load_store(world_store)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("events collected to the driver")

    monkeypatch.setattr(SparkEngine, "stream", refuse)
    theirs = measure(spark, period="month").to_json_dict()
    with DuckDBEngine.open(world_store) as duck:
        ours = measure(duck, period="month").to_json_dict()
    assert theirs["totals"]["journeys"] == ours["totals"]["journeys"] > 100
