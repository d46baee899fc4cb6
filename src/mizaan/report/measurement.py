"""A measurement for people and tools: tables in the terminal, JSON (``Measurement.to_json_dict``), a tidy
CSV (one number a row), and standalone HTML. The terminal and the HTML show the same tables, built once
here (``measurement_tables``); the web app adds charts beside them."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.table import Table as RichTable

from mizaan.i18n import (
    DigitStyle,
    Lang,
    default_digits,
    t,
)
from mizaan.measure import Funnel, Measurement
from mizaan.report.measurement_tables import measurement_tables
from mizaan.report.safe import csv_writer
from mizaan.report.table_parts import Fmt

FORMATS = ("text", "json", "csv", "html")


def summary_line(m: Measurement, lang: Lang, digits: DigitStyle | None = None) -> str:
    f = Fmt(lang, m.currency, digits or default_digits(lang))
    s = m.totals
    start = f.nf.date(m.start) if m.start else None
    end = f.nf.date(m.end) if m.end else None
    if start and end:
        window = t("measure.window", lang, start=start, end=end)
    elif start:
        window = t("measure.window_since", lang, start=start)
    elif end:
        window = t("measure.window_until", lang, end=end)
    else:
        window = t("measure.window_all", lang)
    return t(
        "measure.summary_line",
        lang,
        window=window,
        spend=f.money(s.spend, True),
        conversions=f.num(s.conversions),
        value=f.money(s.value, True),
        orders=f.num(s.orders),
        touchpoints=f.num(sum(s.touchpoints.values())),
        journeys=f.nf.count(int(s.journeys), "journey"),
        engine=m.engine,
    )


def print_measurement(m: Measurement, console: Console, lang: Lang = "en", digits: DigitStyle | None = None) -> None:
    console.print(summary_line(m, lang, digits), markup=False)
    for table in measurement_tables(m, lang, digits):
        rich = RichTable(title=table.title, show_footer=table.footer is not None, title_justify="left")
        for i, col in enumerate(table.columns):
            rich.add_column(
                col,
                footer=(table.footer[i] if table.footer else ""),
                justify="left" if i == 0 else "right",
                no_wrap=i == 0,
            )
        for row in table.rows:
            rich.add_row(*row)
        console.print(rich)
        if table.note:
            console.print(table.note, markup=False, style="dim")
    for note in m.notes:
        console.print(note.text[lang], markup=False)


CSV_COLUMNS = ("section", "period", "family", "channel", "model", "metric", "value", "currency")
# metrics that are money, in the report's currency (the CSV's currency column names it on each of them)
_MONEY_METRICS = frozenset(
    {"spend", "revenue", "cpa", "value", "cost", "code_revenue", "link_revenue", "platform_value"}
)
_FUNNEL_METRICS = ("spend", "impressions", "reach", "clicks", "visits", "conversions", "revenue", "cpa", "roas")
_MODELLED = ("conversions", "revenue", "cpa", "roas")  # funnel metrics that come from the funnel model
_CHANNEL_EXTRAS = (
    "posts",
    "engagements",
    "platform_conversions",
    "platform_value",
    "code_orders",
    "code_revenue",
    "link_orders",
    "link_revenue",
)
_INFLUENCER_FIGURES = (
    "posts",
    "cost",
    "views",
    "engagements",
    "link_clicks",
    "code_orders",
    "code_revenue",
    "link_orders",
    "link_revenue",
    "touch_share",
)
Row = list[str]


def measurement_csv(m: Measurement) -> str:
    """One number a row: ``section, period, family, channel, model, metric, value``."""
    out = io.StringIO()
    w = csv_writer(out)
    w.writerow(CSV_COLUMNS)
    rows: list[Row] = [*_family_rows(m), *_channel_rows(m)]
    for r in m.series:
        rows.extend(_funnel_rows(m, "period", r.period.isoformat(), r.family, r.channel, r.funnel))
    rows.extend(_influencer_rows(m))
    for a in m.accuracy or []:
        rows.append(["accuracy", "", "", "", a.model, "misplaced_share", repr(a.misplaced_share)])
        rows.append(["accuracy", "", "", "", a.model, "mean_absolute_error", repr(a.mean_absolute_error)])
    w.writerows([*r, m.currency if r[5] in _MONEY_METRICS else ""] for r in rows)
    return out.getvalue()


def _funnel_rows(m: Measurement, section: str, period: str, family: str, channel: str, fu: Funnel) -> Iterator[Row]:
    for k in _FUNNEL_METRICS:
        v = getattr(fu, k)
        if v is not None:
            yield [section, period, family, channel, m.funnel_model if k in _MODELLED else "", k, str(v)]


def _family_rows(m: Measurement) -> Iterator[Row]:
    for fr in m.families:
        yield from _funnel_rows(m, "family", "", fr.family, "", fr.funnel)
        if fr.truth:
            yield ["family", "", fr.family, "", "truth", "conversions", str(fr.truth.conversions)]


def _channel_rows(m: Measurement) -> Iterator[Row]:
    """Each channel's funnel, its extra figures, every model's credit, and its truth."""
    for c in m.channels:
        yield from _funnel_rows(m, "channel", "", c.family, c.channel, c.funnel)
        for k in _CHANNEL_EXTRAS:
            v = getattr(c, k)
            if v is not None:
                yield ["channel", "", c.family, c.channel, "", k, str(v)]
        for model, cr in c.credit.items():
            for k in ("conversions", "value", "cpa", "roas"):
                v = getattr(cr, k)
                if v is not None:
                    yield ["credit", "", c.family, c.channel, model, k, repr(v)]
        if c.truth:
            for k in ("conversions", "revenue", "cpa", "roas"):
                v = getattr(c.truth, k)
                if v is not None:
                    yield ["truth", "", c.family, c.channel, "truth", k, str(v)]


def _influencer_rows(m: Measurement) -> Iterator[Row]:
    for i in m.influencers:
        for k in _INFLUENCER_FIGURES:
            yield ["influencer", "", "influencer", i.influencer, "", k, str(getattr(i, k))]
        for model, v in i.credit.items():
            yield ["influencer", "", "influencer", i.influencer, model, "conversions", repr(v)]
        if i.lift is not None:
            for k, x in _lift_figures(i.lift, i.lift_low, i.lift_high):
                yield ["influencer", "", "influencer", i.influencer, "lift", k, repr(x)]
        if i.truth:
            yield ["influencer", "", "influencer", i.influencer, "truth", "conversions", str(i.truth.conversions)]
    lift = m.creator_lift
    for tier in lift.tiers if lift is not None else []:
        for k, x in _lift_figures(tier.lift, tier.lift_low, tier.lift_high):
            yield ["lift", "", "influencer", tier.channel, lift.method if lift else "", k, repr(x)]


def _lift_figures(lift: float, low: float | None, high: float | None) -> list[tuple[str, float | None]]:
    """A lift and its interval's ends, as the CSV's metrics."""
    return [("conversions", lift), ("conversions_low", low), ("conversions_high", high)]


def measurement_context(m: Measurement, lang: Lang, digits: DigitStyle | None = None) -> dict[str, Any]:
    """What the HTML templates need: the tables, the summary line, the notes, the language."""
    return {
        "m": m,
        "tables": measurement_tables(m, lang, digits),
        "summary": summary_line(m, lang, digits),
        "notes": [n.text[lang] for n in m.notes],
        "lang": lang,
        "dir": "rtl" if lang == "ar" else "ltr",
        "t": lambda key, **params: t(key, lang, **params),
    }


def measurement_html(m: Measurement, lang: Lang, digits: DigitStyle | None = None) -> str:
    from mizaan.report.html import environment

    return environment().get_template("measure_report.html.j2").render(**measurement_context(m, lang, digits))


def render_measurement(m: Measurement, fmt: str, lang: Lang = "en", digits: DigitStyle | None = None) -> str:
    """The measurement as ``text``, ``json``, ``csv`` or ``html``."""
    if fmt == "json":
        return json.dumps(m.to_json_dict(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return measurement_csv(m)
    if fmt == "html":
        return measurement_html(m, lang, digits)
    if fmt == "text":
        buffer = io.StringIO()
        print_measurement(m, Console(file=buffer, width=240, soft_wrap=False, highlight=False), lang, digits)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
