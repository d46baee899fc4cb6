"""``mizaan simulate --out DIR``: a world with known truth, written as real exports and truth.json."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mizaan.cli.common import LangOption, check_lang, console, friendly_errors


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate_cmd)
    app.command("simulate-geo")(simulate_geo_cmd)


def simulate_geo_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write panel.csv and truth.json into.")],
    seed: Annotated[int, typer.Option(help="Seed: the same seed writes the same panel.")] = 0,
    units: Annotated[int, typer.Option(help="Cities (or regions, stores) in the panel.")] = 40,
    days: Annotated[int, typer.Option(help="Days in the panel.")] = 150,
    treated: Annotated[int, typer.Option(help="Units the campaign reaches.")] = 2,
    campaign_days: Annotated[int, typer.Option(help="The campaign's days, at the end of the panel.")] = 30,
    lift: Annotated[float, typer.Option(help="The true lift as a share of expected sales (0: a placebo).")] = 0.1,
    lang: LangOption = None,
) -> None:
    """Daily sales of a panel of cities, some lifted by a campaign by a known amount (truth.json), to check
    `mizaan lift` against truth."""
    from mizaan.i18n import NumberFormatter, t
    from mizaan.simulate import geo_world, write_geo_world

    shown = check_lang(lang) or "en"
    if not 1 <= treated < units or not 1 <= campaign_days < days or lift < 0:
        raise typer.BadParameter(t("simulate.bad_geo", shown), param_hint="--treated/--campaign-days/--lift")
    world = geo_world(seed, units=units, days=days, treated=treated, campaign_days=campaign_days, lift=lift)
    panel, _ = write_geo_world(world, out)
    nf = NumberFormatter(shown)
    console().print(
        t(
            "simulate.geo_done",
            shown,
            path=str(panel),
            treated=", ".join(world.treated),
            start=world.start.isoformat(),
            effect=nf.num(world.effect),
        ),
        markup=False,
    )


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
