"""What would change this plan: re-plan with one profile change at a time (flip each yes/no, step each
choice, halve and double the budget, double the horizon) and report the changes that move the split
most, with the new split."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from mizaan.knowledge import FAMILIES, ChannelId, KnowledgeBase
from mizaan.plan.allocate import FUNDED, Allocation, allocate_many
from mizaan.plan.messages import FieldLabel, Join, KbText, Msg, Num, Param, Pct, Plain, ValueLabel, msg
from mizaan.plan.model import ProfileChange
from mizaan.plan.money import round_half
from mizaan.plan.result import Alternative
from mizaan.profile import Profile, value_at, whatif_fields, with_value_at

# The fields a what-if flips or steps through, as declared on the profile (``WhatIf``), in what-if order.
BOOLEANS = tuple(f.path for f in whatif_fields(Profile) if f.stepped and f.base is bool)
CHOICES: dict[str, tuple[str, ...]] = {f.path: f.choices for f in whatif_fields(Profile) if f.stepped and f.choices}
TOP = 3
# budget multiples searched for the nearest threshold above the budget, then narrowed inside the bracket
THRESHOLD_STEPS = (1.05, 1.1, 1.2, 1.35, 1.5, 1.75, 2.0, 2.5)
THRESHOLD_REFINE = 8


def apply_change(profile: Profile, field: str, value: Any) -> Profile:
    """``profile`` with one field (a dotted path for nested ones) set to ``value``."""
    return with_value_at(profile, field, value)


def candidates(profile: Profile) -> list[tuple[str, Any]]:
    """The changes a what-if tries, in the declared order: each yes/no flipped, each choice stepped to
    its other values, and the declared steps of the numbers (budget halved and doubled, horizon doubled)."""
    out: list[tuple[str, Any]] = []
    for f in whatif_fields(type(profile)):
        now = f.read(profile)
        out.extend((f.path, v) for v in f.whatif_values(now) if v != now)
    return out


def what_would_change(profile: Profile, kb: KnowledgeBase, base: Allocation) -> list[Alternative]:
    shares = base.shares()
    results: list[tuple[float, str, Any, Allocation]] = []
    changes = candidates(profile)
    # every changed profile's problem is solved in one batch (the same allocations as one by one)
    alts = allocate_many([apply_change(profile, field, value) for field, value in changes], kb, fits=base.fits)
    for (field, value), alt in zip(changes, alts, strict=True):
        if alt is None:
            continue  # no set of channels fits the changed budget
        new = alt.shares()
        distance = 0.5 * sum(abs(new[c] - shares[c]) for c in kb.channel_ids)
        results.append((distance, field, value, alt))
    results.sort(key=lambda r: (-r[0], r[1], str(r[2])))
    out = []
    for _, field, value, alt in results[:TOP]:
        before = value_at(profile, field)
        text = msg(
            "whatif.text",
            field=FieldLabel(field),
            before=ValueLabel(field, before),
            after=ValueLabel(field, value),
            moves=_moves(shares, alt.shares(), kb),
        )
        out.append(
            _alternative(kb, base, alt, ProfileChange(field=field, before=_plain(before), after=_plain(value)), text)
        )
    return out


def next_threshold(profile: Profile, kb: KnowledgeBase, base: Allocation) -> Alternative | None:
    """The nearest budget above this one (up to 2.5 times it) at which the set of funded channels changes,
    found on a ladder of multiples and narrowed by a second batch inside the bracket; what changes there,
    and the minimum spend that makes the jump (issue 12: a threshold that moves the split is named)."""
    funded = set(base.funded())
    amount = profile.budget.amount

    def at(r: float) -> Profile:
        return apply_change(profile, "budget.amount", round_half(amount * Decimal(str(r)), profile.budget.currency))

    allocs = allocate_many([at(r) for r in THRESHOLD_STEPS], kb, fits=base.fits)
    low, high, found = 1.0, None, None
    for r, alt in zip(THRESHOLD_STEPS, allocs, strict=True):
        if alt is not None and set(alt.funded()) != funded:
            high, found = r, alt
            break
        low = r
    if high is None or found is None:
        return None
    # one more batch of budgets inside the bracket narrows it to about a percent
    inside = [low * (high / low) ** (k / (THRESHOLD_REFINE + 1)) for k in range(1, THRESHOLD_REFINE + 1)]
    for r, alt in zip(inside, allocate_many([at(r) for r in inside], kb, fits=base.fits), strict=True):
        if alt is not None and set(alt.funded()) != funded:
            high, found = r, alt
            break
    after = at(high)
    shares, new = base.shares(), found.shares()
    added = [c for c in kb.channel_ids if c in set(found.funded()) - funded]
    per_usd = kb.per_usd(profile.budget.currency)
    months = profile.months_per_period
    why: Param = msg("whatif.threshold.moves")
    if added:
        c = added[0]
        minimum = Decimal(str(round(found.prior.curves[c].min_spend_usd * per_usd * months, 2)))
        why = msg(
            "whatif.threshold.minimum",
            name=KbText(kb.channels[c].name),
            minimum=Num(minimum),
            currency=Plain(profile.budget.currency),
        )
    text = msg(
        "whatif.threshold",
        amount=Num(after.budget.amount),
        currency=Plain(profile.budget.currency),
        ratio=Pct(high - 1.0),
        moves=_moves(shares, new, kb),
        why=why,
    )
    change = ProfileChange(field="budget.amount", before=str(amount), after=str(after.budget.amount))
    return _alternative(kb, base, found, change, text, kind="threshold")


def _alternative(
    kb: KnowledgeBase,
    base: Allocation,
    alt: Allocation,
    change: ProfileChange,
    text: Msg,
    kind: Literal["change", "threshold"] = "change",
) -> Alternative:
    """A changed profile's plan as an alternative: its split, its families, its tier and its distance."""
    shares, new = base.shares(), alt.shares()
    fam = {f: sum(new[c] for c in kb.channel_ids if kb.channels[c].family == f) for f in FAMILIES}
    tiers = [
        kb.channels[c].tier
        for c in kb.channel_ids
        if kb.channels[c].family == "influencer" and alt.monthly_usd[c] > FUNDED
    ]
    return Alternative(
        change=change,
        text=text,
        distance=round(0.5 * sum(abs(new[c] - shares[c]) for c in kb.channel_ids), 4),
        allocation={c: round(new[c], 6) for c in kb.channel_ids},
        family_share={f: round(v, 6) for f, v in fam.items()},
        influencer_tier=tiers[0] if tiers else None,
        kind=kind,
    )


def _moves(old: dict[ChannelId, float], new: dict[ChannelId, float], kb: KnowledgeBase) -> Param:
    deltas = sorted(kb.channel_ids, key=lambda c: -abs(new[c] - old[c]))[:2]
    parts: tuple[Param, ...] = tuple(
        msg("whatif.move", name=KbText(kb.channels[c].name), before=Pct(old[c]), after=Pct(new[c]))
        for c in deltas
        if abs(new[c] - old[c]) >= 0.005
    )
    return Join(parts) if parts else msg("whatif.no_move")


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value
