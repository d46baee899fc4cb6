"""Measurement: what each channel brought — funnels, ROI and attribution over the project store, and
attribution over journeys and path tables.

Models follow scikit-learn's habits (``__init__`` stores parameters, ``fit(paths)`` returns ``self``,
learned state ends with ``_``)::

    from mizaan.measure import MarkovAttribution, read_path_table

    paths = read_path_table("paths.csv")
    MarkovAttribution(order=2).fit(paths).credit_   # conversions credited to each channel ID in the paths

``attribute(paths)`` runs every model side by side; see ``docs/attribution.md``.
"""

from mizaan.measure.attribute import MODEL_NAMES, attribute, make_models, summarize
from mizaan.measure.base import AttributionModel
from mizaan.measure.chain import Chain, build_chain
from mizaan.measure.creator_lift import CreatorEstimate, CreatorSeries, LiftFit, LiftInputs, fit_creator_lift
from mizaan.measure.engines import DuckDBEngine, QueryEngine, SparkEngine, SparkUnavailable
from mizaan.measure.ga4_sql import ga4_script
from mizaan.measure.heuristics import (
    DEFAULT_DIRECT,
    FirstTouch,
    LastNonDirect,
    LastTouch,
    Linear,
    PositionBased,
    TimeDecay,
)
from mizaan.measure.journeyfile import read_journeys
from mizaan.measure.markov import MarkovAttribution
from mizaan.measure.measuring import DEFAULT_FUNNEL_MODEL, FUNNEL_MODELS, measure
from mizaan.measure.paths import (
    Journey,
    Paths,
    Touch,
    paths_from_journeys,
    paths_from_lists,
    paths_from_touchpoints,
)
from mizaan.measure.pathtable import path_table_to_paths, read_path_table
from mizaan.measure.queries import PERIODS, Period
from mizaan.measure.result import AttributionReport, ChannelCredit, InputSummary, ModelResult, Skipped
from mizaan.measure.shapley import ShapleyAttribution, coalition_worth, shapley_from_worth
from mizaan.measure.summary import (
    ChannelResult,
    CreatorLiftSummary,
    Credit,
    FamilyResult,
    Funnel,
    InfluencerResult,
    Measurement,
    TierLift,
)
from mizaan.measure.truth import Truth, load_truth

__all__ = [
    "DEFAULT_DIRECT",
    "DEFAULT_FUNNEL_MODEL",
    "FUNNEL_MODELS",
    "MODEL_NAMES",
    "PERIODS",
    "AttributionModel",
    "AttributionReport",
    "Chain",
    "ChannelCredit",
    "ChannelResult",
    "CreatorEstimate",
    "CreatorLiftSummary",
    "CreatorSeries",
    "Credit",
    "DuckDBEngine",
    "FamilyResult",
    "FirstTouch",
    "Funnel",
    "InfluencerResult",
    "InputSummary",
    "Journey",
    "LastNonDirect",
    "LastTouch",
    "LiftFit",
    "LiftInputs",
    "Linear",
    "MarkovAttribution",
    "Measurement",
    "ModelResult",
    "Paths",
    "Period",
    "PositionBased",
    "QueryEngine",
    "ShapleyAttribution",
    "Skipped",
    "SparkEngine",
    "SparkUnavailable",
    "TierLift",
    "TimeDecay",
    "Touch",
    "Truth",
    "attribute",
    "build_chain",
    "coalition_worth",
    "fit_creator_lift",
    "ga4_script",
    "load_truth",
    "make_models",
    "measure",
    "path_table_to_paths",
    "paths_from_journeys",
    "paths_from_lists",
    "paths_from_touchpoints",
    "read_journeys",
    "read_path_table",
    "shapley_from_worth",
    "summarize",
]
