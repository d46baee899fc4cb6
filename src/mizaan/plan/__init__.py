"""The planner: response curves from the knowledge base (or, later, from data), the optimiser that splits
a budget over them, and the plan built around the split (influencer decision, campaign blueprint, KPIs,
tracking, warnings, forecast, what would change it).

``plan(profile, kb)`` returns a ``PlanResult`` in no language: every text in it is a ``Msg`` (a message
key and typed parameters). ``mizaan.present`` turns it into the documented plan JSON, ``Plan``, in Arabic
or English; ``mizaan.make_plan`` does both.
"""

from mizaan.plan.allocate import FUNDED, Allocation, allocate, allocate_many
from mizaan.plan.check import check_knowledge_base
from mizaan.plan.curves import PriorCurves, ResponseCurve
from mizaan.plan.effects import Applied, RuleEffects
from mizaan.plan.explain import figure_msg
from mizaan.plan.forecast import ForecastSamples
from mizaan.plan.messages import (
    Count,
    Factor,
    FieldLabel,
    Join,
    KbText,
    Metric,
    Msg,
    Num,
    Param,
    Pct,
    Phrase,
    Plain,
    Signed,
    ValueLabel,
)
from mizaan.plan.model import (
    AllocationLine,
    Assumption,
    BlueprintStep,
    Forecast,
    InfluencerDecision,
    InfluencerOption,
    Kpi,
    Measurement,
    Plan,
    PlanWarning,
    PlatformLine,
    Range,
    Reason,
    RuleApplied,
    TrackingLink,
    WhatIf,
)
from mizaan.plan.money import round_half, unit
from mizaan.plan.planner import plan
from mizaan.plan.result import (
    Alternative,
    Assumed,
    ChannelLine,
    ForecastSummary,
    InfluencerChoice,
    KpiTarget,
    Link,
    PlanResult,
    PlatformShare,
    RuleUse,
    RuleWarning,
    Step,
    TierOption,
    Tracking,
    Why,
)
from mizaan.plan.whatif import BOOLEANS, CHOICES, apply_change

__all__ = [
    "BOOLEANS",
    "CHOICES",
    "FUNDED",
    "Allocation",
    "AllocationLine",
    "Alternative",
    "Applied",
    "Assumed",
    "Assumption",
    "BlueprintStep",
    "ChannelLine",
    "Count",
    "Factor",
    "FieldLabel",
    "Forecast",
    "ForecastSamples",
    "ForecastSummary",
    "InfluencerChoice",
    "InfluencerDecision",
    "InfluencerOption",
    "Join",
    "KbText",
    "Kpi",
    "KpiTarget",
    "Link",
    "Measurement",
    "Metric",
    "Msg",
    "Num",
    "Param",
    "Pct",
    "Phrase",
    "Plain",
    "Plan",
    "PlanResult",
    "PlanWarning",
    "PlatformLine",
    "PlatformShare",
    "PriorCurves",
    "Range",
    "Reason",
    "ResponseCurve",
    "RuleApplied",
    "RuleEffects",
    "RuleUse",
    "RuleWarning",
    "Signed",
    "Step",
    "TierOption",
    "Tracking",
    "TrackingLink",
    "ValueLabel",
    "WhatIf",
    "Why",
    "allocate",
    "allocate_many",
    "apply_change",
    "check_knowledge_base",
    "figure_msg",
    "plan",
    "round_half",
    "unit",
]
