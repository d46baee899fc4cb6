"""``mizaan plan PROFILE``: the plan for a business profile, in the terminal or as a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mizaan.cli.common import LangOption, OutputOption, check_digits, check_lang, console, friendly_errors, write_output
from mizaan.i18n import DigitStyle, Lang

if TYPE_CHECKING:
    from mizaan.knowledge import KnowledgeBase
    from mizaan.plan import Plan
    from mizaan.profile import Profile


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)


def plan(
    profile: Annotated[Path | None, typer.Argument(help="Business profile file (.yaml, .yml or .json).")] = None,
    lang: LangOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, json, md, html, csv or pdf (pdf needs -o).")
    ] = "text",
    output: OutputOption = None,
    seed: Annotated[int, typer.Option(help="Seed of the forecast's sampling (same seed, same forecast).")] = 0,
    samples: Annotated[int | None, typer.Option(help="Forecast samples (default from the knowledge base).")] = None,
    digits: Annotated[
        str | None, typer.Option(help="Digits: latn (0-9) or arab (٠-٩); default follows the locale.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show every reason under each line (text format).")
    ] = False,
    kb_dir: Annotated[
        Path | None, typer.Option("--kb", help="A knowledge-base folder to use instead of the built-in one.")
    ] = None,
    without: Annotated[
        list[str] | None, typer.Option("--without", help="Switch a rule off (repeatable), to see what it changes.")
    ] = None,
    brief: Annotated[
        str | None, typer.Option("--brief", help="Plan from a brief (text, a text file, or -) instead of a profile.")
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", help="With --brief: ask the questions the brief leaves open.")
    ] = False,
    curves: Annotated[
        list[Path] | None,
        typer.Option(
            "--curves",
            help="Re-plan on the fitted curves of a fit file (mizaan mmm --save FIT; repeatable): fitted where "
            "the data measures a channel, priors elsewhere, day one beside now (every amount a month, in the "
            "profile's currency).",
        ),
    ] = None,
    accept_failed_fit: Annotated[
        bool, typer.Option("--accept-failed-fit", help="Use a fit whose diagnostics failed (the plan says so).")
    ] = False,
    project: Annotated[
        Path | None,
        typer.Option(
            "--project",
            help="A project folder that keeps every plan and fit (the first plan kept is day one; a re-plan "
            "compares to it). The same folder mizaan serve --data DIR shows.",
        ),
    ] = None,
    kept_fits: Annotated[
        bool, typer.Option("--kept-fits", help="With --project: re-plan on the newest fit the project kept.")
    ] = False,
) -> None:
    """Make the plan for PROFILE: budget per channel and funnel stage, influencers, campaign steps,
    KPIs, tracking links, warnings and a forecast, with the reasons behind every number."""
    from mizaan.knowledge import load_knowledge_base
    from mizaan.profile import load_profile
    from mizaan.report import BINARY_FORMATS, FORMATS, render_plan, render_plan_bytes

    chosen = check_lang(lang)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    if (profile is None) == (brief is None):
        raise typer.BadParameter(
            "give a PROFILE file or --brief, not both / أعطِ ملف المشروع أو --brief", param_hint="PROFILE"
        )
    check_digits(digits)
    with friendly_errors(chosen):
        kb = load_knowledge_base(kb_dir)
        if without:
            try:
                kb = kb.without_rules(*without)
            except KeyError as exc:
                raise typer.BadParameter(str(exc), param_hint="--without") from None
        if brief is not None:
            from mizaan.cli.brief_cmd import profile_from_brief

            prof = profile_from_brief(brief, kb, interactive, chosen)
        else:
            prof = load_profile(profile, kb)  # type: ignore[arg-type]
        style: DigitStyle | None = digits  # type: ignore[assignment]
        result = _planned(prof, kb, seed, chosen, samples, style, curves or [], accept_failed_fit, project, kept_fits)
        if fmt == "text" and output is None:
            from mizaan.report import print_plan

            print_plan(result, console(), style, explain=explain)
            return
        if fmt in BINARY_FORMATS:
            if output is None:
                raise typer.BadParameter("pdf needs --output FILE / صيغة pdf تحتاج --output", param_hint="--format")
            output.write_bytes(render_plan_bytes(result, fmt, style))
            return
        write_output(render_plan(result, fmt, style, explain=explain), output)


def _planned(
    prof: Profile,
    kb: KnowledgeBase,
    seed: int,
    lang: Lang | None,
    samples: int | None,
    style: DigitStyle | None,
    curves: list[Path],
    accept_failed: bool,
    project: Path | None,
    kept_fits: bool,
) -> Plan:
    """The plan (a re-plan with fits), kept in the project with its fits once it was made whole."""
    from mizaan.plan import plan, read_fit
    from mizaan.present import present

    if kept_fits and project is None:
        raise typer.BadParameter(
            "--kept-fits needs --project / الخيار --kept-fits يحتاج --project", param_hint="--kept-fits"
        )
    fits = [read_fit(path, currencies=kb.currencies, accept_failed=accept_failed) for path in curves]
    if project is None:
        return present(plan(prof, kb, seed=seed, samples=samples, fits=fits), lang, style)
    from mizaan.web import DataDir, against_day_one, keep_fit, keep_profile, kept_fit
    from mizaan.web import fits as kept

    data = DataDir(project)
    if kept_fits and not fits:
        newest = kept(data)
        if not newest:
            raise typer.BadParameter(f"{project}: no fit kept yet / لا ملاءمة محفوظة بعد", param_hint="--kept-fits")
        fits = [kept_fit(data, newest[0].id, accept_failed)]
    result = plan(prof, kb, seed=seed, samples=samples, fits=fits)
    result = against_day_one(result, data, kb)
    # only a plan made whole is kept: its fits first, then its profile (the first one kept is day one)
    for path in curves:
        keep_fit(data, path.read_bytes(), path.name, None, kb)
    from mizaan.web import tokens

    keep_profile(data, prof, tokens.encode(prof), None)
    return present(result, lang, style)
