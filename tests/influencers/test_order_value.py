"""A creator's expected sales follow the planner's economics, order value included: a purchase is rarer the
dearer the order (funnel.cvr_price_elasticity), so the same post sells fewer SAR 1,500 orders than SAR 300
ones, and leads do not depend on the order value at all."""

from __future__ import annotations

from typing import Any

from mizaan.influencers import vet
from mizaan.knowledge import load_knowledge_base
from tests.influencers import factory as f

KB = load_knowledge_base()


def _conversions(make_profile: Any, **changes: Any) -> float:
    c = f.candidate()
    data = f.world(c, posts=f.posts(c, n=6, seed=1))
    outcome = vet(data, make_profile(**changes)).get(c.handle).outcome
    assert outcome is not None
    return outcome.conversions.p50


def test_a_post_sells_fewer_orders_the_dearer_the_order_as_the_planner_counts_them(make_profile: Any) -> None:
    cheap = _conversions(make_profile, average_order_value=300)  # SAR 300 = USD 80, inside the measured range
    dear = _conversions(make_profile, average_order_value=1500)  # USD 400
    elasticity = KB.figure("funnel", "cvr_price_elasticity", "SA").typical
    assert dear < cheap
    assert 0.5 * 5**-elasticity < dear / cheap < 2 * 5**-elasticity  # about the cited elasticity's ratio


def test_leads_from_a_post_do_not_depend_on_the_order_value(make_profile: Any) -> None:
    low = _conversions(make_profile, goal="leads", average_order_value=300)
    high = _conversions(make_profile, goal="leads", average_order_value=1500)
    assert low == high
