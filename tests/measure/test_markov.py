"""Exact Markov removal effects: by hand, against an independent dense computation, and the axioms."""

from __future__ import annotations

import numpy as np
import pytest

from mizaan.errors import InputError
from mizaan.measure import MarkovAttribution, Paths, build_chain, paths_from_lists
from mizaan.measure.markov import DENSE_LIMIT

from .reference import Row, dense_markov


def _paths(rows: list[Row]) -> Paths:
    return paths_from_lists(
        [r[0] for r in rows],
        conversions=[r[1] for r in rows],
        nulls=[r[2] for r in rows],
        value=[r[3] for r in rows],
    )


def test_a_two_step_path_by_hand() -> None:
    # start -> a (2); a -> b (1), a -> null (1); b -> conversion (1). P = 1/2; removing either loses all.
    m = MarkovAttribution().fit(paths_from_lists([["a", "b"], ["a"]], conversions=[1, 0], nulls=[0, 1]))
    assert m.conversion_probability_ == pytest.approx(0.5)
    assert m.removal_effects_ == pytest.approx({"a": 1.0, "b": 1.0})
    assert m.credit_ == pytest.approx({"a": 0.5, "b": 0.5})


def test_a_loop_by_hand() -> None:
    # a > b > a converts, b does not: x_a = 1/2 + x_b / 2, x_b = x_a / 2, so x_a = 2/3, x_b = 1/3, P = 1/2.
    # Without b, x_a = 1/2 and P = 1/4: b's removal effect is 1/2; a's is 1.
    m = MarkovAttribution().fit(paths_from_lists([["a", "b", "a"], ["b"]], conversions=[1, 0], nulls=[0, 1]))
    assert m.conversion_probability_ == pytest.approx(0.5)
    assert m.removal_effects_ == pytest.approx({"a": 1.0, "b": 0.5})
    assert m.credit_ == pytest.approx({"a": 2 / 3, "b": 1 / 3})


def test_repeated_consecutive_channels_collapse_at_order_one() -> None:
    once = MarkovAttribution().fit(paths_from_lists([["a", "b"], ["b"]], conversions=[1, 1], nulls=[1, 2]))
    repeated = MarkovAttribution().fit(
        paths_from_lists([["a", "a", "a", "b", "b"], ["b", "b"]], conversions=[1, 1], nulls=[1, 2])
    )
    assert repeated.removal_effects_ == pytest.approx(once.removal_effects_)
    assert repeated.chain_.n_states == once.chain_.n_states == 3


def test_higher_orders_use_windows_of_touches_with_repeated_windows_dropped() -> None:
    chain = build_chain(paths_from_lists([["a", "a", "a", "b"], ["c"]], conversions=[1, 1]), order=2)
    assert chain.state_names() == ["(start)", "a > a", "a > b", "c"]
    assert chain.counts[0, 1] == 1 and chain.counts[1, 2] == 1 and chain.counts[0, 3] == 1


def test_without_a_null_column_non_converting_paths_weigh_nothing() -> None:
    with_nulls_zero = MarkovAttribution().fit(paths_from_lists([["a", "b"], ["c"], ["a"]], conversions=[2, 1, 0]))
    without_third = MarkovAttribution().fit(paths_from_lists([["a", "b"], ["c"]], conversions=[2, 1]))
    assert with_nulls_zero.conversion_probability_ == pytest.approx(1.0)
    assert with_nulls_zero.credit_ == pytest.approx(without_third.credit_)


ROWS: list[Row] = [
    (["search", "social", "email"], 3, 10, 90.0),
    (["social", "social", "search"], 1, 14, 20.0),
    (["email"], 2, 3, 50.0),
    (["display", "search", "display", "email", "search"], 2, 6, 70.0),
    (["social", "display"], 0, 12, 0.0),
    (["search", "email", "search", "email"], 4, 5, 160.0),
    (["tiktok", "social", "search", "email"], 1, 2, 30.0),
]


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_removal_effects_equal_an_independent_dense_computation(order: int) -> None:
    m = MarkovAttribution(order=order).fit(_paths(ROWS))
    re, re_v, p = dense_markov(ROWS, order)
    assert m.conversion_probability_ == pytest.approx(p, abs=1e-12)
    assert m.removal_effects_ == pytest.approx(re, abs=1e-12)
    assert m.value_removal_effects_ == pytest.approx(re_v, abs=1e-12)


def _random_rows(rng: np.random.Generator, n: int, channels: int, max_len: int) -> list[Row]:
    names = [f"c{i}" for i in range(channels)]
    rows: list[Row] = []
    for _ in range(n):
        length = int(rng.integers(1, max_len + 1))
        conv = float(rng.integers(0, 4))
        rows.append(
            (
                [names[i] for i in rng.integers(0, channels, length)],
                conv,
                float(rng.integers(0, 6)),
                conv * float(rng.uniform(5, 50)),
            )
        )
    return rows


@pytest.mark.parametrize("solver", ["auto", "lu", "gmres", "dense"])
def test_every_solver_on_a_large_state_space_equals_the_dense_computation(solver: str) -> None:
    rows = _random_rows(np.random.default_rng(3), 1500, 9, 6)
    m = MarkovAttribution(order=3, solver=solver).fit(_paths(rows))  # type: ignore[arg-type]
    assert m.chain_.n_states > DENSE_LIMIT
    re, re_v, p = dense_markov(rows, 3)
    assert m.conversion_probability_ == pytest.approx(p, abs=1e-12)
    assert m.removal_effects_ == pytest.approx(re, abs=1e-10)
    assert m.value_removal_effects_ == pytest.approx(re_v, abs=1e-10)


def test_the_chain_is_the_same_whatever_the_chunk_size() -> None:
    p = _paths(_random_rows(np.random.default_rng(5), 300, 6, 7))
    whole, pieces = build_chain(p, 2), build_chain(p, 2, chunk_touches=7)
    assert whole.state_names() == pieces.state_names()
    assert (whole.counts != pieces.counts).nnz == 0
    np.testing.assert_array_equal(whole.to_conversion, pieces.to_conversion)


@pytest.mark.parametrize("order", [1, 2, 3])
def test_conversion_probability_is_conversions_over_journeys_and_credit_adds_up(order: int) -> None:
    rows = _random_rows(np.random.default_rng(order), 200, 5, 5)
    p = _paths(rows)
    m = MarkovAttribution(order=order).fit(p)
    assert m.conversion_probability_ == pytest.approx(p.total_conversions / (p.total_conversions + p.total_nulls))
    assert sum(m.credit_.values()) == pytest.approx(p.total_conversions)
    assert sum(m.value_credit_.values()) == pytest.approx(p.total_value)  # type: ignore[union-attr]


def test_interchangeable_channels_get_the_same_credit() -> None:
    rows = _random_rows(np.random.default_rng(11), 60, 4, 5)
    swap = {"c0": "c1", "c1": "c0"}
    mirrored = rows + [([swap.get(c, c) for c in p], conv, null, value) for p, conv, null, value in rows]
    for order in (1, 2, 3):
        credit = MarkovAttribution(order=order).fit(_paths(mirrored)).credit_
        assert credit["c0"] == pytest.approx(credit["c1"], rel=1e-10)


def test_a_channel_in_no_weighted_path_gets_nothing() -> None:
    p = paths_from_lists([["a", "b"], ["ghost", "a"]], conversions=[1, 0], nulls=[1, 0])
    m = MarkovAttribution(order=2).fit(p)
    assert m.credit_["ghost"] == 0.0 and m.removal_effects_["ghost"] == 0.0


def test_results_are_identical_on_every_run() -> None:
    p = _paths(_random_rows(np.random.default_rng(2), 400, 6, 6))
    first = MarkovAttribution(order=3).fit(p).credit_
    assert all(MarkovAttribution(order=3).fit(p).credit_ == first for _ in range(3))


def test_no_conversions_at_all_gives_zero_credit() -> None:
    m = MarkovAttribution().fit(paths_from_lists([["a", "b"]], conversions=[0], nulls=[4]))
    assert m.credit_ == {"a": 0.0, "b": 0.0} and m.conversion_probability_ == 0.0


@pytest.mark.parametrize("order", [0, 5, 1.5, True])
def test_orders_outside_one_to_four_are_refused(order: object) -> None:
    with pytest.raises(InputError) as err:
        MarkovAttribution(order=order).fit(paths_from_lists([["a"]], conversions=[1]))  # type: ignore[arg-type]
    assert err.value.problems[0].field == "order"


def test_result_carries_removal_effects_and_diagnostics() -> None:
    r = MarkovAttribution(order=2).fit(_paths(ROWS)).result()
    assert r.model == "markov_2" and r.params == {"order": 2, "solver": "auto"}
    assert r.channels["email"].removal_effect is not None and r.channels["email"].value_removal_effect is not None
    assert r.diagnostics["states"] > 0
