"""Does each funded line pay for the goal, by the forecast's own numbers? And where the plan keeps a line
that does not, why (issue 12: one economics for deciding and forecasting).

The optimiser values reach, visits and what lasts after the horizon (the funnel the articles describe); the
forecast counts what the goal counts. A line passes when its forecast cost per unit of the goal (P50) is at
most what that unit is worth: a customer's first-order gross profit when the order value is known, else
``RELATIVE_LIMIT`` times the plan's own cost per unit (a line that costs several times the rest of the plan
for the same customer is not paying its way). A line that fails is kept only for the upper-funnel value the
plan gives it, and its reasons say so, with both figures; the JSON marks it ``pays_for_goal: false``.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import numpy as np

from mizaan.knowledge import KnowledgeBase
from mizaan.plan.allocate import Allocation
from mizaan.plan.ceiling import first_order_profit
from mizaan.plan.forecast import ForecastSamples
from mizaan.plan.funnel import FunnelSamples
from mizaan.plan.messages import Num, Pct, Plain, msg
from mizaan.plan.result import ChannelLine, Why
from mizaan.profile import Profile

RELATIVE_LIMIT = 3.0  # a line dearer than this many times the plan's own cost per unit of the goal fails
UPPER_FUNNEL = 0.5  # a failing line with at least this share of its value at awareness and consideration is
# kept for them; below it, it is a conversion line that costs too much, and its reason says so


def judge_lines(
    lines: list[ChannelLine],
    profile: Profile,
    alloc: Allocation,
    kb: KnowledgeBase,
    fs: ForecastSamples,
    fn: FunnelSamples,
) -> list[ChannelLine]:
    """``lines`` with ``pays_for_goal`` set and, where a line does not pay, the reason it is kept."""
    per_usd = kb.per_usd(profile.budget.currency)
    horizon = profile.horizon_months
    awareness = profile.goal == "awareness"

    def units(c: str) -> float:
        sample = fs.reach[c] * horizon if awareness else fs.conversions[c] * fn.close_rate
        return float(np.median(sample))

    spend = {line.channel: alloc.monthly_usd[line.channel] * per_usd * horizon for line in lines}
    made = {line.channel: units(line.channel) for line in lines}
    total = sum(made.values())
    plan_cost = sum(spend.values()) / total if total > 0 else float("inf")
    worth = first_order_profit(profile, kb) if not awareness else None
    limit = worth if worth is not None else plan_cost * RELATIVE_LIMIT
    out = []
    for line in lines:
        cost = spend[line.channel] / made[line.channel] if made[line.channel] > 0 else float("inf")
        if cost <= limit:
            out.append(replace(line, pays_for_goal=True))
            continue
        upper = line.stages["awareness"] + line.stages["consideration"]
        if awareness:
            key = "reason.kept.reach"
        elif upper < UPPER_FUNNEL:  # not an awareness line: it is a conversion line that costs too much
            key = "reason.dear.worth" if worth is not None else "reason.dear.relative"
        else:
            key = "reason.kept.worth" if worth is not None else "reason.kept.relative"
        text = msg(
            key,
            cost=Num(Decimal(str(round(cost, 2))) if np.isfinite(cost) else Decimal(0), 2 if awareness else 0),
            limit=Num(Decimal(str(round(limit, 2))), 2 if awareness else 0),
            currency=Plain(profile.budget.currency),
            times=Num(RELATIVE_LIMIT),
            upper=Pct(upper),
        )
        out.append(replace(line, pays_for_goal=False, reasons=[*line.reasons, Why(kind="model", text=text)]))
    return out
