"""Risks of working with a creator: brand-safety words in their captions (C8: if the creator loses the
public's trust, the brand loses it too), the licence a campaign in Saudi Arabia (P1, Mawthooq) or the UAE
(P2, advertiser permit) needs, and a tier other than the one the planner recommends (T4)."""

from __future__ import annotations

import re

from mizaan.i18n import Lang, t
from mizaan.influencers.fit import Business
from mizaan.influencers.model import Candidate, Post
from mizaan.influencers.result import Flag
from mizaan.influencers.words import safety_hits
from mizaan.knowledge import KnowledgeBase, TierId


def risk_flags(
    c: Candidate,
    posts: list[Post],
    tier: TierId | None,
    recommended: TierId | None,
    biz: Business,
    kb: KnowledgeBase,
    lang: Lang,
) -> list[Flag]:
    """Brand-safety words in captions, missing licences (P1, P2) and a tier other than the plan's (T4)."""
    flags: list[Flag] = []
    seen: set[str] = set()
    for post in sorted(posts, key=lambda p: p.date, reverse=True):
        for cat, word in safety_hits(post.caption):
            if cat.id in seen:
                continue
            seen.add(cat.id)
            flags.append(
                Flag(
                    id=f"safety.{cat.id}",
                    severity=cat.severity,
                    text=t(
                        "influencers.flag.safety",
                        lang,
                        category=cat.name.get(lang),
                        word=word,
                        date=post.date.isoformat(),
                    ),
                    post_date=post.date,
                )
            )
    for rule, country in (("P1", "SA"), ("P2", "AE")):
        if not kb.rule_active(rule) or country not in (biz.country, c.country):
            continue
        if c.licence and re.fullmatch(r"[\w\-/]{4,30}", c.licence.strip()):
            flags.append(
                Flag(
                    id=f"licence.{rule}",
                    severity="info",
                    rule=rule,
                    text=t(f"influencers.flag.{rule}.given", lang, number=c.licence),
                )
            )
        else:
            flags.append(
                Flag(
                    id=f"licence.{rule}",
                    severity="critical",
                    rule=rule,
                    text=t(f"influencers.flag.{rule}.missing", lang),
                )
            )
    if recommended is not None and tier is not None and tier != recommended and kb.rule_active("T4"):
        flags.append(
            Flag(
                id="tier",
                severity="info",
                rule="T4",
                text=t(
                    "influencers.flag.tier",
                    lang,
                    tier=kb.tiers[tier].name.get(lang),
                    recommended=kb.tiers[recommended].name.get(lang),
                ),
            )
        )
    return flags
