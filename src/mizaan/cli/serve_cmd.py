"""``mizaan serve``: the web app on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    example: Annotated[Path | None, typer.Option(help="A profile file whose plan /example shows.")] = None,
    store: Annotated[
        Path | None, typer.Option("--store", help="A project store (mizaan import) that /measure measures.")
    ] = None,
    truth: Annotated[
        Path | None, typer.Option(help="truth.json of a simulated world, shown beside the measurement.")
    ] = None,
    kb_dir: Annotated[
        Path | None, typer.Option("--kb", help="A knowledge-base folder instead of the built-in one.")
    ] = None,
) -> None:
    """Start the web app (Arabic first, English one click away) and print its address."""
    import uvicorn

    from mizaan.cli.common import friendly_errors
    from mizaan.knowledge import load_knowledge_base
    from mizaan.web import create_app

    with friendly_errors(None):
        kb = load_knowledge_base(kb_dir)
    address = f"http://{host}:{port}/"
    typer.echo(f"mizaan · ميزان → {address}")
    if example is not None:
        typer.echo(f"{address}example  ({example})")
    if store is not None:
        typer.echo(f"{address}measure  ({store})")
    uvicorn.run(create_app(kb, example=example, store=store, truth=truth), host=host, port=port, log_level="warning")
