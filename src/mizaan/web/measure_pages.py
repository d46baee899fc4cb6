"""The measurement page: ``/measure`` over the store given to ``mizaan serve --store FILE`` (and the truth of
a simulated world with ``--truth``), with the window, the periods and the funnel model as query parameters."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mizaan.errors import InputError
from mizaan.i18n import to_western_digits
from mizaan.measure import DEFAULT_FUNNEL_MODEL, FUNNEL_MODELS, PERIODS, DuckDBEngine, Measurement, load_truth, measure
from mizaan.report import measurement_context, model_label
from mizaan.web.locale import prefs
from mizaan.web.measure_upload import find_upload
from mizaan.web.measure_views import measure_charts
from mizaan.web.render import render

router = APIRouter()
CACHE_SIZE = 16


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(to_western_digits(value.strip()))


def _measurement(request: Request, key: tuple[Any, ...], store: Path, truth: Path | None) -> Measurement:
    cache: OrderedDict[tuple[Any, ...], Measurement] = request.app.state.__dict__.setdefault(
        "measurements", OrderedDict()
    )
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


@router.get("/measure", response_class=HTMLResponse)
def measure_page(request: Request) -> HTMLResponse:
    p = prefs(request)
    qp = request.query_params
    store: Path | None = request.app.state.store
    truth: Path | None = request.app.state.truth
    uploaded = find_upload(request, qp.get("upload"))
    if uploaded is not None:
        store, truth = uploaded.store, uploaded.truth
    by = qp.get("by") if qp.get("by") in PERIODS else "month"
    model = qp.get("model") if qp.get("model") in FUNNEL_MODELS else DEFAULT_FUNNEL_MODEL
    form: dict[str, Any] = {
        "from": qp.get("from", ""),
        "to": qp.get("to", ""),
        "by": by,
        "model": model,
        "periods": [(x, f"measure.period.{x}") for x in PERIODS],
        "models": [(x, model_label(x, p.lang)) for x in FUNNEL_MODELS],
        "upload": qp.get("upload") if uploaded else None,
        "upload_error": qp.get("upload_error") if qp.get("upload_error") in ("no_files", "too_large") else None,
        "imported": uploaded,
    }
    if store is None or (uploaded is not None and not uploaded.store.exists()):
        return render(request, "measure.html.j2", prefs=p, form=form, missing=True, error=None)
    try:
        key = (_day(qp.get("from")), _day(qp.get("to")), by, model)
        result = _measurement(request, key, store, truth)
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
    context = measurement_context(result, p.lang, p.digits)
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
        charts=measure_charts(result, p.lang, p.digits),
        **context,
    )
