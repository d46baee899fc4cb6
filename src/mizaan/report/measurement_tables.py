"""The measurement's tables, built once for the terminal, the standalone HTML and the web page: a title,
column labels and formatted cells per table, in the reader's language and digits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mizaan.i18n import DigitStyle, Lang
from mizaan.measure import Measurement
from mizaan.report.attribution import model_label
from mizaan.report.measurement_lift import creator_lift_table
from mizaan.report.table_parts import Fmt, Table, TableContext, channel_label


def _range(values: list[float], f: Fmt) -> str:
    if not values:
        return "—"
    lo, hi = min(values), max(values)
    return f.conv(lo) if abs(hi - lo) < 0.05 else f"{f.conv(lo)} – {f.conv(hi)}"


def measurement_tables(m: Measurement, lang: Lang, digits: DigitStyle | None = None) -> list[Table]:
    """Every table of the report, in order."""
    c = TableContext.of(m, lang, digits)
    out = [_families_table(c), _channels_table(c)]
    if c.models:
        out += [_models_table(c), _roas_table(c)]
    out.append(_views_table(c))
    if m.influencers:
        out.append(_influencers_table(c))
        if (lift := creator_lift_table(c)) is not None:
            out.append(lift)
    if m.accuracy:
        out.append(_accuracy_table(c))
    out.append(_series_table(c))
    return out


def _families_table(c: TableContext) -> Table:
    """The funnel of each family (e-marketing, influencers, baseline) under the funnel model."""
    f, tr = c.f, c.tr
    fam = Table(
        "families",
        tr("measure.t.families"),
        [
            tr("measure.col.family"),
            tr("measure.col.spend"),
            tr("measure.col.impressions"),
            tr("measure.col.clicks"),
            tr("measure.col.visits"),
            tr("measure.col.conversions_by", model=c.fm),
            tr("measure.col.revenue"),
            tr("measure.col.cpa"),
            tr("measure.col.roas"),
            *c.truth_col,
        ],
        note=tr("measure.n.families", model=c.fm),
    )
    for r in c.m.families:
        fu = r.funnel
        fam.rows.append(
            [
                tr(f"measure.family.{r.family}"),
                f.money(fu.spend, True),
                f.num(fu.impressions),
                f.num(fu.clicks),
                f.num(fu.visits),
                f.conv(fu.conversions),
                f.money(fu.revenue, True),
                f.money(fu.cpa),
                f.ratio(fu.roas),
                *([f.conv(r.truth.conversions)] if r.truth else []),
            ]
        )
    return fam


def _channels_table(c: TableContext) -> Table:
    """The funnel of each channel under the funnel model."""
    f, tr = c.f, c.tr
    chan = Table(
        "channels",
        tr("measure.t.channels"),
        [
            tr("measure.channel"),
            tr("measure.col.family"),
            tr("measure.col.spend"),
            tr("measure.col.impressions"),
            tr("measure.col.reach"),
            tr("measure.col.clicks"),
            tr("measure.col.visits"),
            tr("measure.col.conversions_by", model=c.fm),
            tr("measure.col.revenue"),
            tr("measure.col.cpa"),
            tr("measure.col.roas"),
        ],
        note=tr("measure.n.channels"),
    )
    for ch in c.m.channels:
        fu = ch.funnel
        chan.rows.append(
            [
                channel_label(ch.channel, c.lang),
                tr(f"measure.family.{ch.family}"),
                f.money(fu.spend, True),
                f.num(fu.impressions),
                f.num(fu.reach),
                f.num(fu.clicks),
                f.num(fu.visits),
                f.conv(fu.conversions),
                f.money(fu.revenue, True),
                f.money(fu.cpa),
                f.ratio(fu.roas),
            ]
        )
    return chan


def _models_table(c: TableContext) -> Table:
    """Each model's conversions per channel side by side, the truth's baseline sales, and the totals."""
    f, tr, models = c.f, c.tr, c.models
    comp = Table(
        "models",
        tr("measure.t.models"),
        [tr("measure.channel"), *(model_label(x, c.lang) for x in models), *c.truth_col],
        note=tr("measure.n.models"),
    )
    for ch in c.m.channels:
        comp.rows.append(
            [
                channel_label(ch.channel, c.lang),
                *(f.conv(ch.credit[x].conversions) for x in models),
                *([f.conv(ch.truth.conversions)] if ch.truth else []),
            ]
        )
    if c.has_truth:
        comp.rows += _baseline_sales_row(c)
    comp.footer = [
        tr("measure.total"),
        *(f.conv(sum(ch.credit[x].conversions for ch in c.m.channels)) for x in models),
        *([f.conv(sum(fr.truth.conversions for fr in c.m.families if fr.truth))] if c.has_truth else []),
    ]
    return comp


def _baseline_sales_row(c: TableContext) -> list[list[str]]:
    """The sales the truth puts on no channel (the baseline's beyond its channels), which no model credits."""
    base = next((fr.truth for fr in c.m.families if fr.family == "baseline"), None)
    if base is None:
        return []
    in_channels = sum(ch.truth.conversions for ch in c.m.channels if ch.truth and ch.family == "baseline")
    return [[c.tr("measure.baseline_sales"), *("—" for _ in c.models), c.f.conv(base.conversions - in_channels)]]


def _roas_table(c: TableContext) -> Table:
    """Each model's return on spend for the channels that spent."""
    f, tr, models = c.f, c.tr, c.models
    roas = Table(
        "roas",
        tr("measure.t.roas"),
        [tr("measure.channel"), tr("measure.col.spend"), *(model_label(x, c.lang) for x in models), *c.truth_col],
        note=tr("measure.n.roas"),
    )
    for ch in c.m.channels:
        if ch.funnel.spend > 0:
            roas.rows.append(
                [
                    channel_label(ch.channel, c.lang),
                    f.money(ch.funnel.spend, True),
                    *(f.ratio(ch.credit[x].roas) for x in models),
                    *([f.ratio(ch.truth.roas)] if ch.truth else []),
                ]
            )
    return roas


def _views_table(c: TableContext) -> Table:
    """The three views of each marketing channel's results: the platform's, the tracked, the models'."""
    f, tr = c.f, c.tr
    views = Table(
        "views",
        tr("measure.t.views"),
        [
            tr("measure.channel"),
            tr("measure.col.platform"),
            tr("measure.col.codes"),
            tr("measure.col.links"),
            tr("measure.col.models_range"),
            tr("measure.col.conversions_by", model=c.fm),
            *c.truth_col,
        ],
        note=tr("measure.n.views"),
    )
    for ch in c.m.channels:
        if ch.family == "baseline":
            continue
        views.rows.append(
            [
                channel_label(ch.channel, c.lang),
                f.conv(ch.platform_conversions),
                f.num(ch.code_orders),
                f.num(ch.link_orders),
                _range([x.conversions for x in ch.credit.values()], f),
                f.conv(ch.funnel.conversions),
                *([f.conv(ch.truth.conversions)] if ch.truth else []),
            ]
        )
    return views


def _influencers_table(c: TableContext) -> Table:
    """Each influencer's posts and their reach, the orders their codes and links brought, the models' range."""
    f, tr = c.f, c.tr
    inf = Table(
        "influencers",
        tr("measure.t.influencers"),
        [
            tr("measure.col.influencer"),
            tr("measure.col.tier"),
            tr("measure.col.posts"),
            tr("measure.col.cost"),
            tr("measure.col.views"),
            tr("measure.col.engagements"),
            tr("measure.col.link_clicks"),
            tr("measure.col.codes"),
            tr("measure.col.links"),
            tr("measure.col.models_range"),
            *c.truth_col,
        ],
        note=tr("measure.n.influencers"),
    )
    for i in c.m.influencers:
        inf.rows.append(
            [
                i.influencer,
                tr(f"value.preferred_influencer_tier.{i.tier}"),
                f.num(i.posts),
                f.money(i.cost, True),
                f.num(i.views),
                f.num(i.engagements),
                f.num(i.link_clicks),
                f.num(i.code_orders),
                f.num(i.link_orders),
                _range(list(i.credit.values()), f),
                *([f.conv(i.truth.conversions)] if i.truth else []),
            ]
        )
    return inf


def _accuracy_table(c: TableContext) -> Table:
    """Each model's distance from the simulated truth, closest first."""
    f, tr = c.f, c.tr
    acc = Table(
        "accuracy",
        tr("measure.t.accuracy"),
        [tr("measure.col.model"), tr("measure.col.misplaced"), tr("measure.col.mae")],
        note=tr("measure.n.accuracy"),
    )
    for a in sorted(c.m.accuracy or [], key=lambda a: a.misplaced_share):
        acc.rows.append([model_label(a.model, c.lang), f.pct(a.misplaced_share), f.conv(a.mean_absolute_error)])
    return acc


def _series_table(c: TableContext) -> Table:
    """Each family's funnel period by period."""
    f, tr = c.f, c.tr
    series = Table(
        "series",
        tr("measure.t.series", period=tr(f"measure.period.{c.m.period}")),
        [
            tr("measure.col.period"),
            tr("measure.col.family"),
            tr("measure.col.spend"),
            tr("measure.col.clicks"),
            tr("measure.col.visits"),
            tr("measure.col.conversions_by", model=c.fm),
            tr("measure.col.revenue"),
            tr("measure.col.roas"),
        ],
    )
    for (period, family), sums in _series_by_family(c.m).items():
        series.rows.append(
            [
                f.nf.date(period),
                tr(f"measure.family.{family}"),
                f.money(sums["spend"], True),
                f.num(sums["clicks"]),
                f.num(sums["visits"]),
                f.conv(sums["conversions"]),
                f.money(sums["revenue"], True),
                f.ratio(sums["revenue"] / float(sums["spend"]) if sums["spend"] else None),
            ]
        )
    return series


def _series_by_family(m: Measurement) -> dict[tuple[Any, str], dict[str, Any]]:
    out: dict[tuple[Any, str], dict[str, Any]] = {}
    for r in m.series:
        acc = out.setdefault(
            (r.period, r.family), {"spend": Decimal(0), "clicks": 0, "visits": 0, "conversions": 0.0, "revenue": 0.0}
        )
        acc["spend"] += r.funnel.spend
        acc["clicks"] += r.funnel.clicks
        acc["visits"] += r.funnel.visits
        acc["conversions"] += r.funnel.conversions
        acc["revenue"] += r.funnel.revenue
    return dict(sorted(out.items(), key=lambda kv: (kv[0][0], kv[0][1])))
