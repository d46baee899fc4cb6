"""Rule-based models on journeys small enough to compute by hand."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from mizaan.errors import InputError
from mizaan.measure import (
    FirstTouch,
    Journey,
    LastNonDirect,
    LastTouch,
    Linear,
    PositionBased,
    TimeDecay,
    Touch,
    paths_from_journeys,
    paths_from_lists,
)

# a > b > a > c converts twice (value 10); c converts once (value 4); b > a does not convert
PATHS = paths_from_lists(
    [["a", "b", "a", "c"], ["c"], ["b", "a"]], conversions=[2, 1, 0], nulls=[0, 0, 5], value=[10, 4, 0]
)


def test_first_touch_gives_each_conversion_to_the_first_channel() -> None:
    m = FirstTouch().fit(PATHS)
    assert m.credit_ == {"a": 2.0, "b": 0.0, "c": 1.0}
    assert m.value_credit_ == {"a": 10.0, "b": 0.0, "c": 4.0}


def test_last_touch_gives_each_conversion_to_the_last_channel() -> None:
    assert LastTouch().fit(PATHS).credit_ == {"a": 0.0, "b": 0.0, "c": 3.0}


def test_linear_counts_every_touch_so_a_repeated_channel_gets_a_share_per_touch() -> None:
    m = Linear().fit(PATHS)
    assert m.credit_ == pytest.approx({"a": 1.0, "b": 0.5, "c": 1.5})
    assert m.value_credit_ == pytest.approx({"a": 5.0, "b": 2.5, "c": 4 + 2.5})


def test_position_based_gives_40_20_40_and_splits_two_touch_paths_evenly() -> None:
    p = paths_from_lists([["a", "b", "c", "d"], ["a", "b"], ["e"]], conversions=[1, 1, 1])
    m = PositionBased().fit(p)
    assert m.credit_ == pytest.approx({"a": 0.4 + 0.5, "b": 0.1 + 0.5, "c": 0.1, "d": 0.4, "e": 1.0})


def test_position_based_with_other_shares_keeps_their_ratio_on_two_touch_paths() -> None:
    m = PositionBased(first=0.6, last=0.2).fit(paths_from_lists([["a", "b"]], conversions=[4]))
    assert m.credit_ == pytest.approx({"a": 3.0, "b": 1.0})


def test_last_non_direct_skips_direct_but_keeps_it_when_nothing_else_is_there() -> None:
    p = paths_from_lists([["seo", "email", "Direct"], ["direct", "direct"], ["مباشر"]], conversions=[1, 2, 4])
    m = LastNonDirect().fit(p)
    assert m.credit_ == {"Direct": 0.0, "direct": 2.0, "email": 1.0, "seo": 0.0, "مباشر": 4.0}


def test_last_non_direct_reads_its_own_list_of_direct_names() -> None:
    p = paths_from_lists([["seo", "typed_in"]], conversions=[1])
    assert LastNonDirect(direct=["typed_in"]).fit(p).credit_ == {"seo": 1.0, "typed_in": 0.0}


def _journey(days_before: list[float], channels: list[str], conversions: float = 1.0) -> Journey:
    end = datetime(2025, 3, 10, 12, 0)
    return Journey(
        user="u",
        touches=[Touch(channel=c, time=end - timedelta(days=d)) for c, d in zip(channels, days_before, strict=True)],
        conversions=conversions,
        value=100.0 * conversions,
        converted_at=end,
    )


def test_time_decay_halves_the_weight_of_a_touch_one_half_life_older() -> None:
    p = paths_from_journeys([_journey([7.0, 0.0], ["social", "email"])])
    m = TimeDecay().fit(p)
    assert m.credit_ == pytest.approx({"email": 2 / 3, "social": 1 / 3})
    assert m.value_credit_ == pytest.approx({"email": 200 / 3, "social": 100 / 3})


def test_time_decay_shares_equally_between_touches_at_the_same_time() -> None:
    p = paths_from_journeys([_journey([3.0, 3.0, 3.0], ["a", "b", "c"])])
    assert TimeDecay(half_life_days=1).fit(p).credit_ == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})


def test_time_decay_copes_with_very_old_journeys_without_dividing_zero_by_zero() -> None:
    p = paths_from_journeys([_journey([20000.0, 19999.0], ["a", "b"])])
    assert sum(TimeDecay(half_life_days=0.01).fit(p).credit_.values()) == pytest.approx(1.0)


def test_time_decay_refuses_paths_without_times_with_a_located_bilingual_error() -> None:
    with pytest.raises(InputError) as err:
        TimeDecay().fit(PATHS)
    assert err.value.problems[0].field == "paths"
    assert "touch times" in err.value.message("en")
    assert "أوقات" in err.value.message("ar")


@pytest.mark.parametrize(
    "model", [FirstTouch(), LastTouch(), LastNonDirect(), Linear(), PositionBased()], ids=lambda m: m.key
)
def test_a_single_touch_path_gives_its_channel_everything_and_non_converting_paths_give_nothing(
    model,
) -> None:  # type: ignore[no-untyped-def]
    p = paths_from_lists([["x"], ["y", "x"]], conversions=[3, 0], nulls=[0, 9], value=[7, 0])
    m = model.fit(p)
    assert m.credit_ == {"x": 3.0, "y": 0.0}
    assert m.value_credit_ == {"x": 7.0, "y": 0.0}


@pytest.mark.parametrize(
    "bad",
    [
        PositionBased(first=0.7, last=0.5),
        PositionBased(first=-0.1),
        TimeDecay(half_life_days=0),
        LastNonDirect([""]),
    ],
    ids=repr,
)
def test_bad_parameters_are_refused_at_fit_naming_the_parameter(bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as err:
        bad.fit(PATHS)
    assert err.value.problems[0].field


def test_fit_refuses_something_that_is_not_paths() -> None:
    with pytest.raises(InputError):
        Linear().fit([["a", "b"]])  # type: ignore[arg-type]


def test_get_params_and_repr_show_the_settings() -> None:
    assert PositionBased(first=0.3).get_params() == {"first": 0.3, "last": 0.4}
    assert repr(TimeDecay(3.5)) == "TimeDecay(half_life_days=3.5)"
    with pytest.raises(RuntimeError):
        Linear().result()
