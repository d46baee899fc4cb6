"""Which channels a business can run now: a channel whose registry ``needs`` name an asset the profile
lacks (an email list, a website), or a horizon longer than the plan's, gets no budget; the blueprint lists
the set-up step instead, with the reason. Unknown assets do not exclude: the planner assumes them, and says
so among the plan's assumptions."""

from __future__ import annotations

from dataclasses import dataclass

from mizaan.knowledge import AssetId, ChannelId, KnowledgeBase
from mizaan.plan.facts import Facts
from mizaan.plan.messages import Count, KbText, Msg, msg

# the fact that says whether the business has each asset (true, false, or None: not known), and the
# set-up step when it lacks it
ASSET_FACTS: dict[AssetId, str] = {"website": "asset.website", "list": "asset.list"}
SETUP_STEPS: dict[AssetId, str] = {"website": "bp.needs_website", "list": "bp.needs_list"}


@dataclass(frozen=True)
class Ineligible:
    """A channel the plan may not fund, and the set-up step that says why."""

    channel: ChannelId
    step: Msg


def ineligible(kb: KnowledgeBase, facts: Facts) -> list[Ineligible]:
    """The channels of ``kb`` that the facts rule out, in registry order, each with its first unmet need."""
    out: list[Ineligible] = []
    horizon = int(facts["horizon_months"])
    for c in kb.channel_ids:
        ch = kb.channels[c]
        name = KbText(ch.name)
        missing = [a for a in ch.needs.assets if facts.get(ASSET_FACTS[a]) is False]
        if missing:
            out.append(Ineligible(c, msg(SETUP_STEPS[missing[0]], channel=name)))
        elif ch.needs.min_horizon_months is not None and horizon < ch.needs.min_horizon_months:
            text = msg(
                "bp.needs_horizon",
                channel=name,
                months=Count(ch.needs.min_horizon_months, "month"),
                horizon=Count(horizon, "month"),
            )
            out.append(Ineligible(c, text))
    return out
