"""The combined campaign (I2, I3) as ordered steps with timing: creator for awareness, retargeting of
those who watched, content to persuade, an offer to convert; with the set-up steps a plan cannot skip
(tracking, M2; landing page and offer, X3) and a review with data."""

from __future__ import annotations

from collections.abc import Sequence

from mizaan.i18n import Lang, t
from mizaan.knowledge import BlueprintRole, ChannelId, KnowledgeBase
from mizaan.plan.allocate import Allocation
from mizaan.plan.model import BlueprintStep, StepStage


def blueprint(alloc: Allocation, kb: KnowledgeBase, influencer: ChannelId | None, lang: Lang) -> list[BlueprintStep]:
    funded = set(alloc.funded())

    def step(role: BlueprintRole) -> list[ChannelId]:
        return [c for c in kb.channels_in_step(role) if c in funded]

    retargeter = kb.retargeting_channel()
    facts = alloc.facts
    weeks = int(facts["horizon_months"]) * 4
    steps: list[tuple[StepStage, Sequence[ChannelId], str, int, int, list[str]]] = []

    tracking_rules = ["D1", "M2"] if facts.get("has_tracking") is not True else ["D1"]
    steps.append(("setup", [], t("bp.tracking", lang), 0, 0, tracking_rules))
    if facts.get("has_landing_page") is False or facts.get("has_clear_offer") is False:
        steps.append(("setup", [], t("bp.landing", lang), 0, 1, ["X3", "I3"]))

    if influencer is not None:
        steps.append(("awareness", [influencer], t("bp.influencer", lang), 1, 2, ["I2", "I3", "F1"]))
        viewers = step("retarget_viewers")  # the retargeting channel leads, the others follow
        rt = sorted(viewers, key=lambda c: c != retargeter)
        if rt:
            steps.append(("consideration", rt, t("bp.retarget_viewers", lang), 1, 3, ["I2", "I3", "F3"]))
    elif social := step("social_awareness"):
        steps.append(("awareness", social, t("bp.social_awareness", lang), 1, weeks, ["F1"]))
    if (social := step("social_awareness")) and influencer is not None:
        steps.append(("awareness", social, t("bp.social_support", lang), 1, weeks, ["F1", "I1"]))

    persuade = step("persuade")
    if persuade:
        steps.append(("consideration", persuade, t("bp.content", lang), 1, weeks, ["F2", "I2", "C5"]))
    if search := step("search"):
        steps.append(("conversion", search, t("bp.search", lang), 1, weeks, ["F3"]))
    if (visitors := step("retarget_visitors")) and influencer is None:
        steps.append(("conversion", visitors, t("bp.retarget_visitors", lang), 2, weeks, ["F3", "I2"]))
    convert = step("offer")
    steps.append(("conversion", convert, t("bp.offer", lang), 2, 4, ["I2", "I3", "F3", "X3"]))
    steps.append(("review", [], t("bp.review", lang), 4, 4, ["M2", "A6", "C6"]))
    return [
        BlueprintStep(order=i + 1, stage=stage, channels=list(chs), action=text, start_week=s, end_week=e, rules=rules)
        for i, (stage, chs, text, s, e, rules) in enumerate(steps)
    ]
