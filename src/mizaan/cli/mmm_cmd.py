"""``mizaan mmm DATA``: a media-mix model fitted to a business's own weekly or daily history, with priors
from the knowledge base, lift tests as calibration, diagnostics and a confounding warning; ``--save`` writes
the fit file the planner reads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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

BUSINESS_TYPES = ("ecommerce", "services", "local", "b2b")


def register(app: typer.Typer) -> None:
    app.command("mmm")(mmm)


def _names(text: str | None) -> list[str]:
    return [n.strip() for n in (text or "").split(",") if n.strip()]


def _choice(value: str, allowed: tuple[str, ...], option: str, problems: list[Any]) -> None:
    from mizaan.errors import Problem

    if value not in allowed:
        problems.append(Problem("mmm.bad_option", {"value": value, "expected": ", ".join(allowed)}, field=option))


def _mapping(
    entries: list[str], channels: list[str], known: tuple[str, ...], problems: list[Any]
) -> dict[str, str | None]:
    from mizaan.errors import Problem

    out: dict[str, str | None] = {}
    for entry in entries:
        column, sep, channel = (p.strip() for p in entry.partition("="))
        if not sep or not column or not channel:
            problems.append(Problem("mmm.bad_map", {"value": entry}, field="--map"))
        elif column not in channels:
            problems.append(
                Problem("mmm.map_unknown_column", {"value": column, "channels": ", ".join(channels)}, field="--map")
            )
        elif channel != "none" and channel not in known:
            problems.append(
                Problem("mmm.unknown_registry_channel", {"value": channel, "known": ", ".join(known)}, field="--map")
            )
        else:
            out[column] = None if channel == "none" else channel
    return out


def mmm(
    data: Annotated[Path, typer.Argument(help="CSV or XLSX: one row per week or day (date, target, spend, controls).")],
    target: Annotated[str, typer.Option(help="The column the channels move (sales, revenue, orders, leads).")],
    channels: Annotated[str, typer.Option(help="The channels' spend columns, comma-separated.")],
    date_col: Annotated[str, typer.Option("--date-col", help="The date column.")] = "date",
    controls: Annotated[
        str | None, typer.Option(help="Control columns (prices, promotions, holidays), comma-separated.")
    ] = None,
    lift_tests: Annotated[
        Path | None,
        typer.Option("--lift-tests", help="CSV: channel,start,end,spend_change,outcome_change,outcome_sd."),
    ] = None,
    method: Annotated[str, typer.Option(help="nuts (MCMC) or map (fast: the mode and a Laplace interval).")] = "nuts",
    chains: Annotated[int, typer.Option(help="NUTS chains (MAP: optimiser starts).")] = 4,
    draws: Annotated[int, typer.Option(help="Draws per chain kept.")] = 1000,
    tune: Annotated[int, typer.Option(help="NUTS warm-up draws per chain.")] = 1000,
    adstock: Annotated[
        str, typer.Option(help="Carry-over: geometric, delayed, or auto (the shape the data prefer by PSIS-LOO).")
    ] = "geometric",
    saturation: Annotated[
        str, typer.Option(help="Diminishing returns: logistic, hill, or auto (chosen by PSIS-LOO).")
    ] = "logistic",
    shape_check: Annotated[
        bool,
        typer.Option(
            "--shape-check/--no-shape-check",
            help="Score every carry-over and saturation by PSIS-LOO and warn when the data prefer another.",
        ),
    ] = True,
    l_max: Annotated[
        int | None, typer.Option("--l-max", help="Periods a spend carries over (8 weeks, 28 days).")
    ] = None,
    fourier: Annotated[int, typer.Option(help="Yearly seasonality terms (pairs of sine and cosine).")] = 2,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="column=channel_id: the registry channel a spend column is (none: no prior)."),
    ] = None,
    country: Annotated[str | None, typer.Option(help="Country code for the benchmarks (SA, AE, EG...).")] = None,
    currency: Annotated[str, typer.Option(help="The spend columns' currency.")] = "USD",
    target_kind: Annotated[
        str, typer.Option("--target-kind", help="What the target counts: revenue, conversions, leads or visits.")
    ] = "revenue",
    business_type: Annotated[
        str, typer.Option("--business-type", help="ecommerce, services, local or b2b (lead benchmarks).")
    ] = "ecommerce",
    seed: Annotated[int, typer.Option(help="The sampler's seed: the same seed, the same result.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the fit as JSON (the fit file's document).")] = False,
    save: Annotated[Path | None, typer.Option("--save", help="Write the fit file the planner reads.")] = None,
    lang: LangOption = None,
    digits: DigitsOption = None,
    output: OutputOption = None,
) -> None:
    """What each channel's spend added to the target, with an interval: adstock and saturation, priors
    from the knowledge base's figures and rules, lift tests as calibration, NUTS or MAP, diagnostics."""
    chosen = check_lang(lang)
    check_digits(digits)
    with friendly_errors(chosen):
        fit = _fit(
            data,
            target,
            _names(channels),
            date_col,
            _names(controls),
            lift_tests,
            method,
            chains,
            draws,
            tune,
            adstock,
            saturation,
            l_max,
            fourier,
            mapping or [],
            country,
            currency,
            target_kind,
            business_type,
            seed,
            shape_check,
        )
        if save is not None:
            from mizaan.mmm import save_fit

            save_fit(fit, save)
    from mizaan.report import render_mmm

    write_output(render_mmm(fit, "json" if as_json else "text", chosen or "en", digits), output)  # type: ignore[arg-type]


def _fit(
    data: Path,
    target: str,
    channels: list[str],
    date_col: str,
    controls: list[str],
    lift_tests: Path | None,
    method: str,
    chains: int,
    draws: int,
    tune: int,
    adstock: str,
    saturation: str,
    l_max: int | None,
    fourier: int,
    mapping: list[str],
    country: str | None,
    currency: str,
    target_kind: str,
    business_type: str,
    seed: int,
    shape_check: bool = True,
) -> Any:
    from mizaan.errors import InputError, Problem
    from mizaan.knowledge import load_knowledge_base
    from mizaan.mmm import METHODS, TARGET_KINDS, Options, channel_priors, fit_mmm, read_lift_tests, read_table

    kb = load_knowledge_base()
    problems: list[Problem] = []
    _choice(method, METHODS, "--method", problems)
    _choice(adstock, ("geometric", "delayed", "auto"), "--adstock", problems)
    _choice(saturation, ("logistic", "hill", "auto"), "--saturation", problems)
    _choice(target_kind, TARGET_KINDS, "--target-kind", problems)
    _choice(business_type, BUSINESS_TYPES, "--business-type", problems)
    for option, value, least in (
        ("--chains", chains, 1),
        ("--draws", draws, 10),
        ("--tune", tune, 10),
        ("--l-max", l_max or 2, 2),
        ("--fourier", fourier, 0),
    ):
        if value < least:
            problems.append(Problem("mmm.bad_count", {"value": value, "needed": least}, field=option))
    code = country.strip().upper() if country else None
    if code is not None and code not in kb.countries:
        problems.append(Problem("mmm.unknown_country", {"value": country}, field="--country"))
    if currency not in kb.currencies:
        problems.append(
            Problem("mmm.unknown_currency", {"value": currency, "known": ", ".join(kb.currencies)}, field="--currency")
        )
    mapped = _mapping(mapping, channels, tuple(kb.channel_ids), problems)
    if problems:
        raise InputError(problems, key="mmm.bad_input")
    table = read_table(data, date_col=date_col, target=target, channels=channels, controls=controls)
    tests = read_lift_tests(lift_tests, table.channels, table.dates[0], table.dates[-1]) if lift_tests else []
    priors = channel_priors(
        kb,
        table.channels,
        [float(s) for s in table.spend.sum(axis=1)],
        float(table.y.sum()),
        mapping=mapped,
        country=code,
        currency=currency,
        target_kind=target_kind,  # type: ignore[arg-type]
        business_type=business_type,
        period_days=7.0 if table.period == "week" else 1.0,
    )
    options = Options(
        method=method,  # type: ignore[arg-type]
        chains=chains,
        draws=draws,
        tune=tune,
        seed=seed,
        adstock="geometric" if adstock == "auto" else adstock,  # type: ignore[arg-type]
        saturation="logistic" if saturation == "auto" else saturation,  # type: ignore[arg-type]
        choose_adstock=adstock == "auto",
        choose_saturation=saturation == "auto",
        shape_check=shape_check,
        l_max=l_max,
        fourier=fourier,
    )
    return fit_mmm(
        table,
        priors,
        options=options,
        lift_tests=tests,
        lift_tests_file=str(lift_tests or ""),
        target_kind=target_kind,  # type: ignore[arg-type]
        currency=currency,
    )
