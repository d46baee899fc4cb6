"""Shapley values over channel sets: closed form against brute force over every coalition."""

from __future__ import annotations

import numpy as np
import pytest

from mizaan.measure import ShapleyAttribution, coalition_worth, paths_from_lists, shapley_from_worth

from .reference import Row, brute_shapley

ROWS: list[Row] = [
    (["a", "b", "a"], 3, 1, 30.0),
    (["b", "c"], 2, 0, 10.0),
    (["c"], 1, 4, 5.0),
    (["a", "b", "c", "d"], 4, 0, 80.0),
    (["d", "d"], 0, 7, 0.0),
]
PATHS = paths_from_lists(
    [r[0] for r in ROWS],
    conversions=[r[1] for r in ROWS],
    nulls=[r[2] for r in ROWS],
    value=[r[3] for r in ROWS],
)


def test_each_converting_journey_is_split_equally_among_its_distinct_channels() -> None:
    m = ShapleyAttribution().fit(PATHS)
    assert m.credit_ == pytest.approx({"a": 1.5 + 1, "b": 1.5 + 1 + 1, "c": 1 + 1 + 1, "d": 1.0})
    assert m.value_credit_ == pytest.approx({"a": 15 + 20, "b": 15 + 5 + 20, "c": 5 + 5 + 20, "d": 20.0})


def test_the_closed_form_equals_brute_force_over_all_coalitions() -> None:
    brute = brute_shapley(ROWS)
    assert ShapleyAttribution().fit(PATHS).credit_ == pytest.approx(brute, abs=1e-12)
    assert dict(zip(PATHS.channels, shapley_from_worth(coalition_worth(PATHS)), strict=True)) == pytest.approx(brute)


def test_random_tables_agree_with_brute_force() -> None:
    rng = np.random.default_rng(7)
    names = list("abcdefg")
    rows: list[Row] = [
        ([names[i] for i in rng.integers(0, 7, rng.integers(1, 6))], float(rng.integers(0, 5)), 0.0, 0.0)
        for _ in range(80)
    ]
    p = paths_from_lists([r[0] for r in rows], conversions=[r[1] for r in rows])
    assert ShapleyAttribution().fit(p).credit_ == pytest.approx(brute_shapley(rows), abs=1e-9)


def test_the_ordered_form_places_credit_by_touch_position_and_keeps_the_channel_totals() -> None:
    ordered = ShapleyAttribution(ordered=True).fit(PATHS)
    simple = ShapleyAttribution().fit(PATHS)
    assert ordered.credit_ == pytest.approx(simple.credit_)
    assert ordered.key == "shapley_ordered"
    pos = ordered.position_credit_
    assert pos is not None
    # a > b > a (3 conversions): a has 1.5, split over positions 1 and 3; b has 1.5 at position 2
    assert pos["a"][:4] == pytest.approx([0.75 + 1.0, 0.0, 0.75, 0.0])
    assert pos["b"][:4] == pytest.approx([1.0, 1.5 + 1.0, 0.0, 0.0])
    assert pos["d"][:4] == pytest.approx([0.0, 0.0, 0.0, 1.0])
    assert {k: sum(v) for k, v in pos.items()} == pytest.approx(simple.credit_)
    assert ordered.result().diagnostics["position_conversions"] == pos


def test_channels_in_no_converting_journey_get_nothing() -> None:
    m = ShapleyAttribution().fit(paths_from_lists([["a"], ["a", "z"]], conversions=[2, 0], nulls=[0, 5]))
    assert m.credit_ == {"a": 2.0, "z": 0.0}


def test_coalition_worth_is_refused_past_twenty_channels() -> None:
    wide = paths_from_lists([[f"c{i}" for i in range(21)]], conversions=[1])
    with pytest.raises(ValueError):
        coalition_worth(wide)
