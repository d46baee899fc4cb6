"""The influencer decision: whether to use creators, which tier, how many posts, the budget for each,
how to choose them, and why not the other tiers (T4)."""

from __future__ import annotations

import math
from decimal import Decimal

from mizaan.knowledge import TIER_IDS, ChannelId, Figure, KnowledgeBase
from mizaan.plan.allocate import FUNDED, Allocation
from mizaan.plan.explain import figure_reason, rule_reason
from mizaan.plan.messages import Count, Factor, KbText, Msg, Pct, Plain, dedupe, msg
from mizaan.plan.money import floor_to_unit, round_half
from mizaan.plan.result import InfluencerChoice, TierOption, Why


def decide(
    alloc: Allocation, kb: KnowledgeBase, monthly_amounts: dict[ChannelId, Decimal], currency: str
) -> InfluencerChoice:
    """Creators or not, which tier and how many posts; ``monthly_amounts`` are the plan's lines per
    month in ``currency``."""
    chosen = chosen_channel(alloc, kb)
    options = tier_options(alloc, kb, chosen, currency)
    if chosen is None:
        return _no_creators(alloc, kb, options)
    tier_id = kb.channels[chosen].tier
    assert tier_id is not None
    tier_info = kb.tiers[tier_id]
    country = alloc.facts["location.country"]
    price = kb.figure(chosen, "price_per_post", country)
    count = post_count(alloc, kb, chosen, price)
    budget_each = round_half(Decimal(str(alloc.monthly_usd[chosen] / count * kb.per_usd(currency))), currency)
    return InfluencerChoice(
        recommended=True,
        tier=tier_id,
        channel=chosen,
        count=count,
        budget_each=budget_each,
        monthly_budget=monthly_amounts[chosen],
        followers_min=tier_info.followers_min,
        followers_max=tier_info.followers_max,
        selection_criteria=criteria(alloc, kb, chosen),
        reasons=dedupe(_reasons_for(alloc, kb, chosen, price)),
        options=options,
    )


def chosen_channel(alloc: Allocation, kb: KnowledgeBase) -> ChannelId | None:
    """The funded influencer tier with the most money (the optimiser funds one at most, T4)."""
    monthly = alloc.monthly_usd
    chosen: ChannelId | None = None
    for c in kb.channel_ids:
        if kb.channels[c].family == "influencer" and monthly[c] > FUNDED:
            if chosen is None or monthly[c] > monthly[chosen]:
                chosen = c
    return chosen


def tier_options(alloc: Allocation, kb: KnowledgeBase, chosen: ChannelId | None, currency: str) -> list[TierOption]:
    """Every tier: affordable within the influencer cap or not, its value against the best, and why it
    was or was not chosen."""
    p = alloc.problem
    room_usd = p.influencer_cap * p.budget
    per_usd = kb.per_usd(currency)
    options_value = alloc.solution.options
    best = max(v for v in options_value.values())
    out: list[TierOption] = []
    for tier in TIER_IDS:
        ch = kb.tiers[tier].channel
        min_usd = alloc.prior.curves[ch].min_spend_usd
        affordable = min_usd <= room_usd + 1e-9
        value = options_value.get(ch, -math.inf)
        rel = value / best if math.isfinite(value) and best > 0 else None
        if ch == chosen:
            why = msg("influencer.why.chosen")
        elif not affordable:
            why = msg("influencer.why.unaffordable", share=Pct(p.influencer_cap))
        elif rel is not None:
            why = msg("influencer.why.lower", pct=Pct(min(rel, 0.99) if rel < 1 else rel))
        else:
            why = msg("influencer.why.excluded")
        out.append(
            TierOption(
                tier=tier,
                channel=ch,
                affordable=affordable,
                min_amount=floor_to_unit(min_usd * per_usd, currency),
                relative_value=None if rel is None else round(rel, 4),
                chosen=ch == chosen,
                why=why,
            )
        )
    return out


def post_count(alloc: Allocation, kb: KnowledgeBase, chosen: ChannelId, price: Figure) -> int:
    """Posts a month: the money over the typical price, at least the tier's minimum, and more posts
    when each would cost more than the highest price."""
    monthly = alloc.monthly_usd[chosen]
    min_posts = int(kb.figure(chosen, "min_posts", alloc.facts["location.country"]).typical)
    count = max(min_posts, round(monthly / price.typical))
    while monthly / count > price.high and count < 1000:
        count += 1
    return count


def _no_creators(alloc: Allocation, kb: KnowledgeBase, options: list[TierOption]) -> InfluencerChoice:
    reasons: list[Why] = []
    if alloc.problem.influencer_cap <= 0:  # a rule says creators would fail here (X3): none are funded
        rule = _cap_rule(alloc)
        stop = kb.rules[rule].statement if rule is not None and rule in kb.rules else None
        text = msg("influencer.none.rule", statement=KbText(stop)) if stop is not None else msg("influencer.none.cap")
        reasons.append(Why(kind="rule", rule=rule, text=text))
    elif all(not o.affordable for o in options):
        reasons.append(Why(kind="constraint", rule=_cap_rule(alloc), text=msg("influencer.none.cap")))
    else:
        reasons.append(Why(kind="model", text=msg("influencer.none.value")))
    for a in alloc.effects.applied:
        if (
            a.kind == "multiplier"
            and a.factor is not None
            and a.factor < 1
            and any(kb.channels[c].family == "influencer" for c in a.channels)
        ):
            reasons.append(rule_reason(a, kb))
    return InfluencerChoice(
        recommended=False,
        tier=None,
        channel=None,
        count=0,
        budget_each=None,
        monthly_budget=Decimal(0),
        followers_min=None,
        followers_max=None,
        selection_criteria=[],
        reasons=dedupe(reasons),
        options=options,
    )


def _reasons_for(alloc: Allocation, kb: KnowledgeBase, chosen: ChannelId, price: Figure) -> list[Why]:
    """Why this tier: the model, the rules that touched it, trust and quality, the caps, its figures."""
    structural = alloc.prior.structural[chosen]
    out = [Why(kind="model", text=msg("influencer.reason.best", name=KbText(kb.channels[chosen].name)))]
    out.extend(rule_reason(a, kb) for a in alloc.effects.applied if chosen in a.channels)
    if kb.rule_active("C2"):
        out.append(Why(kind="rule", rule="C2", text=msg("influencer.reason.trust", trust=Factor(structural["trust"]))))
    if kb.rule_active("D2"):
        text = msg("influencer.reason.quality", quality=Factor(structural["quality"]))
        out.append(Why(kind="rule", rule="D2", text=text))
    out.extend(rule_reason(a, kb) for a in alloc.effects.applied if a.kind in ("share_cap", "max_tiers"))
    out.append(figure_reason(price))
    out.append(figure_reason(kb.figure(chosen, "engagement_rate", alloc.facts["location.country"])))
    out.append(_supply(alloc, kb, chosen, price))
    if kb.rule_active("K1"):
        out.append(Why(kind="rule", rule="K1", text=msg("influencer.reason.market")))
    return out


def _supply(alloc: Allocation, kb: KnowledgeBase, chosen: ChannelId, price: Figure) -> Why:
    """How many creators of the tier the market has, and the posts a month they can carry for one brand:
    the ceiling of the line (``economics``: creators per million social-media users x posts per creator)."""
    country = alloc.facts["location.country"]
    roles = kb.channels[chosen].economics.figures
    per_creator = kb.figure(roles["posts_per_creator"].subject, roles["posts_per_creator"].metric, country)
    per_million = kb.figure(roles["creators_per_million"].subject, roles["creators_per_million"].metric, country)
    cap_usd = alloc.prior.curves[chosen].max_spend_usd
    posts = cap_usd / price.typical
    creators = posts / per_creator.typical
    text = msg(
        "influencer.reason.supply",
        creators=Count(max(round(creators), 1), "creator"),
        posts=Count(max(round(posts), 1), "post"),
    )
    return Why(kind="constraint", text=text, figure=per_million.id)


def criteria(alloc: Allocation, kb: KnowledgeBase, channel: ChannelId) -> list[Msg]:
    """How to choose the creators, most important first (K5, then D2/M3, audience, authenticity...)."""
    facts = alloc.facts
    country = facts["location.country"]
    er = kb.figure(channel, "engagement_rate", country)
    place = facts.get("location.city") if facts["location.scope"] == "local" and facts.get("location.city") else None
    out = [msg("criteria.fit")]
    out.append(msg("criteria.engagement", low=Pct(er.low, 1), typical=Pct(er.typical, 1)))
    if place:
        found_city = kb.find_city(country, place)
        city = KbText(found_city[1].name) if found_city else Plain(str(place))
        out.append(msg("criteria.audience_city", city=city))
    else:
        found = kb.countries.get(country)
        out.append(msg("criteria.audience_country", country=KbText(found.name) if found else Plain(country)))
    out.append(msg("criteria.authentic"))
    out.append(msg("criteria.reputation"))
    if country == "SA" and kb.rule_active("P1"):
        out.append(msg("criteria.mawthooq"))
    if country == "AE" and kb.rule_active("P2"):
        out.append(msg("criteria.uae_permit"))
    out.append(msg("criteria.tracking"))
    return out


def _cap_rule(alloc: Allocation) -> str | None:
    cap = alloc.effects.share_caps.get("influencer")
    return cap[1] if cap else None
