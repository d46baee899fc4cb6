"""The influencer decision: whether to use creators, which tier, how many posts, the budget for each,
how to choose them, and why not the other tiers (T4)."""

from __future__ import annotations

import math
from decimal import Decimal

from mizaan.i18n import NumberFormatter, t
from mizaan.knowledge import TIER_IDS, ChannelId, KnowledgeBase
from mizaan.plan.allocate import FUNDED, Allocation
from mizaan.plan.explain import figure_reason, rule_reason
from mizaan.plan.model import InfluencerDecision, InfluencerOption, Reason
from mizaan.plan.money import floor_to_unit, round_half


def decide(
    alloc: Allocation, kb: KnowledgeBase, monthly_amounts: dict[ChannelId, Decimal], currency: str, nf: NumberFormatter
) -> InfluencerDecision:
    lang = nf.lang
    facts = alloc.facts
    country = facts["location.country"]
    per_usd = kb.per_usd(currency)
    p = alloc.problem
    room_usd = p.influencer_cap * p.budget
    monthly = alloc.monthly_usd
    funded = [c for c in kb.channel_ids if kb.channels[c].family == "influencer" and monthly[c] > FUNDED]
    chosen: ChannelId | None = None
    for c in funded:
        if chosen is None or monthly[c] > monthly[chosen]:
            chosen = c
    options_value = alloc.solution.options
    best = max(v for v in options_value.values())

    options: list[InfluencerOption] = []
    for tier in TIER_IDS:
        ch = kb.tiers[tier].channel
        min_usd = alloc.prior.curves[ch].min_spend_usd
        affordable = min_usd <= room_usd + 1e-9
        value = options_value.get(ch, -math.inf)
        rel = value / best if math.isfinite(value) and best > 0 else None
        if ch == chosen:
            why = t("influencer.why.chosen", lang)
        elif not affordable:
            why = t("influencer.why.unaffordable", lang, share=nf.pct(p.influencer_cap))
        elif rel is not None:
            why = t("influencer.why.lower", lang, pct=nf.pct(min(rel, 0.99) if rel < 1 else rel))
        else:
            why = t("influencer.why.excluded", lang)
        options.append(
            InfluencerOption(
                tier=tier,
                channel=ch,
                affordable=affordable,
                min_amount=floor_to_unit(min_usd * per_usd, currency),
                relative_value=None if rel is None else round(rel, 4),
                chosen=ch == chosen,
                why=why,
            )
        )

    reasons: list[Reason] = []
    if chosen is None:
        if p.influencer_cap <= 0 or all(not o.affordable for o in options):
            reasons.append(Reason(kind="constraint", rule=_cap_rule(alloc), text=t("influencer.none.cap", lang)))
        else:
            reasons.append(Reason(kind="model", text=t("influencer.none.value", lang)))
        for a in alloc.effects.applied:
            if (
                a.kind == "multiplier"
                and a.factor is not None
                and a.factor < 1
                and any(kb.channels[c].family == "influencer" for c in a.channels)
            ):
                reasons.append(rule_reason(a, kb, nf))
        return InfluencerDecision(
            recommended=False,
            tier=None,
            channel=None,
            count=0,
            budget_each=None,
            monthly_budget=Decimal(0),
            followers_min=None,
            followers_max=None,
            selection_criteria=[],
            reasons=_dedupe(reasons),
            options=options,
        )

    tier_id = kb.channels[chosen].tier
    assert tier_id is not None
    tier_info = kb.tiers[tier_id]
    price = kb.figure(chosen, "price_per_post", country)
    min_posts = int(kb.figure(chosen, "min_posts", country).typical)
    count = max(min_posts, round(monthly[chosen] / price.typical))
    while monthly[chosen] / count > price.high and count < 1000:
        count += 1
    budget_each = round_half(Decimal(str(monthly[chosen] / count * per_usd)), currency)

    reasons.append(
        Reason(kind="model", text=t("influencer.reason.best", lang, name=kb.channels[chosen].name.get(lang)))
    )
    reasons.extend(rule_reason(a, kb, nf) for a in alloc.effects.applied if chosen in a.channels)
    if kb.rule_active("C2"):
        reasons.append(
            Reason(
                kind="rule",
                rule="C2",
                text=t("influencer.reason.trust", lang, trust=nf.factor(alloc.prior.structural[chosen]["trust"])),
            )
        )
    if kb.rule_active("D2"):
        reasons.append(
            Reason(
                kind="rule",
                rule="D2",
                text=t("influencer.reason.quality", lang, quality=nf.factor(alloc.prior.structural[chosen]["quality"])),
            )
        )
    for a in alloc.effects.applied:
        if a.kind in ("share_cap", "max_tiers"):
            reasons.append(rule_reason(a, kb, nf))
    reasons.append(figure_reason(price, nf))
    reasons.append(figure_reason(kb.figure(chosen, "engagement_rate", country), nf))
    if kb.rule_active("K1"):
        reasons.append(Reason(kind="rule", rule="K1", text=t("influencer.reason.market", lang)))
    return InfluencerDecision(
        recommended=True,
        tier=tier_id,
        channel=chosen,
        count=count,
        budget_each=budget_each,
        monthly_budget=monthly_amounts[chosen],
        followers_min=tier_info.followers_min,
        followers_max=tier_info.followers_max,
        selection_criteria=criteria(alloc, kb, chosen, nf),
        reasons=_dedupe(reasons),
        options=options,
    )


def criteria(alloc: Allocation, kb: KnowledgeBase, channel: ChannelId, nf: NumberFormatter) -> list[str]:
    """How to choose the creators, most important first (K5, then D2/M3, audience, authenticity...)."""
    lang = nf.lang
    facts = alloc.facts
    country = facts["location.country"]
    er = kb.figure(channel, "engagement_rate", country)
    place = facts.get("location.city") if facts["location.scope"] == "local" and facts.get("location.city") else None
    out = [t("criteria.fit", lang)]
    out.append(t("criteria.engagement", lang, low=nf.pct(er.low, 1), typical=nf.pct(er.typical, 1)))
    if place:
        found_city = kb.find_city(country, place)
        out.append(t("criteria.audience_city", lang, city=found_city[1].name.get(lang) if found_city else place))
    else:
        found = kb.countries.get(country)
        out.append(t("criteria.audience_country", lang, country=found.name.get(lang) if found else country))
    out.append(t("criteria.authentic", lang))
    out.append(t("criteria.reputation", lang))
    if country == "SA" and kb.rule_active("P1"):
        out.append(t("criteria.mawthooq", lang))
    if country == "AE" and kb.rule_active("P2"):
        out.append(t("criteria.uae_permit", lang))
    out.append(t("criteria.tracking", lang))
    return out


def _cap_rule(alloc: Allocation) -> str | None:
    cap = alloc.effects.share_caps.get("influencer")
    return cap[1] if cap else None


def _dedupe(reasons: list[Reason]) -> list[Reason]:
    seen: set[str] = set()
    out = []
    for r in reasons:
        if r.text not in seen:
            seen.add(r.text)
            out.append(r)
    return out
