"""Rate limits shared by every process on one tracking database: N API workers give a caller its rate
once, not N times; a bucket refills at its rate and never holds more than its burst."""

from __future__ import annotations

import multiprocessing
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.track.orders.throttle import Rate, Throttle


def _draw(db: str, n: int) -> int:
    """``n`` requests of one caller from this process: how many were let through."""
    throttle = Throttle(db, Rate(0.001, 30), "api")
    return sum(1 for _ in range(n) if throttle.take("workspace-a") == 0)


def test_processes_share_one_bucket_per_caller(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        allowed = pool.starmap(_draw, [(db, 20)] * 4)
    assert sum(allowed) == 30  # eighty requests from four processes: the burst of thirty, once
    other = Throttle(db, Rate(0.001, 30), "api")
    assert other.take("workspace-b") == 0  # another caller has its own bucket
    assert Throttle(db, Rate(0.001, 30), "hook").take("workspace-a") == 0  # and another limit its own


@settings(max_examples=40, deadline=None)
@given(
    steps=st.lists(st.tuples(st.floats(0, 5), st.integers(1, 10)), min_size=1, max_size=12),
    per_second=st.floats(0.1, 50),
    burst=st.integers(1, 20),
)
def test_a_bucket_lets_through_at_most_its_burst_plus_what_refilled(
    steps: list[tuple[float, int]], per_second: float, burst: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        clock = [1_000.0]
        a = Throttle(Path(folder) / "t.db", Rate(per_second, burst), "api")
        b = Throttle(Path(folder) / "t.db", Rate(per_second, burst), "api")  # another process's connection
        a._clock = b._clock = lambda: clock[0]
        allowed = 0
        for i, (pause, n) in enumerate(steps):
            clock[0] += pause
            for j in range(n):
                wait = (a if (i + j) % 2 else b).take("caller")
                assert wait >= 0
                if wait == 0:
                    allowed += 1
                else:
                    assert wait >= 1
            assert allowed <= burst + (clock[0] - 1_000.0) * per_second + 1e-9
        assert allowed >= min(sum(n for _, n in steps), burst)  # a full bucket lets its burst through


def test_no_caller_address_is_kept(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "t.db"
    Throttle(db, Rate(1, 2), "address").take("203.0.113.9")
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT kind, key FROM track_rate_buckets").fetchall()
    assert len(rows) == 1 and "203.0.113" not in rows[0][1]
