"""Priors from the knowledge base: what a channel returns per unit of spend, and how long its effect lasts.

A spend column that maps to a registry channel (``--map col=channel_id``, or its name matching the
channel's ID, its Arabic or English name or one of its platforms) takes:

- a prior on its **return per unit of spend** from the benchmark figures of the business's country (the
  most specific market the knowledge base has): revenue targets read ``outcome.roas``; lead targets read
  ``outcome.cost_per_lead_<business type>``; visit and conversion targets read the channel's own cost
  model (cost per click or per visit, CPM with click-through, a creator's price per view) and its
  conversion rate. A figure's low and typical and high are read as its P10, P50 and P90; the prior's spread
  is widened by the figure's confidence (x1 high, x1.5 medium, x2 low or an assumption), because an
  all-industry benchmark says less about one business than its P10-P90 says about the industry.
- a prior on its **carry-over** from rule C5 (every channel has a build-up time and a half-life,
  ``speed`` in channels.yaml): the geometric decay per period is ``0.5 ** (period / half-life)``.

Any other column takes a weakly informative prior, said as such: the channels together bring about a
quarter of the target, with a spread of a factor of about 7 either way (log sd 2), and carry-over Beta(1, 3).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from mizaan.i18n import fold, to_western_digits
from mizaan.knowledge import Figure, KnowledgeBase

TargetKind = Literal["revenue", "conversions", "leads", "visits"]
TARGET_KINDS: tuple[TargetKind, ...] = ("revenue", "conversions", "leads", "visits")
Z90 = 1.2815515655446004
WEAK_SHARE = 0.25  # the share of the target all channels together bring, a priori
WEAK_SD = 2.0
CONFIDENCE_WIDEN = {"high": 1.0, "medium": 1.5, "low": 2.0}
DAYS_PER_MONTH = 30.4375

# per cost-model kind: the figures whose product (each to a power) is visits per US dollar, and a constant
_VISITS: dict[str, tuple[float, tuple[tuple[str, float], ...]]] = {
    "cpc_search": (1.0, (("cpc", -1.0), ("cost_index", -1.0))),
    "cpm_social": (1000.0, (("cpm", -1.0), ("ctr", 1.0))),
    "retargeting_pool": (1000.0, (("cpm", -1.0), ("cpm_factor", -1.0), ("ctr", 1.0))),
    "cost_per_visit": (1.0, (("cost_per_visit", -1.0),)),
    "creator_post": (1.0, (("followers", 1.0), ("view_rate", 1.0), ("link_ctr", 1.0), ("price_per_post", -1.0))),
}
_CONVERSION_EXTRA: dict[str, tuple[tuple[str, float], ...]] = {"retargeting_pool": (("cvr_lift", 1.0),)}


@dataclass(frozen=True)
class ChannelPrior:
    """The prior of one spend column, and where each part of it came from."""

    column: str
    mizaan_channel: str | None
    roas_median: float  # target units per unit of spend
    roas_sd: float  # log standard deviation
    roas_source: str  # "figure" | "weak"
    figures: list[str] = field(default_factory=list)  # the figure IDs the return came from
    alpha_mean: float = 0.25
    alpha_concentration: float = 4.0
    theta_mean: float = 0.0  # delayed adstock: periods from spend to peak
    adstock_source: str = "weak"  # "rule" | "weak"
    rule: str | None = None

    def beta_params(self) -> tuple[float, float]:
        a = max(self.alpha_mean * self.alpha_concentration, 0.5)
        b = max((1.0 - self.alpha_mean) * self.alpha_concentration, 0.5)
        return a, b

    def to_json_dict(self) -> dict[str, Any]:
        a, b = self.beta_params()
        return {
            "roas": {
                "median": self.roas_median,
                "log_sd": self.roas_sd,
                "source": self.roas_source,
                "figures": list(self.figures),
            },
            "adstock_alpha": {
                "beta": [a, b],
                "mean": self.alpha_mean,
                "source": self.adstock_source,
                "rule": self.rule,
            },
        }


def _key(text: str) -> str:
    folded = fold(to_western_digits(text)).casefold()
    folded = re.sub(r"[^\w]+", "_", folded).strip("_")
    return re.sub(r"_(spend|cost|costs|s|usd|budget)$", "", folded)


def match_channel(column: str, kb: KnowledgeBase) -> str | None:
    """The registry channel a column's name names (its ID, Arabic or English name, or a platform), if one
    channel and only one matches."""
    key = _key(column)
    hits = set()
    for cid in kb.channel_ids:
        ch = kb.channels[cid]
        names = {cid, ch.name.ar, ch.name.en} | {p.id for p in ch.platforms}
        names |= {p.name.en for p in ch.platforms} | {p.name.ar for p in ch.platforms}
        if key in {_key(n) for n in names}:
            hits.add(cid)
    return next(iter(hits)) if len(hits) == 1 else None


def _log_sd(fig: Figure) -> float:
    if fig.low <= 0 or fig.high <= fig.low:
        return 0.0
    widen = 2.0 if fig.assumption else CONFIDENCE_WIDEN.get(fig.confidence, 2.0)
    return math.log(fig.high / fig.low) / (2 * Z90) * widen


def _product(kb: KnowledgeBase, parts: list[tuple[Figure, float]], constant: float) -> tuple[float, float]:
    loc = math.log(constant) + sum(p * math.log(max(f.typical, 1e-12)) for f, p in parts)
    sd = math.sqrt(sum((p * _log_sd(f)) ** 2 for f, p in parts))
    return loc, sd


def _figure_prior(
    kb: KnowledgeBase, channel: str, kind: TargetKind, country: str | None, business_type: str
) -> list[tuple[Figure, float]] | None:
    """The figures (with powers) whose product is the channel's result per US dollar, or None."""
    if kind == "revenue":
        return [(kb.figure("outcome", "roas", country), 1.0)]
    if kind == "leads":
        return [(kb.figure("outcome", f"cost_per_lead_{business_type}", country), -1.0)]
    model = kb.channels[channel].economics
    if model.kind not in _VISITS:
        return None

    def fig(subject: str, metric: str) -> Figure:  # the business type's own figure where there is one
        return kb.figure(subject, kb.business_metric(subject, metric, business_type), country)

    parts = [(fig(model.ref(r).subject, model.ref(r).metric), p) for r, p in _VISITS[model.kind][1]]
    if kind == "conversions":
        cvr = model.ref("cvr")
        parts.append((fig(cvr.subject, cvr.metric + "_purchase"), 1.0))
        for r, p in _CONVERSION_EXTRA.get(model.kind, ()):
            parts.append((fig(model.ref(r).subject, model.ref(r).metric), p))
    return parts


def channel_priors(
    kb: KnowledgeBase,
    columns: list[str],
    spend_totals: list[float],
    target_total: float,
    *,
    mapping: dict[str, str | None],
    country: str | None,
    currency: str,
    target_kind: TargetKind,
    business_type: str,
    period_days: float,
) -> list[ChannelPrior]:
    """One prior per spend column (``mapping``: column -> channel ID, or None to leave a column unmapped)."""
    out = []
    per_usd = kb.per_usd(currency)
    for column, spent in zip(columns, spend_totals, strict=True):
        channel = mapping[column] if column in mapping else match_channel(column, kb)
        weak_median = WEAK_SHARE * target_total / len(columns) / spent
        median, sd, source, figs = weak_median, WEAK_SD, "weak", []
        alpha, conc, theta, ad_source, rule = 0.25, 4.0, 0.0, "weak", None
        if channel is not None:
            parts = _figure_prior(kb, channel, target_kind, country, business_type)
            if parts is not None:
                loc, sd = _product(kb, parts, 1.0 if target_kind == "revenue" else 1.0 / per_usd)
                median, source, figs = math.exp(loc), "figure", [f.id for f, _ in parts]
                sd = max(sd, 0.25)
            speed = kb.channels[channel].speed
            half_life_days = speed.half_life_months * DAYS_PER_MONTH
            alpha = 0.5 ** (period_days / half_life_days) if half_life_days > 0 else 0.02
            theta = speed.rise_months * DAYS_PER_MONTH / period_days
            conc, ad_source, rule = 6.0, "rule", "C5"
        out.append(
            ChannelPrior(
                column, channel, median, sd, source, figs, min(max(alpha, 0.02), 0.98), conc, theta, ad_source, rule
            )
        )
    return out
