"""``/measure/tracking``: the tracking service's side-by-side report in the web app — per channel and per
creator, what the platforms say (the server's store: imported ad exports), what the tracker's links and
codes say, and what the models say (the store's measurement). ``POST /measure/tracking/feed`` (editors,
with the form's CSRF token) writes the tracker's clicks and conversions into the store first.

The workspace is the signed-in user's (accounts mode) or the one the query names (single user)."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mizaan.errors import InputError
from mizaan.ingest import Store
from mizaan.measure import DEFAULT_FUNNEL_MODEL, DuckDBEngine, Measurement
from mizaan.track import orders
from mizaan.web.locale import prefs
from mizaan.web.measure_pages import _measurement
from mizaan.web.render import render
from mizaan.web.work import heavy

router = APIRouter()


def _workspace(request: Request, asked: str | None) -> str:
    mine = getattr(request.state, "workspace", None)
    return str(mine) if mine is not None else (asked or "default")


def _store(request: Request) -> Path | None:
    shared = getattr(request.state, "workspace", None) is None  # the server's store is the single user's
    store: Path | None = request.app.state.store if shared else None
    return store if store is not None and store.exists() else None


def _report(db: Path, workspace: str, store: Path | None, cache: OrderedDict[tuple[Any, ...], Measurement]) -> Any:
    orders.check_workspace(workspace)
    con = orders.connect(db)
    try:
        measurement, imported = None, []
        if store is not None:
            measurement = _measurement(cache, (None, None, "month", DEFAULT_FUNNEL_MODEL), store, None)
            with DuckDBEngine.open(store) as engine:
                imported = engine.query(orders.IMPORTED_ORDERS_SQL).to_pylist()
        return orders.side_by_side(con, workspace, measurement, imported)
    finally:
        con.close()


def _feed(db: Path, workspace: str, store: Path) -> orders.Fed:
    orders.check_workspace(workspace)
    con = orders.connect(db)
    try:
        with Store(store, wait=30) as target:
            return orders.feed(con, target, workspace)
    finally:
        con.close()


def _cache(request: Request) -> OrderedDict[tuple[Any, ...], Measurement]:
    found: OrderedDict[tuple[Any, ...], Measurement] = request.app.state.__dict__.setdefault(
        "measurements", OrderedDict()
    )
    return found


@router.get("/measure/tracking", response_class=HTMLResponse)
async def tracking_page(request: Request) -> HTMLResponse:
    p = prefs(request)
    db: Path | None = request.app.state.track_db
    workspace = _workspace(request, request.query_params.get("workspace"))
    store = _store(request)
    context: dict[str, Any] = {"workspace": workspace, "has_store": store is not None, "fed": None, "error": None}
    if db is None:
        return render(request, "track.html.j2", prefs=p, missing=True, tables=[], **context)
    try:
        result = await heavy(request, _report, db, workspace, store, _cache(request))
    except InputError as exc:
        context["error"] = [problem.message(p.lang) for problem in exc.problems]
        return render(request, "track.html.j2", prefs=p, missing=False, tables=[], **context)
    if request.query_params.get("fed") == "1":
        context["fed"] = True
    return render(
        request,
        "track.html.j2",
        prefs=p,
        missing=False,
        tables=orders.tables(result, p.lang, p.digits),
        unmatched=orders.unmatched_line(result, p.lang, p.digits),
        **context,
    )


@router.post("/measure/tracking/feed")
async def tracking_feed(request: Request) -> Response:
    p = prefs(request)
    form = await request.form()
    db: Path | None = request.app.state.track_db
    store = _store(request)
    workspace = _workspace(request, str(form.get("workspace") or "") or None)
    if db is None or store is None:
        return render(request, "error.html.j2", status=404, prefs=p, message_key="track.web.no_db", details=[])
    try:
        await heavy(request, _feed, db, workspace, store)
    except InputError as exc:
        details = [problem.message(p.lang) for problem in exc.problems]
        return render(
            request, "error.html.j2", status=400, prefs=p, message_key="track.web.feed_failed", details=details
        )
    _cache(request).clear()
    query = urlencode({"lang": p.lang, "workspace": workspace, "fed": "1"})
    return RedirectResponse(f"/measure/tracking?{query}", status_code=303)
