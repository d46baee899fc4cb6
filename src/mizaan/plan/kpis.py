"""KPIs per funnel stage with targets taken from the forecast (P50, with its P10-P90 range)."""

from __future__ import annotations

import numpy as np

from mizaan.i18n import Lang, t
from mizaan.knowledge import ChannelId, KnowledgeBase
from mizaan.plan.allocate import Allocation
from mizaan.plan.forecast import ForecastSamples, percentiles
from mizaan.plan.model import Kpi, Range


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
    lang: Lang,
) -> list[Kpi]:
    """``spend`` is the total over the horizon, in ``currency``."""
    funded = alloc.funded()

    def lead(stage: str) -> list[ChannelId]:
        return [c for c in funded if kb.channels[c].funnel_roles[stage] == "lead"]  # type: ignore[index]

    def total(table: dict[ChannelId, np.ndarray]) -> np.ndarray:
        return np.asarray(sum(table[c] for c in kb.channel_ids), dtype=np.float64)

    reach, imp, visits, conv = total(fs.reach), total(fs.impressions), total(fs.visits), total(fs.conversions)
    out = [
        Kpi(
            stage="awareness",
            metric="reach",
            name=t("kpi.reach", lang),
            unit="people",
            target=_range(reach),
            channels=lead("awareness"),
        ),
        Kpi(
            stage="awareness",
            metric="cpm",
            name=t("kpi.cpm", lang),
            unit=currency,
            target=_range(spend / np.maximum(imp, 1e-9) * 1000),
            channels=lead("awareness"),
        ),
        Kpi(
            stage="consideration",
            metric="visits",
            name=t("kpi.visits", lang),
            unit="visits",
            target=_range(visits),
            channels=lead("consideration"),
        ),
        Kpi(
            stage="consideration",
            metric="ctr",
            name=t("kpi.ctr", lang),
            unit="ratio",
            target=_range(visits / np.maximum(imp, 1e-9)),
            channels=lead("consideration"),
        ),
        Kpi(
            stage="conversion",
            metric="conversions",
            name=t("kpi.conversions", lang),
            unit="conversions",
            target=_range(conv),
            channels=lead("conversion"),
        ),
        Kpi(
            stage="conversion",
            metric="cvr",
            name=t("kpi.cvr", lang),
            unit="ratio",
            target=_range(conv / np.maximum(visits, 1e-9)),
            channels=lead("conversion"),
        ),
        Kpi(
            stage="conversion",
            metric="cpa",
            name=t("kpi.cpa", lang),
            unit=currency,
            target=_range(spend / np.maximum(conv, 1e-9)),
            channels=funded,
        ),
    ]
    if influencer is not None:
        er = kb.figure(influencer, "engagement_rate", alloc.facts["location.country"])
        out.append(
            Kpi(
                stage="awareness",
                metric="engagement_rate",
                name=t("kpi.engagement", lang),
                unit="ratio",
                target=Range(p10=er.low, p50=er.typical, p90=er.high),
                channels=[influencer],
                note=t("kpi.engagement.note", lang),
            )
        )
        out.append(
            Kpi(
                stage="conversion",
                metric="code_redemptions",
                name=t("kpi.codes", lang),
                unit="conversions",
                target=_range(fs.conversions[influencer]),
                channels=[influencer],
                note=t("kpi.codes.note", lang),
            )
        )
    return out
