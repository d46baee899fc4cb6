"""The side-by-side report as tables of text in the reader's language and digits, for the terminal and
the web page alike (every number through the one ``NumberFormatter``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mizaan.i18n import NO_CURRENCY, DigitStyle, Lang, NumberFormatter, t
from mizaan.track.orders.report import Side, SideBySide


@dataclass(frozen=True)
class Table:
    title: str
    groups: list[tuple[str, int]]  # (heading over columns, how many columns)
    headers: list[str]
    rows: list[list[str]]


def _money(nf: NumberFormatter, amounts: dict[str, Decimal]) -> str:
    if not amounts:
        return "—"
    return " · ".join(nf.money(v, k or NO_CURRENCY) for k, v in sorted(amounts.items()))


def _how(nf: NumberFormatter, lang: Lang, by: dict[str, int]) -> str:
    parts = [f"{t(f'track.report.by.{k}', lang)} {nf.num(v)}" for k, v in sorted(by.items())]
    return "، ".join(parts) if lang == "ar" else ", ".join(parts)


def _models(nf: NumberFormatter, side: Side, funnel: str | None) -> tuple[str, str]:
    if not side.models:
        return "—", "—"
    low, high = min(side.models.values()), max(side.models.values())
    main = side.models.get(funnel or "", None)
    return (nf.num(main, 1) if main is not None else "—"), f"{nf.num(low, 1)}–{nf.num(high, 1)}"


def _row(nf: NumberFormatter, lang: Lang, side: Side, funnel: str | None, spend_currency: str | None) -> list[str]:
    main, spread = _models(nf, side, funnel)
    return [
        side.key,
        "—" if side.spend is None else nf.money(side.spend, spend_currency or NO_CURRENCY),
        "—" if side.platform_conversions is None else nf.num(side.platform_conversions, 1),
        "—" if side.platform_clicks is None else nf.num(side.platform_clicks),
        nf.num(side.clicks),
        nf.num(side.bots),
        nf.num(side.orders),
        _money(nf, side.revenue),
        _how(nf, lang, side.by) or "—",
        nf.num(side.reversed),
        main,
        spread,
    ]


def tables(report: SideBySide, lang: Lang, digits: DigitStyle | None = None) -> list[Table]:
    nf = NumberFormatter(lang, digits=digits)
    groups = [
        ("", 1),
        (t("track.report.group.platform", lang), 3),
        (t("track.report.group.tracker", lang), 6),
        (t("track.report.group.models", lang, model=report.funnel_model or "—"), 2),
    ]
    heads = [
        "spend", "platform_conversions", "platform_clicks", "clicks", "bots", "orders", "revenue", "how", "reversed",
        "funnel_model", "range",
    ]  # fmt: skip
    out = []
    for kind, sides in (("channel", report.channels), ("creator", report.creators)):
        headers = [t(f"track.report.col.{kind}", lang)] + [t(f"track.report.col.{h}", lang) for h in heads]
        rows = [_row(nf, lang, s, report.funnel_model, report.currency) for s in sides]
        out.append(Table(t(f"track.report.title.{kind}", lang), groups, headers, rows))
    return out


def unmatched_line(report: SideBySide, lang: Lang, digits: DigitStyle | None = None) -> str:
    nf = NumberFormatter(lang, digits=digits)
    return t(
        "track.report.unmatched", lang, count=report.unmatched_orders, n=nf.num(report.unmatched_orders),
        revenue=_money(nf, report.unmatched_revenue),
    )  # fmt: skip
