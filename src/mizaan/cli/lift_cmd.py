"""``mizaan lift DATA``: the incremental effect of a campaign on a panel of units or on one series with
control series, with its 95 % interval and the daily counterfactual."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mizaan.cli.common import (
    DigitsOption,
    LangOption,
    OutputOption,
    check_digits,
    check_lang,
    friendly_errors,
    write_output,
)


def register(app: typer.Typer) -> None:
    app.command("lift")(lift)


def _names(text: str | None) -> list[str]:
    return [n.strip() for n in (text or "").split(",") if n.strip()]


def lift(
    data: Annotated[Path, typer.Argument(help="CSV: a panel (one row per unit and date) or one series with controls.")],
    start: Annotated[str, typer.Option(help="First day of the campaign (2025-03-31).")],
    metric: Annotated[str, typer.Option(help="The column measured (sales, orders, visits).")],
    date_col: Annotated[str, typer.Option("--date-col", help="The date column.")] = "date",
    unit_col: Annotated[
        str | None, typer.Option("--unit-col", help="Panel: the unit column (city, region, store).")
    ] = None,
    treated: Annotated[str | None, typer.Option(help="Panel: the units the campaign reached, comma-separated.")] = None,
    controls: Annotated[
        str | None,
        typer.Option(help="Single series: control series columns the campaign did not touch, comma-separated."),
    ] = None,
    end: Annotated[str | None, typer.Option(help="Last day of the campaign (default: the data's last date).")] = None,
    method: Annotated[str, typer.Option(help="auto, synthetic_control or bsts.")] = "auto",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (effect, interval, daily counterfactual).")
    ] = False,
    seed: Annotated[
        int, typer.Option(help="Seed of the placebo draws and the sampler: the same seed, the same result.")
    ] = 0,
    lang: LangOption = None,
    digits: DigitsOption = None,
    output: OutputOption = None,
    project: Annotated[
        Path | None,
        typer.Option(
            "--project", help="Keep the result in this project folder (its tests; see mizaan plan --project)."
        ),
    ] = None,
) -> None:
    """What a campaign, an influencer post or a geo test added to a metric, with a 95 % interval: a
    synthetic control with placebo-in-space inference when enough untreated units exist, a Bayesian
    structural time series with control series otherwise; the output says which ran and why."""
    from mizaan.errors import InputError, Problem
    from mizaan.lift import METHODS, lift_panel, lift_series, parse_date, read_panel, read_series
    from mizaan.report import render_lift

    chosen = check_lang(lang)
    check_digits(digits)
    with friendly_errors(chosen):
        problems = []
        if method not in METHODS:
            problems.append(
                Problem("lift.bad_method", {"value": method, "expected": ", ".join(METHODS)}, field="--method")
            )
        panel_form = unit_col is not None or treated is not None
        if panel_form == (controls is not None) or (panel_form and (unit_col is None or treated is None)):
            problems.append(Problem("lift.panel_or_series", field="--unit-col"))
        first = parse_date(start)
        if first is None:
            problems.append(Problem("lift.bad_date", {"value": start}, field="--start"))
        last = parse_date(end) if end is not None else None
        if end is not None and last is None:
            problems.append(Problem("lift.bad_date", {"value": end}, field="--end"))
        if problems:
            raise InputError(problems, key="lift.bad_input")
        assert first is not None
        if panel_form:
            assert unit_col is not None
            panel = read_panel(data, date_col=date_col, unit_col=unit_col, metric=metric)
            result = lift_panel(panel, _names(treated), first, last, method=method, seed=seed)  # type: ignore[arg-type]
        else:
            series = read_series(data, date_col=date_col, metric=metric, controls=_names(controls))
            if method == "synthetic_control":
                raise InputError([Problem("lift.no_placebos", {"controls": 0}, field="--method")], key="lift.bad_input")
            result = lift_series(series, first, last, seed=seed)
    if project is not None:  # kept once measured whole: the project's tests, beside its plans and fits
        from mizaan.web import DataDir, keep_test

        keep_test(DataDir(project), result.to_json_dict(), data.name, None)
    write_output(render_lift(result, "json" if as_json else "text", chosen or "en", digits), output)  # type: ignore[arg-type]
