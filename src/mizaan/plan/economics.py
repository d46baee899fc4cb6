"""Unit economics: what one US dollar a month buys in each channel, from the benchmark figures.

Each channel gets, per dollar at low spend: impressions, people reached (awareness), site visits
(consideration) and conversions; and the size of the pool of people it can reach in a month, which sets
how soon it saturates. The same code serves the typical figures (one value each) and the forecast's
samples (arrays), through ``FigureSource``.

Figures are drawn from a two-piece log-normal through low / typical / high, read as P10 / P50 / P90.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from mizaan.knowledge import CHANNEL_IDS, ChannelId, Figure, KnowledgeBase
from mizaan.plan.facts import Facts

Array = NDArray[np.float64]
Z90 = 1.2815515655446004  # the standard normal's 90th percentile


class FigureSource:
    """Figures for one market, as typical values (``rng=None``) or ``n`` joint samples."""

    def __init__(self, kb: KnowledgeBase, country: str | None, rng: np.random.Generator | None = None, n: int = 1):
        self.kb = kb
        self.country = country
        self.rng = rng
        self.n = n if rng is not None else 1
        self.used: dict[str, Figure] = {}
        self._cache: dict[str, Array] = {}

    def figure(self, subject: str, metric: str) -> Figure:
        fig = self.kb.figure(subject, metric, self.country)
        self.used[fig.id] = fig
        return fig

    def get(self, subject: str, metric: str) -> Array:
        fig = self.figure(subject, metric)
        if fig.id not in self._cache:
            self._cache[fig.id] = self._draw(fig)
        return self._cache[fig.id]

    def typical(self, subject: str, metric: str) -> float:
        return self.figure(subject, metric).typical

    def _draw(self, fig: Figure) -> Array:
        if self.rng is None or fig.low == fig.high:
            return np.full(self.n, fig.typical)
        z = self.rng.standard_normal(self.n)
        typ = max(fig.typical, 1e-12)
        s_lo = np.log(typ / fig.low) / Z90 if fig.low > 0 else 1.0
        s_hi = np.log(fig.high / typ) / Z90
        return np.asarray(typ * np.exp(np.where(z < 0, z * s_lo, z * s_hi)), dtype=np.float64)


@dataclass
class ChannelEconomics:
    """What a dollar a month buys in one channel at low spend, and how many people it can reach."""

    channel: ChannelId
    impressions: Array
    reach: Array
    visits: Array
    conversions: Array
    pool: Array  # people reachable in a month (saturation); for retargeting, the baseline visitors
    min_spend: float  # USD a month
    price_per_post: Array | None = None  # influencer tiers only
    figures: list[str] = field(default_factory=list)


@dataclass
class Market:
    """The audience the plan addresses and the facts derived from where the business is."""

    addressable: Array  # people in target, reachable on social media, per month
    baseline_visitors: Array
    email_list: Array
    video_viewer_share: Array


def market(src: FigureSource, facts: Facts) -> Market:
    kb = src.kb
    country = kb.countries[facts["location.country"]]
    social_share = country.social_media_users / country.population
    scope = facts["location.scope"]
    people: Array
    if scope == "local":
        city_name = facts.get("location.city")
        found = kb.find_city(country.code, city_name) if city_name else None
        if found is not None:
            people = np.full(src.n, found[1].population * social_share)
        else:
            people = country.social_media_users * src.get("audience", "unknown_city_share")
    else:
        people = np.full(src.n, float(country.social_media_users))
        if scope == "international":
            people = people * src.get("audience", "international_factor")
    target = src.get("audience", f"target_share_{facts['business_type']}")
    stage = facts["stage"]
    return Market(
        addressable=people * target,
        baseline_visitors=src.get("audience", f"baseline_visitors_{stage}"),
        email_list=src.get("email", f"list_size_{stage}"),
        video_viewer_share=src.get("retargeting", "video_viewer_share"),
    )


def _cvr(src: FigureSource, subject: str, goal: str) -> Array:
    return src.get(subject, "cvr_lead" if goal == "leads" else "cvr_purchase")


def channel_economics(src: FigureSource, facts: Facts, mkt: Market) -> dict[ChannelId, ChannelEconomics]:
    """Unit economics of every channel in this market, for this goal."""
    goal = facts["goal"]
    out: dict[ChannelId, ChannelEconomics] = {}
    n = mkt.addressable

    def done(
        c: ChannelId,
        impressions: Array,
        reach: Array,
        visits: Array,
        conv: Array,
        pool: Array,
        min_spend: float,
        price: Array | None = None,
    ) -> None:
        out[c] = ChannelEconomics(c, impressions, reach, visits, conv, pool, min_spend, price)

    # search ads: clicks from CPC; impressions from CTR; reach from frequency
    cpc = src.get("search_ads", "cpc")
    clicks = 1.0 / cpc
    imp = clicks / src.get("search_ads", "ctr")
    done(
        "search_ads",
        imp,
        imp / src.get("search_ads", "frequency"),
        clicks,
        clicks * _cvr(src, "search_ads", goal),
        n * src.get("search_ads", "reach_share"),
        src.typical("search_ads", "min_spend"),
    )

    # social ads: impressions from CPM
    cpm = src.get("social_ads", "cpm")
    imp = 1000.0 / cpm
    visits = imp * src.get("social_ads", "ctr")
    social_cvr = _cvr(src, "social_ads", goal)
    done(
        "social_ads",
        imp,
        imp / src.get("social_ads", "frequency"),
        visits,
        visits * social_cvr,
        n * src.get("social_ads", "reach_share"),
        src.typical("social_ads", "min_spend"),
    )

    # retargeting: social CPM times a factor; the pool is built from other channels' visitors
    imp = 1000.0 / (cpm * src.get("retargeting", "cpm_factor"))
    visits = imp * src.get("retargeting", "ctr")
    done(
        "retargeting",
        imp,
        imp / src.get("retargeting", "frequency"),
        visits,
        visits * social_cvr * src.get("retargeting", "cvr_lift"),
        mkt.baseline_visitors,
        src.typical("retargeting", "min_spend"),
    )

    # content: engaged visits from cost per visit
    visits = 1.0 / src.get("content", "cost_per_visit")
    reach = visits / src.get("content", "visit_rate")
    done(
        "content",
        reach,
        reach,
        visits,
        visits * _cvr(src, "content", goal),
        n * src.get("content", "reach_share"),
        src.typical("content", "min_spend"),
    )

    # SEO: organic visits cost what paid search conversions cost, times the organic/paid CAC ratio
    search_cvr = _cvr(src, "search_ads", goal)
    seo_cvr = _cvr(src, "seo", goal)
    cost_per_visit = cpc * src.get("seo", "organic_to_paid_cac") * seo_cvr / search_cvr
    visits = 1.0 / cost_per_visit
    reach = visits / src.get("seo", "serp_ctr")
    done(
        "seo",
        reach,
        reach,
        visits,
        visits * seo_cvr,
        n * src.get("seo", "reach_share"),
        src.typical("seo", "min_spend"),
    )

    # email: a list you own; spending serves the list, so the pool is its size
    cost = src.get("email", "cost_per_contact")
    opens = src.get("email", "open_rate") / cost
    sends = src.get("email", "sends_per_month")
    done(
        "email",
        opens * sends,
        opens,
        src.get("email", "click_rate") * sends / cost,
        src.get("email", "orders_per_contact") / cost,
        mkt.email_list * src.get("email", "open_rate"),
        src.typical("email", "min_spend"),
    )

    # influencer tiers: impressions from followers x view rate per post price
    view_rate = src.get("influencer", "view_rate")
    freq = src.get("influencer", "frequency")
    link = src.get("influencer", "link_ctr")
    inf_cvr = _cvr(src, "influencer", goal)
    for c in CHANNEL_IDS:
        if src.kb.channels[c].family != "influencer":
            continue
        price = src.get(c, "price_per_post")
        imp = src.get(c, "followers") * view_rate / price
        visits = imp * link
        min_spend = src.typical(c, "min_posts") * src.typical(c, "price_per_post")
        done(c, imp, imp / freq, visits, visits * inf_cvr, n * src.get(c, "reach_share"), min_spend, price)
    return out
