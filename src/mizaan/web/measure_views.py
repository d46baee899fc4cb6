"""The measurement page's charts, built from a ``Measurement``: the funnel per family, return per channel,
the attribution models compared, and the three views of results with the truth. Each chart sits above the
table with the same numbers (the tables come from ``mizaan.report.measurement``)."""

from __future__ import annotations

from markupsafe import Markup

from mizaan.i18n import DigitStyle, Lang, default_digits, t
from mizaan.measure import ChannelResult, Measurement
from mizaan.report import Fmt, channel_label, model_label
from mizaan.web.charts import Bar, Group, bars, grouped

COMPARED = ("first_touch", "last_non_direct", "linear", "time_decay", "markov_1", "shapley")
STAGE_METRICS = ("impressions", "clicks", "visits", "conversions")


def _scale(values: list[float]) -> float:
    top = max((abs(v) for v in values), default=0.0)
    return top or 1.0


def measure_charts(m: Measurement, lang: Lang, digits: DigitStyle | None = None) -> dict[str, list[Markup]]:
    """Charts keyed by the id of the table they stand beside."""
    f = Fmt(lang, m.currency, digits or default_digits(lang))
    rtl = lang == "ar"
    out: dict[str, list[Markup]] = {
        "families": [_families_chart(m, lang, f, rtl)],
        "channels": [_roas_chart(m, lang, f, rtl)],
    }
    models = [x for x in COMPARED if x in m.attribution.model_names()]
    if models:
        out["models"] = [_models_chart(m, models, lang, f, rtl)]
    out["views"] = [_views_chart(m, lang, f, rtl)]
    if m.accuracy:
        out["accuracy"] = [_accuracy_chart(m, lang, f, rtl)]
    return out


def _families_chart(m: Measurement, lang: Lang, f: Fmt, rtl: bool) -> Markup:
    """Each family's funnel, stage by stage (the baseline only when it brought visits or conversions)."""
    fams = [fr for fr in m.families if fr.family != "baseline" or fr.funnel.visits or fr.funnel.conversions]
    names = [t(f"measure.family.{fr.family}", lang) for fr in fams]
    stages = []
    for metric in STAGE_METRICS:
        values = [float(getattr(fr.funnel, metric)) for fr in fams]
        top = _scale(values)
        label = t(f"measure.col.{metric}", lang) if metric != "conversions" else t("stage.conversion", lang)
        texts = [f.conv(v) if metric == "conversions" else f.num(v) for v in values]
        stages.append(Group(label, [v / top for v in values], texts))
    return grouped(stages, names, t("measure.t.families", lang), rtl)


def _roas_chart(m: Measurement, lang: Lang, f: Fmt, rtl: bool) -> Markup:
    """Return on spend of each channel that spent, under the funnel model."""
    paid = [c for c in m.channels if c.funnel.spend > 0]
    roas = [c.funnel.roas or 0.0 for c in paid]
    top = _scale(roas)
    return bars(
        [Bar(channel_label(c.channel, lang), r / top, f.ratio(r), c.family) for c, r in zip(paid, roas, strict=True)],
        t("measure.chart.roas", lang, model=model_label(m.funnel_model, lang)),
        rtl,
    )


def _models_chart(m: Measurement, models: list[str], lang: Lang, f: Fmt, rtl: bool) -> Markup:
    """Each channel's conversions under the compared models, with the truth in a simulated world."""
    series = [model_label(x, lang) for x in models]
    if m.accuracy is not None:
        series.append(t("measure.col.truth", lang))
    rows = []
    for c in m.channels:
        values = [c.credit[x].conversions for x in models] + ([c.truth.conversions] if c.truth else [])
        rows.append((c, values))
    return _channel_groups(rows, series, t("measure.t.models", lang), lang, f, rtl)


def _views_chart(m: Measurement, lang: Lang, f: Fmt, rtl: bool) -> Markup:
    """The three views of each marketing channel's results: the platform's, the tracked, the funnel model's."""
    series = [t("measure.col.platform", lang), t("measure.chart.tracked", lang), model_label(m.funnel_model, lang)]
    if m.accuracy is not None:
        series.append(t("measure.col.truth", lang))
    rows = []
    for c in m.channels:
        if c.family == "baseline":
            continue
        vals = [c.platform_conversions or 0.0, float(c.tracked_orders), c.funnel.conversions]
        if m.accuracy is not None:
            vals.append(c.truth.conversions if c.truth else 0.0)
        rows.append((c, vals))
    return _channel_groups(rows, series, t("measure.t.views", lang), lang, f, rtl)


def _channel_groups(
    rows: list[tuple[ChannelResult, list[float]]], series: list[str], title: str, lang: Lang, f: Fmt, rtl: bool
) -> Markup:
    """One group of bars per channel, all on one scale, each bar labelled with its conversions."""
    top = _scale([v for _, vals in rows for v in vals])
    groups = [
        Group(channel_label(c.channel, lang), [v / top for v in vals], [f.conv(v) for v in vals]) for c, vals in rows
    ]
    return grouped(groups, series, title, rtl)


def _accuracy_chart(m: Measurement, lang: Lang, f: Fmt, rtl: bool) -> Markup:
    """Each model's share of conversions put on the wrong channel, closest to the truth first."""
    ranked = sorted(m.accuracy or [], key=lambda a: a.misplaced_share)
    return bars(
        [Bar(model_label(a.model, lang), a.misplaced_share, f.pct(a.misplaced_share), "review") for a in ranked],
        t("measure.t.accuracy", lang),
        rtl,
    )


__all__ = ["measure_charts"]
