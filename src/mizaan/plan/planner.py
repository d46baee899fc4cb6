"""``plan``: from a business profile to an explained, costed plan, in no language (``PlanResult``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import numpy as np

from mizaan.knowledge import FAMILIES, STAGES, ChannelId, Family, KnowledgeBase, Severity, load_knowledge_base
from mizaan.plan.allocate import Allocation, allocate
from mizaan.plan.blueprint import blueprint
from mizaan.plan.consistency import consistency_warnings
from mizaan.plan.effects import plan_warnings
from mizaan.plan.explain import channel_figure_reasons, rule_reason, rules_applied
from mizaan.plan.fitfile import Fit
from mizaan.plan.forecast import ForecastSamples, percentiles, simulate
from mizaan.plan.funnel import FunnelSamples, counts_leads, funnel_samples, order_value_reason
from mizaan.plan.heldback import SpendCeiling, planned_amount, spend_ceiling
from mizaan.plan.influencer import decide
from mizaan.plan.kpis import kpis
from mizaan.plan.measurement import measurement
from mizaan.plan.messages import Count, FieldLabel, KbText, Num, Pct, Plain, ValueLabel, msg
from mizaan.plan.model import BenchmarkUsed, ChannelForecast, ExchangeRate, Range
from mizaan.plan.money import floor_to_unit, round_half, split_exact
from mizaan.plan.replan import ReplanResult, compare
from mizaan.plan.result import (
    Alternative,
    Assumed,
    ChannelLine,
    ForecastSummary,
    InfluencerChoice,
    PlanResult,
    PlatformShare,
    RuleWarning,
    Why,
)
from mizaan.plan.verdict import judge_lines
from mizaan.plan.whatif import next_threshold, what_would_change
from mizaan.profile import Profile

SEVERITY_ORDER: dict[Severity, int] = {"critical": 0, "warning": 1, "info": 2}
CEILING_RULE = "Q3"  # "what is your budget?": how much of it the market and the margin can use


def plan(
    profile: Profile,
    kb: KnowledgeBase | None = None,
    *,
    seed: int = 0,
    samples: int | None = None,
    what_if: bool = True,
    fits: Sequence[Fit] = (),
) -> PlanResult:
    """The plan for ``profile``: allocation, influencer decision, campaign blueprint, KPIs, tracking
    set-up, warnings, forecast and what would change it, every number with its reasons as messages.

    ``seed`` fixes the forecast's sampling (the allocation itself is deterministic). Show it with
    ``mizaan.present.present(result, lang)``. With ``fits`` (fit files of the business's own data) it is a
    re-plan: fitted curves where a fit measures a channel, priors elsewhere, and ``replan`` compares it
    with the plan on priors alone.
    """
    kb = kb or load_knowledge_base()
    alloc = allocate(profile, kb, fits)
    currency = profile.budget.currency
    months = profile.months_per_period
    funded = alloc.funded()
    planned, amounts, monthly_amounts = _amounts(profile, alloc, kb)
    lines = [_line(c, alloc, kb, amounts[c], planned, monthly_amounts[c], profile) for c in funded]
    lines.sort(key=lambda line: -line.share)

    family_share: dict[Family, float] = {
        f: float(sum(line.share for line in lines if line.family == f)) for f in FAMILIES
    }
    stage_share = {s: sum(line.share * line.stages[s] for line in lines) for s in STAGES}
    decision = decide(alloc, kb, monthly_amounts, currency)

    fs = simulate(alloc, kb, seed, samples)
    fn = funnel_samples(profile, kb, seed, fs.samples)
    lines = judge_lines(lines, profile, alloc, kb, fs, fn)
    spend = float(planned / Decimal(str(months))) * profile.horizon_months
    top = spend_ceiling(profile, kb, alloc, planned)
    rate = kb.currencies[currency]
    return PlanResult(
        profile=profile,
        kb_version=kb.version,
        seed=seed,
        currency=currency,
        period=profile.budget.period,
        budget=profile.budget.amount,
        monthly_budget=round_half(profile.monthly_budget, currency),
        horizon_months=profile.horizon_months,
        exchange_rate=ExchangeRate(
            currency=currency, per_usd=rate.per_usd, basis=rate.basis, as_of=rate.as_of, source=rate.source
        ),
        allocation=alloc,
        lines=lines,
        family_share=family_share,
        stage_share=stage_share,
        influencer=decision,
        warnings=_warnings(profile, alloc, kb, decision, family_share, lines, top),
        blueprint=blueprint(alloc, kb, decision.channel),
        kpis=kpis(alloc, kb, fs, spend, currency, decision.channel, fn.close_rate if counts_leads(profile) else None),
        tracking=measurement(profile, alloc, kb, decision.channel, decision.count),
        samples=fs,
        forecast=_forecast(profile, alloc, kb, fs, fn, spend, currency, top),
        ceiling=top,
        what_would_change=_what_ifs(profile, kb, alloc) if what_if else [],
        rules_applied=rules_applied(alloc.effects, kb),
        assumptions=[*_assumptions(profile, kb), *fn.assumptions],
        benchmarks=_benchmarks(alloc, kb, fn),
        replan=_replan(profile, kb, alloc, monthly_amounts) if fits else None,
    )


def _amounts(
    profile: Profile, alloc: Allocation, kb: KnowledgeBase
) -> tuple[Decimal, dict[ChannelId, Decimal], dict[ChannelId, Decimal]]:
    """What the plan spends, each funded channel's amount per budget period and per month."""
    currency = profile.budget.currency
    funded = alloc.funded()
    weights = [alloc.monthly_usd[c] for c in funded]
    planned = planned_amount(profile, alloc)  # the budget, or the part of it below the ceiling
    # the rules cap the influencer share (one tier at most is funded): rounding must not lift it past the cap
    cap = Decimal(str(alloc.problem.influencer_cap)) * planned
    ceilings = [cap if kb.channels[c].family == "influencer" else None for c in funded]
    per_usd, months_per_period = kb.per_usd(currency), profile.months_per_period
    minimums: list[Decimal | None] = [
        floor_to_unit(alloc.prior.curves[c].min_spend_usd * per_usd * months_per_period, currency) for c in funded
    ]
    amounts = dict(zip(funded, split_exact(planned, weights, currency, ceilings, minimums), strict=True))
    months = Decimal(str(profile.months_per_period))
    return planned, amounts, {c: round_half(amounts[c] / months, currency) for c in funded}


def _replan(profile: Profile, kb: KnowledgeBase, alloc: Allocation, now: dict[ChannelId, Decimal]) -> ReplanResult:
    """The re-plan beside the plan the same profile gets on priors alone."""
    prior = allocate(profile, kb)
    _, _, then = _amounts(profile, prior, kb)
    currency = profile.budget.currency
    return compare(kb, alloc, then, now, round_half(profile.monthly_budget, currency), currency)


def what_ifs(profile: Profile, kb: KnowledgeBase | None = None) -> list[Alternative]:
    """What would change the plan of ``profile`` (``plan(...).what_would_change``) on its own, for a page
    that shows the plan first (``plan(profile, what_if=False)``) and these when asked: the same list."""
    kb = kb or load_knowledge_base()
    return _what_ifs(profile, kb, allocate(profile, kb))


def _ages(profile: Profile) -> tuple[int, int] | None:
    age = profile.audience_age
    return None if age is None else (age.min, age.max)


def _what_ifs(profile: Profile, kb: KnowledgeBase, alloc: Allocation) -> list[Alternative]:
    """The changes that move the split most, then the nearest budget threshold above this one, if any."""
    found = what_would_change(profile, kb, alloc)
    threshold = next_threshold(profile, kb, alloc)
    return [*found, threshold] if threshold is not None else found


def _line(
    c: ChannelId,
    alloc: Allocation,
    kb: KnowledgeBase,
    amount: Decimal,
    planned: Decimal,
    monthly: Decimal,
    profile: Profile,
) -> ChannelLine:
    ch = kb.channels[c]
    curve = alloc.prior.curves[c]
    x = alloc.monthly_usd[c]
    values = curve.stage_values(x)
    total = sum(values.values()) or 1.0
    stages = {s: values[s] / total for s in STAGES}
    per_usd = kb.per_usd(profile.budget.currency)
    min_amount = floor_to_unit(curve.min_spend_usd * per_usd * profile.months_per_period, profile.budget.currency)
    scale = float(alloc.solution.scale[kb.channel_ids.index(c)])
    ceiling = 1 - float(np.exp(-x / scale)) if scale > 0 else 0.0
    reasons = [Why(kind="model", text=msg("reason.marginal", pct=Pct(ceiling)))]
    if kb.rule_active("C5"):
        text = msg("reason.speed", realised=Pct(curve.realised), months=Count(profile.horizon_months, "month"))
        reasons.append(Why(kind="rule", rule="C5", text=text))
    if abs(x - curve.min_spend_usd) < 1e-6 and curve.min_spend_usd > 0:
        reasons.append(Why(kind="constraint", rule="Q3", text=msg("reason.at_minimum")))
    reasons.extend(rule_reason(a, kb) for a in alloc.effects.reasons_for(c))
    reasons.extend(channel_figure_reasons(c, kb, profile.location.country, profile.goal, profile.business_type))
    return ChannelLine(
        channel=c,
        name=ch.name,
        family=ch.family,
        amount=amount,
        monthly_amount=monthly,
        min_amount=min_amount,
        share=float(amount / planned),
        stages=stages,
        actions=ch.actions_for(profile.business_type),
        reasons=reasons,
        platforms=[
            PlatformShare(id=p.id, name=p.name, share=share)
            for p, share in ch.platform_shares(profile.business_type, profile.location.country, _ages(profile))
        ],
    )


def _warnings(
    profile: Profile,
    alloc: Allocation,
    kb: KnowledgeBase,
    decision: InfluencerChoice,
    family_share: Mapping[Family, float],
    lines: list[ChannelLine],
    top: SpendCeiling,
) -> list[RuleWarning]:
    facts = dict(alloc.facts)
    preferred = profile.preferred_influencer_tier
    room = alloc.problem.influencer_cap * alloc.problem.budget
    facts.update(
        {
            "plan.influencer_recommended": decision.recommended,
            "plan.influencer_tier": decision.tier,
            "plan.influencer_share": family_share["influencer"],
            "plan.owned_media_share": sum(
                line.share for line in lines if line.channel in kb.channels_with("owned_media")
            ),
            "plan.channel_count": len(lines),
            "plan.preferred_tier_mismatch": preferred is not None and preferred != decision.tier,
            "plan.preferred_tier_affordable": None
            if preferred is None
            else alloc.prior.curves[kb.tiers[preferred].channel].min_spend_usd <= room + 1e-9,
        }
    )
    raw = [*alloc.effects.warnings, *plan_warnings(kb, facts)]
    seen: set[tuple[str, str]] = set()
    out: list[RuleWarning] = []
    for rule_id, w in raw:
        key = (rule_id, w.text.en)
        if key in seen:
            continue
        seen.add(key)
        out.append(RuleWarning(rule=rule_id, severity=w.severity, text=KbText(w.text), action=KbText(w.action)))
    out.extend(consistency_warnings(profile, kb, alloc.facts))
    if top.held_back > 0:
        out.append(
            RuleWarning(
                rule=CEILING_RULE,
                severity="warning",
                text=top.text,
                action=msg("ceiling.action"),
                field="budget.amount",
            )
        )
    return sorted(out, key=lambda w: SEVERITY_ORDER[w.severity])


def _r(values: np.ndarray) -> Range:
    p10, p50, p90 = percentiles(values)
    return Range(p10=p10, p50=p50, p90=p90)


def _forecast(
    profile: Profile,
    alloc: Allocation,
    kb: KnowledgeBase,
    fs: ForecastSamples,
    fn: FunnelSamples,
    spend: float,
    currency: str,
    top: SpendCeiling,
) -> ForecastSummary:
    per_usd = kb.per_usd(currency)
    reach = sum(fs.reach[c] for c in kb.channel_ids)
    visits = sum(fs.visits[c] for c in kb.channel_ids)
    conv = np.asarray(sum(fs.conversions[c] for c in kb.channel_ids), dtype=np.float64)
    horizon = profile.horizon_months
    channels = []
    for c in alloc.funded():
        spend_c = alloc.monthly_usd[c] * per_usd * horizon
        conv_c = fs.conversions[c]
        channels.append(
            ChannelForecast(
                channel=c,
                reach=_r(fs.reach[c]),
                visits=_r(fs.visits[c]),
                conversions=_r(conv_c),
                cpa=_r(spend_c / np.maximum(conv_c, 1e-9)) if float(np.median(conv_c)) > 0 else None,
                customers=_r(conv_c * fn.close_rate),
            )
        )
    # a lead is not a sale: customers are the leads that close; revenue and ROAS come from customers only
    customers = conv * fn.close_rate
    leads = cost_per_lead = revenue = roas = profit = break_even = None
    if counts_leads(profile):
        leads, cost_per_lead = _r(conv), _r(spend / np.maximum(conv, 1e-9))
    if profile.average_order_value is not None:
        rev = customers * float(profile.average_order_value)
        revenue, roas = _r(rev), _r(rev / spend)
        if fn.margin is not None:
            profit, break_even = _r(rev * fn.margin - spend), _r(1.0 / fn.margin)
    reasons = [
        Why(kind="model", text=msg("forecast.method", samples=Count(fs.samples, "sample"), seed=Num(fs.seed))),
        Why(kind="rule", rule="C6", text=msg("forecast.c6")),
    ]
    if alloc.facts.get("has_tracking") is False:
        reasons.append(Why(kind="rule", rule="M2", text=msg("forecast.m2")))
    priced = order_value_reason(kb, profile.location.country, profile.goal, alloc.facts.get("order_value.usd"))
    if priced is not None:
        reasons.append(priced)
    return ForecastSummary(
        horizon_months=horizon,
        samples=fs.samples,
        seed=fs.seed,
        spend=round_half(Decimal(str(spend)), currency),
        reach=_r(np.asarray(reach)),
        visits=_r(np.asarray(visits)),
        conversions=_r(conv),
        cpa=_r(spend / np.maximum(conv, 1e-9)),
        leads=leads,
        customers=_r(customers),
        cost_per_lead=cost_per_lead,
        cost_per_customer=_r(spend / np.maximum(customers, 1e-9)),
        revenue=revenue,
        roas=roas,
        profit=profit,
        break_even_roas=break_even,
        recommended_spend=top.recommended_monthly,
        held_back=top.held_back_monthly,
        channels=channels,
        reasons=reasons,
    )


def _assumptions(profile: Profile, kb: KnowledgeBase) -> list[Assumed]:
    out = []
    for field in profile.defaults_used():
        value = _field_value(profile, field)
        if value is None:  # left unknown: said as not known, never as an assumed "unknown" value
            out.append(
                Assumed(field=field, value=None, text=msg("assume.unknown", field=FieldLabel(field)), unknown=True)
            )
            continue
        text = msg("assume.default", field=FieldLabel(field), value=ValueLabel(field, value))
        out.append(Assumed(field=field, value=value, text=text))
    if profile.location.scope == "local":
        city = profile.location.city
        if not city or kb.find_city(profile.location.country, city) is None:
            share = kb.figure("audience", "unknown_city_share", profile.location.country).typical
            out.append(Assumed(field="location.city", value=city, text=msg("assume.city", share=Pct(share))))
    rate = kb.currencies[profile.budget.currency]
    if rate.basis == "market":
        text = msg("assume.rate", currency=Plain(rate.code), rate=Num(rate.per_usd, 2), as_of=Plain(rate.as_of))
        out.append(Assumed(field="exchange_rate", value=rate.per_usd, text=text))
    return out


def _field_value(profile: Profile, field: str) -> object:
    if field == "budget.period":
        return profile.budget.period
    if field == "location.scope":
        return profile.location.scope
    value = getattr(profile, field)
    return str(value) if isinstance(value, Decimal) else value


def _benchmarks(alloc: Allocation, kb: KnowledgeBase, fn: FunnelSamples) -> list[BenchmarkUsed]:
    fields = set(BenchmarkUsed.model_fields)
    ids = [*alloc.prior.figures_used, *(f.id for f in fn.figures if f.id not in alloc.prior.figures_used)]
    return [BenchmarkUsed.model_validate(kb.figures[fid].model_dump(include=fields)) for fid in ids]
