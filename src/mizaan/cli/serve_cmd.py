"""``mizaan serve``: the web app on this machine, for the one person at it (single-user mode)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer


def _refuse(key: str, **params: str) -> None:
    """Say why the app will not start, in Arabic and English (standard error)."""
    from mizaan.i18n import t

    typer.echo(t(key, "ar", **params), err=True)
    typer.echo(t(key, "en", **params), err=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (this computer only: a loopback address).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    example: Annotated[Path | None, typer.Option(help="A profile file whose plan /example shows.")] = None,
    store: Annotated[
        Path | None, typer.Option("--store", help="A project store (mizaan import) that /measure measures.")
    ] = None,
    truth: Annotated[
        Path | None, typer.Option(help="truth.json of a simulated world, shown beside the measurement.")
    ] = None,
    track_db: Annotated[
        Path | None,
        typer.Option(
            "--track-db",
            help="The tracking database: serve its API (/api/track/...), webhooks (/hooks/...) and report.",
        ),
    ] = None,
    kb_dir: Annotated[
        Path | None, typer.Option("--kb", help="A knowledge-base folder instead of the built-in one.")
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", help="Folder that keeps uploads until they are deleted (default: the user's data folder)."
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="Processes serving the app (each with its own worker pool).")] = 1,
    threads: Annotated[
        int | None, typer.Option(help="Worker threads per process for imports, vetting, plans and PDFs.")
    ] = None,
    accounts: Annotated[
        bool,
        typer.Option("--accounts", help="Sign in by name and password, with workspaces and roles (see mizaan users)."),
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Another host name the app answers to (e.g. a local proxy's); repeatable."),
    ] = None,
    behind_https: Annotated[
        bool,
        typer.Option(
            "--behind-https",
            help="People reach the app through an HTTPS proxy: its cookies are marked Secure (they are anyway "
            "when a proxy on this computer sends X-Forwarded-Proto: https).",
        ),
    ] = False,
) -> None:
    """Start the web app (Arabic first, English one click away) and print its address with a sign-in token:
    opening that address signs the browser in; a browser without it sees no page with data."""
    import uvicorn

    from mizaan.cli.common import friendly_errors
    from mizaan.errors import MizaanError
    from mizaan.i18n import t
    from mizaan.knowledge import load_knowledge_base
    from mizaan.web import ENV, ServeConfig, build, default_data_dir

    config = ServeConfig(
        host=host,
        port=port,
        data=str((data or default_data_dir()).resolve()),
        kb_dir=str(kb_dir) if kb_dir else None,
        example=str(example.resolve()) if example else None,
        store=str(store.resolve()) if store else None,
        truth=str(truth.resolve()) if truth else None,
        track=str(track_db.resolve()) if track_db else None,
        threads=threads,
        hosts=tuple(allow_host or ()),
        accounts=accounts,
        behind_https=behind_https,
    )
    if config.public and not accounts:
        _refuse("serve.public_refused", host=host)
        raise typer.Exit(2)
    if config.public and not allow_host:
        _refuse("serve.public_needs_host", host=host)
        raise typer.Exit(2)
    if accounts and store is not None:
        _refuse("serve.store_with_accounts")
        raise typer.Exit(2)
    if workers < 1:
        raise typer.BadParameter("use 1 or more / استخدم ١ أو أكثر", param_hint="--workers")
    with friendly_errors(None):
        load_knowledge_base(kb_dir)  # a bad knowledge base is said here, not in every worker
    if accounts:
        typer.echo(f"mizaan · ميزان → {config.address()}")
        typer.echo(t("serve.accounts_note", "ar") + " · " + t("serve.accounts_note", "en"))
    else:
        typer.echo(f"mizaan · ميزان → {config.address()}?token={config.token}")
        typer.echo(t("serve.token_note", "ar") + " · " + t("serve.token_note", "en"))
    typer.echo(f"{t('serve.data', 'ar')} · {t('serve.data', 'en')}: {config.data}")
    try:
        if workers == 1:
            uvicorn.run(build(config), host=host, port=port, log_level="warning")
        else:
            os.environ[ENV] = config.to_env()
            uvicorn.run(
                "mizaan.web.serving:app_from_environment",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                log_level="warning",
            )
    except MizaanError as exc:  # pragma: no cover - start-up failures of the server itself
        typer.echo(exc.message("en"), err=True)
        raise typer.Exit(1) from None
