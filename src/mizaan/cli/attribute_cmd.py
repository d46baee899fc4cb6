"""``mizaan attribute PATHS``: every attribution model's credit per channel, side by side."""

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
    console,
    friendly_errors,
    write_output,
)


def register(app: typer.Typer) -> None:
    app.command("attribute")(attribute)


def attribute(
    paths: Annotated[
        Path,
        typer.Argument(
            help="A path table (.csv, .tsv, .txt or .parquet: columns path, "
            "total_conversions, total_conversion_value, total_null) or "
            "journeys (.jsonl)."
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or csv.")] = "text",
    models: Annotated[
        str | None,
        typer.Option(
            "--models",
            "-m",
            help="Comma-separated models (default: all): "
            "first_touch, last_touch, last_non_direct, linear, position_based, "
            "time_decay, markov_1..markov_4, shapley, shapley_ordered.",
        ),
    ] = None,
    direct: Annotated[
        list[str] | None,
        typer.Option(
            "--direct",
            help="A channel name meaning direct, for last_non_direct (repeatable; default: direct).",
        ),
    ] = None,
    half_life_days: Annotated[float, typer.Option(help="Half-life of time decay, in days.")] = 7.0,
    lang: LangOption = None,
    digits: DigitsOption = None,
    output: OutputOption = None,
) -> None:
    """Credit each channel with conversions and value under every attribution model: first, last and last
    non-direct touch, linear, position-based, time decay (journeys only), Markov chains of order 1 to 4
    (exact removal effects) and Shapley values."""
    from mizaan.errors import InputError, Problem
    from mizaan.measure import DEFAULT_DIRECT, MODEL_NAMES, attribute, make_models, read_journeys, read_path_table
    from mizaan.report import ATTRIBUTION_FORMATS as FORMATS
    from mizaan.report import print_attribution, render_attribution

    chosen = check_lang(lang)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    check_digits(digits)
    with friendly_errors(chosen):
        names = [m.strip() for m in models.split(",") if m.strip()] if models else list(MODEL_NAMES)
        unknown = [n for n in names if n not in MODEL_NAMES]
        if unknown:
            raise InputError(
                [
                    Problem(
                        "measure.unknown_model",
                        {"value": n, "expected": ", ".join(MODEL_NAMES)},
                        field="--models",
                    )
                    for n in unknown
                ],
                key="measure.bad_input",
            )
        chosen_models = make_models(names, direct=direct or DEFAULT_DIRECT, half_life_days=half_life_days)
        data = read_journeys(paths) if paths.suffix.lower() == ".jsonl" else read_path_table(paths)
        report = attribute(data, chosen_models, source=str(paths))
    shown = chosen or "en"
    if fmt == "text" and output is None:
        print_attribution(report, console(), shown, digits)  # type: ignore[arg-type]
        return
    write_output(render_attribution(report, fmt, shown, digits), output)  # type: ignore[arg-type]
