"""``mizaan measure``: funnel, ROI and every attribution model from the project store, e-marketing and
influencers side by side (and the truth, for a simulated world)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from mizaan.cli.common import (
    DigitsOption,
    LangOption,
    OutputOption,
    check_digits,
    check_lang,
    console,
    friendly_errors,
    write_output,
)


def register(app: typer.Typer) -> None:
    app.command("measure")(measure_cmd)


def _date(value: str | None, option: str) -> dt.date | None:
    from mizaan.errors import InputError, Problem
    from mizaan.i18n import to_western_digits

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(to_western_digits(value.strip()))
    except ValueError:
        raise InputError([Problem("measure.bad_date", {"value": value}, field=option)]) from None


def measure_cmd(
    store: Annotated[Path, typer.Option("--store", "-s", help="The project store (mizaan import).")] = Path(
        "mizaan.duckdb"
    ),
    truth: Annotated[
        Path | None, typer.Option(help="truth.json of a simulated world: show the truth beside every view.")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day measured (2025-01-01).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day measured, included.")] = None,
    by: Annotated[str, typer.Option("--by", help="Periods over time: day, week or month.")] = "month",
    model: Annotated[
        str,
        typer.Option(
            "--model",
            "-m",
            help="Model that credits conversions in the funnel and over time: first_touch, last_touch, "
            "last_non_direct, linear, position_based or shapley.",
        ),
    ] = "shapley",
    rates: Annotated[
        Path | None,
        typer.Option(help="Exchange rates (YAML: target, rates) when the store holds several currencies."),
    ] = None,
    half_life_days: Annotated[
        float, typer.Option(help="Half-life of time decay and of the creator lift's carry-over, in days.")
    ] = 7.0,
    engine: Annotated[str, typer.Option(help="Query engine: duckdb (the store) or spark (local).")] = "duckdb",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, csv or html.")] = "text",
    output: OutputOption = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    lang: LangOption = None,
    digits: DigitsOption = None,
    print_sql: Annotated[
        str | None,
        typer.Option(
            "--print-sql",
            help="Print the queries for GA4's export instead of measuring a store: bigquery (or duckdb). "
            "Without --traffic, step 1 (the traffic sources to save as CSV); with it, the measurement.",
        ),
    ] = None,
    ga4_table: Annotated[
        str | None, typer.Option(help="GA4's export table for --print-sql: project.analytics_123.events_*")
    ] = None,
    traffic: Annotated[
        Path | None, typer.Option(help="Step 1's result saved as CSV (--print-sql): each source's channel.")
    ] = None,
    taxonomy: Annotated[
        Path | None, typer.Option(help="A channel taxonomy file instead of the built-in one (--print-sql).")
    ] = None,
) -> None:
    """Measure what each channel brought: spend, reach, clicks, visits, conversions, revenue, CPA and ROAS
    per channel, family and period; every attribution model side by side; what the platforms claim, what
    promo codes and tracked links show and what the models credit — with the truth of a simulated world."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from mizaan.i18n import t
    from mizaan.ingest import load_rates
    from mizaan.measure import PERIODS, DuckDBEngine, QueryEngine, SparkEngine, load_truth, measure
    from mizaan.report import MEASUREMENT_FORMATS as FORMATS
    from mizaan.report import print_measurement, render_measurement

    chosen = check_lang(lang)
    shown = chosen or "en"
    if print_sql is not None:  # GA4's export where it lives: the queries, not a measurement
        from mizaan.ingest import load_rates
        from mizaan.measure import ga4_script

        with friendly_errors(chosen):
            text = ga4_script(
                print_sql,
                ga4_table,
                _date(start, "--from"),
                _date(end, "--to"),
                by,
                traffic=traffic,
                taxonomy=taxonomy,
                half_life_days=half_life_days,
                rates=load_rates(rates) if rates else None,
            )
        write_output(text, output)
        return
    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    if by not in PERIODS:
        raise typer.BadParameter(f"use one of {', '.join(PERIODS)}", param_hint="--by")
    if engine not in ("duckdb", "spark"):
        raise typer.BadParameter("use duckdb or spark", param_hint="--engine")
    check_digits(digits)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not progress,
        transient=True,
    )
    with friendly_errors(chosen):
        first, last = _date(start, "--from"), _date(end, "--to")
        known = load_truth(truth) if truth else None
        table = load_rates(rates) if rates else None
        eng: QueryEngine
        if engine == "spark":
            spark = SparkEngine.local()
            spark.load_store(store)
            eng = spark
        else:
            eng = DuckDBEngine.open(store)
        try:
            with bar:
                task = bar.add_task(t("measure.progress", shown), total=None)
                result = measure(
                    eng,
                    start=first,
                    end=last,
                    period=by,
                    truth=known,
                    rates=table,
                    funnel_model=model,
                    half_life_days=half_life_days,
                    store=str(store),
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        finally:
            eng.close()
    if fmt == "text" and output is None:
        print_measurement(result, console(), shown, digits)  # type: ignore[arg-type]
        return
    write_output(render_measurement(result, fmt, shown, digits), output)  # type: ignore[arg-type]
