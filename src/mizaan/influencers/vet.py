"""``vet``: from candidates (with their posts and what else was given) and a business profile to a ranked,
explained list and the shortlist that fits the plan's influencer budget."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mizaan.i18n import DigitStyle, Lang, NumberFormatter, t
from mizaan.influencers.authentic import authentic_engagement, creator_levels, follower_spikes, settings
from mizaan.influencers.benchmarks import engagement_figure, tier_for
from mizaan.influencers.classifier import shipped_model
from mizaan.influencers.comments import PodEvidence, pod_evidence
from mizaan.influencers.fit import Business, audience_fit, business_of
from mizaan.influencers.likes import Baseline, market_baseline
from mizaan.influencers.metrics import PostRates, compute_metrics
from mizaan.influencers.model import Candidate, HistoryPoint, Post, VetInput
from mizaan.influencers.outcome import Economy, expected_outcome, price_in
from mizaan.influencers.result import FakeShare, Metric, PostPoint, Shortlist, VetReport, Vetted
from mizaan.influencers.risks import risk_flags
from mizaan.influencers.share import estimate_share
from mizaan.influencers.shortlist import best_subset
from mizaan.influencers.signals import authenticity
from mizaan.knowledge import KnowledgeBase, TierId, load_knowledge_base
from mizaan.plan import plan
from mizaan.profile import Profile

SHORTLIST_METHOD = (
    "exact 0/1 knapsack over prices (dynamic programming in the currency's minor units) maximising the sum of "
    "each creator's expected value less the risk aversion times its standard deviation"
)


def vet(
    data: VetInput,
    profile: Profile,
    *,
    budget: Decimal | None = None,
    kb: KnowledgeBase | None = None,
    lang: Lang | None = None,
    digits: DigitStyle | None = None,
    seed: int = 0,
) -> VetReport:
    """Vet every candidate for ``profile`` and shortlist the best set within ``budget`` (by default the
    plan's monthly influencer budget)."""
    kb = kb or load_knowledge_base()
    lang = lang or profile.lang
    nf = NumberFormatter(lang, profile.location.country, digits)
    planned = plan(profile, kb, what_if=False, samples=200, seed=seed)
    influencer = planned.influencer
    recommended = influencer.tier if influencer.recommended else None
    currency = profile.budget.currency
    aov = profile.average_order_value
    order_usd = None if aov is None else float(aov) / kb.per_usd(profile.budget.currency)
    eco = Economy(kb, profile.location.country, profile.goal, planned.allocation.effects, currency, seed, order_usd)
    biz = business_of(profile)
    pods = pod_evidence(data.comments, data.posts) if data.comments else {}
    # likes per comment and per view differ between markets: each creator's are judged against the rates
    # of the other candidates on its platform (never its own, so its own likes cannot move its baseline)
    found = {c.key: _found(c, data, kb, eco.country) for c in data.candidates}
    levels = {c.key: creator_levels(found[c.key].rates, found[c.key].posts, pods.get(c.key)) for c in data.candidates}
    cfg = settings()
    vetted = [
        _one(
            c,
            found[c.key],
            market_baseline(
                [levels[o.key] for o in data.candidates if o.platform == c.platform and o.key != c.key], cfg
            ),
            data,
            pods,
            biz,
            recommended,
            eco,
            kb,
            lang,
            nf,
        )
        for c in data.candidates
    ]
    eligible = [v for v in vetted if v.eligible]
    eligible.sort(key=lambda v: -(v.outcome.value_per_cost or 0.0) if v.outcome else 0.0)
    rank = {v.handle: i + 1 for i, v in enumerate(eligible)}

    source = "given" if budget is not None else "plan"
    amount = budget if budget is not None else influencer.monthly_budget
    prices = [v.outcome.price for v in eligible if v.outcome and v.outcome.price is not None]
    values = [v.outcome.risk_adjusted for v in eligible if v.outcome]
    chosen = {eligible[i].handle for i in best_subset(prices, values, amount, currency)}
    alternate = _alternates(eligible, chosen)
    ordered = eligible + [v for v in vetted if not v.eligible]
    final = [
        v.model_copy(
            update={
                "rank": rank.get(v.handle),
                "shortlisted": v.handle in chosen,
                "alternate_of": alternate.get(v.handle),
                "reasons": v.reasons
                + (
                    [t("influencers.reason.alternate", lang, other=alternate[v.handle])]
                    if v.handle in alternate
                    else []
                ),
            }
        )
        for v in ordered
    ]
    picked = [v for v in final if v.shortlisted]
    spent = sum((v.outcome.price for v in picked if v.outcome and v.outcome.price), Decimal(0))
    notes = []
    if source == "plan" and not influencer.recommended:
        notes.append(t("influencers.note.no_plan_budget", lang))
    if not data.posts:
        notes.append(t("influencers.note.no_posts_file", lang))
    return VetReport(
        lang=lang,
        currency=currency,
        country=profile.location.country,
        recommended_tier=recommended,
        plan_influencer_budget=influencer.monthly_budget,
        goal=profile.goal,
        influencers=final,
        shortlist=Shortlist(
            budget=amount,
            currency=currency,
            budget_source=source,
            handles=[v.handle for v in picked],
            spent=spent,
            value=sum(v.outcome.value for v in picked if v.outcome),
            risk_adjusted=sum(v.outcome.risk_adjusted for v in picked if v.outcome),
            risk_aversion=float(settings()["risk_aversion"]),
            objective="reach" if profile.goal == "awareness" else "conversions",
            method=SHORTLIST_METHOD,
            alternates=sorted(alternate),
        ),
        notes=notes,
    )


def _alternates(eligible: list[Vetted], chosen: set[str]) -> dict[str, str]:
    """Creators left out whose value is within noise of a chosen one's (means apart by less than their
    standard deviations combined) at no higher price: which of the two is picked is not a finding."""
    out: dict[str, str] = {}
    picked = [w for w in eligible if w.handle in chosen and w.outcome and w.outcome.price is not None]
    for v in eligible:
        o = v.outcome
        if v.handle in chosen or o is None or o.price is None:
            continue
        for w in sorted(picked, key=lambda w: -(w.outcome.risk_adjusted if w.outcome else 0.0)):
            ow = w.outcome
            assert ow is not None and ow.price is not None
            if o.price <= ow.price and abs(o.value_mean - ow.value_mean) <= (o.value_sd**2 + ow.value_sd**2) ** 0.5:
                out[v.handle] = w.handle
                break
    return out


@dataclass(frozen=True)
class _Found:
    """What the files say about one candidate, before it is judged."""

    posts: list[Post]
    history: list[HistoryPoint]
    tier: TierId | None
    metrics: list[Metric]
    rates: PostRates


def _found(c: Candidate, data: VetInput, kb: KnowledgeBase, country: str) -> _Found:
    posts = [p for p in data.posts if p.key == c.key]
    history = [h for h in data.history if h.key == c.key]
    tier = tier_for(c.followers, kb)
    metrics, rates = compute_metrics(c, posts, history, tier, kb, country)
    return _Found(posts, history, tier, metrics, rates)


def _one(
    c: Candidate,
    found: _Found,
    baseline: Baseline,
    data: VetInput,
    pods: dict[str, PodEvidence],
    biz: Business,
    recommended: TierId | None,
    eco: Economy,
    kb: KnowledgeBase,
    lang: Lang,
    nf: NumberFormatter,
) -> Vetted:
    posts, history, tier, metrics, rates = found.posts, found.history, found.tier, found.metrics, found.rates
    audience = [a for a in data.audience if a.key == c.key]
    sample = [f for f in data.followers if f.key == c.key]
    # engagement is also judged against the tier of the followers not gained in spikes, and the lower of
    # the two counts: bought followers can neither lift a creator into a tier with a lower norm nor out of one
    spikes = follower_spikes(history)
    own_tier = tier_for(c.followers - round(min(spikes.excess, c.followers)), kb) if spikes else tier
    norms = [
        fig.figure
        for t_ in dict.fromkeys([tier, own_tier])
        if (fig := engagement_figure(kb, c.platform, t_, "followers", eco.country)) is not None
    ]
    norm_lows = [n.low for n in norms]
    er = next(m for m in metrics if m.id == "er_followers")
    typical = er.benchmark.typical if er.benchmark else None
    ae = authentic_engagement(c.followers, rates, posts, history, typical, pods.get(c.key), baseline)
    fake: FakeShare | None = None
    if sample:
        m = shipped_model()
        fake = estimate_share(m.score(sample), m.prior, m.rates_for(sample), seed=eco.seed)
    auth = authenticity(c, rates, metrics, history, fake, ae, lang, nf, norm_lows)
    fit = audience_fit(c, tier, audience, biz, kb, nf)
    flags = risk_flags(c, posts, tier, recommended, biz, kb, lang)
    price = (
        price_in(c.price_per_post, c.currency or eco.currency, eco.currency, kb)
        if c.price_per_post is not None
        else None
    )
    channel = kb.tiers[tier or "nano"].channel
    reasons: list[str] = []
    blockers: list[str] = []
    if not posts:
        blockers.append(t("influencers.reason.no_posts", lang))
    if c.followers == 0:
        blockers.append(t("influencers.reason.zero_followers", lang))
    if price is None:
        blockers.append(t("influencers.reason.no_price", lang))
    elif price <= 0:
        blockers.append(t("influencers.reason.free", lang))
    if auth.verdict == "avoid":
        blockers.append(t("influencers.reason.avoid", lang, score=nf.num(auth.score or 0), total=nf.num(100)))
    blockers += [f.text for f in flags if f.severity == "critical"]
    if auth.verdict != "avoid":
        blockers += [
            t("influencers.reason.manipulation", lang, signal=f"`{sig.id}`")
            for sig in auth.signals
            if sig.fired and sig.severity == "critical"
        ]
    outcome = None
    if posts and c.followers > 0:
        outcome = expected_outcome(channel, c.followers, rates, ae, norms, fit, auth, price, eco, nf)
        if outcome.value <= 0:
            blockers.append(t("influencers.reason.no_value", lang))
    if outcome is not None and outcome.cost_per_conversion is not None and eco.goal != "awareness":
        reasons.append(
            t(
                "influencers.reason.cpc",
                lang,
                p50=nf.money(outcome.cost_per_conversion.p50, eco.currency, whole=True),
                p10=nf.money(outcome.cost_per_conversion.p10, eco.currency, whole=True),
                p90=nf.money(outcome.cost_per_conversion.p90, eco.currency, whole=True),
            )
        )
    if er.value is not None:
        key = f"influencers.reason.er.{er.benchmark.position}" if er.benchmark else "influencers.reason.er.none"
        reasons.append(
            t(key, lang, value=nf.pct(er.value, 2), typical=nf.pct(er.benchmark.typical, 2) if er.benchmark else "")
        )
    reasons.append(t("influencers.reason.fit", lang, value=nf.pct(fit.value)))
    if auth.score is not None and auth.verdict != "avoid":
        reasons.append(t(f"influencers.reason.auth.{auth.verdict}", lang, score=nf.num(auth.score), total=nf.num(100)))
    reasons += [s.text for s in auth.signals if s.fired]
    return Vetted(
        handle=c.handle,
        platform=c.platform,
        name=c.name,
        followers=c.followers,
        tier=tier,
        price=c.price_per_post,
        currency=c.currency or eco.currency,
        posts=len(posts),
        metrics=metrics,
        authenticity=auth,
        fit=fit,
        flags=flags,
        outcome=outcome,
        eligible=not blockers,
        reasons=blockers + reasons,
        series=[
            PostPoint(date=d, engagement=float(e) if e == e else None, sponsored=bool(s))
            for d, e, s in zip(rates.dates, rates.er_followers, rates.sponsored, strict=True)
        ],
    )
