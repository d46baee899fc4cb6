"""What would change this plan: re-plan with one profile change at a time (flip each yes/no, step each
choice, halve and double the budget, double the horizon) and report the changes that move the split
most, with the new split."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mizaan.errors import PlanningError
from mizaan.i18n import NumberFormatter, t
from mizaan.knowledge import FAMILIES, ChannelId, KnowledgeBase
from mizaan.plan.allocate import FUNDED, Allocation, allocate
from mizaan.plan.model import ProfileChange, WhatIf
from mizaan.profile import Profile
from mizaan.profile.labels import field_label, value_label

BOOLEANS = (
    "has_landing_page",
    "has_clear_offer",
    "has_tracking",
    "audience_relies_on_recommendations",
    "must_prove_results",
)
CHOICES: dict[str, tuple[str, ...]] = {
    "goal": ("sales", "leads", "awareness"),
    "speed": ("fast", "balanced", "sustainable"),
    "stage": ("idea", "launch", "growth", "established"),
    "product_complexity": ("simple", "moderate", "complex"),
    "decision_speed": ("quick", "considered"),
    "brand_risk_tolerance": ("low", "medium", "high"),
    "location.scope": ("local", "national", "international"),
}
TOP = 3


def _get(profile: Profile, field: str) -> Any:
    if field == "location.scope":
        return profile.location.scope
    if field == "budget.amount":
        return profile.budget.amount
    return getattr(profile, field)


def apply_change(profile: Profile, field: str, value: Any) -> Profile:
    """``profile`` with one field (a dotted path for nested ones) set to ``value``."""
    if field == "location.scope":
        return profile.model_copy(update={"location": profile.location.model_copy(update={"scope": value})})
    if field == "budget.amount":
        return profile.model_copy(update={"budget": profile.budget.model_copy(update={"amount": value})})
    return profile.model_copy(update={field: value})


def candidates(profile: Profile) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for f in BOOLEANS:
        now = getattr(profile, f)
        out.extend((f, v) for v in (True, False) if v != now)
    for f, values in CHOICES.items():
        now = _get(profile, f)
        out.extend((f, v) for v in values if v != now)
    out.append(("budget.amount", (profile.budget.amount / 2).quantize(Decimal("0.01"))))
    out.append(("budget.amount", profile.budget.amount * 2))
    if profile.horizon_months < 60:
        out.append(("horizon_months", min(60, profile.horizon_months * 2)))
    return out


def what_would_change(profile: Profile, kb: KnowledgeBase, base: Allocation, nf: NumberFormatter) -> list[WhatIf]:
    lang = nf.lang
    shares = base.shares()
    results: list[tuple[float, str, Any, Allocation]] = []
    for field, value in candidates(profile):
        try:
            alt = allocate(apply_change(profile, field, value), kb)
        except PlanningError:
            continue
        new = alt.shares()
        distance = 0.5 * sum(abs(new[c] - shares[c]) for c in kb.channel_ids)
        results.append((distance, field, value, alt))
    results.sort(key=lambda r: (-r[0], r[1], str(r[2])))
    out = []
    for distance, field, value, alt in results[:TOP]:
        new = alt.shares()
        fam = {f: sum(new[c] for c in kb.channel_ids if kb.channels[c].family == f) for f in FAMILIES}
        tiers = [
            kb.channels[c].tier
            for c in kb.channel_ids
            if kb.channels[c].family == "influencer" and alt.monthly_usd[c] > FUNDED
        ]
        before = _get(profile, field)
        out.append(
            WhatIf(
                change=ProfileChange(field=field, before=_plain(before), after=_plain(value)),
                text=t(
                    "whatif.text",
                    lang,
                    field=field_label(field, lang),
                    before=value_label(field, before, lang, nf),
                    after=value_label(field, value, lang, nf),
                    moves=_moves(shares, new, kb, nf),
                ),
                distance=round(distance, 4),
                allocation={c: round(new[c], 6) for c in kb.channel_ids},
                family_share={f: round(v, 6) for f, v in fam.items()},
                influencer_tier=tiers[0] if tiers else None,
            )
        )
    return out


def _moves(old: dict[ChannelId, float], new: dict[ChannelId, float], kb: KnowledgeBase, nf: NumberFormatter) -> str:
    lang = nf.lang
    deltas = sorted(kb.channel_ids, key=lambda c: -abs(new[c] - old[c]))[:2]
    parts = [
        t("whatif.move", lang, name=kb.channels[c].name.get(lang), before=nf.pct(old[c]), after=nf.pct(new[c]))
        for c in deltas
        if abs(new[c] - old[c]) >= 0.005
    ]
    return t("list.join", lang).join(parts) if parts else t("whatif.no_move", lang)


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value
