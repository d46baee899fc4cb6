"""``mizaan brief TEXT|FILE|-``: what a project summary says, field by field, with the words it came
from, what it leaves open and the defaults that would fill it. ``profile_from_brief`` serves
``mizaan plan --brief``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from mizaan.cli.common import LangOption, OutputOption, check_lang, console, friendly_errors, write_output
from mizaan.i18n import Lang, t


def register(app: typer.Typer) -> None:
    app.command("brief")(brief)


def brief(
    source: Annotated[str, typer.Argument(help="The brief: text in quotes, a text file, or - for standard input.")],
    lang: LangOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask the questions the brief leaves open.")
    ] = False,
    output: OutputOption = None,
    kb_dir: Annotated[
        Path | None, typer.Option("--kb", help="A knowledge-base folder instead of the built-in one.")
    ] = None,
) -> None:
    """Read a project summary (Arabic, English or both) and show the profile it gives: each field with
    the words it came from and a confidence, the fields it leaves open, and the defaults (assumptions)."""
    from mizaan.knowledge import load_knowledge_base

    chosen = check_lang(lang)
    if fmt not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    with friendly_errors(chosen):
        kb = load_knowledge_base(kb_dir)
        result = read_brief(source, kb, interactive, chosen)
    if fmt == "json":
        write_output(json.dumps(result.as_json(), ensure_ascii=False, indent=2), output)
        return
    shown: Lang = chosen or result.language
    if output is not None:
        from rich.console import Console

        with output.open("w", encoding="utf-8") as fh:
            render(result, shown, Console(file=fh, soft_wrap=False, highlight=False, width=120))
        return
    render(result, shown, console())


def read_brief(source: str, kb: Any, interactive: bool, lang: Lang | None) -> Any:
    """Read and extract the brief named by ``source``; with ``interactive``, ask its open questions."""
    from mizaan.brief import BriefInputError, extract, read_source
    from mizaan.errors import Problem

    if interactive and source == "-":
        raise BriefInputError([Problem("brief.q.stdin", {})])
    brief_source = read_source(source, sys.stdin.buffer if source == "-" else None)
    result = extract(brief_source.text, kb)
    if interactive:
        result = ask(result, kb, lang or result.language)
    return result


def ask(result: Any, kb: Any, lang: Lang) -> Any:
    """Ask each open question in ``lang``; Enter keeps the default; a required one is asked again."""
    from mizaan.brief import AnswerError, apply_answers, open_questions, parse_answer

    questions = open_questions(result)
    if not questions:
        return result

    def say(text: str) -> None:
        typer.echo(text, err=True)

    say(t("brief.q.intro", lang))
    answers: dict[str, Any] = {}
    for q in questions:
        note = (
            t("brief.q.required", lang)
            if q.required
            else t("brief.q.default", lang, value=q.value_label(q.default, lang))
        )
        hint = q.hint(lang)
        prompt = f"{q.label(lang)} ({note})" + (f" — {hint}" if hint and q.kind == "choice" else "")
        while True:
            answer = typer.prompt(prompt, default="", show_default=False, err=True)
            if not answer.strip():
                if q.required:
                    say(hint or t("brief.q.required", lang))
                    continue
                break
            try:
                country = answers.get("location.country") or result.profile.location.country
                answers[q.field] = parse_answer(q, answer, kb, country)
                break
            except AnswerError as exc:
                say(exc.message(lang))
    return apply_answers(result, answers, kb)


def render(result: Any, lang: Lang, out: Any) -> None:
    """The result as a table of fields, then the open fields, then the mistake signals."""
    from mizaan.profile import value_label

    out.print(t("brief.language", lang, name=t(f"brief.lang.{result.language}", lang)), markup=False)
    table = Table(title=t("brief.heading", lang), show_lines=False)
    for col in ("brief.col.field", "brief.col.value", "brief.col.words", "brief.col.confidence"):
        table.add_column(t(col, lang))
    for field, ev in result.evidence.items():
        words = " … ".join(f"«{s.text}»" for s in ev.spans)
        table.add_row(t(f"field.{field}", lang), value_label(field, ev.value, lang), words, f"{ev.confidence:.0%}")
    out.print(table)
    out.print(t("brief.missing.heading", lang), markup=False)
    assumed = {a.field: a for a in result.assumptions}
    lines = []
    for field in result.missing:
        label = t(f"field.{field}", lang)
        if field in assumed and assumed[field].value is None:  # left unknown: not an assumed value
            lines.append(t("brief.missing.unknown", lang, field=label))
        elif field in assumed:
            a = assumed[field]
            lines.append(
                t(
                    "brief.missing.assumed",
                    lang,
                    field=label,
                    value=value_label(field, a.value, lang),
                    reason=t(a.reason, lang),
                )
            )
        else:
            lines.append(t("brief.missing.needed", lang, field=label, question=t(f"brief.needs.{field}", lang)))
    for line in lines or [t("brief.missing.none", lang)]:
        out.print(f"  - {line}", markup=False)
    if result.signals:
        out.print(t("brief.signals.heading", lang), markup=False)
        for s in result.signals:
            words = " … ".join(f"«{sp.text}»" for sp in s.spans)
            out.print(f"  - {t(f'brief.signal.{s.rule}', lang)}: {words}", markup=False)
    out.print(t("brief.next", lang), markup=False)


def profile_from_brief(source: str, kb: Any, interactive: bool, lang: Lang | None) -> Any:
    """The profile for ``mizaan plan --brief``: extract, ask if asked to, then fill the marked defaults."""
    with friendly_errors(lang):
        result = read_brief(source, kb, interactive, lang)
        return result.to_profile(kb)
