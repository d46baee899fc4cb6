"""The ``mizaan`` command. Each command group registers itself here, in one line."""

from __future__ import annotations

import typer

from mizaan.cli import (
    attribute_cmd,
    brief_cmd,
    design_cmd,
    ingest_cmd,
    kb_cmd,
    lift_cmd,
    measure_cmd,
    mmm_cmd,
    plan_cmd,
    serve_cmd,
    simulate_cmd,
    track_cmd,
    track_orders_cmd,
    users_cmd,
    vet_cmd,
)

app = typer.Typer(
    name="mizaan",
    help="mizaan (ميزان): plan a marketing budget between e-marketing and influencers, and explain it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

plan_cmd.register(app)
kb_cmd.register(app)
serve_cmd.register(app)
brief_cmd.register(app)
attribute_cmd.register(app)
ingest_cmd.register(app)
simulate_cmd.register(app)
measure_cmd.register(app)
vet_cmd.register(app)
lift_cmd.register(app)
design_cmd.register(app)
mmm_cmd.register(app)
users_cmd.register(app)
track_cmd.register(app)
track_orders_cmd.register(track_cmd.track_app)  # conversions, report, feed, secret, token, api


def main() -> None:  # pragma: no cover - console entry point
    app()
