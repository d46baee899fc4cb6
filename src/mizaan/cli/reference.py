"""The CLI reference (docs/cli.md), generated from the commands themselves so it cannot drift: a test
compares the committed file with this output. Regenerate with ``python -m mizaan.cli.reference``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from mizaan.cli.main import app

HEADER = """# Command-line reference

Generated from the commands by `python -m mizaan.cli.reference > docs/cli.md`; a test fails when this
file and the commands disagree. Every command is also a Python call (see each capability's page).
"""


def _params(cmd: Any) -> list[str]:
    rows = []
    for p in cmd.params:
        if p.name == "help":
            continue
        if p.param_type_name == "argument":
            rows.append(f"| `{p.name.upper()}` | argument | {getattr(p, 'help', '') or ''} |")
        else:
            names = ", ".join(f"`{o}`" for o in p.opts)
            default = "" if p.default in (None, False, ()) or callable(p.default) else f" (default: `{p.default}`)"
            help_text = (getattr(p, "help", "") or "").replace("|", "\\|")
            rows.append(f"| {names} | option | {help_text}{default} |")
    return rows


def _walk(cmd: Any, path: str, out: list[str]) -> None:
    if hasattr(cmd, "commands"):
        for name in sorted(cmd.commands):
            _walk(cmd.commands[name], f"{path} {name}", out)
        return
    out.append(f"## `{path}`")
    out.append("")
    out.append((cmd.help or "").strip())
    out.append("")
    rows = _params(cmd)
    if rows:
        out += ["| name | kind | meaning |", "|---|---|---|", *rows, ""]


def cli_reference() -> str:
    root = typer.main.get_command(app)
    out = [HEADER]
    _walk(root, "mizaan", out)
    return "\n".join(out).rstrip() + "\n"


def main() -> None:  # pragma: no cover - a developer tool
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    text = cli_reference()
    if target:
        target.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":  # pragma: no cover
    main()
