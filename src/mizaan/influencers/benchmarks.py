"""The knowledge base's figures an influencer is compared with: the tier by follower count (tiers.yaml)
and the engagement benchmark for the tier and platform, with the formula the figure was measured with.

Vendors disagree on the formula (likes only, likes + comments, per follower or per view), so each figure
is compared only with the same formula computed on the influencer's own posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from mizaan.influencers.result import Benchmark
from mizaan.knowledge import Figure, KnowledgeBase, TierId

Basis = Literal["followers", "views"]


@dataclass(frozen=True)
class EngagementFigure:
    figure: Figure
    basis: Basis
    numerator: Literal["likes + comments", "likes + comments + shares + saves"]


# platform -> (metric, basis, numerator, whether the figure is per tier or one for all tiers)
_PLATFORM_METRICS: dict[str, list[tuple[str, Basis, str, bool]]] = {
    "instagram": [("engagement_rate", "followers", "likes + comments", True)],
    "facebook": [],
    "tiktok": [
        ("engagement_rate_tiktok", "followers", "likes + comments", True),
        ("view_engagement_rate_tiktok", "views", "likes + comments + shares + saves", True),
    ],
    "youtube": [("engagement_rate_youtube", "followers", "likes + comments", True)],
    "x": [("engagement_rate_x", "followers", "likes + comments", False)],
    "snapchat": [],
}


def tier_for(followers: int, kb: KnowledgeBase) -> TierId | None:
    """The tier whose follower range holds ``followers``; None under the smallest tier."""
    for tier in kb.tiers.values():
        top = tier.followers_max
        if followers >= tier.followers_min and (top is None or followers < top):
            return tier.id
    return None


def engagement_figure(
    kb: KnowledgeBase, platform: str, tier: TierId | None, basis: Basis, country: str | None
) -> EngagementFigure | None:
    """The engagement benchmark for the platform, tier and denominator, or None where no source gives one."""
    for metric, b, numerator, per_tier in _PLATFORM_METRICS.get(platform, []):
        if b != basis:
            continue
        if per_tier and tier is None:
            return None
        subject = kb.tiers[tier].channel if per_tier and tier else "influencer"
        try:
            fig = kb.figure(subject, metric, country)
        except KeyError:
            return None
        return EngagementFigure(fig, b, numerator)  # type: ignore[arg-type]
    return None


@cache
def signal_settings() -> dict[str, Any]:
    """The thresholds and penalties of ``data/signals.yaml``."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("mizaan.influencers").joinpath("data", "signals.yaml").read_text("utf-8")
    )
    return raw


def compare(value: float, fig: Figure) -> Benchmark:
    """Where ``value`` falls against ``fig``: far below half its low, below its low, within, above its
    high, far above twice its high (the factors of the two engagement signals)."""
    s = signal_settings()["signals"]
    far_low = fig.low * float(s["er_far_below"]["factor"])
    far_high = fig.high * float(s["er_far_above"]["factor"])
    if value < far_low:
        position: Literal["far_below", "below", "within", "above", "far_above"] = "far_below"
    elif value < fig.low:
        position = "below"
    elif value > far_high:
        position = "far_above"
    elif value > fig.high:
        position = "above"
    else:
        position = "within"
    return Benchmark(
        figure=fig.id,
        low=fig.low,
        typical=fig.typical,
        high=fig.high,
        position=position,
        ratio=value / fig.typical if fig.typical > 0 else 0.0,
    )
