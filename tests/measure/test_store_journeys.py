"""Journeys from the store's event stream: cut at conversions, in a fixed order, the same in any batch
size, and every model fed exactly what it would get from the journeys one by one."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.measure import DuckDBEngine, TimeDecay, attribute, make_models, path_table_to_paths, paths_from_touchpoints
from mizaan.measure.journeys import build_journeys
from mizaan.measure.queries import RATES_TABLE, Window, events_sql
from tests.measure.stores import at, conversion, make_store, shop_store, touch


def events(store: Path) -> pa.Table:
    with DuckDBEngine.open(store) as engine:
        engine.register(RATES_TABLE, pa.table({"currency": ["SAR"], "rate": [1.0]}))
        return engine.query(events_sql(Window()))


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shop_store(tmp_path_factory.mktemp("shop") / "shop.duckdb")


def test_events_come_in_journey_order_with_ties_broken_by_id(shop: Path) -> None:
    ev = events(shop)
    u5 = [r["event_id"] for r in ev.to_pylist() if r["user_id"] == "u5"]
    assert u5 == ["t5a", "t5b", "o4"]
    assert ev.num_rows == 13


def test_a_journey_ends_at_its_conversion_and_the_touches_after_start_a_new_one(shop: Path) -> None:
    table = build_journeys(events(shop).to_batches()).table("all").to_pylist()
    got = {r["path"]: (r["total_conversions"], r["total_conversion_value"], r["total_null"]) for r in table}
    assert got == {
        "email > social_ads": (1, 50, 0),
        "influencer_micro > direct": (1, 200, 0),
        "search_ads": (1, 100, 1),  # u4 bought after one search visit, then came back once without buying
        "social_ads": (0, 0, 1),
        "social_ads > search_ads": (1, 300, 0),
    }


def test_any_batch_size_gives_the_same_paths_and_time_decay(shop: Path) -> None:
    ev = events(shop)
    whole = build_journeys(ev.to_batches())
    for size in (1, 2, 3, 5):
        part = build_journeys(ev.to_batches(max_chunksize=size))
        assert part.table("all").equals(whole.table("all"))
        assert part.time_decay == pytest.approx(whole.time_decay)
        assert (part.touches, part.journeys, part.conversions) == (9, 6, 4)


def test_time_decay_equals_the_model_on_the_same_journeys_built_one_by_one(shop: Path) -> None:
    ev = events(shop).to_pylist()
    agg = build_journeys(events(shop).to_batches(max_chunksize=4), half_life_days=2.0)
    touches = [r for r in ev if not r["is_conversion"] and r["user_id"] in ("u1", "u2", "u5")]
    convs = [r for r in ev if r["is_conversion"] and r["user_id"] in ("u1", "u2", "u5")]
    touches += [r for r in ev if r["event_id"] == "t4a"]
    convs += [r for r in ev if r["event_id"] == "o3"]
    paths = paths_from_touchpoints(
        [r["user_id"] for r in touches],
        [r["channel"] for r in touches],
        [r["time"] for r in touches],
        [r["user_id"] for r in convs],
        [1.0] * len(convs),
        [r["value"] for r in convs],
        [r["time"] for r in convs],
        touch_id=list(range(len(touches))),
    )
    model = TimeDecay(half_life_days=2.0).fit(paths)
    assert agg.time_decay == pytest.approx({k: v for k, v in model.credit_.items()})
    assert agg.time_decay_value == pytest.approx(model.value_credit_)


def test_conversions_without_a_touch_are_counted_not_dropped(tmp_path: Path) -> None:
    store = make_store(
        tmp_path / "s.duckdb",
        touchpoints=[touch("a", "u1", at("2025-01-01"), "seo")],
        conversions=[
            conversion("c1", "u1", at("2025-01-02"), "10"),
            conversion("c2", "u1", at("2025-01-03"), "5"),  # no touch between: same journey
            conversion("c3", "u9", at("2025-01-03"), "7"),  # no touch at all
        ],
    )
    agg = build_journeys(events(store).to_batches())
    assert agg.table("all").to_pylist() == [
        {"path": "seo", "total_conversions": 2.0, "total_conversion_value": 15.0, "total_null": 0.0}
    ]
    assert (agg.unattributed, agg.unattributed_value, agg.conversions) == (1, 7, 3)
    assert agg.unattributed_by_period == {"2025-01-01": 1.0}


paths_st = st.lists(
    st.tuples(st.lists(st.sampled_from(["a", "b", "c", "direct"]), min_size=1, max_size=5), st.integers(0, 2)),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None)
@given(journeys=paths_st, size=st.integers(1, 7))
def test_models_on_streamed_paths_equal_the_models_on_the_journeys(
    tmp_path_factory: pytest.TempPathFactory, journeys: list[tuple[list[str], int]], size: int
) -> None:
    touches, convs = [], []
    for u, (chs, n) in enumerate(journeys):
        for i, ch in enumerate(chs):
            touches.append(touch(f"t{u}-{i}", f"u{u:02d}", at("2025-01-01", f"10:{i:02d}:00"), ch))
        for k in range(n):
            convs.append(conversion(f"c{u}-{k}", f"u{u:02d}", at("2025-01-01", f"11:00:{k:02d}"), str(10 + u)))
    store = make_store(tmp_path_factory.mktemp("h") / "s.duckdb", touchpoints=touches, conversions=convs)
    agg = build_journeys(events(store).to_batches(max_chunksize=size))
    streamed = attribute(
        path_table_to_paths(agg.table("all")), make_models([m for m in ("linear", "markov_1", "shapley")])
    )
    direct = paths_from_touchpoints(
        [t["user_id"] for t in touches],
        [t["channel"] for t in touches],
        [t["time"] for t in touches],
        pa.array([c["user_id"] for c in convs], pa.string()),
        [1.0] * len(convs),
        [float(c["value"]) for c in convs],
    )
    expected = attribute(direct, make_models(["linear", "markov_1", "shapley"]))
    for a, b in zip(streamed.results, expected.results, strict=True):
        for ch, credit in b.channels.items():
            assert a.channels[ch].conversions == pytest.approx(credit.conversions, abs=1e-9)
            assert a.channels[ch].value == pytest.approx(credit.value, abs=1e-9)
