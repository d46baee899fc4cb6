"""Incremental lift: what a campaign, an influencer post or a geo test *added* to a metric, with an honest
95 % interval, measured against a counterfactual built from untreated units (synthetic control with
placebo-in-space inference) or from control series (a Bayesian structural time series); docs/lift.md."""

from mizaan.lift.data import Panel, Problems, Series, parse_date, parse_number, read_panel, read_series
from mizaan.lift.design import Design, Option, design_test
from mizaan.lift.estimate import METHODS, MIN_PRE_DATES, LiftResult, Method, lift_panel, lift_series
from mizaan.lift.synth import MIN_PLACEBOS

__all__ = [
    "METHODS",
    "MIN_PLACEBOS",
    "MIN_PRE_DATES",
    "Design",
    "LiftResult",
    "Method",
    "Option",
    "Panel",
    "Problems",
    "Series",
    "design_test",
    "lift_panel",
    "lift_series",
    "parse_date",
    "parse_number",
    "read_panel",
    "read_series",
]
