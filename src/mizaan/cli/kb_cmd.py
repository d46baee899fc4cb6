"""``mizaan kb ...``: read and check the knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from mizaan.cli.common import LangOption, check_lang, console, friendly_errors

kb_app = typer.Typer(help="Read and check the knowledge base (rules, channels, benchmarks).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app, name="kb")


KbOption = Annotated[Path | None, typer.Option("--kb", help="A knowledge-base folder instead of the built-in one.")]


@kb_app.command("rules")
def rules(
    lang: LangOption = None,
    group: Annotated[str | None, typer.Option(help="Only the rules of this group.")] = None,
    kb_dir: KbOption = None,
) -> None:
    """List the rules: ID, statement, and how the planner applies it."""
    from mizaan.i18n import t
    from mizaan.knowledge import load_knowledge_base

    chosen = check_lang(lang) or "ar"
    with friendly_errors(chosen):
        kb = load_knowledge_base(kb_dir)
    table = Table(title=t("kb.rules.title", chosen), show_lines=True)
    table.add_column("ID", no_wrap=True)
    table.add_column(t("kb.rules.statement", chosen))
    table.add_column(t("kb.rules.model", chosen))
    for rule in kb.rules.values():
        if group and rule.group != group:
            continue
        table.add_row(rule.id, rule.statement.get(chosen), rule.model.get(chosen))
    console().print(table)


@kb_app.command("check")
def check(
    kb_dir: Annotated[Path | None, typer.Argument(help="Knowledge-base folder (default: the built-in one).")] = None,
    lang: LangOption = None,
) -> None:
    """Validate a knowledge base: each file against its schema, the files against each other, and the
    rules against the facts the planner knows. Exits with 2 and lists every problem when it is invalid."""
    from mizaan.i18n import NumberFormatter, t
    from mizaan.knowledge import load_knowledge_base
    from mizaan.plan import check_knowledge_base

    chosen = check_lang(lang)
    with friendly_errors(chosen):
        kb = load_knowledge_base(kb_dir)
        check_knowledge_base(kb)
    shown = chosen or "en"
    nf = NumberFormatter(shown)
    console().print(
        t(
            "kb.check.ok",
            shown,
            rules=nf.count(len(kb.rules), "rule"),
            figures=nf.count(len(kb.figures), "figure"),
            channels=nf.count(len(kb.channels), "channel"),
            version=kb.version,
        ),
        markup=False,
    )


@kb_app.command("channels")
def channels(lang: LangOption = None, kb_dir: KbOption = None) -> None:
    """List the channel registry: family, cost model, funnel roles, speed, risks and platforms."""
    from mizaan.i18n import t
    from mizaan.knowledge import STAGES, load_knowledge_base

    chosen = check_lang(lang) or "ar"
    with friendly_errors(chosen):
        kb = load_knowledge_base(kb_dir)
    table = Table(title=t("kb.channels.title", chosen))
    table.add_column("ID", no_wrap=True)
    table.add_column(t("kb.channels.name", chosen), no_wrap=True)
    for col in (
        t("kb.channels.family", chosen),
        t("kb.channels.cost_model", chosen),
        *[t(f"stage.{s}", chosen) for s in STAGES],
        t("kb.channels.speed", chosen),
        t("kb.channels.measurability", chosen),
        t("kb.channels.hidden_cost", chosen),
        t("kb.channels.platforms", chosen),
    ):
        table.add_column(col)
    for c in kb.channels.values():
        table.add_row(
            c.id,
            c.name.get(chosen),
            t(f"family.{c.family}", chosen),
            c.economics.kind,
            *[t(f"role.{c.funnel_roles[s]}", chosen) for s in STAGES],
            f"{c.speed.rise_months:g} / {c.speed.half_life_months:g}",
            t(f"level.{c.measurability}", chosen),
            t(f"level.{c.hidden_cost_risk}", chosen),
            t("list.join", chosen).join(p.name.get(chosen) for p in c.platforms) or "—",
        )
    console().print(table)


@kb_app.command("benchmarks")
def benchmarks(
    subject: Annotated[str | None, typer.Option(help="Only figures about this channel or subject.")] = None,
    lang: LangOption = None,
    kb_dir: KbOption = None,
) -> None:
    """List the benchmark figures with their sources; assumptions are marked."""
    from mizaan.i18n import NumberFormatter, t
    from mizaan.knowledge import load_knowledge_base
    from mizaan.present import figure_text

    chosen = check_lang(lang) or "ar"
    with friendly_errors(chosen):
        kb = load_knowledge_base(kb_dir)
    table = Table(title=t("kb.benchmarks.title", chosen), show_lines=False)
    table.add_column("ID", no_wrap=True)
    table.add_column(t("kb.benchmarks.figure", chosen))
    for f in kb.figures.values():
        if subject and f.subject != subject:
            continue
        table.add_row(f.id, figure_text(f, NumberFormatter(chosen)))
    console().print(table)


@kb_app.command("export")
def export(folder: Annotated[Path, typer.Argument(help="Folder to copy the built-in knowledge base into.")]) -> None:
    """Copy the built-in knowledge base into FOLDER so an agency can edit it (then use --kb FOLDER)."""
    import shutil

    from mizaan.knowledge import FILES, builtin_path

    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(builtin_path() / name, folder / name)
    console().print(str(folder))
