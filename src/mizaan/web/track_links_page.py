"""The plan page's "Create tracking links" button (``mizaan serve --track-db FILE``): ``POST
/tracking/plan/{token}`` (editors, with the form's CSRF token) makes a short link, a promo code and a QR
code for every line and creator of the plan in the request's workspace, as ``mizaan track create`` does
(pressing again makes no second link); ``GET /tracking/plan/{token}`` lists them with their QR codes and
``GET /tracking/plan/{token}/links.csv`` downloads them. The short links' base address typed beside the
button is kept for the workspace (the tracking store's ``track_settings``): the list, the download and the
next visit to the plan page use it without carrying it in the address."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import segno
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from mizaan.errors import InputError, Problem
from mizaan.i18n import Counted, Lang, NumberFormatter, t
from mizaan.report import excel_csv, render_plan_bytes, safe_cell
from mizaan.track import Link, PlanLinks, create_links, open_store, orders, parse_plan
from mizaan.web.locale import Prefs, prefs
from mizaan.web.plans import planned
from mizaan.web.render import render
from mizaan.web.work import heavy
from mizaan.web.workspace import may_keep

router = APIRouter()
LOCAL_BASE = "http://127.0.0.1:8080"  # where ``mizaan track serve`` answers by default
BASE_SETTING = "base_url"


@dataclass(frozen=True)
class Listed:
    plan: PlanLinks
    links: list[Link]  # in the plan's order
    made: int  # how many this press made (the rest were there already)


def _workspace(request: Request) -> str:
    mine = getattr(request.state, "workspace", None)
    return orders.check_workspace(str(mine) if mine is not None else "default")


def base_url(given: str | None) -> str:
    """The redirect service's public address, without a trailing slash; an ``InputError`` if it is not
    a plain http(s) address."""
    text = (given or "").strip() or LOCAL_BASE
    base = text.rstrip("/")
    try:
        parts = urlsplit(base)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and not (parts.query or parts.fragment)
    except ValueError:
        ok = False
    if not ok or any(c.isspace() for c in base):
        raise InputError([Problem("track.error.bad_base_url", {"value": text[:200]}, field="base")])
    return base


def _plan_links(request: Request, token: str, p: Prefs) -> PlanLinks:
    _, plan, _ = planned(request, token, p, False)
    text = render_plan_bytes(plan, "json", plan.digits).decode("utf-8")
    return parse_plan(text, f"/plan/{token}")


def _links(db: Path, workspace: str, plan: PlanLinks, create: bool, base: str | None) -> tuple[str, Listed]:
    """The workspace's short-link address and the plan's links; with ``create``, the links are made first
    and then ``base`` (already checked) is kept as the workspace's address."""
    store = open_store(db)
    try:
        made = create_links(store, plan, workspace=workspace) if create else []
        if base is not None:
            store.set_setting(workspace, BASE_SETTING, base)
        kept = store.setting(workspace, BASE_SETTING) or LOCAL_BASE
        mine = {(x.line, x.creator or ""): x for x in store.links(workspace) if x.plan_id == plan.plan_id}
    finally:
        store.close()
    ordered = [mine[k] for k in dict.fromkeys((line.line, line.creator or "") for line in plan.lines) if k in mine]
    return kept, Listed(plan, ordered, sum(1 for m in made if m.created))


def _work(request: Request, token: str, p: Prefs, create: bool, base: str | None) -> tuple[str, Listed]:
    db: Path = request.app.state.track_db
    return _links(db, _workspace(request), _plan_links(request, token, p), create, base)


def kept_base(request: Request) -> str:
    """The short-link address kept for the request's workspace (``LOCAL_BASE`` until one is typed)."""
    db: Path | None = request.app.state.track_db
    if db is None:
        return LOCAL_BASE
    store = open_store(db)
    try:
        return store.setting(_workspace(request), BASE_SETTING) or LOCAL_BASE
    finally:
        store.close()


def _qr(url: str) -> Markup:
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=3, border=4, title=url)
    return Markup(svg)  # segno writes the SVG and escapes its title (the URL) as XML text


def _rows(listed: Listed, base: str, lang: Lang) -> list[dict[str, Any]]:
    return [
        {
            "line": x.line,
            "creator": x.creator or "",
            "short": f"{base}/{x.link_id}",
            "destination": x.destination,
            "code": x.promo_code or "",
            "status": t(f"track.status.{x.status}", lang),
            "qr": _qr(f"{base}/{x.link_id}"),
        }
        for x in listed.links
    ]


def _failed(request: Request, p: Prefs, exc: InputError, status: int = 400) -> HTMLResponse:
    details = [problem.message(p.lang) for problem in exc.problems]
    return render(
        request, "error.html.j2", status=status, prefs=p, message_key="track.web.links_failed", details=details
    )


def _no_db(request: Request, p: Prefs) -> HTMLResponse:
    return render(request, "error.html.j2", status=404, prefs=p, message_key="track.web.no_db", details=[])


async def _listed(
    request: Request, token: str, p: Prefs, base_text: str | None, create: bool
) -> tuple[str, Listed] | HTMLResponse:
    """The workspace's short-link address and the plan's links (made first when ``create``, and then
    ``base_text`` kept as the address), or the error page: no tracking database, a bad address or a plan
    that cannot be read. A bad address is refused before anything is written."""
    if request.app.state.track_db is None:
        return _no_db(request, p)
    try:
        base = base_url(base_text) if create else None
        return await heavy(request, _work, request, token, p, create, base)
    except InputError as exc:
        return _failed(request, p, exc)


@router.post("/tracking/plan/{token}")
async def create_for_plan(request: Request, token: str) -> Response:
    p = prefs(request)
    form = await request.form()
    if request.app.state.track_db is None:
        return _no_db(request, p)
    if not may_keep(request):
        return render(request, "error.html.j2", status=403, prefs=p, message_key="web.error.role", details=[])
    got = await _listed(request, token, p, str(form.get("base") or ""), True)
    if isinstance(got, HTMLResponse):
        return got
    _, listed = got
    query = {"lang": p.lang, "made": str(listed.made), **({"digits": p.digits} if p.digits else {})}
    return RedirectResponse(f"/tracking/plan/{token}?{urlencode(query)}", status_code=303)


@router.get("/tracking/plan/{token}", response_class=HTMLResponse)
async def links_page(request: Request, token: str) -> HTMLResponse:
    p = prefs(request)
    got = await _listed(request, token, p, None, False)
    if isinstance(got, HTMLResponse):
        return got
    base, listed = got
    made = request.query_params.get("made")
    return render(
        request,
        "track_links.html.j2",
        prefs=p,
        token=token,
        base=base,
        rows=_rows(listed, base, p.lang),
        summary=_summary(p.lang, p, listed, made),
        placeholder=listed.plan.landing_is_placeholder,
        csv_href=f"/tracking/plan/{token}/links.csv?" + urlencode({"lang": p.lang}),
    )


def _summary(lang: Lang, p: Prefs, listed: Listed, made: str | None) -> str | None:
    if made is None or not made.isdigit():
        return None
    nf = NumberFormatter(lang, digits=p.digits)
    new = int(made)
    return (
        t("track.created", lang, count=Counted(new, nf.num(new)))
        + " "
        + t("track.existing", lang, count=Counted(len(listed.links) - new, nf.num(len(listed.links) - new)))
    )


@router.get("/tracking/plan/{token}/links.csv")
async def links_csv(request: Request, token: str) -> Response:
    p = prefs(request)
    got = await _listed(request, token, p, None, False)
    if isinstance(got, HTMLResponse):
        return got
    base, listed = got
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    keys = ("line", "creator", "short_url", "destination", "promo_code", "status")
    w.writerow([t(f"track.web.links.col.{k}", p.lang) for k in keys])
    for row in _rows(listed, base, p.lang):
        cells = (row["line"], row["creator"], row["short"], row["destination"], row["code"], row["status"])
        w.writerow([safe_cell(c) for c in cells])
    name = f"mizaan-tracking-links-{p.lang}.csv"
    return Response(
        excel_csv(out.getvalue()),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
