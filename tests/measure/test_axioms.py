"""Invariants every model keeps, on random journeys (Hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.measure import MODEL_NAMES, attribute, make_models, paths_from_lists

CHANNELS = ["a", "b", "c", "d", "e"]
row = st.tuples(
    st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=6),
    st.integers(0, 4),
    st.integers(0, 4),
    st.floats(0, 500, allow_nan=False),
)
tables = st.lists(row, min_size=1, max_size=25).filter(lambda rows: any(r[1] > 0 for r in rows))
NO_TIMES = [m for m in MODEL_NAMES if m != "time_decay"]


def _paths(rows):  # type: ignore[no-untyped-def]
    return paths_from_lists(
        [r[0] for r in rows],
        conversions=[r[1] for r in rows],
        nulls=[r[2] for r in rows],
        value=[r[3] if r[1] else 0.0 for r in rows],
    )


@settings(max_examples=40, deadline=None)
@given(tables)
def test_every_model_hands_out_exactly_the_total_conversions_and_value_never_a_negative_share(rows) -> None:  # type: ignore[no-untyped-def]
    p = _paths(rows)
    report = attribute(p, make_models(NO_TIMES))
    for r in report.results:
        conv = [c.conversions for c in r.channels.values()]
        value = [c.value or 0.0 for c in r.channels.values()]
        assert min(conv) >= 0 and min(value) >= 0, r.model
        assert sum(conv) == pytest.approx(p.total_conversions, rel=1e-9), r.model
        if p.total_value:
            assert sum(value) == pytest.approx(p.total_value, rel=1e-9, abs=1e-9), r.model


@settings(max_examples=25, deadline=None)
@given(tables)
def test_channels_that_play_the_same_role_get_the_same_credit(rows) -> None:  # type: ignore[no-untyped-def]
    swap = {"a": "b", "b": "a"}
    mirrored = rows + [([swap.get(c, c) for c in p], conv, null, value) for p, conv, null, value in rows]
    report = attribute(_paths(mirrored), make_models(NO_TIMES))
    for r in report.results:
        if "a" in r.channels:
            assert r.channels["a"].conversions == pytest.approx(r.channels["b"].conversions, rel=1e-9, abs=1e-9), (
                r.model
            )


@settings(max_examples=25, deadline=None)
@given(tables)
def test_renaming_channels_only_renames_the_credit(rows) -> None:  # type: ignore[no-untyped-def]
    rename = {"a": "zz", "b": "قناة", "c": "c", "d": "aa", "e": "e"}
    renamed = [([rename[c] for c in p], conv, null, value) for p, conv, null, value in rows]
    before = attribute(_paths(rows), make_models(NO_TIMES))
    after = attribute(_paths(renamed), make_models(NO_TIMES))
    for r1, r2 in zip(before.results, after.results, strict=True):
        for ch, c in r1.channels.items():
            assert r2.channels[rename[ch]].conversions == pytest.approx(c.conversions, rel=1e-9, abs=1e-9), r1.model


@settings(max_examples=25, deadline=None)
@given(tables, st.sampled_from(CHANNELS))
def test_a_channel_seen_only_in_journeys_with_no_outcome_gets_nothing(rows, ghost_host) -> None:  # type: ignore[no-untyped-def]
    ghost_rows = [*rows, ([ghost_host, "ghost"], 0, 0, 0.0)]
    report = attribute(_paths(ghost_rows), make_models(NO_TIMES))
    for r in report.results:
        assert r.channels["ghost"].conversions == 0.0, r.model
