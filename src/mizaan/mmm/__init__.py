"""The media-mix model: what each channel's spend added to a target over a business's own history, with
carry-over (adstock) and diminishing returns (saturation), priors from the knowledge base's figures and
rules, lift tests as calibration, NUTS (NumPyro on JAX) or a fast MAP, diagnostics, a confounding warning,
and the fit file the planner reads (docs/mmm.md)."""

from mizaan.mmm.api import fit_mmm
from mizaan.mmm.confounding import Confounding, spend_follows_target
from mizaan.mmm.data import DAYS_PER_MONTH, MIN_PERIODS, LiftTest, Period, Table, read_lift_tests, read_table
from mizaan.mmm.fit import MAX_RHAT, METHODS, MIN_ESS_PER_CHAIN, Diagnostics, Method, Options, judge
from mizaan.mmm.priors import TARGET_KINDS, ChannelPrior, TargetKind, channel_priors, match_channel
from mizaan.mmm.result import SCHEMA, ChannelFit, Estimate, MMMFit, prior_text, save_fit
from mizaan.mmm.simulate import Truth, simulate_mmm
from mizaan.mmm.transforms import (
    ADSTOCKS,
    SATURATION_PARAMS,
    SATURATIONS,
    AdstockKind,
    SaturationKind,
    adstock,
    adstock_weights,
    lagged,
    planner_curve,
    saturation,
)

__all__ = [
    "ADSTOCKS",
    "DAYS_PER_MONTH",
    "MAX_RHAT",
    "METHODS",
    "MIN_ESS_PER_CHAIN",
    "MIN_PERIODS",
    "SATURATIONS",
    "SATURATION_PARAMS",
    "SCHEMA",
    "TARGET_KINDS",
    "AdstockKind",
    "ChannelFit",
    "ChannelPrior",
    "Confounding",
    "Diagnostics",
    "Estimate",
    "LiftTest",
    "MMMFit",
    "Method",
    "Options",
    "Period",
    "SaturationKind",
    "Table",
    "TargetKind",
    "Truth",
    "adstock",
    "adstock_weights",
    "channel_priors",
    "fit_mmm",
    "judge",
    "lagged",
    "match_channel",
    "planner_curve",
    "prior_text",
    "read_lift_tests",
    "read_table",
    "saturation",
    "save_fit",
    "simulate_mmm",
    "spend_follows_target",
]
