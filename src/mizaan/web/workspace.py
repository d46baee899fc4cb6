"""A workspace holds everything a client has: the profiles and the plans made from them, kept measurement
uploads, vettings, and saved measurement runs (fits and tests). ``/workspace`` lists them all; each opens
again from there and an owner deletes it (from disk).

A plan is kept as its profile (``profile.json``) and the link that opens it: planning is deterministic (one
seed), so the link shows the same plan with the same knowledge base; the summary records the version that
made it. A signed-in editor's or owner's plan is kept when it is made from the form or a brief, and any plan
page has a button to keep it. A measurement run is kept with the parameters that made it (upload, window,
periods, funnel model) and its result as JSON, so it stays readable after its upload is deleted.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mizaan.errors import InputError
from mizaan.i18n import DigitStyle, Lang, NumberFormatter, t
from mizaan.profile import Profile, value_label
from mizaan.version import __version__
from mizaan.web import tokens
from mizaan.web.accounts import rank
from mizaan.web.locale import prefs
from mizaan.web.projects import FIT_FILE, keep_profile, plan_id
from mizaan.web.render import render
from mizaan.web.storage import DataDir, Stored, data_for

router = APIRouter()
PLANS = "plans"
RUNS = "runs"
RUN_KINDS = ("measurement", "fit", "test")  # what the measurement side keeps
MEASURE_KEYS = ("upload", "from", "to", "by", "model")  # what reopens a kept measurement


def may_keep(request: Request) -> bool:
    """Whether this request's user may keep things in the workspace (an editor or owner; the single user)."""
    role: str | None = getattr(request.state, "role", None)
    return role is None or rank(role) >= rank("editor")


def may_delete(request: Request) -> bool:
    role: str | None = getattr(request.state, "role", None)
    return role is None or rank(role) >= rank("owner")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def keep_plan(request: Request, profile: Profile, token: str) -> Stored | None:
    """Keep a plan's profile in the request's workspace (nothing when the user may not keep things); one kept
    before keeps its first date, so the workspace's day one stays its first plan."""
    if not may_keep(request):
        return None
    return keep_profile(data_for(request), profile, token, getattr(request.state, "user", None))


def kept_plan(request: Request, token: str) -> Stored | None:
    return data_for(request).find(PLANS, plan_id(token))


def keep_run(data: DataDir, kind: str, params: dict[str, Any], result: dict[str, Any], by: str | None) -> Stored:
    """Keep a measurement run (``kind``: measurement, fit or test) with the parameters that made it and its
    result (JSON-ready); the measurement side calls this for its fits and tests."""
    if kind not in RUN_KINDS:
        raise ValueError(kind)
    body = json.dumps(result, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    summary = {"at": _now(), "kind": kind, "params": params, "by": by, "version": __version__}
    run_id = base64.urlsafe_b64encode(hashlib.sha256(body + _now().encode()).digest()[:18]).decode("ascii")
    return data.keep(RUNS, run_id, summary, {"result.json": body})


def _back(request: Request, **params: str) -> RedirectResponse:
    query = "&".join(f"{k}={v}" for k, v in {"lang": prefs(request).lang, **params}.items())
    return RedirectResponse(f"/workspace?{query}", status_code=303)


def _when(stored: Stored, nf: NumberFormatter) -> str:
    try:
        return nf.date(dt.datetime.fromisoformat(str(stored.summary["at"])).date())
    except (KeyError, ValueError):
        return ""


def _plan_rows(plans: list[Stored], lang: Lang, digits: DigitStyle | None) -> list[dict[str, str]]:
    rows = []
    for kept in plans:
        s = kept.summary
        nf = NumberFormatter(lang, s.get("country"), digits)
        kind = value_label("business_type", s.get("business_type"), lang, nf)
        rows.append(
            {
                "id": kept.id,
                "name": str(s.get("business_name") or kind),
                "what": " · ".join(
                    [
                        kind,
                        value_label("location.country", s.get("country"), lang, nf),
                        nf.money(Decimal(str(s.get("amount", "0"))), s.get("currency")),
                        value_label("budget.period", s.get("period"), lang, nf),
                    ]
                ),
                "when": _when(kept, nf),
                "by": str(s.get("by") or ""),
            }
        )
    return rows


def _run_rows(runs: list[Stored], lang: Lang, digits: DigitStyle | None) -> list[dict[str, str]]:
    nf = NumberFormatter(lang, digits=digits)
    rows = []
    for kept in runs:
        s = kept.summary
        params = s.get("params", {})
        rows.append(
            {
                "id": kept.id,
                "kind": t(f"web.workspace.run.{s.get('kind', 'measurement')}", lang),
                "summary": str(params.get("summary", {}).get(lang, "")),
                "files": ", ".join(params.get("files", [])),
                "href": _run_href(kept),
                "when": _when(kept, nf),
                "by": str(s.get("by") or ""),
            }
        )
    return rows


def _run_href(kept: Stored) -> str:
    """Where a kept run opens: a fit's page, a test's page, or the measurement that made it."""
    kind = kept.summary.get("kind")
    if kind == "fit":
        return f"/fits/{kept.id}"
    if kind == "test":
        return f"/tests/{kept.id}"
    params = kept.summary.get("params", {})
    return "/measure?" + urlencode({k: params[k] for k in MEASURE_KEYS if params.get(k)})


@router.get("/workspace", response_class=HTMLResponse)
def workspace_page(request: Request) -> HTMLResponse:
    data = data_for(request)
    p = prefs(request)
    return render(
        request,
        "workspace.html.j2",
        prefs=p,
        plans=_plan_rows(data.list(PLANS), p.lang, p.digits),
        runs=_run_rows(data.list(RUNS), p.lang, p.digits),
        uploads=data.list("uploads"),
        vettings=data.list("vettings"),
        can_delete=may_delete(request),
        can_keep=may_keep(request),
        deleted=request.query_params.get("deleted"),
        workspace=getattr(request.state, "workspace", None),
    )


@router.post("/workspace/plans")
def keep_plan_route(request: Request, token: str = Form(...)) -> Response:
    """The plan page's "keep in the workspace" button."""
    try:
        profile = tokens.decode(token, request.app.state.kb)
    except InputError:  # a damaged link is not kept
        return render(request, "error.html.j2", status=400, message_key="web.error.bad_profile", details=[])
    keep_plan(request, profile, token)
    return RedirectResponse(f"/plan/{token}?lang={prefs(request).lang}&kept=1", status_code=303)


@router.get("/workspace/plans/{pid}")
def open_plan(request: Request, pid: str) -> Response:
    stored = data_for(request).find(PLANS, pid)
    if stored is None:
        return render(request, "error.html.j2", status=404, message_key="web.workspace.gone", details=[])
    return RedirectResponse(f"/plan/{stored.summary['token']}?lang={prefs(request).lang}", status_code=303)


@router.post("/workspace/plans/{pid}/delete")
def delete_plan(request: Request, pid: str) -> Response:
    return _back(request, deleted="1" if data_for(request).delete(PLANS, pid) else "0")


@router.get("/workspace/runs/{run_id}")
def run_result(request: Request, run_id: str) -> Response:
    """A kept run's result (JSON, as it was computed)."""
    stored = data_for(request).find(RUNS, run_id)
    if stored is None:
        return render(request, "error.html.j2", status=404, message_key="web.workspace.gone", details=[])
    name = f"mizaan-{stored.summary['kind']}-{run_id}.json"
    body = stored.path(FIT_FILE if stored.summary.get("kind") == "fit" else "result.json")
    return Response(
        body.read_bytes(),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/workspace/runs/{run_id}/delete")
def delete_run(request: Request, run_id: str) -> Response:
    return _back(request, deleted="1" if data_for(request).delete(RUNS, run_id) else "0")


__all__ = ["RUN_KINDS", "keep_plan", "keep_run", "kept_plan", "may_keep", "plan_id", "router"]
