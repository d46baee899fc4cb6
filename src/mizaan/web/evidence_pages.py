"""What a business's own data says, on pages: a media-mix fit (``/fits/ID``: returns and response curves with
their intervals, contribution) and a lift test (``/tests/ID``: the effect and the counterfactual band), both
kept in the workspace (``POST /results`` takes either file: a ``mizaan mmm --save`` fit or ``mizaan lift
--json`` output), and the re-plan of a plan on kept fits (``/replan/TOKEN?fit=ID``): the same planner, fitted
curves where a fit measures a channel, day one (the workspace's first kept plan) beside now.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mizaan.errors import InputError, Problem
from mizaan.i18n import NumberFormatter
from mizaan.plan import Fit, Plan, PlanResult, plan
from mizaan.present import present
from mizaan.report import (
    document_context,
    fit_document,
    lift_document,
    plan_document,
    plan_formatter,
    read_lift,
    render_plan,
)
from mizaan.web import tokens
from mizaan.web.limits import MB, Limits
from mizaan.web.locale import Prefs, prefs
from mizaan.web.projects import (
    PLANS,
    RESULT_FILE,
    RUNS,
    against_day_one,
    day_one,
    fits,
    keep_fit,
    keep_test,
    kept_fit,
)
from mizaan.web.receive import receive
from mizaan.web.render import render
from mizaan.web.storage import DataDir, data_for
from mizaan.web.views import chart_drawer
from mizaan.web.work import heavy
from mizaan.web.workspace import may_keep

router = APIRouter()
LIMITS = Limits(request_bytes=32 * MB, file_bytes=32 * MB, unpacked_bytes=32 * MB, rows=2_000_000)
REPLAN_DOWNLOADS = ("md", "html", "json", "csv")


def _error(request: Request, p: Prefs, exc: InputError, status: int = 400) -> HTMLResponse:
    details = [x.message(p.lang) for x in exc.problems]
    if any(x.key == "web.workspace.gone_fit" for x in exc.problems):
        status = 404  # a kept fit deleted since the link was made
    return render(request, "error.html.j2", status=status, prefs=p, message_key="web.evidence.refused", details=details)


def _page(request: Request, p: Prefs, doc: Any, **extra: Any) -> HTMLResponse:
    nf = NumberFormatter(p.lang, None, p.digits)
    return render(
        request, "evidence.html.j2", prefs=p, **document_context(doc, draw=chart_drawer(nf), web=True), **extra
    )


@router.post("/results")
async def upload_result(request: Request) -> Response:
    """Keep a fit file or a lift result in the workspace and open it (or, with a plan's token, re-plan it)."""
    p = prefs(request)
    if not may_keep(request):
        return render(request, "error.html.j2", status=403, prefs=p, message_key="web.evidence.may_not", details=[])
    data = data_for(request)
    kb = request.app.state.kb
    by = getattr(request.state, "user", None)
    with data.incoming(RUNS) as (_, folder):
        try:
            got = await receive(request, folder, LIMITS)
            found = got.file("result")
            if found is None:
                raise InputError([Problem("web.evidence.no_file", {})])
            name, path = found
            body = path.read_bytes()
            try:
                raw = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise InputError([Problem("fit.not_json", {"reason": str(exc)[:120]}, file=name)]) from None
            if isinstance(raw, dict) and str(raw.get("schema", "")).startswith("mizaan.fit"):
                stored = await heavy(request, keep_fit, data, body, name, by, kb)
                token = got.get("token")
                if token:
                    query = {"fit": stored.id, "lang": p.lang}
                    if got.get("accept") == "1":
                        query["accept"] = "1"
                    return RedirectResponse(f"/replan/{token}?{urlencode(query)}", status_code=303)
                return RedirectResponse(f"/fits/{stored.id}?lang={p.lang}", status_code=303)
            read_lift(raw, name)  # checked before it is kept
            stored = keep_test(data, raw, name, by)
        except InputError as exc:
            return _error(request, p, exc)
    return RedirectResponse(f"/tests/{stored.id}?lang={p.lang}", status_code=303)


@router.get("/fits/{run_id}", response_class=HTMLResponse)
def fit_page(request: Request, run_id: str) -> HTMLResponse:
    p = prefs(request)
    data = data_for(request)
    try:
        fit = kept_fit(data, run_id)
    except InputError:
        return render(request, "error.html.j2", status=404, prefs=p, message_key="web.workspace.gone", details=[])
    plans = [
        {
            "name": str(s.summary.get("business_name") or s.summary.get("business_type", "")),
            "href": _replan_href(s.summary["token"], [run_id], p),
        }
        for s in data.list(PLANS)
        if s.summary.get("token")
    ]
    return _page(request, p, fit_document(fit, p.lang, p.digits), replan_plans=plans, fit_ok=fit.ok, run_id=run_id)


@router.get("/tests/{run_id}", response_class=HTMLResponse)
def test_page(request: Request, run_id: str) -> HTMLResponse:
    p = prefs(request)
    stored = data_for(request).find(RUNS, run_id)
    if stored is None or stored.summary.get("kind") != "test":
        return render(request, "error.html.j2", status=404, prefs=p, message_key="web.workspace.gone", details=[])
    raw = json.loads(stored.path(RESULT_FILE).read_text(encoding="utf-8"))
    try:
        lift = read_lift(raw, str(stored.summary.get("params", {}).get("source", RESULT_FILE)))
    except InputError as exc:
        return _error(request, p, exc)
    return _page(request, p, lift_document(lift, p.lang, p.digits))


def _replan_href(token: str, ids: list[str], p: Prefs, accept: bool = False) -> str:
    query: list[tuple[str, str]] = [("fit", i) for i in ids] + [("lang", p.lang)]
    if accept:
        query.append(("accept", "1"))
    return f"/replan/{token}?{urlencode(query)}"


REPLAN_CACHE_SIZE = 64  # re-plans remembered per app (the least recently used is forgotten)
_REPLAN_LOCK = threading.Lock()


def _replan_key(token: str, chosen: list[Fit], data: DataDir) -> tuple[Any, ...]:
    """What a re-plan depends on, by content: the plan's profile (its token), each fit file's bytes (their
    SHA-256) and whether a failed one is accepted, and the workspace's day one (its profile and date). The
    same content in another workspace is the same re-plan; a fit kept again or a new day one is not."""
    first = day_one(data)
    day = None
    if first is not None:
        profile = hashlib.sha256(first.path("profile.json").read_bytes()).hexdigest()
        day = (str(first.summary.get("at", "")), profile)
    return token, tuple((f.sha256, f.accept_failed) for f in chosen), day


def _replanned(request: Request, token: str, p: Prefs) -> Plan:
    """The plan of ``token`` re-planned on the kept fits the query names, beside the workspace's day one;
    remembered by content (``_replan_key``), so showing it again, in the other language or as a download,
    only presents it."""
    kb = request.app.state.kb
    data = data_for(request)
    accept = request.query_params.get("accept") == "1"
    ids = request.query_params.getlist("fit")
    if not ids:
        raise InputError([Problem("web.evidence.no_fit", {})])
    chosen: list[Fit] = [kept_fit(data, i, accept) for i in ids]
    key = _replan_key(token, chosen, data)
    cache: OrderedDict[tuple[Any, ...], PlanResult] = request.app.state.__dict__.setdefault("replans", OrderedDict())
    with _REPLAN_LOCK:
        result = cache.get(key)
        if result is not None:
            cache.move_to_end(key)
    if result is None:
        profile = tokens.decode(token, kb)
        result = against_day_one(plan(profile, kb, fits=chosen, what_if=False), data, kb)
        with _REPLAN_LOCK:
            cache[key] = result
            while len(cache) > REPLAN_CACHE_SIZE:
                cache.popitem(last=False)
    return present(result, p.lang, p.digits)


@router.get("/replan/{token}", response_class=HTMLResponse)
async def replan_page(request: Request, token: str) -> Response:
    p = prefs(request)
    if not request.query_params.getlist("fit"):  # nothing to re-plan with: the plan page, at its re-plan form
        return RedirectResponse(f"/plan/{token}?lang={p.lang}#replan", status_code=303)
    try:
        shown = await heavy(request, _replanned, request, token, p)
    except InputError as exc:
        return _error(request, p, exc)
    doc = plan_document(shown)
    ids = request.query_params.getlist("fit")
    query = urlencode(
        [("fit", i) for i in ids]
        + [("lang", p.lang)]
        + ([("accept", "1")] if request.query_params.get("accept") == "1" else [])
    )
    return render(
        request,
        "replan.html.j2",
        prefs=p,
        plan=shown,
        token=token,
        query=query,
        downloads=REPLAN_DOWNLOADS,
        **document_context(doc, draw=chart_drawer(plan_formatter(shown)), web=True),
    )


@router.get("/replan/{token}/download/{fmt}")
async def replan_download(request: Request, token: str, fmt: str) -> Response:
    p = prefs(request)
    if fmt not in REPLAN_DOWNLOADS:
        return render(request, "error.html.j2", status=404, prefs=p, message_key="web.error.not_found", details=[])
    if not request.query_params.getlist("fit"):  # nothing to re-plan with: the plan on priors, as a file
        return RedirectResponse(f"/plan/{token}/download/{fmt}?lang={p.lang}", status_code=303)
    try:
        shown = await heavy(request, _replanned, request, token, p)
    except InputError as exc:
        return _error(request, p, exc)
    media = {"md": "text/markdown", "html": "text/html", "json": "application/json", "csv": "text/csv"}[fmt]
    body = render_plan(shown, fmt, p.digits)
    name = f"mizaan-replan.{fmt}"
    return Response(
        body, media_type=f"{media}; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def kept_fit_choices(request: Request) -> list[dict[str, Any]]:
    """The fits a plan page offers to re-plan with: ID, label and whether their diagnostics passed."""
    out = []
    for s in fits(data_for(request)):
        params = s.summary.get("params", {})
        out.append(
            {
                "id": s.id,
                "label": str(params.get("summary", {}).get(prefs(request).lang, s.id)),
                "ok": bool(params.get("ok", True)),
            }
        )
    return out


__all__ = ["kept_fit_choices", "router"]
