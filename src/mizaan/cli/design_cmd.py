"""``mizaan design-test PANEL``: before spending, which units to treat and compare with, for how long, and the
smallest lift the test would show (by simulation on the history, with the estimator ``mizaan lift`` runs)."""

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
    app.command("design-test")(design_test_cmd)


def design_test_cmd(
    data: Annotated[Path, typer.Argument(help="CSV panel of the history: one row per unit and date.")],
    metric: Annotated[str, typer.Option(help="The column the campaign should move (sales, orders, visits).")],
    date_col: Annotated[str, typer.Option("--date-col", help="The date column.")] = "date",
    unit_col: Annotated[str, typer.Option("--unit-col", help="The unit column (city, region, store).")] = "geo",
    treated_count: Annotated[
        int | None, typer.Option("--treated-count", help="How many units to treat (default 1).")
    ] = None,
    candidates: Annotated[
        str | None,
        typer.Option(help="Units the campaign could run in, comma-separated; the design chooses among them."),
    ] = None,
    durations: Annotated[
        str | None, typer.Option(help="Test lengths in days to try, comma-separated (default 14,21,28,35,42).")
    ] = None,
    effect: Annotated[
        str | None, typer.Option(help="The lift the campaign is expected to bring, as a share (0.1 = 10 %).")
    ] = None,
    cost_per_unit: Annotated[
        str | None,
        typer.Option("--cost-per-unit", help="Cost of one incremental unit of the metric: prints the budget."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    seed: Annotated[int, typer.Option(help="Seed of the placebo draws: the same seed, the same design.")] = 0,
    lang: LangOption = None,
    digits: DigitsOption = None,
    output: OutputOption = None,
) -> None:
    """Design a geo test before spending: the treated and control units, the duration, the minimum
    detectable effect at 80 % power and the 5 % level, the power curve and, given a cost per unit, the
    budget (Meta's GeoLift market selection and power analysis, with mizaan lift's estimator)."""
    from mizaan.errors import InputError, Problem
    from mizaan.lift import design_test, parse_number, read_panel
    from mizaan.report import render_design

    chosen = check_lang(lang)
    check_digits(digits)
    with friendly_errors(chosen):
        problems: list[Problem] = []

        def number(text: str | None, option: str) -> float | None:
            if text is None:
                return None
            value = parse_number(text)
            if value is None:
                problems.append(Problem("design.bad_number", {"value": text}, field=option))
            return value

        expected = number(effect, "--effect")
        cost = number(cost_per_unit, "--cost-per-unit")
        days: list[int] | None = None
        if durations is not None:
            days = []
            for part in durations.split(","):
                value = parse_number(part)
                if value is None or value != int(value):
                    problems.append(Problem("design.bad_duration", {"value": part.strip()}, field="--durations"))
                else:
                    days.append(int(value))
        names = [n.strip() for n in candidates.split(",")] if candidates is not None else None
        if problems:
            raise InputError(problems, key="design.bad_input")
        panel = read_panel(data, date_col=date_col, unit_col=unit_col, metric=metric)
        design = design_test(
            panel,
            treated_count=treated_count,
            candidates=names,
            durations=days,
            effect=expected,
            cost_per_unit=cost,
            seed=seed,
        )
    write_output(render_design(design, "json" if as_json else "text", chosen or "en", digits), output)  # type: ignore[arg-type]
