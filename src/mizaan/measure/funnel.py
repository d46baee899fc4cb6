"""Funnels being added up: per channel and period, then per channel, per family and over time."""

from __future__ import annotations

from decimal import Decimal

from mizaan.measure.money import ratios
from mizaan.measure.summary import FAMILIES, ChannelResult, Credit, FamilyResult, Funnel, TrueEffect
from mizaan.measure.truth import Truth


class FunnelSum:
    """A funnel being added up."""

    def __init__(self) -> None:
        self.spend = Decimal(0)
        self.impressions = self.clicks = self.visits = 0
        self.reach: int | None = None  # None until a row reports reach: shown as "—", not 0
        self.conversions = self.revenue = 0.0

    def add(self, other: FunnelSum | Funnel) -> None:
        self.spend += other.spend
        self.impressions += other.impressions
        if other.reach is not None:
            self.reach = (self.reach or 0) + other.reach
        self.clicks += other.clicks
        self.visits += other.visits
        self.conversions += other.conversions
        self.revenue += other.revenue

    def funnel(self) -> Funnel:
        cpa, roas = ratios(self.spend, self.conversions, self.revenue)
        return Funnel(
            spend=self.spend,
            impressions=self.impressions,
            reach=self.reach,
            clicks=self.clicks,
            visits=self.visits,
            conversions=self.conversions,
            revenue=self.revenue,
            cpa=cpa,
            roas=roas,
        )

    def empty(self) -> bool:
        return not (self.spend or self.impressions or self.reach or self.clicks or self.visits or self.conversions)


def family_results(results: list[ChannelResult], truth: Truth | None) -> list[FamilyResult]:
    out = []
    for fam in FAMILIES:
        members = [r for r in results if r.family == fam]
        acc = FunnelSum()
        for r in members:
            acc.add(r.funnel)
        models = {m for r in members for m in r.credit}
        credit = {}
        for m in sorted(models):
            conv = sum(r.credit[m].conversions for r in members if m in r.credit)
            val = sum(r.credit[m].value or 0.0 for r in members if m in r.credit)
            cpa, roas = ratios(acc.spend, conv, val)
            credit[m] = Credit(conversions=conv, value=val, cpa=cpa, roas=roas)
        true = None
        if truth is not None:
            conv = sum(r.truth.conversions for r in members if r.truth)
            rev = sum((r.truth.revenue for r in members if r.truth), Decimal(0))
            if fam == "baseline":
                conv += truth.baseline.conversions
                rev += truth.baseline.revenue
            cpa, roas = ratios(acc.spend, conv, float(rev))
            true = TrueEffect(conversions=conv, revenue=rev, cpa=cpa, roas=roas)
        out.append(
            FamilyResult(
                family=fam, channels=[r.channel for r in members], funnel=acc.funnel(), credit=credit, truth=true
            )
        )
    return out
