"""The combined campaign (I2, I3) as ordered steps with timing: creator for awareness, retargeting of
those who watched, content to persuade, an offer to convert; with the set-up steps a plan cannot skip
(tracking, M2; landing page and offer, X3; the assets a channel needs before money helps, e.g. an email
list) and a review with data."""

from __future__ import annotations

from collections.abc import Sequence

from mizaan.knowledge import BlueprintRole, ChannelId, KnowledgeBase
from mizaan.plan.allocate import Allocation
from mizaan.plan.eligibility import ineligible
from mizaan.plan.messages import Msg, msg
from mizaan.plan.model import StepStage
from mizaan.plan.result import Step
from mizaan.profile import HAS_CLEAR_OFFER, HAS_LANDING_PAGE


def blueprint(alloc: Allocation, kb: KnowledgeBase, influencer: ChannelId | None) -> list[Step]:
    funded = set(alloc.funded())

    def step(role: BlueprintRole) -> list[ChannelId]:
        return [c for c in kb.channels_in_step(role) if c in funded]

    retargeter = kb.retargeting_channel()
    facts = alloc.facts
    weeks = int(facts["horizon_months"]) * 4
    steps: list[tuple[StepStage, Sequence[ChannelId], Msg, int, int, list[str]]] = []

    tracking_rules = ["D1", "M2"] if facts.get("has_tracking") is not True else ["D1"]
    steps.append(("setup", [], msg("bp.tracking"), 0, 0, tracking_rules))
    if facts.get(HAS_LANDING_PAGE) is False or facts.get(HAS_CLEAR_OFFER) is False:
        steps.append(("setup", [], msg("bp.landing"), 0, 1, ["X3", "I3"]))
    for out in ineligible(kb, facts):  # a channel the business cannot run yet: what to build first, and why
        steps.append(("setup", [out.channel], out.step, 0, weeks, []))

    if influencer is not None:
        steps.append(("awareness", [influencer], msg("bp.influencer"), 1, 2, ["I2", "I3", "F1"]))
        viewers = step("retarget_viewers")  # the retargeting channel leads, the others follow
        rt = sorted(viewers, key=lambda c: c != retargeter)
        if rt:
            steps.append(("consideration", rt, msg("bp.retarget_viewers"), 1, 3, ["I2", "I3", "F3"]))
    elif social := step("social_awareness"):
        steps.append(("awareness", social, msg("bp.social_awareness"), 1, weeks, ["F1"]))
    if (social := step("social_awareness")) and influencer is not None:
        steps.append(("awareness", social, msg("bp.social_support"), 1, weeks, ["F1", "I1"]))

    persuade = step("persuade")
    if persuade:
        steps.append(("consideration", persuade, msg("bp.content"), 1, weeks, ["F2", "I2", "C5"]))
    if search := step("search"):
        steps.append(("conversion", search, msg("bp.search"), 1, weeks, ["F3"]))
    if (visitors := step("retarget_visitors")) and influencer is None:
        steps.append(("conversion", visitors, msg("bp.retarget_visitors"), 2, weeks, ["F3", "I2"]))
    convert = step("offer")
    offer = msg(f"bp.offer.{facts['business_type']}")  # what "not finished" means: a cart, a booking, a form
    steps.append(("conversion", convert, offer, 2, 4, ["I2", "I3", "F3", "X3"]))
    steps.append(("review", [], msg("bp.review"), 4, 4, ["M2", "A6", "C6"]))
    return [
        Step(order=i + 1, stage=stage, channels=list(chs), action=text, start_week=s, end_week=e, rules=rules)
        for i, (stage, chs, text, s, e, rules) in enumerate(steps)
    ]
