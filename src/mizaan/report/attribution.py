"""Attribution reports for people and tools: a terminal table (channels down, models across), JSON (one
object per model keyed by channel) and CSV (one row per model and channel)."""

from __future__ import annotations

import io
import json

from rich.console import Console
from rich.table import Table

from mizaan.i18n import DigitStyle, Lang, NumberFormatter, has, t
from mizaan.measure import AttributionReport
from mizaan.report.safe import csv_writer

FORMATS = ("text", "json", "csv")
CSV_COLUMNS = ("model", "channel", "conversions", "value", "removal_effect", "value_removal_effect")


def render_attribution(report: AttributionReport, fmt: str, lang: Lang = "en", digits: DigitStyle | None = None) -> str:
    """The report as ``text``, ``json`` or ``csv``."""
    if fmt == "json":
        return json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return attribution_csv(report)
    if fmt == "text":
        buffer = io.StringIO()
        print_attribution(report, Console(file=buffer, width=200, soft_wrap=False, highlight=False), lang, digits)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def attribution_csv(report: AttributionReport) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    for result in report.results:
        for channel, c in result.channels.items():
            writer.writerow(
                [
                    result.model,
                    channel,
                    repr(c.conversions),
                    "" if c.value is None else repr(c.value),
                    "" if c.removal_effect is None else repr(c.removal_effect),
                    "" if c.value_removal_effect is None else repr(c.value_removal_effect),
                ]
            )
    return out.getvalue()


def model_label(model: str, lang: Lang) -> str:
    key = f"measure.model.{model}"
    return t(key, lang) if has(key) else model


def print_attribution(
    report: AttributionReport, console: Console, lang: Lang = "en", digits: DigitStyle | None = None
) -> None:
    """Tables in the terminal: conversions, then value (when the paths carry value)."""

    nf = NumberFormatter(lang, None, digits)

    def num(x: float | None, decimals: int = 1) -> str:
        return "—" if x is None else nf.num(x, decimals)

    s = report.input
    console.print(
        t(
            "measure.summary",
            lang,
            paths=nf.count(int(s.paths), "path"),
            touches=nf.count(int(s.touches), "touch"),
            channels=nf.count(len(s.channels), "channel"),
            conversions=num(s.total_conversions),
            value=num(s.total_value),
            nulls=num(s.total_null),
        ),
        markup=False,
    )
    kinds = [("conversions", "measure.title_conversions")]
    if s.total_value is not None:
        kinds.append(("value", "measure.title_value"))
    for field, title in kinds:
        table = Table(title=t(title, lang), show_footer=True)
        table.add_column(t("measure.channel", lang), footer=t("measure.total", lang), no_wrap=True)
        for r in report.results:
            total = sum(getattr(c, field) or 0.0 for c in r.channels.values())
            table.add_column(model_label(r.model, lang), footer=num(total), justify="right")
        for channel in s.channels:
            table.add_row(channel, *(num(getattr(r.channels[channel], field)) for r in report.results))
        console.print(table)
    for model, why in report.skipped.items():
        console.print(t("measure.skipped", lang, model=model_label(model, lang), reason=why.reason[lang]), markup=False)
