"""Unit economics: what one US dollar a month buys in each channel, from the benchmark figures.

Each channel's cost model in the registry (channels.yaml) names the mechanism (its ``kind``) and the figures
it reads; this module implements the mechanisms and knows no channel by name. Each channel gets, per
dollar at low spend: impressions, people reached (awareness), site visits (consideration) and
conversions; and the size of the pool of people it can reach in a month, which sets
how soon it saturates. The same code serves the typical figures (one value each) and the forecast's
samples (arrays), through ``FigureSource``.

Figures are drawn from a two-piece log-normal through low / typical / high, read as P10 / P50 / P90, each
the first time it is asked for; channels are evaluated grouped by kind (``KnowledgeBase.channels_by_kind``,
registry order within a kind), so moving a channel past channels of other kinds leaves every figure's
draw as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from mizaan.knowledge import Array, ChannelId, CostModel, CostModelKind, FigureSource
from mizaan.plan.facts import Facts
from mizaan.profile import EMAIL_LIST_SIZE


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
    max_spend: float = float("inf")  # USD a month the market can supply (creators of a tier); inf = no limit
    figures: list[str] = field(default_factory=list)


@dataclass
class Market:
    """The audience the plan addresses and the facts derived from where the business is."""

    people: Array  # social-media users where the business sells (its city, country or beyond)
    addressable: Array  # people in target, reachable on social media, per month
    baseline_visitors: Array
    lists: dict[ChannelId, Array]  # size of each owned list (owned_list channels)
    video_viewer_share: Array  # share of a creator video's viewers the retargeting channel can reach


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
    baseline = src.get("audience", f"baseline_visitors_{stage}")
    lists = {c: src.role(kb.channels[c].economics, "list_size", f"_{stage}") for c in kb.channels_of_kind("owned_list")}
    size = facts.get(EMAIL_LIST_SIZE)  # the business's own count when it gives one, else the figure by stage
    if size is not None:
        lists = {c: np.full(src.n, float(size)) for c in lists}
    return Market(
        people=people,
        addressable=people * target,
        baseline_visitors=baseline,
        lists=lists,
        video_viewer_share=src.role(kb.channels[kb.retargeting_channel()].economics, "viewer_share"),
    )


def _cvr_suffix(goal: str) -> str:
    return "_lead" if goal == "leads" else "_purchase"


def channel_economics(src: FigureSource, facts: Facts, mkt: Market) -> dict[ChannelId, ChannelEconomics]:
    """Unit economics of every channel in this market, for this goal, in registry order."""
    cvr = _cvr_suffix(facts["goal"])
    kb = src.kb
    out: dict[ChannelId, ChannelEconomics] = {}
    for c in kb.channels_by_kind():
        out[c] = _MECHANISMS[kb.channels[c].economics.kind](c, src, kb.channels[c].economics, cvr, mkt)
    return {c: out[c] for c in kb.channel_ids}


_Mechanism = Callable[[ChannelId, FigureSource, CostModel, str, Market], ChannelEconomics]


def _cpc_search(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """Clicks from cost per click; impressions from click-through; reach from frequency."""
    clicks = 1.0 / src.role(m, "cpc")
    imp = clicks / src.role(m, "ctr")
    reach = imp / src.role(m, "frequency")
    conv = clicks * src.role(m, "cvr", cvr)
    pool = mkt.addressable * src.role(m, "reach_share")
    return ChannelEconomics(c, imp, reach, clicks, conv, pool, src.role_typical(m, "min_spend"))


def _cpm_social(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """Impressions from cost per thousand; visits from click-through."""
    imp = 1000.0 / src.role(m, "cpm")
    visits = imp * src.role(m, "ctr")
    rate = src.role(m, "cvr", cvr)
    reach = imp / src.role(m, "frequency")
    pool = mkt.addressable * src.role(m, "reach_share")
    return ChannelEconomics(c, imp, reach, visits, visits * rate, pool, src.role_typical(m, "min_spend"))


def _retargeting_pool(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """A cold audience's CPM times a factor; conversion lifted; the pool is built from the other channels'
    visitors (the baseline here, the rest in the optimiser)."""
    cpm = src.role(m, "cpm")
    imp = 1000.0 / (cpm * src.role(m, "cpm_factor"))
    visits = imp * src.role(m, "ctr")
    reach = imp / src.role(m, "frequency")
    rate = src.role(m, "cvr", cvr)
    conv = visits * rate * src.role(m, "cvr_lift")
    return ChannelEconomics(c, imp, reach, visits, conv, mkt.baseline_visitors, src.role_typical(m, "min_spend"))


def _cost_per_visit(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """Engaged visits from a cost per visit; people reached from the share of them who visit."""
    visits = 1.0 / src.role(m, "cost_per_visit")
    reach = visits / src.role(m, "visit_rate")
    conv = visits * src.role(m, "cvr", cvr)
    pool = mkt.addressable * src.role(m, "reach_share")
    return ChannelEconomics(c, reach, reach, visits, conv, pool, src.role_typical(m, "min_spend"))


def _organic_search(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """Organic visits cost what paid search conversions cost, times the organic/paid CAC ratio."""
    paid_cvr = src.role(m, "paid_cvr", cvr)
    own_cvr = src.role(m, "cvr", cvr)
    cost_per_visit = src.role(m, "paid_cpc") * src.role(m, "cac_ratio") * own_cvr / paid_cvr
    visits = 1.0 / cost_per_visit
    reach = visits / src.role(m, "serp_ctr")
    pool = mkt.addressable * src.role(m, "reach_share")
    return ChannelEconomics(c, reach, reach, visits, visits * own_cvr, pool, src.role_typical(m, "min_spend"))


def _owned_list(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """A list the business owns: spending serves the list, so the pool is its size."""
    cost = src.role(m, "cost_per_contact")
    opens = src.role(m, "open_rate") / cost
    sends = src.role(m, "sends_per_month")
    visits = src.role(m, "click_rate") * sends / cost
    conv = src.role(m, "orders_per_contact") / cost
    pool = mkt.lists[c] * src.role(m, "open_rate")
    return ChannelEconomics(c, opens * sends, opens, visits, conv, pool, src.role_typical(m, "min_spend"))


def _creator_post(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """Impressions from followers times view rate, per post price."""
    view_rate = src.role(m, "view_rate")
    freq = src.role(m, "frequency")
    link = src.role(m, "link_ctr")
    rate = src.role(m, "cvr", cvr)
    price = src.role(m, "price_per_post")
    imp = src.role(m, "followers") * view_rate / price
    visits = imp * link
    pool = mkt.addressable * src.role(m, "reach_share")
    typical_price = src.role_typical(m, "price_per_post")
    min_spend = src.role_typical(m, "min_posts") * typical_price
    # the creators of this tier the market has, each carrying a few posts a month for one brand
    creators = float(np.median(mkt.people)) / 1e6 * src.role_typical(m, "creators_per_million")
    max_spend = max(creators * src.role_typical(m, "posts_per_creator") * typical_price, min_spend)
    return ChannelEconomics(c, imp, imp / freq, visits, visits * rate, pool, min_spend, price, max_spend)


_MECHANISMS: dict[CostModelKind, _Mechanism] = {
    "cpc_search": _cpc_search,
    "cpm_social": _cpm_social,
    "retargeting_pool": _retargeting_pool,
    "cost_per_visit": _cost_per_visit,
    "organic_search": _organic_search,
    "owned_list": _owned_list,
    "creator_post": _creator_post,
}
