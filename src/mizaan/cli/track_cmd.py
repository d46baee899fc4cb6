"""``mizaan track ...``: short links, promo codes and QR codes from a plan, their management, the redirect
service and its click counts (docs/tracking.md)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from mizaan.cli.common import LangOption, check_lang, friendly_errors, write_output

track_app = typer.Typer(
    help="Track a plan's links and promo codes: short links, QR codes, a redirect service that records clicks.",
    no_args_is_help=True,
)

DbOption = Annotated[str, typer.Option("--db", help="The tracking store: an SQLite file, or a postgresql:// DSN.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
LinkArg = Annotated[str, typer.Argument(help="The link's ID (the short URL's last part).")]
LOCAL_BASE = "http://127.0.0.1:8080"
_WORKSPACE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def register(app: typer.Typer) -> None:
    app.add_typer(track_app, name="track")


def _langs(lang: str | None) -> tuple[Any, ...]:
    chosen = check_lang(lang)
    return ("ar", "en") if chosen is None else (chosen,)


def _say(key: str, lang: str | None, **params: Any) -> None:
    from mizaan.i18n import t

    for each in _langs(lang):
        typer.echo(t(key, each, **params), err=True)


def _n(lang: Any, n: int) -> Any:
    """``n`` as the reader of ``lang`` writes it (the locale's digits), still selecting plural forms."""
    from mizaan.i18n import Counted, NumberFormatter

    return Counted(n, NumberFormatter(lang).num(n))


def _link_json(link: Any, base: str | None = None, qr: tuple[Path, Path] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "link_id": link.link_id,
        "workspace": link.workspace,
        "plan_id": link.plan_id,
        "line": link.line,
        "creator": link.creator,
        "destination": link.destination,
        "promo_code": link.promo_code,
        "utm_source": link.utm_source,
        "utm_medium": link.utm_medium,
        "utm_campaign": link.utm_campaign,
        "utm_content": link.utm_content,
        "status": link.status,
        "expires_at": link.expires_at.isoformat() if link.expires_at else None,
    }
    if base is not None:
        out["short_url"] = f"{base}/{link.link_id}"
    if qr is not None:
        out["qr_png"], out["qr_svg"] = str(qr[0]), str(qr[1])
    return out


@track_app.command("create")
def create_cmd(
    plan: Annotated[Path, typer.Argument(help="The plan as JSON (mizaan plan PROFILE --format json).")],
    db: DbOption,
    as_json: JsonOption = False,
    base_url: Annotated[
        str, typer.Option("--base-url", help="The public address of the redirect service (short links start with it).")
    ] = LOCAL_BASE,
    workspace: Annotated[str, typer.Option(help="The client's workspace the links belong to.")] = "default",
    plan_id: Annotated[
        str | None, typer.Option("--plan-id", help="The plan's ID in the store (default: its UTM campaign).")
    ] = None,
    qr_dir: Annotated[
        Path | None, typer.Option("--qr-dir", help="Folder for the QR codes (default: beside the store).")
    ] = None,
    lang: LangOption = None,
) -> None:
    """A short link, a promo code and a QR code (PNG and SVG) for every line and creator of the plan, with
    the plan's UTM values. Running it again makes no second link for a line: it prints the links made."""
    from urllib.parse import urlsplit

    from mizaan.errors import InputError, Problem
    from mizaan.track import create_links, is_dsn, open_store, read_plan, write_qr

    chosen = check_lang(lang)
    with friendly_errors(chosen):
        base = base_url.rstrip("/")
        parts = urlsplit(base)
        problems = []
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            problems.append(Problem("track.error.bad_base_url", {"value": base_url}, field="--base-url"))
        if not _WORKSPACE.fullmatch(workspace):
            problems.append(Problem("track.error.bad_workspace", {"value": workspace}, field="--workspace"))
        if problems:
            raise InputError(problems)
        lines = read_plan(plan)
        store = open_store(db)
        made = create_links(store, lines, workspace=workspace, plan_id=plan_id)
        folder = qr_dir or (Path("mizaan-qr") if is_dsn(db) else Path(db).with_name(Path(db).stem + "-qr"))
        out = []
        for m in made:
            short = f"{base}/{m.link.link_id}"
            out.append({**_link_json(m.link, base, write_qr(short, folder, m.link.link_id)), "created": m.created})
        store.close()
    if as_json:
        write_output(json.dumps(out, ensure_ascii=False, indent=2), None)
    else:
        from mizaan.i18n import t

        for each in _langs(lang)[:1]:  # the links once (the summary below comes in both languages)
            for item in out:
                typer.echo(
                    t(
                        "track.link_line",
                        each,
                        short_url=item["short_url"],
                        destination=item["destination"],
                        code=item["promo_code"],
                        line=item["line"] + (f" · {item['creator']}" if item["creator"] else ""),
                    )
                )
    new = sum(1 for m in made if m.created)
    for each in _langs(lang):
        from mizaan.i18n import t

        typer.echo(
            t("track.created", each, count=_n(each, new))
            + " "
            + t("track.existing", each, count=_n(each, len(made) - new)),
            err=True,
        )
    _say("track.qr_written", lang, folder=str(folder))
    for m in made:
        if m.plan_code:
            _say("track.code_differs", lang, plan_code=m.plan_code, link=m.link.link_id, code=m.link.promo_code)
    if lines.landing_is_placeholder:
        _say("track.placeholder", lang)
    if parts.hostname in ("127.0.0.1", "localhost", "::1"):
        _say("track.local_base", lang, base=base)


@track_app.command("list")
def list_cmd(
    db: DbOption,
    as_json: JsonOption = False,
    workspace: Annotated[str | None, typer.Option(help="Only this workspace's links.")] = None,
    lang: LangOption = None,
) -> None:
    """The links of the store, with their status, destination and promo code."""
    from mizaan.track import open_store

    with friendly_errors(check_lang(lang)):
        store = open_store(db)
        links = store.links(workspace)
        store.close()
    if as_json:
        write_output(json.dumps([_link_json(x) for x in links], ensure_ascii=False, indent=2), None)
        return
    for x in links:
        typer.echo(f"{x.link_id}\t{x.status}\t{x.promo_code}\t{x.line}\t{x.creator or ''}\t{x.destination}")


def _parse_when(text: str) -> dt.datetime:
    from mizaan.errors import InputError, Problem
    from mizaan.i18n import to_western_digits

    try:
        when = dt.datetime.fromisoformat(to_western_digits(text.strip()))
    except ValueError:
        raise InputError([Problem("track.error.bad_date", {"value": text}, field="--at")]) from None
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def _change(db: str, link_id: str, lang: str | None, as_json: bool, **change: Any) -> None:
    from mizaan.i18n import t
    from mizaan.track import open_store, update_link

    with friendly_errors(check_lang(lang)):
        store = open_store(db)
        link = update_link(store, link_id, **change)
        store.close()
    if as_json:
        write_output(json.dumps(_link_json(link), ensure_ascii=False, indent=2), None)
        return
    for each in _langs(lang):
        expires = link.expires_at.isoformat() if link.expires_at else t("track.never", each)
        status = t(f"track.status.{link.status}", each)
        typer.echo(
            t("track.changed", each, link=link.link_id, status=status, destination=link.destination, expires=expires)
        )


@track_app.command("edit")
def edit_cmd(
    link_id: LinkArg,
    db: DbOption,
    destination: Annotated[
        str,
        typer.Option(
            help="The new path and query (/sale?size=m) or a full URL on the same host; the host never changes."
        ),
    ],
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Point a link at another page of the same site (its UTM values are kept)."""
    _change(db, link_id, lang, as_json, destination=destination)


@track_app.command("pause")
def pause_cmd(link_id: LinkArg, db: DbOption, as_json: JsonOption = False, lang: LangOption = None) -> None:
    """Stop a link redirecting until it is resumed (it answers a 'not available' page)."""
    _change(db, link_id, lang, as_json, status="paused")


@track_app.command("resume")
def resume_cmd(link_id: LinkArg, db: DbOption, as_json: JsonOption = False, lang: LangOption = None) -> None:
    """Let a paused or expired link redirect again (its expiry date is cleared)."""
    _change(db, link_id, lang, as_json, status="active", clear_expiry=True)


@track_app.command("expire")
def expire_cmd(
    link_id: LinkArg,
    db: DbOption,
    at: Annotated[
        str | None, typer.Option(help="When it expires (ISO date or date-time, UTC unless given); default now.")
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Expire a link now, or at a date: from then it answers 410 Gone."""
    with friendly_errors(check_lang(lang)):
        when = _parse_when(at) if at is not None else None
    if when is None:
        _change(db, link_id, lang, as_json, status="expired")
    else:
        _change(db, link_id, lang, as_json, expires_at=when)


@track_app.command("clicks")
def clicks_cmd(db: DbOption, as_json: JsonOption = False, lang: LangOption = None) -> None:
    """Clicks per link: total (people and bots), people, repeats by the same visitor that day, bots."""
    from mizaan.i18n import t
    from mizaan.track import open_store

    with friendly_errors(check_lang(lang)):
        store = open_store(db)
        summary = store.click_summary()
        lines = {x.link_id: (x.line or "") + (f" {x.creator}" if x.creator else "") for x in store.links()}
        store.close()
    if as_json:
        write_output(json.dumps(summary, ensure_ascii=False, indent=2), None)
        return
    for each in _langs(lang):
        keys = ("total", "humans", "duplicates", "bots")
        typer.echo(t("track.clicks.total", each, **{k: _n(each, summary[k]) for k in keys}))
        for link_id, e in summary["per_link"].items():
            figures = {k: _n(each, e[k]) for k in keys}
            typer.echo(t("track.clicks.link", each, link=link_id, line=lines.get(link_id, ""), **figures))


@track_app.command("serve")
def serve_cmd(
    db: DbOption,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    country_header: Annotated[
        str | None,
        typer.Option("--country-header", help="A trusted proxy's header with the visitor's country (CF-IPCountry)."),
    ] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option("--forwarded-allow-ips", help="Proxies whose X-Forwarded-For is trusted (comma-separated)."),
    ] = None,
    server: Annotated[
        str, typer.Option(help="lean (asyncio and httptools, the faster) or uvicorn (the ASGI app under uvicorn).")
    ] = "lean",
    processes: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Server processes sharing the port (SO_REUSEPORT), each with its own writer (lean, SQLite).",
        ),
    ] = 1,
    writers: Annotated[
        str,
        typer.Option(help="With --processes: one writer process for all (one) or a writer in each (each)."),
    ] = "one",
    lang: LangOption = None,
) -> None:
    """The redirect service: each click stored durably (group commit) before its 302 is answered."""
    from mizaan.track import is_dsn, open_store, serve

    if server not in ("lean", "uvicorn"):
        raise typer.BadParameter("use lean or uvicorn / استخدم lean أو uvicorn", param_hint="--server")
    if writers not in ("one", "each"):
        raise typer.BadParameter("use one or each / استخدم one أو each", param_hint="--writers")
    if processes > 1 and (server != "lean" or is_dsn(db)):
        raise typer.BadParameter(
            "several processes need --server lean and an SQLite file (PostgreSQL: run one service per "
            "process behind a balancer) / تحتاج العمليات المتعددة الخادم lean وملف SQLite (مع PostgreSQL: "
            "شغّل خدمة لكل عملية خلف موزّع)",
            param_hint="--processes",
        )
    if server == "lean" and forwarded_allow_ips is not None:
        raise typer.BadParameter(
            "X-Forwarded-For is read by --server uvicorn only / يقرأ الخادم uvicorn وحده X-Forwarded-For",
            param_hint="--forwarded-allow-ips",
        )
    with friendly_errors(check_lang(lang)):
        store = open_store(db)
        where = store.where()
        store.close()
    _say("track.serving", lang, url=f"http://{host}:{port}", store=where)
    serve(
        db,
        host=host,
        port=port,
        server=server,
        country_header=country_header,
        forwarded_allow_ips=forwarded_allow_ips,
        processes=processes,
        writers=writers,
    )
