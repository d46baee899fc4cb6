"""Journeys and touchpoint columns become the same ``Paths``; touch order is deterministic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest
from pydantic import ValidationError

from mizaan.measure import (
    Journey,
    Paths,
    Touch,
    paths_from_journeys,
    paths_from_lists,
    paths_from_touchpoints,
)

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def test_journeys_become_one_path_each_with_ages_measured_from_the_conversion() -> None:
    j1 = Journey(
        user="u1",
        touches=[Touch(channel="tiktok", time=T0), Touch(channel="email", time=T0 + timedelta(days=2))],
        conversions=1,
        value=120,
        converted_at=T0 + timedelta(days=3),
    )
    j2 = Journey(user="u2", touches=[Touch(channel="seo", time=T0)])
    p = paths_from_journeys([j1, j2])
    assert [p.path(0), p.path(1)] == [("tiktok", "email"), ("seo",)]
    assert p.age_days is not None and list(p.age_days) == pytest.approx([3.0, 1.0, 0.0])
    assert list(p.conversions) == [1.0, 0.0] and list(p.nulls) == [0.0, 1.0]


def test_a_journey_must_have_times_on_all_touches_or_none_and_cannot_convert_before_its_last_touch() -> None:
    with pytest.raises(ValidationError):
        Journey(user="u", touches=[Touch(channel="a", time=T0), Touch(channel="b")])
    with pytest.raises(ValidationError):
        Journey(
            user="u",
            touches=[Touch(channel="a", time=T0)],
            conversions=1,
            converted_at=T0 - timedelta(hours=1),
        )
    with pytest.raises(ValidationError):
        Journey(user="u", touches=[], conversions=1)


def test_touchpoint_columns_sort_by_time_then_touch_id_so_ties_always_break_the_same_way() -> None:
    # u1's two touches share a second; touch_id decides, whatever the input order
    journey = ["u1", "u2", "u1", "u1"]
    channel = ["email", "seo", "social", "ads"]
    time = pa.array([T0 + timedelta(seconds=5), T0, T0 + timedelta(seconds=5), T0], pa.timestamp("us", "UTC"))
    touch_id = [11, 1, 10, 9]
    p = paths_from_touchpoints(
        journey, channel, time, outcome_journey_id=["u1"], conversions=[1], value=[50], touch_id=touch_id
    )
    q = paths_from_touchpoints(
        journey[::-1],
        channel[::-1],
        time[::-1],
        outcome_journey_id=["u1"],
        conversions=[1],
        value=[50],
        touch_id=touch_id[::-1],
    )
    assert p.path(0) == q.path(0) == ("ads", "social", "email")
    assert p.path(1) == q.path(1) == ("seo",)
    assert list(p.conversions) == [1.0, 0.0] and list(p.nulls) == [0.0, 1.0]
    assert p.value is not None and list(p.value) == [50.0, 0.0]


def test_a_conversion_without_any_touch_is_refused() -> None:
    with pytest.raises(ValueError):
        paths_from_touchpoints(["u1"], ["seo"], None, outcome_journey_id=["u9"], conversions=[1])


def test_chunks_are_views_that_cover_every_path_once() -> None:
    rng = np.random.default_rng(0)
    p = paths_from_lists([["a"] * int(k) for k in rng.integers(1, 9, 200)], conversions=np.ones(200))
    pieces = list(p.chunks(max_touches=50))
    assert len(pieces) > 5
    assert sum(len(c) for c in pieces) == len(p)
    assert np.array_equal(np.concatenate([c.touches for c in pieces]), p.touches)


def test_paths_refuse_inconsistent_arrays() -> None:
    ok = dict(
        channels=("a",),
        offsets=np.array([0, 1]),
        touches=np.array([0], dtype=np.int32),
        conversions=np.array([1.0]),
        nulls=np.array([0.0]),
    )
    Paths(**ok)  # type: ignore[arg-type]
    for change in (
        {"offsets": np.array([0, 0])},
        {"touches": np.array([3], dtype=np.int32)},
        {"conversions": np.array([-1.0])},
        {"nulls": np.array([np.nan])},
    ):
        with pytest.raises(ValueError):
            Paths(**(ok | change))  # type: ignore[arg-type]


def test_touchpoint_ages_run_to_the_conversion_time_when_it_is_known() -> None:
    time = pa.array([T0, T0 + timedelta(days=1)], pa.timestamp("us", "UTC"))
    converted = pa.array([T0 + timedelta(days=4)], pa.timestamp("us", "UTC"))
    p = paths_from_touchpoints(
        ["u", "u"], ["a", "b"], time, outcome_journey_id=["u"], conversions=[1], converted_at=converted
    )
    assert p.age_days is not None and list(p.age_days) == pytest.approx([4.0, 3.0])
