"""``present``: a ``PlanResult`` (the planning core's answer, in no language) as the documented plan JSON,
``Plan``, in one language and digit style. The same result can be shown in Arabic and in English without
planning again."""

from __future__ import annotations

from collections.abc import Sequence

from mizaan.i18n import DigitStyle, Lang, NumberFormatter
from mizaan.knowledge import KnowledgeBase
from mizaan.plan import (
    AllocationLine,
    Alternative,
    Assumption,
    BlueprintStep,
    Ceiling,
    ChannelLine,
    ElsewhereOption,
    Fit,
    Forecast,
    ForecastSummary,
    InfluencerChoice,
    InfluencerDecision,
    InfluencerOption,
    Kpi,
    KpiTarget,
    Measurement,
    Plan,
    PlanResult,
    PlanWarning,
    PlatformLine,
    Reason,
    RuleApplied,
    SpendCeiling,
    Step,
    Tracking,
    TrackingLink,
    WhatIf,
    Why,
    plan,
)
from mizaan.present.replan import present_replan
from mizaan.present.words import Words
from mizaan.profile import Profile
from mizaan.version import __version__


def present(result: PlanResult, lang: Lang | None = None, digits: DigitStyle | None = None) -> Plan:
    """``result`` in ``lang`` (by default the profile's) with ``digits`` (``latn`` or ``arab``; by default
    the locale's usual digits)."""
    profile = result.profile
    lang = lang or profile.lang
    nf = NumberFormatter(lang, profile.location.country, digits)
    w = Words(nf)
    return Plan(
        mizaan_version=__version__,
        kb_version=result.kb_version,
        seed=result.seed,
        lang=lang,
        digits=nf.digits,
        profile=profile.model_dump(mode="json"),
        currency=result.currency,
        period=result.period,
        budget=result.budget,
        monthly_budget=result.monthly_budget,
        horizon_months=result.horizon_months,
        exchange_rate=result.exchange_rate,
        allocation=[_line(line, w) for line in result.lines],
        family_share=result.family_share,
        stage_share=result.stage_share,
        influencer=_influencer(result.influencer, w),
        warnings=[
            PlanWarning(rule=x.rule, severity=x.severity, text=w(x.text), action=w(x.action), field=x.field)
            for x in result.warnings
        ],
        blueprint=[_step(step, w) for step in result.blueprint],
        kpis=[_kpi(kpi, w) for kpi in result.kpis],
        measurement=_measurement(result.tracking, w),
        forecast=_forecast(result.forecast, w),
        what_would_change=[_what_if(a, w) for a in result.what_would_change],
        ceiling=_ceiling(result.ceiling, w),
        rules_applied=[
            RuleApplied(
                id=r.id, statement=r.statement.get(lang), model=r.model.get(lang), effects=[w(e) for e in r.effects]
            )
            for r in result.rules_applied
        ],
        assumptions=[
            Assumption(field=a.field, value=a.value, text=w(a.text), unknown=a.unknown) for a in result.assumptions
        ],
        benchmarks=result.benchmarks,
        replan=None if result.replan is None else present_replan(result, result.replan, nf),
    )


def make_plan(
    profile: Profile,
    kb: KnowledgeBase | None = None,
    *,
    seed: int = 0,
    lang: Lang | None = None,
    samples: int | None = None,
    what_if: bool = True,
    digits: DigitStyle | None = None,
    fits: Sequence[Fit] = (),
) -> Plan:
    """The plan for ``profile`` shown in ``lang``: ``present(plan(profile, kb, ...), lang, digits)``; with
    ``fits``, the re-plan on fitted curves with day one beside it."""
    return present(plan(profile, kb, seed=seed, samples=samples, what_if=what_if, fits=fits), lang, digits)


def _said_once(whys: list[Why], w: Words) -> list[Reason]:
    """Reasons in words; two that read the same are shown once."""
    out: list[Reason] = []
    seen: set[str] = set()
    for why in whys:
        reason = _reason(why, w)
        if reason.text not in seen:
            seen.add(reason.text)
            out.append(reason)
    return out


def _line(line: ChannelLine, w: Words) -> AllocationLine:
    return AllocationLine(
        channel=line.channel,
        name=line.name.get(w.lang),
        family=line.family,
        amount=line.amount,
        monthly_amount=line.monthly_amount,
        min_amount=line.min_amount,
        share=line.share,
        stages=line.stages,
        actions=line.actions.get(w.lang),
        reasons=[_reason(why, w) for why in line.reasons],
        platforms=[PlatformLine(id=p.id, name=p.name.get(w.lang), share=p.share) for p in line.platforms],
        pays_for_goal=line.pays_for_goal,
    )


def _step(s: Step, w: Words) -> BlueprintStep:
    return BlueprintStep(
        order=s.order,
        stage=s.stage,
        channels=s.channels,
        action=w(s.action),
        start_week=s.start_week,
        end_week=s.end_week,
        rules=s.rules,
    )


def _kpi(k: KpiTarget, w: Words) -> Kpi:
    return Kpi(
        stage=k.stage,
        metric=k.metric,
        name=w(k.name),
        unit=k.unit,
        target=k.target,
        channels=k.channels,
        note=w.optional(k.note),
    )


def _reason(why: Why, w: Words) -> Reason:
    return Reason(
        kind=why.kind,
        rule=why.rule,
        figure=why.figure,
        text=w(why.text),
        factor=why.factor,
        stages=list(why.stages),
        basis=why.basis,
        range=list(why.range) if why.range is not None else None,
    )


def _influencer(d: InfluencerChoice, w: Words) -> InfluencerDecision:
    return InfluencerDecision(
        recommended=d.recommended,
        tier=d.tier,
        channel=d.channel,
        count=d.count,
        budget_each=d.budget_each,
        monthly_budget=d.monthly_budget,
        followers_min=d.followers_min,
        followers_max=d.followers_max,
        selection_criteria=[w(c) for c in d.selection_criteria],
        reasons=_said_once(d.reasons, w),
        options=[
            InfluencerOption(
                tier=o.tier,
                channel=o.channel,
                affordable=o.affordable,
                min_amount=o.min_amount,
                relative_value=o.relative_value,
                chosen=o.chosen,
                why=w(o.why),
            )
            for o in d.options
        ],
    )


def _measurement(m: Tracking, w: Words) -> Measurement:
    return Measurement(
        landing_url=m.landing_url,
        landing_url_is_placeholder=m.landing_url_is_placeholder,
        links=[
            TrackingLink(
                channel=x.channel,
                label=w(x.label),
                url=x.url,
                utm_source=x.utm_source,
                utm_medium=x.utm_medium,
                utm_campaign=x.utm_campaign,
                utm_content=x.utm_content,
                promo_code=x.promo_code,
            )
            for x in m.links
        ],
        notes=[w(n) for n in m.notes],
    )


def _forecast(f: ForecastSummary, w: Words) -> Forecast:
    return Forecast(
        horizon_months=f.horizon_months,
        samples=f.samples,
        seed=f.seed,
        spend=f.spend,
        reach=f.reach,
        visits=f.visits,
        conversions=f.conversions,
        cpa=f.cpa,
        leads=f.leads,
        customers=f.customers,
        cost_per_lead=f.cost_per_lead,
        cost_per_customer=f.cost_per_customer,
        revenue=f.revenue,
        roas=f.roas,
        profit=f.profit,
        break_even_roas=f.break_even_roas,
        recommended_spend=f.recommended_spend,
        held_back=f.held_back,
        channels=f.channels,
        reasons=[_reason(why, w) for why in f.reasons],
    )


def _ceiling(c: SpendCeiling, w: Words) -> Ceiling:
    return Ceiling(
        recommended_monthly=c.recommended_monthly,
        market_monthly=c.market_monthly,
        margin_monthly=c.margin_monthly,
        binding=c.binding,
        held_back=c.held_back,
        held_back_monthly=c.held_back_monthly,
        text=w(c.text),
        elsewhere=[
            ElsewhereOption(kind=e.kind, text=w(e.text), monthly_amount=e.monthly_amount, field=e.field, value=e.value)
            for e in c.elsewhere
        ],
    )


def _what_if(a: Alternative, w: Words) -> WhatIf:
    return WhatIf(
        change=a.change,
        text=w(a.text),
        distance=a.distance,
        allocation=a.allocation,
        family_share=a.family_share,
        influencer_tier=a.influencer_tier,
        kind=a.kind,
    )
