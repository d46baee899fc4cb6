"""Day one beside now: the plan on the benchmarks' curves (or the first plan a project kept) beside the
re-plan on fitted curves, channel by channel, in no language (``mizaan.present`` says it).

Both plans are made by the same planner from the same profile; they differ only in the curves of the
channels a fit measured. Money is the profile's currency a month, as the plan's own lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from mizaan.knowledge import ChannelId, Family, KnowledgeBase, Text
from mizaan.plan.allocate import Allocation
from mizaan.plan.fitfile import Fit
from mizaan.plan.fitted import FittedChannel
from mizaan.plan.money import round_half

AT_CAP = 1e-6  # relative: a channel within this of its observed maximum is held there


@dataclass(frozen=True)
class ReplanLine:
    """One channel then and now (a month, the profile's currency), and what the fit measured of it."""

    channel: ChannelId
    name: Text
    family: Family
    then_monthly: Decimal
    now_monthly: Decimal
    fitted: FittedChannel | None  # None: planned on priors (no data for it)
    capped: bool  # held at the largest spend its data saw: past it is extrapolation

    @property
    def change_monthly(self) -> Decimal:
        return self.now_monthly - self.then_monthly


@dataclass(frozen=True)
class ReplanResult:
    lines: list[ReplanLine]
    fits: tuple[Fit, ...]
    unused: list[tuple[str, str]]  # (fit file, data column) mapped to no registry channel
    then_monthly_budget: Decimal
    basis: Literal["prior", "day_one"] = "prior"
    day_one_at: str | None = None  # when day one was kept (basis "day_one")

    def line(self, channel: ChannelId) -> ReplanLine | None:
        return next((x for x in self.lines if x.channel == channel), None)


def compare(
    kb: KnowledgeBase,
    alloc: Allocation,
    then: Mapping[ChannelId, Decimal],
    now: Mapping[ChannelId, Decimal],
    then_budget: Decimal,
    currency: str,
) -> ReplanResult:
    """The channels funded then or now, or measured, in the registry's order."""
    zero = round_half(Decimal(0), currency)
    spend = alloc.monthly_usd
    lines = []
    for c in kb.channel_ids:
        f = alloc.fitted.get(c)
        if c not in then and c not in now and f is None:
            continue
        capped = f is not None and spend[c] >= f.observed_max_usd * (1 - AT_CAP) and spend[c] > 0
        ch = kb.channels[c]
        lines.append(ReplanLine(c, ch.name, ch.family, then.get(c, zero), now.get(c, zero), f, capped))
    unused = [
        (fit.source, column)
        for fit in alloc.fits
        for column, ch in fit.doc.channels.items()
        if ch.mizaan_channel is None
    ]
    return ReplanResult(lines, alloc.fits, unused, then_budget)


def with_day_one(
    replan: ReplanResult,
    kb: KnowledgeBase,
    monthly: Mapping[ChannelId, Decimal],
    budget: Decimal,
    at: str,
    currency: str,
) -> ReplanResult:
    """``replan`` compared with a kept first plan (its monthly amounts and budget, kept ``at``) instead of the
    benchmarks' plan of today."""
    zero = round_half(Decimal(0), currency)
    known = {x.channel for x in replan.lines}
    lines = [replace(x, then_monthly=monthly.get(x.channel, zero)) for x in replan.lines]
    for c, v in monthly.items():
        if c not in known and v > 0 and c in kb.channels:
            ch = kb.channels[c]
            lines.append(ReplanLine(c, ch.name, ch.family, v, zero, None, False))
    order = {c: i for i, c in enumerate(kb.channel_ids)}
    lines.sort(key=lambda x: order.get(x.channel, len(order)))
    return replace(replan, lines=lines, then_monthly_budget=budget, basis="day_one", day_one_at=at)
