"""``make_plan``: from a business profile to an explained, costed plan."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import numpy as np

from mizaan.i18n import DigitStyle, Lang, NumberFormatter, t
from mizaan.knowledge import FAMILIES, STAGES, ChannelId, KnowledgeBase, load_knowledge_base
from mizaan.knowledge.schema import Severity
from mizaan.plan.allocate import FUNDED, Allocation, allocate
from mizaan.plan.blueprint import blueprint
from mizaan.plan.effects import plan_warnings
from mizaan.plan.explain import channel_figure_reasons, rule_reason, rules_applied
from mizaan.plan.forecast import ForecastSamples, percentiles, simulate
from mizaan.plan.influencer import decide
from mizaan.plan.kpis import kpis
from mizaan.plan.measurement import measurement
from mizaan.plan.model import (
    AllocationLine,
    Assumption,
    BenchmarkUsed,
    ChannelForecast,
    ExchangeRate,
    Forecast,
    InfluencerDecision,
    Plan,
    PlanWarning,
    Range,
    Reason,
)
from mizaan.plan.money import floor_to_unit, round_half, split_exact
from mizaan.plan.whatif import what_would_change
from mizaan.profile import Profile
from mizaan.profile.labels import field_label, value_label

SEVERITY_ORDER: dict[Severity, int] = {"critical": 0, "warning": 1, "info": 2}


def make_plan(
    profile: Profile,
    kb: KnowledgeBase | None = None,
    *,
    seed: int = 0,
    lang: Lang | None = None,
    samples: int | None = None,
    what_if: bool = True,
    digits: DigitStyle | None = None,
) -> Plan:
    """The plan for ``profile``: allocation, influencer decision, campaign blueprint, KPIs, tracking
    set-up, warnings, forecast and what would change it, every number with its reasons.

    ``seed`` fixes the forecast's sampling (the allocation itself is deterministic); ``lang`` defaults
    to the profile's language; ``digits`` (``latn`` or ``arab``) to the locale's usual digits.
    """
    from mizaan import __version__

    kb = kb or load_knowledge_base()
    lang = lang or profile.lang
    nf = NumberFormatter(lang, profile.location.country, digits)
    alloc = allocate(profile, kb)
    currency = profile.budget.currency
    months = profile.months_per_period
    monthly_usd = alloc.monthly_usd
    funded = alloc.funded()

    amounts = dict(
        zip(funded, split_exact(profile.budget.amount, [monthly_usd[c] for c in funded], currency), strict=True)
    )
    monthly_amounts = {c: round_half(amounts[c] / Decimal(str(months)), currency) for c in funded}
    lines = [_line(c, alloc, kb, amounts[c], monthly_amounts[c], profile, nf) for c in funded]
    lines.sort(key=lambda line: -line.share)

    family_share: dict[str, float] = {f: float(sum(line.share for line in lines if line.family == f)) for f in FAMILIES}
    stage_share = {s: sum(line.share * line.stages[s] for line in lines) for s in STAGES}
    decision = decide(alloc, kb, monthly_amounts, currency, nf)
    warnings = _warnings(profile, alloc, kb, decision, family_share, lines, lang)

    fs = simulate(alloc, kb, seed, samples)
    spend = float(profile.monthly_budget) * profile.horizon_months
    forecast = _forecast(profile, alloc, kb, fs, spend, currency, nf)
    rate = kb.currencies[currency]
    return Plan(
        mizaan_version=__version__,
        kb_version=kb.version,
        seed=seed,
        lang=lang,
        digits=nf.digits,
        profile=profile.model_dump(mode="json"),
        currency=currency,
        period=profile.budget.period,
        budget=profile.budget.amount,
        monthly_budget=round_half(profile.monthly_budget, currency),
        horizon_months=profile.horizon_months,
        exchange_rate=ExchangeRate(
            currency=currency, per_usd=rate.per_usd, basis=rate.basis, as_of=rate.as_of, source=rate.source
        ),
        allocation=lines,
        family_share=family_share,
        stage_share=stage_share,
        influencer=decision,
        warnings=warnings,
        blueprint=blueprint(alloc, kb, decision.channel, lang),
        kpis=kpis(alloc, kb, fs, spend, currency, decision.channel, lang),
        measurement=measurement(profile, alloc, kb, decision.channel, decision.count, nf),
        forecast=forecast,
        what_would_change=what_would_change(profile, kb, alloc, nf) if what_if else [],
        rules_applied=rules_applied(alloc.effects, kb, nf),
        assumptions=_assumptions(profile, alloc, kb, nf),
        benchmarks=_benchmarks(alloc, kb),
    )


def _line(
    c: ChannelId,
    alloc: Allocation,
    kb: KnowledgeBase,
    amount: Decimal,
    monthly: Decimal,
    profile: Profile,
    nf: NumberFormatter,
) -> AllocationLine:
    lang = nf.lang
    ch = kb.channels[c]
    curve = alloc.prior.curves[c]
    x = alloc.monthly_usd[c]
    values = curve.stage_values(x)
    total = sum(values.values()) or 1.0
    stages = {s: values[s] / total for s in STAGES}
    per_usd = kb.per_usd(profile.budget.currency)
    min_amount = floor_to_unit(curve.min_spend_usd * per_usd * profile.months_per_period, profile.budget.currency)
    i = kb.channel_ids.index(c)
    scale = float(alloc.solution.scale[i])
    reasons: list[Reason] = [
        Reason(
            kind="model",
            text=t("reason.marginal", lang, pct=nf.pct(1 - float(np.exp(-x / scale)) if scale > 0 else 0.0)),
        ),
    ]
    if kb.rule_active("C5"):
        reasons.append(
            Reason(
                kind="rule",
                rule="C5",
                text=t("reason.speed", lang, realised=nf.pct(curve.realised), months=nf.num(profile.horizon_months)),
            )
        )
    if abs(x - curve.min_spend_usd) < 1e-6 and curve.min_spend_usd > 0:
        reasons.append(Reason(kind="constraint", rule="Q3", text=t("reason.at_minimum", lang)))
    reasons.extend(rule_reason(a, kb, nf) for a in alloc.effects.reasons_for(c))
    reasons.extend(channel_figure_reasons(c, kb, profile.location.country, profile.goal, nf))
    return AllocationLine(
        channel=c,
        name=ch.name.get(lang),
        family=ch.family,
        amount=amount,
        monthly_amount=monthly,
        min_amount=min_amount,
        share=float(amount / profile.budget.amount),
        stages=stages,
        actions=ch.actions.get(lang),
        reasons=reasons,
    )


def _warnings(
    profile: Profile,
    alloc: Allocation,
    kb: KnowledgeBase,
    decision: InfluencerDecision,
    family_share: Mapping[str, float],
    lines: list[AllocationLine],
    lang: Lang,
) -> list[PlanWarning]:
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
    out: list[PlanWarning] = []
    for rule_id, w in raw:
        key = (rule_id, w.text.en)
        if key in seen:
            continue
        seen.add(key)
        out.append(PlanWarning(rule=rule_id, severity=w.severity, text=w.text.get(lang), action=w.action.get(lang)))
    return sorted(out, key=lambda w: SEVERITY_ORDER[w.severity])


def _r(values: np.ndarray) -> Range:
    p10, p50, p90 = percentiles(values)
    return Range(p10=p10, p50=p50, p90=p90)


def _forecast(
    profile: Profile,
    alloc: Allocation,
    kb: KnowledgeBase,
    fs: ForecastSamples,
    spend: float,
    currency: str,
    nf: NumberFormatter,
) -> Forecast:
    lang = nf.lang
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
            )
        )
    revenue = roas = None
    if profile.average_order_value is not None:
        rev = conv * float(profile.average_order_value)
        revenue, roas = _r(rev), _r(rev / spend)
    reasons = [
        Reason(kind="model", text=t("forecast.method", lang, samples=nf.num(fs.samples), seed=nf.num(fs.seed))),
        Reason(kind="rule", rule="C6", text=t("forecast.c6", lang)),
    ]
    if alloc.facts.get("has_tracking") is False:
        reasons.append(Reason(kind="rule", rule="M2", text=t("forecast.m2", lang)))
    return Forecast(
        horizon_months=horizon,
        samples=fs.samples,
        seed=fs.seed,
        spend=round_half(Decimal(str(spend)), currency),
        reach=_r(np.asarray(reach)),
        visits=_r(np.asarray(visits)),
        conversions=_r(conv),
        cpa=_r(spend / np.maximum(conv, 1e-9)),
        revenue=revenue,
        roas=roas,
        channels=channels,
        reasons=reasons,
    )


def _assumptions(profile: Profile, alloc: Allocation, kb: KnowledgeBase, nf: NumberFormatter) -> list[Assumption]:
    lang = nf.lang
    out = []
    for field in profile.defaults_used():
        value = _field_value(profile, field)
        out.append(
            Assumption(
                field=field,
                value=value,
                text=t(
                    "assume.default", lang, field=field_label(field, lang), value=value_label(field, value, lang, nf)
                ),
            )
        )
    if profile.location.scope == "local":
        city = profile.location.city
        if not city or kb.find_city(profile.location.country, city) is None:
            share = kb.figure("audience", "unknown_city_share", profile.location.country).typical
            out.append(Assumption(field="location.city", value=city, text=t("assume.city", lang, share=nf.pct(share))))
    rate = kb.currencies[profile.budget.currency]
    if rate.basis == "market":
        out.append(
            Assumption(
                field="exchange_rate",
                value=rate.per_usd,
                text=t("assume.rate", lang, currency=rate.code, rate=nf.num(rate.per_usd, 2), as_of=rate.as_of),
            )
        )
    return out


def _field_value(profile: Profile, field: str) -> object:
    if field == "budget.period":
        return profile.budget.period
    if field == "location.scope":
        return profile.location.scope
    value = getattr(profile, field)
    return str(value) if isinstance(value, Decimal) else value


def _benchmarks(alloc: Allocation, kb: KnowledgeBase) -> list[BenchmarkUsed]:
    fields = set(BenchmarkUsed.model_fields)
    return [
        BenchmarkUsed.model_validate(kb.figures[fid].model_dump(include=fields)) for fid in alloc.prior.figures_used
    ]


__all__ = ["FUNDED", "make_plan"]
