"""Each channel's result, from the store's aggregates and the attribution report: its funnel in total, the
platform's claims, what promo codes and tracked links brought, every model's credit with its CPA and ROAS,
and — in a simulated world — its true effect; and the funnel of each channel period by period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from mizaan.measure.aggregates import ChannelExtras, StoreAggregates
from mizaan.measure.funnel import FunnelSum
from mizaan.measure.money import ratios
from mizaan.measure.result import AttributionReport
from mizaan.measure.summary import ChannelResult, Credit, Family, PeriodRow, TrueEffect
from mizaan.measure.truth import Truth

FamilyOf = Callable[[str], Family]


def measured_channels(agg: StoreAggregates, report: AttributionReport, truth: Truth | None) -> list[str]:
    """Every channel with spend, a touch in a journey, an extra figure, or a true effect, sorted."""
    return sorted(
        {ch for _, ch in agg.per} | set(report.input.channels) | set(agg.extras) | set(truth.channels if truth else ())
    )


def channel_results(
    channels: Iterable[str],
    agg: StoreAggregates,
    report: AttributionReport,
    truth: Truth | None,
    family: FamilyOf,
) -> list[ChannelResult]:
    totals: dict[str, FunnelSum] = defaultdict(FunnelSum)
    for (_, ch), a in agg.per.items():
        totals[ch].add(a)
    return [
        _channel_result(ch, totals[ch], agg.extras.get(ch, ChannelExtras()), report, truth, family) for ch in channels
    ]


def _channel_result(
    channel: str,
    acc: FunnelSum,
    e: ChannelExtras,
    report: AttributionReport,
    truth: Truth | None,
    family: FamilyOf,
) -> ChannelResult:
    return ChannelResult(
        channel=channel,
        family=family(channel),
        funnel=acc.funnel(),
        posts=e.posts,
        engagements=e.engagements,
        platform_conversions=e.platform_conversions,
        platform_value=e.platform_value,
        code_orders=e.code_orders,
        code_revenue=e.code_revenue,
        link_orders=e.link_orders,
        link_revenue=e.link_revenue,
        credit=_credit(channel, acc.spend, report),
        truth=None if truth is None else _true_effect(channel, acc.spend, truth),
    )


def _credit(channel: str, spend: Decimal, report: AttributionReport) -> dict[str, Credit]:
    """Each model's conversions and value for the channel, with the CPA and ROAS they imply."""
    credit = {}
    for r in report.results:
        got = r.channels.get(channel)
        conv = got.conversions if got else 0.0
        val = got.value if got else 0.0
        cpa, roas = ratios(spend, conv, val)
        credit[r.model] = Credit(conversions=conv, value=val, cpa=cpa, roas=roas)
    return credit


def _true_effect(channel: str, spend: Decimal, truth: Truth) -> TrueEffect:
    tc = truth.channels.get(channel)
    conv, rev = (tc.true_incremental_conversions, tc.true_incremental_revenue) if tc else (0.0, Decimal(0))
    cpa, roas = ratios(spend, conv, float(rev))
    return TrueEffect(conversions=conv, revenue=rev, cpa=cpa, roas=roas)


def period_rows(agg: StoreAggregates, family: FamilyOf) -> list[PeriodRow]:
    """The funnel of each channel in each period where it had any activity, in period then channel order."""
    return [
        PeriodRow(period=dt.date.fromisoformat(p), channel=ch, family=family(ch), funnel=a.funnel())
        for (p, ch), a in sorted(agg.per.items())
        if not a.empty()
    ]
