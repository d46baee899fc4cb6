"""``mizaan vet CANDIDATES --profile PROFILE``: vet influencer candidates and shortlist them within the
plan's influencer budget."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
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
    app.command("vet")(vet)


def vet(
    candidates: Annotated[
        Path,
        typer.Argument(
            help="Candidates (CSV, XLSX or JSON): handle, platform, followers, following, niche, country, city, "
            "language, price per post, currency, licence (Mawthooq / UAE permit)."
        ),
    ],
    profile: Annotated[Path, typer.Option("--profile", "-p", help="The business profile (YAML or JSON).")],
    posts: Annotated[
        Path | None,
        typer.Option(
            "--posts",
            help="Recent posts: handle, date, type, views, likes, comments, shares, saves, caption, sponsored, "
            "comment texts.",
        ),
    ] = None,
    followers: Annotated[
        Path | None,
        typer.Option(
            "--followers",
            help="A sample of follower accounts with any of: influencer, username (or its features), posts, "
            "following, followers, has profile picture, private.",
        ),
    ] = None,
    comments: Annotated[
        Path | None,
        typer.Option(
            "--comments",
            help="A comments export: post (its ID in the posts file), commenter, time, text. Reveals engagement "
            "pods: the same accounts across creators, reciprocal commenting, comments at once, pasted texts.",
        ),
    ] = None,
    history: Annotated[
        Path | None, typer.Option("--history", help="Follower-history snapshots: handle, date, followers, following.")
    ] = None,
    audience: Annotated[
        Path | None,
        typer.Option(
            "--audience",
            help="Audience breakdowns: handle, dimension (country, city, age, gender, language), segment, share.",
        ),
    ] = None,
    budget: Annotated[
        str | None,
        typer.Option(
            "--budget",
            help="Budget for the shortlist in the profile's currency (default: the plan's monthly influencer budget).",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, csv or md.")] = "text",
    output: OutputOption = None,
    lang: LangOption = None,
    digits: DigitsOption = None,
) -> None:
    """Vet influencer candidates for a business: engagement with its denominator against the tier's
    benchmark, authenticity signals and the share of suspicious followers, audience fit, brand safety and
    licences, expected reach, clicks and conversions per post with cost per conversion, and the best
    shortlist within the plan's influencer budget (an exact knapsack over prices)."""
    from mizaan.errors import InputError, Problem
    from mizaan.i18n import to_western_digits
    from mizaan.influencers import read_inputs
    from mizaan.influencers import vet as run_vet
    from mizaan.knowledge import load_knowledge_base
    from mizaan.profile import load_profile
    from mizaan.report import VETTING_FORMATS as FORMATS
    from mizaan.report import render_vetting

    chosen = check_lang(lang)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    check_digits(digits)
    with friendly_errors(chosen):
        amount: Decimal | None = None
        if budget is not None:
            try:
                amount = Decimal(to_western_digits(budget).replace(",", "").strip())
            except InvalidOperation:
                amount = Decimal(-1)
            if not amount.is_finite() or amount < 0:
                raise InputError([Problem("influencers.cli.budget", {"value": budget}, field="--budget")])
        kb = load_knowledge_base()
        prof = load_profile(profile, kb)
        data = read_inputs(
            candidates, posts=posts, history=history, audience=audience, followers=followers, comments=comments, kb=kb
        )
        report = run_vet(data, prof, budget=amount, kb=kb, lang=chosen, digits=digits)  # type: ignore[arg-type]
        write_output(render_vetting(report, fmt, digits), output)  # type: ignore[arg-type]
