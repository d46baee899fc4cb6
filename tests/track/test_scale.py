"""The scale design's simulation (docs/tracking-scale.md): with acks=all no acknowledged click is lost
through redirector crashes, producer retries, leader losses and consumer replays, and the merge on click ID
removes the duplicates those faults write; with acks=1 the same faults lose acknowledged clicks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.track.scale import simulate


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6), rate=st.sampled_from([0.005, 0.01, 0.03]))
def test_acks_all_loses_no_acknowledged_click_and_the_merge_removes_duplicates(seed: int, rate: float) -> None:
    r = simulate(seed, clicks=3000, acks="all", fault_rate=rate)
    assert r.lost_acknowledged == 0
    assert r.final_rows == r.inserted_rows - r.duplicate_rows_inserted
    assert r.final_rows >= r.acknowledged
    # the faults happened: the run is not a quiet one that could not have lost anything
    assert r.leader_losses > 0 and r.redirector_crashes_before_ack > 0
    assert r.producer_retries + r.consumer_replays > 0 and r.duplicate_rows_inserted > 0
    assert r.final_rows - r.acknowledged == r.unacknowledged_in_table  # extras: logged, never answered


def test_acks_1_loses_acknowledged_clicks_under_the_same_faults() -> None:
    lost = [simulate(seed, clicks=3000, acks="1", fault_rate=0.01).lost_acknowledged for seed in range(5)]
    assert all(n > 0 for n in lost)


def test_no_faults_no_duplicates_and_everything_acknowledged() -> None:
    r = simulate(1, clicks=2000, fault_rate=0.0)
    assert r.acknowledged == r.final_rows == r.inserted_rows == 2000
    assert r.duplicate_rows_inserted == 0 and r.lost_acknowledged == 0
