"""The re-plan's section of a plan document (day one beside now) and the charts of a fit: response curves
with their intervals, returns with their intervals, each channel then and now. Numbers come formatted from
the plan's one ``NumberFormatter``; every amount is a month, in the plan's currency, and the section says so
first."""

from __future__ import annotations

from decimal import Decimal

from mizaan.i18n import NumberFormatter, t
from mizaan.plan import Plan, Replan, ReplanChannel
from mizaan.report.document import (
    Block,
    Bullets,
    Cell,
    Chart,
    ChartItem,
    Column,
    Detail,
    Details,
    Item,
    Paragraph,
    Reason,
    Row,
    Section,
    Table,
)

CURVE_POINTS = 16  # points of a response curve drawn (the table keeps the fit's own grid)


def replan_section(plan: Plan, f: NumberFormatter) -> Section | None:
    r = plan.replan
    if r is None:
        return None
    lang = f.lang
    blocks: list[Block] = [Paragraph(r.money, strong=True), _moves(r, f)]
    blocks.append(_table(r, f))
    fitted = [c for c in r.channels if c.origin == "fitted"]
    if fitted:
        blocks.append(_returns(fitted, f))
        blocks += [response_chart(c, f, r.currency) for c in fitted if c.curve is not None]
    blocks.append(
        Details(
            tuple(Detail(c.name, c.why, (Reason(c.how_sure, kind="model"),) if c.how_sure else ()) for c in r.channels),
            t("report.replan.why", lang),
        )
    )
    blocks.append(Bullets(tuple(Item(x) for x in [*r.notes, *(fit.text for fit in r.fits)]), quiet=True))
    return Section("replan", t("report.replan.title", lang), tuple(blocks))


def _moves(r: Replan, f: NumberFormatter) -> Chart:
    top = max((float(max(c.then_monthly, c.now_monthly)) for c in r.channels), default=1.0) or 1.0
    return Chart(
        "replan_moves",
        "grouped",
        t("report.replan.chart_moves", f.lang, currency=r.currency),
        tuple(
            ChartItem(
                c.name,
                float(c.now_monthly),
                f.money(c.now_monthly),
                c.origin,
                values=(float(c.then_monthly) / top, float(c.now_monthly) / top),
                texts=(f.money(c.then_monthly), f.money(c.now_monthly)),
            )
            for c in r.channels
        ),
        series=(t("report.replan.then", f.lang), t("report.replan.now", f.lang)),
    )


def _signed(x: Decimal, f: NumberFormatter) -> str:
    return ("+" if x > 0 else "−" if x < 0 else "") + f.money(abs(x))


def _table(r: Replan, f: NumberFormatter) -> Table:
    lang = f.lang
    columns = (
        Column("name", t("report.col.channel", lang), header=True),
        Column("then_monthly", t("report.replan.col.then", lang), "money"),
        Column("now_monthly", t("report.replan.col.now", lang), "money"),
        Column("change_monthly", t("report.replan.col.change", lang), "money"),
        Column("origin", t("report.replan.col.origin", lang)),
        Column("roas", t("report.replan.col.measured", lang), "range"),
        Column("prior_roas", t("report.replan.col.prior", lang), "number"),
    )
    rows = []
    for c in r.channels:
        note = t("report.replan.capped", lang) if c.capped else None
        rows.append(
            Row(
                c.channel,
                (
                    Cell(c.name, c.channel, note=note),
                    Cell(f.money(c.then_monthly), c.then_monthly),
                    Cell(f.money(c.now_monthly), c.now_monthly),
                    Cell(_signed(c.change_monthly, f), c.change_monthly),
                    Cell(t(f"report.replan.origin.{c.origin}", lang), c.origin),
                    Cell(_ratio_range(c, f), c.roas),
                    Cell(_ratio(c.prior_roas, c, f), c.prior_roas),
                ),
                c.family,
            )
        )
    caption = t("report.replan.caption", lang, currency=r.currency)
    return Table("replan", tuple(columns), tuple(rows), caption)


def _scale(c: ReplanChannel) -> float:
    """Returns in revenue read per unit of money; counts per 1,000 units of money."""
    return 1.0 if c.target == "revenue" else 1000.0


def _ratio(x: float | None, c: ReplanChannel, f: NumberFormatter) -> str:
    if x is None:
        return "—"
    k = _scale(c)
    return f.num(x * k, 2 if k == 1 else 1)


def _ratio_range(c: ReplanChannel, f: NumberFormatter) -> str:
    if c.roas is None:
        return "—"
    low, high = _ratio(c.roas_low, c, f), _ratio(c.roas_high, c, f)
    return t("report.replan.range", f.lang, mid=_ratio(c.roas, c, f), low=low, high=high)


def _returns(fitted: list[ReplanChannel], f: NumberFormatter) -> Chart:
    return Chart(
        "replan_returns",
        "intervals",
        t("report.replan.chart_returns", f.lang),
        tuple(
            ChartItem(
                c.name,
                (c.roas or 0.0) * _scale(c),
                t("report.replan.vs_prior", f.lang, mid=_ratio(c.roas, c, f), prior=_ratio(c.prior_roas, c, f)),
                low=(c.roas_low or 0.0) * _scale(c),
                high=(c.roas_high or 0.0) * _scale(c),
            )
            for c in fitted
        ),
    )


def response_chart(c: ReplanChannel, f: NumberFormatter, currency: str) -> Chart:
    """A fitted channel's monthly response with its interval; points past the data's largest spend are
    marked as extrapolation."""
    curve = c.curve
    assert curve is not None
    n = len(curve.spend_monthly)
    step = max(1, (n - 1) // (CURVE_POINTS - 1))
    picks = sorted({*range(0, n, step), n - 1})
    top = float(c.observed_max_monthly or 0)
    items = tuple(
        ChartItem(
            f.money(Decimal(str(round(curve.spend_monthly[i], 2))), currency, whole=True),
            curve.outcome[i],
            f.num(curve.outcome[i]),
            "observed" if curve.spend_monthly[i] <= top * (1 + 1e-9) else "extrapolated",
            low=curve.outcome_low[i],
            high=curve.outcome_high[i],
        )
        for i in picks
    )
    target = t(f"replan.target.{c.target or 'revenue'}", f.lang)
    title = t("report.replan.chart_curve", f.lang, channel=c.name, target=target)
    series = (t("report.replan.median", f.lang), t("report.replan.band", f.lang, pct=f.pct(c.interval or 0.94)))
    return Chart(f"curve_{c.channel}", "band", title, items, series=series)
