"""The plan's spending ceiling in the budget's currency: the recommended monthly spend, the part of the
budget held back above it, and what that part would buy elsewhere (``ceiling`` computes the ceilings)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import numpy as np

from mizaan.knowledge import KnowledgeBase
from mizaan.plan.allocate import Allocation, allocate_many
from mizaan.plan.messages import Count, Msg, Num, Plain, ValueLabel, msg
from mizaan.plan.money import floor_to_unit, round_half
from mizaan.profile import Profile, with_value_at

WIDER: dict[str, str] = {"local": "national", "national": "international"}


@dataclass(frozen=True)
class Elsewhere:
    """One place the held-back money could go, and what it would buy there."""

    kind: Literal["wider_market", "same_market"]
    text: Msg
    monthly_amount: Decimal  # how much more a month it would absorb (budget currency)
    field: str | None = None  # the profile field to change (``location.scope`` for a wider market)
    value: str | None = None


@dataclass(frozen=True)
class SpendCeiling:
    """The recommended monthly spend and why; the money the plan does not spend; where it could go."""

    recommended_monthly: Decimal
    market_monthly: Decimal
    margin_monthly: Decimal | None
    binding: Literal["market", "margin"]
    held_back: Decimal  # per budget period
    held_back_monthly: Decimal
    text: Msg
    elsewhere: list[Elsewhere]


def planned_amount(profile: Profile, alloc: Allocation) -> Decimal:
    """The part of the budget (per budget period) the plan spends: all of it, or up to the ceiling."""
    if alloc.held_back_usd <= 0:
        return profile.budget.amount
    share = alloc.problem.budget / alloc.budget_usd
    return floor_to_unit(profile.budget.amount * Decimal(str(share)), profile.budget.currency)


def spend_ceiling(profile: Profile, kb: KnowledgeBase, alloc: Allocation, planned: Decimal) -> SpendCeiling:
    currency = profile.budget.currency
    per_usd = kb.per_usd(currency)
    top = alloc.ceiling

    def money(usd: float) -> Decimal:
        return round_half(usd * per_usd, currency)

    held = profile.budget.amount - planned
    held_monthly = round_half(held / Decimal(str(profile.months_per_period)), currency)
    recommended = money(top.recommended_usd)
    over = alloc.budget_usd > top.recommended_usd * (1 + 1e-9)
    if held > 0:
        key = "ceiling.market"
    elif over:
        key = "ceiling.margin.over"
    else:
        key = f"ceiling.{top.binding}.within"
    text = msg(
        key,
        amount=Num(recommended),
        market=Num(money(top.market_usd)),
        held=Num(held_monthly),
        above=Num(money(alloc.budget_usd - top.recommended_usd)),
        currency=Plain(currency),
    )
    elsewhere = _elsewhere(profile, kb, alloc, money) if over else []
    return SpendCeiling(
        recommended_monthly=recommended,
        market_monthly=money(top.market_usd),
        margin_monthly=None if top.margin_usd is None else money(top.margin_usd),
        binding=top.binding,
        held_back=held,
        held_back_monthly=held_monthly,
        text=text,
        elsewhere=elsewhere,
    )


def _elsewhere(
    profile: Profile, kb: KnowledgeBase, alloc: Allocation, money: Callable[[float], Decimal]
) -> list[Elsewhere]:
    """Where the money past the recommended spend could go: a wider market (the next scope out), and what
    it buys in this market (spent anyway past the market's ceiling; or, past the margin's, the customers
    the last part of the budget buys and what each costs)."""
    currency = profile.budget.currency
    top = alloc.ceiling
    out: list[Elsewhere] = []
    wider = WIDER.get(profile.location.scope)
    variants: list[Profile] = [with_value_at(profile, "location.scope", wider)] if wider else []
    if alloc.held_back_usd > 0:
        variants.append(profile)  # the whole budget here, held-back part included
    else:  # the plan at the recommended spend, to see what the part above it buys
        share = Decimal(str(top.recommended_usd / alloc.budget_usd))
        variants.append(with_value_at(profile, "budget.amount", profile.budget.amount * share))
    runs = allocate_many(variants, kb, hold_back=False, fits=alloc.fits)
    if wider and runs[0] is not None:
        wide = runs[0].ceiling
        if alloc.held_back_usd > 0:  # money the market here cannot absorb: how much more the wider one can
            extra = min(wide.market_usd, alloc.budget_usd) - top.market_usd
        else:  # money past the margin here: how much more pays its way in the wider market
            extra = min(wide.recommended_usd, alloc.budget_usd) - top.recommended_usd
        if extra > 0:
            text = msg(
                "ceiling.elsewhere.wider",
                scope=ValueLabel("location.scope", wider),
                amount=Num(money(extra)),
                currency=Plain(currency),
            )
            out.append(Elsewhere("wider_market", text, money(extra), "location.scope", wider))
    here = runs[-1]
    if here is None:
        return out
    spent = here.problem.budget - alloc.problem.budget  # > 0: spending the held-back part; < 0: the part above
    units = abs(_goal_units(here) - _goal_units(alloc)) * profile.horizon_months
    noun = "person" if profile.goal == "awareness" else ("lead" if profile.goal == "leads" else "customer")
    each = money(abs(spent) * profile.horizon_months / units) if units >= 1 else None
    key = "ceiling.elsewhere.same" if spent > 0 else "ceiling.elsewhere.above_margin"
    text = msg(
        key if each is not None else "ceiling.elsewhere.nothing",
        units=Count(round(units), noun),
        each=Num(each or 0),
        worth=Num(money(top.value_per_conversion_usd or 0.0)),
        amount=Num(money(abs(spent))),
        currency=Plain(currency),
        months=Count(profile.horizon_months, "month"),
    )
    out.append(Elsewhere("same_market", text, money(abs(spent))))
    return out


def _goal_units(alloc: Allocation) -> float:
    """The goal's units a month at typical figures (people reached, or conversions)."""
    g = alloc.problem.goal_per_usd
    if g is None:
        return 0.0
    h = np.maximum(alloc.solution.scale, 1e-300)
    return float((g * h * (1 - np.exp(-alloc.solution.allocation / h))).sum())
