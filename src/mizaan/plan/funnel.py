"""Funnel economics: a lead is not a sale.

The forecast's conversions are what each channel's conversion rate counts: purchases when the goal is
sales (or awareness), leads (calls, forms, bookings) when the goal is leads. A lead becomes a customer at
the lead-to-customer (close) rate, so customers = leads x close rate, and revenue is customers x order
value. The close rate and the gross margin are the profile's when it gives them; otherwise benchmark
figures for the business type in the profile's market (``funnel.close_rate_<type>``,
``funnel.gross_margin_<type>``), drawn through their low / typical / high like every other figure so the
forecast's range widens honestly, and listed among the plan's assumptions with their source and range.

The draws use their own random stream (derived from the forecast's seed), so adding them leaves every
other forecast figure as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mizaan.knowledge import Figure, FigureSource, KnowledgeBase
from mizaan.plan.explain import figure_msg
from mizaan.plan.messages import FieldLabel, Num, Pct, ValueLabel, msg
from mizaan.plan.result import Assumed, Why
from mizaan.profile import Profile

Array = NDArray[np.float64]
STREAM = 12  # the close rate's and margin's random stream, apart from the channels' draws


@dataclass(frozen=True)
class FunnelSamples:
    """Per-sample close rate (ones when conversions already are purchases) and gross margin (None when
    revenue cannot be known: no order value), the figures they came from, and the assumptions to list."""

    close_rate: Array
    margin: Array | None
    figures: tuple[Figure, ...]
    assumptions: tuple[Assumed, ...]


def counts_leads(profile: Profile) -> bool:
    """The conversions are leads (not purchases) only when the goal is leads."""
    return profile.goal == "leads"


def funnel_samples(profile: Profile, kb: KnowledgeBase, seed: int, n: int) -> FunnelSamples:
    rng = np.random.default_rng([seed, STREAM])
    src = FigureSource(kb, profile.location.country, rng=rng, n=n)
    figures: list[Figure] = []
    assumptions: list[Assumed] = []
    btype = profile.business_type

    def drawn(field: str, metric: str, given: object) -> Array:
        if given is not None:
            return np.full(n, float(str(given)))
        fig = src.figure("funnel", metric)
        figures.append(fig)
        text = msg(
            "assume.funnel",
            field=FieldLabel(field),
            business=ValueLabel("business_type", btype),
            value=Pct(fig.typical),
            figure=figure_msg(fig),
        )
        assumptions.append(Assumed(field=field, value=fig.typical, text=text))
        return src.get("funnel", metric)

    if counts_leads(profile):
        close = drawn("lead_to_customer_rate", f"close_rate_{btype}", profile.lead_to_customer_rate)
        close = np.clip(close, 0.0, 1.0)
    else:
        close = np.ones(n)
    margin = None
    if profile.average_order_value is not None:
        margin = np.clip(drawn("gross_margin", f"gross_margin_{btype}", profile.gross_margin), 1e-6, 1.0)
    return FunnelSamples(close, margin, tuple(figures), tuple(assumptions))


def order_value_reason(kb: KnowledgeBase, country: str, goal: str, order_value_usd: float | None) -> Why | None:
    """Why purchases per visit differ from the benchmarks' average: the order value (``price_factor`` in
    the economics, at the typical elasticity), or None where it does not apply (leads, no order value)."""
    if order_value_usd is None or goal == "leads":
        return None
    ref = kb.figure("funnel", "cvr_reference_order_value", country)
    elasticity = kb.figure("funnel", "cvr_price_elasticity", country)
    held = min(max(order_value_usd, ref.low), ref.high)
    params = {
        "value": Num(order_value_usd, 0 if order_value_usd >= 10 else 2),
        "reference": Num(ref.typical),
        "factor": Num((held / ref.typical) ** -elasticity.typical, 2),
        "elasticity": Num(elasticity.typical, 2),
    }
    if held == order_value_usd:
        return Why(kind="figure", figure=elasticity.id, text=msg("forecast.order_value", **params))
    text = msg("forecast.order_value_held", **params, held=Num(held), low=Num(ref.low), high=Num(ref.high))
    return Why(kind="figure", figure=elasticity.id, text=text)
