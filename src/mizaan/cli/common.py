"""What every command shares: the language option, turning mizaan errors into friendly messages (never
a traceback), and writing output to a file or the terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from mizaan.errors import MizaanError
from mizaan.i18n import DigitStyle, Lang

T = TypeVar("T")

LangOption = Annotated[
    str | None,
    typer.Option("--lang", "-l", help="Language of the output: ar or en (default: the input's language)."),
]

DigitsOption = Annotated[str | None, typer.Option(help="Digits in text: latn (0-9) or arab (٠-٩).")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of the terminal.")
]

EXIT_INPUT = 2
EXIT_FAILURE = 1
EXIT_BUSY = 3  # the store was busy (another import writing to it): nothing done, try again


def console() -> Console:
    return Console(soft_wrap=False, highlight=False)


def check_digits(digits: str | None) -> DigitStyle | None:
    """``--digits``: latn (0-9), arab (٠-٩), or None for the locale's usual digits."""
    if digits not in (None, "latn", "arab"):
        raise typer.BadParameter("use latn or arab / استخدم latn أو arab", param_hint="--digits")
    return digits  # type: ignore[return-value]


def check_lang(lang: str | None) -> Lang | None:
    if lang is None:
        return None
    if lang not in ("ar", "en"):
        raise typer.BadParameter("use ar or en / استخدم ar أو en", param_hint="--lang")
    return lang  # type: ignore[return-value]


@contextmanager
def friendly_errors(lang: Lang | None) -> Iterator[None]:
    """Show ``MizaanError``s as a message in the user's language (both when the language is unknown),
    and exit with status 2."""
    try:
        yield
    except MizaanError as exc:
        langs: tuple[Lang, ...] = ("ar", "en") if lang is None else (lang,)
        for each in langs:
            typer.echo(exc.message(each), err=True)
        raise typer.Exit(EXIT_INPUT) from None


def write_output(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        path.write_text(text, encoding="utf-8")


def run(fn: Callable[[], T], lang: Lang | None) -> T:
    with friendly_errors(lang):
        return fn()
