"""The re-plan in words: the core's ``ReplanResult`` (numbers, no language) as the plan JSON's ``replan``
section, every amount a month in the plan's currency, every text in the plan's language and digits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from mizaan.i18n import NumberFormatter, t
from mizaan.plan import (
    Fit,
    FittedChannel,
    PlanResult,
    Replan,
    ReplanChannel,
    ReplanCurve,
    ReplanFit,
    ReplanLine,
    ReplanResult,
    round_half,
)


def present_replan(result: PlanResult, r: ReplanResult, nf: NumberFormatter) -> Replan:
    currency = result.currency
    rate = Decimal(str(result.exchange_rate.per_usd))

    def money(usd: float) -> Decimal:
        return round_half(Decimal(str(usd)) * rate, currency)

    notes = [t(f"replan.basis.{r.basis}", nf.lang, date=_date(r.day_one_at, nf))]
    notes += [t("replan.note.failed", nf.lang, file=f.source) for f in r.fits if not f.ok]
    notes += [t("replan.note.unused", nf.lang, column=col, file=src) for src, col in r.unused]
    for x in r.lines:
        if x.fitted is not None and x.fitted.confounding:
            notes.append(t("replan.note.confounding", nf.lang, channel=x.name.get(nf.lang)))
        if x.fitted is not None and x.fitted.lift_calibrated:
            notes.append(t("replan.note.lift", nf.lang, channel=x.name.get(nf.lang)))
    return Replan(
        basis=r.basis,
        day_one_at=r.day_one_at,
        currency=currency,
        then_monthly_budget=r.then_monthly_budget,
        now_monthly_budget=result.monthly_budget,
        money=t(
            "replan.money",
            nf.lang,
            currency=currency,
            then=nf.money(r.then_monthly_budget, currency),
            now=nf.money(result.monthly_budget, currency),
        ),
        channels=[_channel(x, r, nf, money, currency, float(rate)) for x in r.lines],
        fits=[_fit(f, nf) for f in r.fits],
        notes=notes,
    )


def _date(value: str | None, nf: NumberFormatter) -> str:
    if not value:
        return t("replan.unknown_date", nf.lang)
    try:
        return nf.date(dt.date.fromisoformat(value[:10]))
    except ValueError:
        return value


def _fit_of(f: FittedChannel, r: ReplanResult) -> Fit:
    return next(fit for fit in r.fits if fit.sha256 == f.sha256)


def _channel(
    x: ReplanLine,
    r: ReplanResult,
    nf: NumberFormatter,
    money: Callable[[float], Decimal],
    currency: str,
    per_usd: float,
) -> ReplanChannel:
    f = x.fitted
    base = {
        "channel": x.channel,
        "name": x.name.get(nf.lang),
        "family": x.family,
        "then_monthly": x.then_monthly,
        "now_monthly": x.now_monthly,
        "change_monthly": x.change_monthly,
    }
    if f is None:
        return ReplanChannel(**base, origin="prior", why=t("replan.why.prior", nf.lang))
    fit = _fit_of(f, r)
    top = money(f.observed_max_usd)
    sure = _sure(f, fit, nf, nf.money(top, currency))
    if x.capped:
        sure = f"{sure}. {t('replan.capped', nf.lang, max=nf.money(top, currency))}"
    return ReplanChannel(
        **base,
        origin="fitted",
        why=_why(f, nf),
        how_sure=sure,
        fit=f.source,
        columns=list(f.columns),
        target=f.target,
        roas=f.roas,
        roas_low=f.roas_low,
        roas_high=f.roas_high,
        interval=f.interval,
        prior_roas=f.prior_roas,
        observed_max_monthly=top,
        capped=x.capped,
        curve_error=f.curve_error,
        spread=f.spread,
        curve=ReplanCurve(
            spend_monthly=[v * per_usd for v in f.grid_usd],
            outcome=list(f.outcome),
            outcome_low=list(f.outcome_low),
            outcome_high=list(f.outcome_high),
        ),
    )


def _why(f: FittedChannel, nf: NumberFormatter) -> str:
    lang = nf.lang
    interval = nf.pct(f.interval)
    if f.target == "revenue":
        return t(
            "replan.why.revenue",
            lang,
            unit=f.fit_currency,
            roas=nf.num(f.roas, 2),
            low=nf.num(f.roas_low, 2),
            high=nf.num(f.roas_high, 2),
            interval=interval,
            prior=nf.num(f.prior_roas, 2),
        )
    k = 1000.0
    return t(
        "replan.why.count",
        lang,
        unit=f.fit_currency,
        target=t(f"replan.target.{f.target}", lang),
        roas=nf.num(f.roas * k, 1),
        low=nf.num(f.roas_low * k, 1),
        high=nf.num(f.roas_high * k, 1),
        interval=interval,
        prior=nf.num(f.prior_roas * k, 1),
    )


def _diagnostics(fit: Fit, nf: NumberFormatter) -> str:
    d = fit.doc.diagnostics
    if not d.ok:
        return t("replan.diagnostics.failed", nf.lang, messages="; ".join(d.texts(nf.lang)) or "—")
    if d.max_rhat is None:
        return t("replan.diagnostics.map", nf.lang)
    return t(
        "replan.diagnostics.ok",
        nf.lang,
        rhat=nf.num(d.max_rhat, 2),
        divergences=nf.num(d.divergences or 0),
        ess=nf.num(d.min_ess_bulk or 0),
    )


def _rows(fit: Fit, nf: NumberFormatter) -> str:
    return nf.count(fit.doc.data.rows, fit.doc.period)


def _sure(f: FittedChannel, fit: Fit, nf: NumberFormatter, top: str) -> str:
    data = fit.doc.data
    return t(
        "replan.sure",
        nf.lang,
        method=fit.doc.method.upper() or "—",
        rows=_rows(fit, nf),
        first=_date(str(data.first) if data.first else None, nf),
        last=_date(str(data.last) if data.last else None, nf),
        diagnostics=_diagnostics(fit, nf),
        max=top,
        error=nf.pct(f.curve_error, 1),
    )


def _fit(fit: Fit, nf: NumberFormatter) -> ReplanFit:
    doc = fit.doc
    d = doc.diagnostics
    return ReplanFit(
        file=fit.source,
        sha256=fit.sha256,
        created_at=doc.created_at,
        method=doc.method,
        period=doc.period,
        currency=doc.currency,
        target=doc.target.name,
        target_kind=doc.target.kind,
        ok=d.ok,
        accepted_failed=not d.ok and fit.accept_failed,
        max_rhat=d.max_rhat,
        divergences=d.divergences,
        min_ess_bulk=d.min_ess_bulk,
        messages=d.texts(nf.lang),
        data_first=str(doc.data.first) if doc.data.first else None,
        data_last=str(doc.data.last) if doc.data.last else None,
        rows=doc.data.rows,
        text=t(
            "replan.fit",
            nf.lang,
            file=fit.source,
            method=doc.method.upper() or "—",
            target=doc.target.name,
            currency=doc.currency,
            rows=_rows(fit, nf),
            first=_date(str(doc.data.first) if doc.data.first else None, nf),
            last=_date(str(doc.data.last) if doc.data.last else None, nf),
            state=t(f"replan.state.{'ok' if d.ok else 'failed'}", nf.lang),
        ),
    )
