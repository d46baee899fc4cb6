"""``mizaan users``: the accounts of ``mizaan serve --accounts`` (users, their workspaces and roles)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

users = typer.Typer(help="Accounts of the web app in accounts mode: users, workspaces, roles.", no_args_is_help=True)

DataOption = Annotated[
    Path | None, typer.Option("--data", help="The web app's data folder (default: the user's data folder).")
]


def register(app: typer.Typer) -> None:
    app.add_typer(users, name="users")


@users.command("add")
def add(
    name: Annotated[str, typer.Argument(help="User name.")],
    workspace: Annotated[str, typer.Option(help="Workspace (one per client) the user joins.")],
    role: Annotated[str, typer.Option(help="owner, editor or viewer.")] = "editor",
    data: DataOption = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input (for scripts).")
    ] = False,
) -> None:
    """Add a user (or set a new password) and give them a role in a workspace."""
    import sys

    from mizaan.i18n import t
    from mizaan.web import AccountError, accounts_of, default_data_dir

    password = (
        sys.stdin.readline().rstrip("\n")
        if password_stdin
        else typer.prompt("Password / كلمة المرور", hide_input=True, confirmation_prompt=True)
    )
    accounts = accounts_of(data or default_data_dir())
    try:
        accounts.add_user(name, password)
        accounts.grant(name, workspace, role)
    except AccountError as exc:
        for lang in ("ar", "en"):
            typer.echo(t(exc.key, lang), err=True)
        raise typer.Exit(2) from None
    typer.echo(t("users.added", "ar", user=name, workspace=workspace, role=role))
    typer.echo(t("users.added", "en", user=name, workspace=workspace, role=role))


@users.command("list")
def list_users(data: DataOption = None) -> None:
    """Every user with their workspaces and roles."""
    from mizaan.web import accounts_of, default_data_dir

    for user, workspace, role in accounts_of(data or default_data_dir()).users():
        typer.echo(f"{user}\t{workspace}\t{role}")
