"""Measuring uploaded exports: ``POST /measure/upload`` takes export files (ad reports, shop orders, GA4,
the influencer sheet, mapping files) and optionally a simulated world's ``truth.json``, streams them into
the data folder under the request's limits (``web/receive.py``, ``web/limits.py``), imports them into a
project store with the same importers as ``mizaan import`` in the worker pool, and shows
``/measure?upload=ID``.

An upload is kept until the user deletes it (``POST /measure/upload/ID/delete``), which removes it from
disk. A refused or failed import keeps nothing: the page says why, naming the file, row and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from mizaan.errors import InputError, Problem
from mizaan.ingest import ImportOptions, import_paths
from mizaan.web.limits import MB, Limits, check_file
from mizaan.web.locale import prefs
from mizaan.web.measure_kept import KIND, data_dir
from mizaan.web.measure_pages import page
from mizaan.web.receive import receive
from mizaan.web.work import heavy

router = APIRouter()
LIMITS = Limits(request_bytes=256 * MB, file_bytes=256 * MB, unpacked_bytes=256 * MB, rows=1_000_000)


def _import(folder: Path, files: list[tuple[str, Path]], timezone: str | None, limits: Limits) -> dict[str, Any]:
    """Check the files against the limits, then import them into ``folder/store.duckdb`` (one transaction:
    all or nothing). The summary keeps the rejected records in both languages."""
    for name, path in files:
        check_file(path, limits, name)
    report = import_paths([folder / "exports"], folder / "store.duckdb", ImportOptions(timezone=timezone), lang="en")
    return {
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "files": [name for name, _ in files],
        "read": dict(report.read),
        "rejected": [
            {"file": r.file or "", "row": r.row, "ar": r.reason_ar, "en": r.reason_en} for r in report.rejected
        ],
    }


async def _problems(request: Request, problems: list[str]) -> Response:
    return await page(request, upload_problems=problems)


@router.post("/measure/upload")
async def upload(request: Request) -> Response:
    p = prefs(request)
    limits = dataclasses.replace(getattr(request.app.state, "measure_limits", LIMITS), lang=p.lang, digits=p.digits)
    data = data_dir(request)
    with data.incoming(KIND) as (new_id, folder):
        exports = folder / "exports"
        exports.mkdir()
        try:
            got = await receive(request, exports, limits)
            files = [(name, path) for key, name, path in got.files if key != "truth"]
            if not files:
                raise InputError([Problem("measure.page.upload_no_files", {})])
            truth = got.file("truth")
            if truth is not None:
                truth[1].rename(folder / "truth.json")
            summary = await heavy(request, _import, folder, files, got.get("timezone") or None, limits)
        except InputError as exc:
            return await _problems(request, [problem.message(p.lang) for problem in exc.problems])
        summary["truth"] = truth is not None
        stored = data.commit(KIND, new_id, folder, summary)
    return RedirectResponse(f"/measure?lang={p.lang}&upload={stored.id}", status_code=303)


@router.post("/measure/upload/{upload_id}/delete")
def delete(request: Request, upload_id: str) -> Response:
    p = prefs(request)
    gone = data_dir(request).delete(KIND, upload_id)
    return RedirectResponse(f"/measure?lang={p.lang}&deleted={'1' if gone else '0'}", status_code=303)


__all__ = ["router"]
