"""``mizaan track conversions|report|feed|secret|token|api``: the conversions side of the tracking service.

``register(track_app)`` adds these commands to the ``mizaan track`` group (the links side's
``cli/track_cmd.py`` owns the group and calls it); a test or script can also build its own Typer app and
call ``register`` on it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from mizaan.cli.common import DigitsOption, LangOption, check_digits, check_lang, console, friendly_errors, write_output

DbOption = Annotated[Path, typer.Option("--db", help="The tracking database (SQLite) the redirect service writes.")]
WorkspaceOption = Annotated[str, typer.Option("--workspace", "-w", help="The workspace (agency client).")]


def register(track_app: typer.Typer) -> None:
    track_app.command("conversions")(conversions)
    track_app.command("report")(report)
    track_app.command("feed")(feed)
    track_app.command("secret")(secret)
    track_app.command("token")(token)
    track_app.command("api")(api)


def conversions(
    db: DbOption,
    workspace: Annotated[str | None, typer.Option("--workspace", "-w", help="Only this workspace.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lang: LangOption = None,
) -> None:
    """The orders received by webhook or postback, as they stand after refunds and cancellations, each with
    the link it was matched to and how (click ID, UTM tags or promo code)."""
    from mizaan.i18n import t
    from mizaan.track import orders

    chosen = check_lang(lang)
    with friendly_errors(chosen):
        con = orders.connect(db)
        rows = [
            dict(r)
            for r in con.execute(
                "SELECT * FROM conversions WHERE ? IS NULL OR workspace = ? ORDER BY workspace, at, source, order_id",
                [workspace, workspace],
            )
        ]
    totals: dict[str, Any] = {"orders": len(rows), "by_status": {}, "matched_by": {}}
    for r in rows:
        totals["by_status"][r["status"]] = totals["by_status"].get(r["status"], 0) + 1
        how = r["matched_by"] or "none"
        totals["matched_by"][how] = totals["matched_by"].get(how, 0) + 1
    if as_json:
        write_output(json.dumps({**totals, "conversions": rows}, ensure_ascii=False, indent=2), None)
        return
    shown = chosen or "en"
    out = console()
    out.print(t("track.cli.conversions", shown, count=len(rows), n=len(rows)))
    for r in rows:
        how = t(f"track.report.by.{r['matched_by']}", shown) if r["matched_by"] else t("track.cli.unmatched", shown)
        out.print(f"  {r['workspace']}  {r['source']}  {r['order_id']}  {r['amount']} {r['currency']}  {r['status']}  "
                  f"{r['link_id'] or '—'}  {how}", markup=False)  # fmt: skip


def feed(
    db: DbOption,
    store: Annotated[Path, typer.Option("--store", help="The measurement store (DuckDB) to feed.")],
    workspace: Annotated[str | None, typer.Option("--workspace", "-w", help="Only this workspace.")] = None,
    lang: LangOption = None,
) -> None:
    """Write the tracker's human clicks (as touchpoints) and its conversions (as orders and conversions)
    into the measurement store, so that ``mizaan measure`` and the models see them; again changes nothing."""
    from mizaan.i18n import NumberFormatter, t
    from mizaan.ingest import Store
    from mizaan.track import orders

    chosen = check_lang(lang)
    with friendly_errors(chosen):
        with Store(store, wait=30) as target:
            fed = orders.feed(orders.connect(db), target, workspace)
    nf = NumberFormatter(chosen or "en")
    said = {
        "touchpoints": nf.count(fed.touchpoints, "touch"),
        "orders": nf.count(fed.orders, "order"),
        "conversions": nf.count(fed.conversions, "conversion"),
        **{k: nf.num(getattr(fed, k)) for k in ("removed", "skipped_bots", "skipped_repeats", "already_logged")},
    }
    console().print(t("track.cli.fed", chosen or "en", **said), markup=False)


def report(
    db: DbOption,
    store: Annotated[
        Path | None, typer.Option("--store", help="The measurement store: platform and model figures come from it.")
    ] = None,
    workspace: WorkspaceOption = "default",
    no_feed: Annotated[
        bool, typer.Option("--no-feed", help="Do not feed the tracker's data into the store first.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lang: LangOption = None,
    digits: DigitsOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Per channel and per creator, side by side: what the platforms say (imported ad exports), what the
    tracker's links and codes say (clicks, orders, revenue after refunds) and what the attribution models
    say (the measurement of the store)."""
    from mizaan.i18n import t
    from mizaan.ingest import Store
    from mizaan.measure import DuckDBEngine, measure
    from mizaan.track import orders

    chosen = check_lang(lang)
    style = check_digits(digits)
    with friendly_errors(chosen):
        orders.check_workspace(workspace)
        con = orders.connect(db)
        measurement, imported = None, []
        if store is not None:
            if not no_feed:
                with Store(store, wait=30) as target:
                    orders.feed(con, target, workspace)
            engine = DuckDBEngine.open(store)
            try:
                measurement = measure(engine, store=str(store))
                imported = engine.query(orders.IMPORTED_ORDERS_SQL).to_pylist()
            finally:
                engine.close()
        result = orders.side_by_side(con, workspace, measurement, imported)
    if as_json:
        write_output(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2), output)
        return
    shown = chosen or "en"
    lines = [t("track.report.heading", shown, workspace=workspace)]
    if store is None:
        lines.append(t("track.report.no_store", shown))
    for table in orders.tables(result, shown, style):
        lines += ["", table.title, " ‖ ".join(name for name, _ in table.groups if name), " | ".join(table.headers)]
        lines += [" | ".join(row) for row in table.rows] or [t("track.report.empty", shown)]
    lines += ["", orders.unmatched_line(result, shown, style)]
    write_output("\n".join(lines), output)


def secret(
    workspace: WorkspaceOption,
    db: DbOption,
    source: Annotated[str, typer.Option(help="shopify, salla, zid or postback.")] = "postback",
    given: Annotated[
        bool, typer.Option("--set", help="Keep a secret the platform gave (Shopify's, Salla's), read from stdin.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Make or rotate a workspace's webhook secret for a source (the old one stops working at once), or keep
    the one Shopify or Salla issued with ``--set``; prints the secret and the address to give the platform."""
    from mizaan.i18n import t
    from mizaan.track import orders

    chosen = check_lang(lang)
    with friendly_errors(chosen):
        value = sys.stdin.readline().strip() if given else None
        kept = orders.set_secret(orders.connect(db), workspace, source, value)
    path = f"/hooks/{source}/{workspace}" + ("?token=<secret>" if source == "zid" else "")
    typer.echo(t("track.cli.secret", chosen or "en", source=source, path=path), err=True)
    if not given:
        typer.echo(kept)


def token(
    workspace: WorkspaceOption,
    db: DbOption,
    label: Annotated[str | None, typer.Option(help="What the token is for (shown in no answer, kept).")] = None,
    lang: LangOption = None,
) -> None:
    """Make an API token for a workspace; it is printed once and kept only as its SHA-256 digest."""
    from mizaan.i18n import t
    from mizaan.track import orders

    chosen = check_lang(lang)
    with friendly_errors(chosen):
        made = orders.new_token(orders.connect(db), workspace, label)
    typer.echo(t("track.cli.token", chosen or "en"), err=True)
    typer.echo(made)


def api(
    db: DbOption,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port.")] = 8090,
) -> None:
    """Serve the tracking API and the webhook receivers on their own (``/api/track/...``, ``/hooks/...``)."""
    import uvicorn

    from mizaan.track import api as track_api

    uvicorn.run(track_api.create_api(db), host=host, port=port, log_level="warning")
