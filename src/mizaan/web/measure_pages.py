"""The measurement page: ``/measure`` over the store given to ``mizaan serve --store FILE`` (and the truth of
a simulated world with ``--truth``) or over a kept upload (``?upload=ID``), with the window, the periods and
the funnel model as query parameters. Measuring runs in the worker pool."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mizaan.errors import InputError
from mizaan.i18n import Counted, NumberFormatter, t, to_western_digits
from mizaan.knowledge import KnowledgeBase
from mizaan.measure import DEFAULT_FUNNEL_MODEL, FUNNEL_MODELS, PERIODS, DuckDBEngine, Measurement, load_truth, measure
from mizaan.report import measurement_context, measurement_summary, model_label
from mizaan.web.locale import prefs
from mizaan.web.measure_kept import find_upload, uploads
from mizaan.web.measure_views import measure_charts
from mizaan.web.render import render
from mizaan.web.storage import Stored, data_for
from mizaan.web.work import heavy
from mizaan.web.workspace import keep_run, may_keep

router = APIRouter()
CACHE_SIZE = 16


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(to_western_digits(value.strip()))


def _measurement(cache: OrderedDict[tuple[Any, ...], Measurement], key: tuple[Any, ...], store: Path,
                 truth: Path | None) -> Measurement:  # fmt: skip
    stamp = store.stat().st_mtime_ns if store.exists() else 0
    full = (*key, stamp)
    if full in cache:
        cache.move_to_end(full)
        return cache[full]
    start, end, by, model = key
    with DuckDBEngine.open(store) as engine:
        result = measure(
            engine,
            start=start,
            end=end,
            period=by,
            funnel_model=model,
            truth=load_truth(truth) if truth else None,
            store=store.name,
        )
    cache[full] = result
    while len(cache) > CACHE_SIZE:
        cache.popitem(last=False)
    return result


def _country(request: Request, currency: str | None) -> str | None:
    """The country whose currency the store counts in (the only one using it), for its way of writing numbers."""
    kb: KnowledgeBase = request.app.state.kb
    users = [c.code for c in kb.countries.values() if c.currency == currency]
    return users[0] if len(users) == 1 else None


def _rejected(summary: dict[str, Any], lang: str) -> list[str]:
    return [f"{r['file']}:{r['row'] or ''} {r[lang]}" for r in summary.get("rejected", [])]


@router.get("/measure", response_class=HTMLResponse)
async def measure_page(request: Request) -> HTMLResponse:
    return await page(request)


def _source(request: Request, asked: str | None) -> tuple[Path | None, Path | None, Stored | None]:
    """The store to measure, the truth beside it, and the kept upload it is (when it is one)."""
    # the server's own store is the single user's; in accounts mode a workspace sees only its uploads
    shared = getattr(request.state, "workspace", None) is None
    store: Path | None = request.app.state.store if shared else None
    truth: Path | None = request.app.state.truth if shared else None
    uploaded = find_upload(request, asked)
    if uploaded is not None:
        store = uploaded.path("store.duckdb")
        truth = uploaded.path("truth.json") if uploaded.summary.get("truth") else None
    return store, truth, uploaded


def _choices(qp: Any) -> tuple[str, str]:
    by = qp.get("by") if qp.get("by") in PERIODS else "month"
    model = qp.get("model") if qp.get("model") in FUNNEL_MODELS else DEFAULT_FUNNEL_MODEL
    return by, model


def _cache(request: Request) -> OrderedDict[tuple[Any, ...], Measurement]:
    found: OrderedDict[tuple[Any, ...], Measurement] = request.app.state.__dict__.setdefault(
        "measurements", OrderedDict()
    )
    return found


async def page(request: Request, upload_problems: list[str] | None = None) -> HTMLResponse:
    """The page, over the store or upload the query names; ``upload_problems``: why an upload was refused."""
    p = prefs(request)
    qp = request.query_params
    asked = qp.get("upload")
    store, truth, uploaded = _source(request, asked if upload_problems is None else None)
    by, model = _choices(qp)
    form: dict[str, Any] = {
        "from": qp.get("from", ""),
        "to": qp.get("to", ""),
        "by": by,
        "model": model,
        "periods": [(x, f"measure.period.{x}") for x in PERIODS],
        "models": [(x, model_label(x, p.lang)) for x in FUNNEL_MODELS],
        "upload": uploaded.id if uploaded else None,
        "upload_problems": upload_problems or [],
        "gone": bool(asked) and uploaded is None and upload_problems is None,
        "deleted": qp.get("deleted") == "1",
        "imported": uploaded,
        "read": sum(uploaded.summary.get("read", {}).values()) if uploaded else 0,
        "rejected": _rejected(uploaded.summary, p.lang) if uploaded else [],
        "kept": uploads(request),
    }
    if uploaded is not None:
        nf = NumberFormatter(p.lang, digits=p.digits)
        n, rejected = form["read"], len(form["rejected"])
        form["imported_text"] = t(
            "measure.page.imported", p.lang, count=Counted(n, nf.num(n)), rejected=nf.num(rejected)
        )
    status = 200  # a refused upload comes back as an ordinary page (a browser logs non-2xx pages as errors)
    if store is None or form["gone"] or upload_problems or not store.exists():
        return render(request, "measure.html.j2", status=status, prefs=p, form=form, missing=True, error=None)
    try:
        key = (_day(qp.get("from")), _day(qp.get("to")), by, model)
        result = await heavy(request, _measurement, _cache(request), key, store, truth)
    except ValueError:
        return render(
            request,
            "measure.html.j2",
            prefs=p,
            form=form,
            missing=False,
            error=[f"{qp.get('from', '')} {qp.get('to', '')}".strip()],
            bad_date=True,
        )
    except InputError as exc:
        return render(
            request,
            "measure.html.j2",
            prefs=p,
            form=form,
            missing=False,
            error=[problem.message(p.lang) for problem in exc.problems],
            bad_date=False,
        )
    digits = p.digits_for(_country(request, result.currency))  # the digits the store's country writes
    context = measurement_context(result, p.lang, digits)
    context.pop("t")
    context.pop("lang")
    context.pop("dir")
    return render(
        request,
        "measure.html.j2",
        prefs=p,
        form=form,
        missing=False,
        error=None,
        charts=measure_charts(result, p.lang, digits),
        can_keep=may_keep(request),
        kept_run=qp.get("kept") == "1",
        **context,
    )


@router.post("/measure/keep")
async def keep_measurement(request: Request) -> Response:
    """Keep the measurement the page shows (its upload, window, periods and model, and its result) in the
    workspace as a run."""
    form = await request.form()
    asked = {k: str(form.get(k) or "") for k in ("upload", "from", "to", "by", "model")}
    p = prefs(request)
    store, truth, uploaded = _source(request, asked["upload"] or None)
    by, model = _choices(asked)
    if store is None or not store.exists() or (asked["upload"] and uploaded is None):
        return render(request, "error.html.j2", status=404, prefs=p, message_key="web.workspace.gone", details=[])
    try:
        key = (_day(asked["from"]), _day(asked["to"]), by, model)
        result = await heavy(request, _measurement, _cache(request), key, store, truth)
    except (ValueError, InputError):
        return render(request, "error.html.j2", status=400, prefs=p, message_key="web.error.bad_request", details=[])
    params: dict[str, Any] = {
        **asked,
        "by": by,
        "model": model,
        "files": uploaded.summary.get("files", []) if uploaded else [store.name],
        "summary": {lang: measurement_summary(result, lang) for lang in ("ar", "en")},
    }
    data = data_for(request)
    user = getattr(request.state, "user", None)
    await heavy(request, keep_run, data, "measurement", params, result.to_json_dict(), user)
    query = urlencode({**{k: v for k, v in asked.items() if v}, "lang": p.lang, "kept": "1"})
    return RedirectResponse(f"/measure?{query}", status_code=303)
