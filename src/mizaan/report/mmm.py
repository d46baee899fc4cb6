"""A fitted media-mix model for people (a terminal table in Arabic or English) and tools (the fit file's
JSON document)."""

from __future__ import annotations

import io
import json

from rich.console import Console
from rich.table import Table

from mizaan.i18n import DigitStyle, Lang, NumberFormatter, t
from mizaan.mmm import MMMFit, prior_text

FORMATS = ("text", "json")


def _num(nf: NumberFormatter, x: float) -> str:
    return nf.num(x, 0 if abs(x) >= 100 else 2)


def mmm_text(fit: MMMFit, lang: Lang = "en", digits: DigitStyle | None = None) -> str:
    nf = NumberFormatter(lang, None, digits)
    tb = fit.table
    out = io.StringIO()
    console = Console(file=out, width=120, soft_wrap=False, highlight=False, color_system=None)
    noun = "week" if tb.period == "week" else "day"
    console.print(
        t(
            "mmm.title",
            lang,
            target=tb.target,
            periods=nf.count(len(tb.dates), noun),
            first=nf.date(tb.dates[0]),
            last=nf.date(tb.dates[-1]),
        ),
        markup=False,
    )
    opts = fit.options
    console.print(
        t(f"mmm.method.{fit.method}", lang, chains=nf.num(opts.chains), draws=nf.num(opts.draws)), markup=False
    )
    table = Table(show_lines=False)
    interval = nf.pct(fit.interval)
    calibrated = any(c.uncalibrated is not None for c in fit.channels)
    headers = [
        "mmm.col.channel",
        "mmm.col.roas",
        "mmm.col.interval",
        "mmm.col.contribution",
        "mmm.col.share",
        "mmm.col.carry",
    ] + (["mmm.col.uncalibrated"] if calibrated else [])
    for i, key in enumerate(headers):
        table.add_column(t(key, lang, interval=interval), justify="left" if i == 0 else "right")
    for c in fit.channels:
        row = [
            c.column,
            _num(nf, c.roas.median),
            f"{_num(nf, c.roas.low)} – {_num(nf, c.roas.high)}",
            _num(nf, c.contribution.median),
            nf.pct(c.contribution_share, 1),
            nf.num(c.adstock["alpha"], 2),
        ]
        if calibrated:
            u = c.uncalibrated
            row.append(f"{_num(nf, u.median)} ({_num(nf, u.low)} – {_num(nf, u.high)})" if u is not None else "—")
        table.add_row(*row)
    console.print(table)
    d = fit.diagnostics
    if d.ok:
        line = (
            t("mmm.diag.ok_map", lang)
            if fit.method == "map"
            else t(
                "mmm.diag.ok",
                lang,
                rhat=nf.num(d.max_rhat or 1.0, 3),
                divergences=nf.num(d.divergences),
                ess=nf.num(d.min_ess_bulk or 0),
            )
        )
        console.print(line, markup=False)
    else:
        console.print(t("mmm.diag.failed", lang), markup=False)
        for key, params in d.messages:
            console.print(f"  - {t(key, lang, **params)}", markup=False)
    check = fit.shape_check
    if check is not None:
        fitted = f"{t(f'mmm.shape.{check.fitted[0]}', lang)} + {t(f'mmm.shape.{check.fitted[1]}', lang)}"
        if check.warn:
            console.print(check.message(list(fit.table.channels), lang, lambda v: _num(nf, v)), markup=False)
        elif fit.options.choose_adstock or fit.options.choose_saturation:
            adstock, saturation = (t(f"mmm.shape.{k}", lang) for k in check.fitted)
            console.print(t("mmm.shape.chosen", lang, adstock=adstock, saturation=saturation), markup=False)
        else:
            console.print(t("mmm.shape.checked", lang, fitted=fitted), markup=False)
    for c in fit.channels:
        if c.confounding.warn:
            console.print(
                t("mmm.confounding", lang, channel=c.column, correlation=nf.num(c.confounding.correlation, 2)),
                markup=False,
            )
        if c.uncalibrated is not None and c.lift_tests:
            console.print(
                t(
                    "mmm.calibrated",
                    lang,
                    channel=c.column,
                    tests=nf.count(c.lift_tests, "test"),
                    with_=_num(nf, c.roas.median),
                    without=_num(nf, c.uncalibrated.median),
                ),
                markup=False,
            )
    console.print(t("mmm.priors_heading", lang), markup=False)
    for c in fit.channels:
        console.print("  " + t("mmm.prior_line", lang, channel=c.column, text=prior_text(c.prior, lang)), markup=False)
    return out.getvalue()


def render_mmm(fit: MMMFit, fmt: str, lang: Lang = "en", digits: DigitStyle | None = None) -> str:
    if fmt == "json":
        return json.dumps(fit.to_json_dict(), ensure_ascii=False, indent=2, allow_nan=False)
    if fmt == "text":
        return mmm_text(fit, lang, digits)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
