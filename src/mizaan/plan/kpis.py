"""KPIs per funnel stage with targets taken from the forecast (P50, with its P10-P90 range)."""

from __future__ import annotations

import numpy as np

from mizaan.knowledge import ChannelId, KnowledgeBase
from mizaan.plan.allocate import Allocation
from mizaan.plan.forecast import ForecastSamples, percentiles
from mizaan.plan.messages import msg
from mizaan.plan.model import Range
from mizaan.plan.result import KpiTarget


def _range(values: np.ndarray) -> Range:
    p10, p50, p90 = percentiles(values)
    return Range(p10=p10, p50=p50, p90=p90)


def kpis(
    alloc: Allocation,
    kb: KnowledgeBase,
    fs: ForecastSamples,
    spend: float,
    currency: str,
    influencer: ChannelId | None,
    close_rate: np.ndarray | None = None,
) -> list[KpiTarget]:
    """``spend`` is the total over the horizon, in ``currency``. ``close_rate`` (per sample) when the
    conversions are leads: the targets then count leads and, apart, the customers they close into."""
    funded = alloc.funded()

    def lead(stage: str) -> list[ChannelId]:
        return [c for c in funded if kb.channels[c].funnel_roles[stage] == "lead"]  # type: ignore[index]

    def total(table: dict[ChannelId, np.ndarray]) -> np.ndarray:
        return np.asarray(sum(table[c] for c in kb.channel_ids), dtype=np.float64)

    reach, imp, visits, conv = total(fs.reach), total(fs.impressions), total(fs.visits), total(fs.conversions)
    out = [
        KpiTarget(
            stage="awareness",
            metric="reach",
            name=msg("kpi.reach"),
            unit="people",
            target=_range(reach),
            channels=lead("awareness"),
        ),
        KpiTarget(
            stage="awareness",
            metric="cpm",
            name=msg("kpi.cpm"),
            unit=currency,
            target=_range(spend / np.maximum(imp, 1e-9) * 1000),
            channels=lead("awareness"),
        ),
        KpiTarget(
            stage="consideration",
            metric="visits",
            name=msg("kpi.visits"),
            unit="visits",
            target=_range(visits),
            channels=lead("consideration"),
        ),
        KpiTarget(
            stage="consideration",
            metric="ctr",
            name=msg("kpi.ctr"),
            unit="ratio",
            target=_range(visits / np.maximum(imp, 1e-9)),
            channels=lead("consideration"),
        ),
        KpiTarget(
            stage="conversion",
            metric="conversions",
            name=msg("kpi.conversions"),
            unit="conversions",
            target=_range(conv),
            channels=lead("conversion"),
        ),
        KpiTarget(
            stage="conversion",
            metric="cvr",
            name=msg("kpi.cvr"),
            unit="ratio",
            target=_range(conv / np.maximum(visits, 1e-9)),
            channels=lead("conversion"),
        ),
        KpiTarget(
            stage="conversion",
            metric="cpa",
            name=msg("kpi.cpa"),
            unit=currency,
            target=_range(spend / np.maximum(conv, 1e-9)),
            channels=funded,
        ),
    ]
    if close_rate is not None:  # a lead is not a sale: customers and what each costs, beside the leads
        customers = conv * close_rate
        out += [
            KpiTarget(
                stage="conversion",
                metric="customers",
                name=msg("kpi.customers"),
                unit="conversions",
                target=_range(customers),
                channels=lead("conversion"),
                note=msg("kpi.customers.note"),
            ),
            KpiTarget(
                stage="conversion",
                metric="cost_per_customer",
                name=msg("kpi.cost_per_customer"),
                unit=currency,
                target=_range(spend / np.maximum(customers, 1e-9)),
                channels=funded,
            ),
        ]
    if influencer is not None:
        er = kb.figure(influencer, "engagement_rate", alloc.facts["location.country"])
        out.append(
            KpiTarget(
                stage="awareness",
                metric="engagement_rate",
                name=msg("kpi.engagement"),
                unit="ratio",
                target=Range(p10=er.low, p50=er.typical, p90=er.high),
                channels=[influencer],
                note=msg("kpi.engagement.note"),
            )
        )
        out.append(
            KpiTarget(
                stage="conversion",
                metric="code_redemptions",
                name=msg("kpi.codes"),
                unit="conversions",
                target=_range(fs.conversions[influencer]),
                channels=[influencer],
                note=msg("kpi.codes.note"),
            )
        )
    return out
