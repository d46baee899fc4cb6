"""Measuring uploaded exports: ``POST /measure/upload`` takes export files (ad reports, shop orders, GA4,
the influencer sheet, mapping files) and optionally a simulated world's ``truth.json``, imports them into a
temporary project store with the same importers as ``mizaan import``, and shows ``/measure?upload=ID``.

Uploads live in a temporary folder for the life of the server; the oldest are deleted past ``KEEP``. Only
plain file names are kept (no folders), and a request larger than ``MAX_BYTES`` is refused.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from mizaan.errors import InputError
from mizaan.ingest import ImportOptions, import_paths
from mizaan.web.locale import prefs

router = APIRouter()
KEEP = 8
MAX_BYTES = 512 * 1024 * 1024
SAFE_NAME = re.compile(r"[^\w.\-]+", re.UNICODE)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass
class Upload:
    """An imported upload: its store, its truth file (if any), and what the import said."""

    folder: Path
    store: Path
    truth: Path | None
    read: dict[str, int] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)


def _uploads(request: Request) -> OrderedDict[str, Upload]:
    state = request.app.state
    if not hasattr(state, "uploads"):
        state.uploads = OrderedDict()
        state.upload_root = Path(tempfile.mkdtemp(prefix="mizaan-uploads-"))
        weakref.finalize(request.app, shutil.rmtree, state.upload_root, True)  # gone with the app
    uploads: OrderedDict[str, Upload] = state.uploads
    return uploads


def find_upload(request: Request, token: str | None) -> Upload | None:
    """The upload called ``token``, if this server still has it."""
    if not token or not TOKEN.match(token):
        return None
    return _uploads(request).get(token)


def _safe(name: str | None) -> str | None:
    base = Path(name or "").name
    base = SAFE_NAME.sub("_", base).strip("._")
    return base or None


@router.post("/measure/upload")
async def upload(request: Request) -> Response:
    p = prefs(request)
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_BYTES:
        return RedirectResponse(f"/measure?lang={p.lang}&upload_error=too_large", status_code=303)
    uploads = _uploads(request)
    token = secrets.token_urlsafe(18)
    folder = Path(request.app.state.upload_root) / token
    exports = folder / "exports"
    exports.mkdir(parents=True)
    truth: Path | None = None
    saved = 0
    async with request.form() as form:
        for key, item in form.multi_items():
            if not isinstance(item, UploadFile):
                continue
            name = _safe(item.filename)
            if name is None:
                continue
            target = (folder / "truth.json") if key == "truth" else exports / name
            with target.open("wb") as out:
                shutil.copyfileobj(item.file, out)
            if key == "truth":
                truth = target
            else:
                saved += 1
        timezone = str(form.get("timezone") or "").strip() or None
    if not saved:
        shutil.rmtree(folder, ignore_errors=True)
        return RedirectResponse(f"/measure?lang={p.lang}&upload_error=no_files", status_code=303)
    up = Upload(folder, folder / "store.duckdb", truth)
    try:
        report = import_paths([exports], up.store, ImportOptions(timezone=timezone), lang=p.lang)
    except InputError as exc:
        up.rejected = [problem.message(p.lang) for problem in exc.problems]
    else:
        up.read = dict(report.read)
        up.rejected = [
            f"{r.file or ''}:{r.row or ''} {r.reason_ar if p.lang == 'ar' else r.reason_en}" for r in report.rejected
        ]
    uploads[token] = up
    while len(uploads) > KEEP:
        _, old = uploads.popitem(last=False)
        shutil.rmtree(old.folder, ignore_errors=True)
    return RedirectResponse(f"/measure?lang={p.lang}&upload={token}", status_code=303)
