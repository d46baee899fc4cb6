"""``mizaan simulate --out DIR``: a world with known truth, written as real exports and truth.json."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mizaan.cli.common import LangOption, check_lang, console, friendly_errors


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate_cmd)


def simulate_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the world into.")],
    profile: Annotated[Path | None, typer.Option(help="Business profile (default: the bundled perfume store).")] = None,
    seed: Annotated[int, typer.Option(help="Seed: the same seed writes the same world.")] = 0,
    touchpoints: Annotated[
        int | None,
        typer.Option(help="About how many touchpoints (1,000 to 200,000,000); default: the profile's own size."),
    ] = None,
    shop: Annotated[
        str, typer.Option(help="Shop whose order export to write: shopify, salla, zid, woocommerce.")
    ] = "shopify",
    truth_tables: Annotated[
        bool,
        typer.Option("--truth-tables/--no-truth-tables", help="Also write the canonical tables as simulated."),
    ] = True,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    lang: LangOption = None,
) -> None:
    """Simulate a year of the profile's marketing (spend and delivery per channel, influencer posts,
    people's journeys, orders, platform claims) and write it as Google Ads, Meta, TikTok, Snapchat,
    shop, GA4 and influencer-sheet exports, with truth.json: what each channel and post truly caused."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from mizaan.i18n import NumberFormatter, t
    from mizaan.simulate import MAX_TOUCHPOINTS, MIN_TOUCHPOINTS, SHOPS, simulate

    chosen = check_lang(lang)
    shown = chosen or "en"
    if shop not in SHOPS:
        raise typer.BadParameter(
            t("simulate.bad_shop", shown, value=shop, expected=", ".join(SHOPS)), param_hint="--shop"
        )
    if touchpoints is not None and not MIN_TOUCHPOINTS <= touchpoints <= MAX_TOUCHPOINTS:
        raise typer.BadParameter(
            t("simulate.bad_size", shown, low=MIN_TOUCHPOINTS, high=MAX_TOUCHPOINTS),
            param_hint="--touchpoints",
        )
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console(),
        disable=not progress,
        transient=True,
    )
    with friendly_errors(chosen), bar:
        task = bar.add_task(t("simulate.progress", shown), total=365)
        result = simulate(
            out,
            profile,
            seed=seed,
            touchpoints=touchpoints,
            shop=shop,
            truth_tables=truth_tables,
            tick=lambda done, total: bar.update(task, completed=done, total=total),
        )
    console().print(
        t(
            "simulate.done",
            shown,
            out=str(result.out),
            touchpoints=NumberFormatter(shown).count(result.touchpoints, "touch"),
            orders=NumberFormatter(shown).count(result.orders, "order"),
            spend=f"{result.spend:,}",
            currency=result.currency,
        ),
        markup=False,
    )
