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
from typing import Any

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
    business_type: str | None = None  # figures named <metric>_<type> replace the generic ones for it


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
        business_type=facts.get("business_type"),
    )


def _role(src: FigureSource, m: CostModel, role: str, mkt: Market, suffix: str = "") -> Array:
    """The figure a cost model names for ``role``, in the business type's own variant where there is one
    (``search_ads.cpc_services``, ``search_ads.cvr_lead_b2b``)."""
    ref = m.ref(role)
    return src.get(ref.subject, src.kb.business_metric(ref.subject, ref.metric + suffix, mkt.business_type))


def price_factor(
    src: FigureSource, goal: str, order_value_usd: float | None, get: Callable[[str, str], Any] | None = None
) -> Any:
    """How much more (or less) often a visit ends in a purchase at this business's order value than at the
    order value the purchase conversion rates were measured at: (order value / reference) ^ -elasticity,
    the order value held inside the range the elasticity was measured over (never extrapolated past it).
    1 for lead goals (a lead is not a purchase) and when the order value is unknown. ``get`` reads the
    elasticity (``src.get`` by default: samples; ``src.typical``: one value)."""
    if order_value_usd is None or goal == "leads":
        return 1.0
    ref = src.figure("funnel", "cvr_reference_order_value")
    elasticity = (get or src.get)("funnel", "cvr_price_elasticity")
    held = min(max(float(order_value_usd), ref.low), ref.high)
    return (held / ref.typical) ** -np.asarray(elasticity, dtype=np.float64)


def _cvr_suffix(goal: str) -> str:
    return "_lead" if goal == "leads" else "_purchase"


def channel_economics(src: FigureSource, facts: Facts, mkt: Market) -> dict[ChannelId, ChannelEconomics]:
    """Unit economics of every channel in this market, for this goal, in registry order."""
    cvr = _cvr_suffix(facts["goal"])
    kb = src.kb
    out: dict[ChannelId, ChannelEconomics] = {}
    for c in kb.channels_by_kind():
        out[c] = _MECHANISMS[kb.channels[c].economics.kind](c, src, kb.channels[c].economics, cvr, mkt)
    price = price_factor(src, facts["goal"], facts.get("order_value.usd"))
    for e in out.values():
        e.conversions = e.conversions * price
    return {c: out[c] for c in kb.channel_ids}


_Mechanism = Callable[[ChannelId, FigureSource, CostModel, str, Market], ChannelEconomics]


def _cpc_search(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """Clicks from cost per click; impressions from click-through; reach from frequency."""
    clicks = 1.0 / (_role(src, m, "cpc", mkt) * _role(src, m, "cost_index", mkt))
    imp = clicks / _role(src, m, "ctr", mkt)
    reach = imp / _role(src, m, "frequency", mkt)
    conv = clicks * _role(src, m, "cvr", mkt, cvr)
    pool = mkt.addressable * _role(src, m, "reach_share", mkt)
    return ChannelEconomics(c, imp, reach, clicks, conv, pool, src.role_typical(m, "min_spend"))


def _cpm_social(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """Impressions from cost per thousand; visits from click-through."""
    imp = 1000.0 / _role(src, m, "cpm", mkt)
    visits = imp * _role(src, m, "ctr", mkt)
    rate = _role(src, m, "cvr", mkt, cvr)
    reach = imp / _role(src, m, "frequency", mkt)
    pool = mkt.addressable * _role(src, m, "reach_share", mkt)
    return ChannelEconomics(c, imp, reach, visits, visits * rate, pool, src.role_typical(m, "min_spend"))


def _retargeting_pool(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """A cold audience's CPM times a factor; conversion lifted; the pool is built from the other channels'
    visitors (the baseline here, the rest in the optimiser)."""
    cpm = _role(src, m, "cpm", mkt)
    imp = 1000.0 / (cpm * _role(src, m, "cpm_factor", mkt))
    visits = imp * _role(src, m, "ctr", mkt)
    reach = imp / _role(src, m, "frequency", mkt)
    rate = _role(src, m, "cvr", mkt, cvr)
    conv = visits * rate * _role(src, m, "cvr_lift", mkt)
    return ChannelEconomics(c, imp, reach, visits, conv, mkt.baseline_visitors, src.role_typical(m, "min_spend"))


def _cost_per_visit(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """Engaged visits from a cost per visit; people reached from the share of them who visit."""
    visits = 1.0 / _role(src, m, "cost_per_visit", mkt)
    reach = visits / _role(src, m, "visit_rate", mkt)
    conv = visits * _role(src, m, "cvr", mkt, cvr)
    pool = mkt.addressable * _role(src, m, "reach_share", mkt)
    return ChannelEconomics(c, reach, reach, visits, conv, pool, src.role_typical(m, "min_spend"))


def _organic_search(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """Organic visits cost what paid search conversions cost, times the organic/paid CAC ratio."""
    paid_cvr = _role(src, m, "paid_cvr", mkt, cvr)
    own_cvr = _role(src, m, "cvr", mkt, cvr)
    paid_cpc = _role(src, m, "paid_cpc", mkt) * _role(src, m, "cost_index", mkt)
    cost_per_visit = paid_cpc * _role(src, m, "cac_ratio", mkt) * own_cvr / paid_cvr
    visits = 1.0 / cost_per_visit
    reach = visits / _role(src, m, "serp_ctr", mkt)
    pool = mkt.addressable * _role(src, m, "reach_share", mkt)
    return ChannelEconomics(c, reach, reach, visits, visits * own_cvr, pool, src.role_typical(m, "min_spend"))


def _owned_list(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """A list the business owns: spending serves the list, so the pool is its size."""
    cost = _role(src, m, "cost_per_contact", mkt)
    opens = _role(src, m, "open_rate", mkt) / cost
    sends = _role(src, m, "sends_per_month", mkt)
    visits = _role(src, m, "click_rate", mkt) * sends / cost
    conv = _role(src, m, "orders_per_contact", mkt) / cost
    pool = mkt.lists[c] * _role(src, m, "open_rate", mkt)
    return ChannelEconomics(c, opens * sends, opens, visits, conv, pool, src.role_typical(m, "min_spend"))


def _creator_post(c: ChannelId, src: FigureSource, m: CostModel, cvr: str, mkt: Market) -> ChannelEconomics:
    """Impressions from followers times view rate, per post price."""
    view_rate = _role(src, m, "view_rate", mkt)
    freq = _role(src, m, "frequency", mkt)
    link = _role(src, m, "link_ctr", mkt)
    rate = _role(src, m, "cvr", mkt, cvr)
    price = _role(src, m, "price_per_post", mkt)
    imp = _role(src, m, "followers", mkt) * view_rate / price
    visits = imp * link
    pool = mkt.addressable * _role(src, m, "reach_share", mkt)
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
