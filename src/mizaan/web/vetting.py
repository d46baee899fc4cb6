"""The vetting pages: upload candidates and posts (CSV, XLSX or JSON) with a profile, or try the bundled
example files; then the ranked table with reasons, a card per influencer with its engagement over time,
the shortlist compared, and downloads (CSV, JSON).

Uploaded files stream into the data folder under the vetting limits (``web/receive.py``), are read in the
worker pool, and are kept (``vettings/ID``) until the user deletes them; each language renders its own
report from them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mizaan.errors import InputError, Problem
from mizaan.influencers import SUFFIXES, VetInput, VetReport, read_inputs, vet
from mizaan.knowledge import KnowledgeBase
from mizaan.profile import Profile, load_profile
from mizaan.report import excel_csv, render_vetting
from mizaan.web import tokens
from mizaan.web.limits import MB, Limits, check_file
from mizaan.web.locale import Prefs, prefs
from mizaan.web.receive import Received, receive
from mizaan.web.render import render
from mizaan.web.storage import DataDir, Stored, data_for
from mizaan.web.vet_views import result_view
from mizaan.web.work import heavy

router = APIRouter()
KIND = "vettings"
FILES = ("candidates", "posts", "history", "audience", "followers", "comments")
PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
LIMITS = Limits(request_bytes=100 * MB, file_bytes=20 * MB, unpacked_bytes=64 * MB, rows=100_000)
KEEP = 32
DOWNLOADS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
_LOCK = threading.Lock()


def _kb(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase = request.app.state.kb
    return kb


def _data(request: Request) -> DataDir:
    return data_for(request)


def _examples(request: Request) -> Path | None:
    """The bundled example files: ``vetting/`` beside the server's example profile, when it exists."""
    example: Path | None = request.app.state.example
    folder = example.parent / "vetting" if example else None
    return folder if folder and (folder / "candidates.csv").is_file() else None


def _redirect(request: Request, path: str) -> RedirectResponse:
    keep = {k: request.query_params[k] for k in ("lang", "digits") if k in request.query_params}
    return RedirectResponse(f"{path}?{urlencode(keep)}" if keep else path, status_code=303)


def _form(request: Request, problems: list[str] | None = None, token: str = "") -> HTMLResponse:
    return render(
        request,
        "vet.html.j2",
        token=token or request.query_params.get("profile", ""),
        has_example=request.app.state.example is not None,
        has_files=_examples(request) is not None,
        problems=problems or [],
        kept=_data(request).list(KIND),
    )


@router.get("/vet", response_class=HTMLResponse)
def vet_form(request: Request) -> HTMLResponse:
    return _form(request)


def _suffix_problem(name: str, suffixes: tuple[str, ...]) -> Problem:
    return Problem(
        "influencers.file.suffix",
        {"suffix": Path(name).suffix or "—", "expected": ", ".join(suffixes)},
        file=name,
    )


def _read(request: Request, got: Received, folder: Path, limits: Limits) -> dict[str, Any]:
    """The uploaded files checked and read (in the worker pool); the summary that keeps them."""
    kb = _kb(request)
    files: dict[str, str] = {}
    for key, name, path in got.files:
        allowed = PROFILE_SUFFIXES if key == "profile_file" else SUFFIXES
        if key != "profile_file" and key not in FILES:
            continue
        if path.suffix.lower() not in allowed:
            raise InputError([_suffix_problem(name, allowed)])
        check_file(path, limits, name)
        files[key] = path.name
    if "profile_file" in files:
        profile = load_profile(folder / files.pop("profile_file"), kb)
    elif got.get("profile_token"):
        profile = tokens.decode(got.get("profile_token"), kb)
    elif got.get("profile_source") == "example" and request.app.state.example is not None:
        profile = load_profile(request.app.state.example, kb)
    else:
        raise InputError([Problem("influencers.web.no_profile", {})])
    if "candidates" not in files:
        raise InputError([Problem("influencers.web.no_candidates", {})])
    _inputs(request, folder, files)  # read once now, so that a bad file is said here, not on the next page
    return {"at": dt.datetime.now(dt.UTC).isoformat(), "profile": tokens.encode(profile), "files": files}


def _inputs(request: Request, folder: Path, files: dict[str, str]) -> VetInput:
    paths = {k: folder / v for k, v in files.items()}
    return read_inputs(
        paths["candidates"],
        posts=paths.get("posts"),
        history=paths.get("history"),
        audience=paths.get("audience"),
        followers=paths.get("followers"),
        comments=paths.get("comments"),
        kb=_kb(request),
    )


def _messages(exc: InputError, p: Prefs, folder: Path) -> list[str]:
    """The problems in the user's language, naming their own file names rather than the data folder."""
    out = []
    for problem in exc.problems:
        if problem.file and problem.file.startswith(str(folder)):
            problem = dataclasses.replace(problem, file=Path(problem.file).name)
        out.append(problem.message(p.lang))
    return out


@router.post("/vet")
async def vet_upload(request: Request) -> Response:
    p = prefs(request)
    limits = dataclasses.replace(getattr(request.app.state, "vet_limits", LIMITS), lang=p.lang, digits=p.digits)
    data = _data(request)
    token = ""
    with data.incoming(KIND) as (new_id, folder):
        try:
            got = await receive(request, folder, limits)
            token = got.get("profile_token")
            summary = await heavy(request, _read, request, got, folder, limits)
        except InputError as exc:
            return _form(request, _messages(exc, p, folder), token=token)
        stored = data.commit(KIND, new_id, folder, summary)
    return _redirect(request, f"/vet/{stored.id}")


@router.post("/vet/example")
async def vet_example(request: Request) -> Response:
    source = _examples(request)
    example: Path | None = request.app.state.example
    if source is None or example is None:
        return render(request, "error.html.j2", status=404, message_key="web.error.not_found", details=[])
    data = _data(request)
    with data.incoming(KIND) as (new_id, folder):
        files = {}
        for name in FILES:
            if (source / f"{name}.csv").is_file():
                shutil.copyfile(source / f"{name}.csv", folder / f"{name}.csv")
                files[name] = f"{name}.csv"
        profile = load_profile(example, _kb(request))
        summary = {"at": dt.datetime.now(dt.UTC).isoformat(), "profile": tokens.encode(profile), "files": files}
        await heavy(request, _inputs, request, folder, files)
        stored = data.commit(KIND, new_id, folder, summary)
    return _redirect(request, f"/vet/{stored.id}")


@router.post("/vet/{rid}/delete")
def vet_delete(request: Request, rid: str) -> Response:
    _data(request).delete(KIND, rid)
    with _LOCK:
        for cache in ("vet_inputs", "vet_reports"):
            store: OrderedDict[Any, Any] = request.app.state.__dict__.get(cache, OrderedDict())
            for key in [k for k in store if (k[0] if isinstance(k, tuple) else k) == rid]:
                store.pop(key, None)
    return _redirect(request, "/vet")


def _cached(request: Request, name: str, key: Any, make: Any) -> Any:
    cache: OrderedDict[Any, Any] = request.app.state.__dict__.setdefault(name, OrderedDict())
    with _LOCK:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = make()
    with _LOCK:
        cache[key] = value
        while len(cache) > KEEP * 2:
            cache.popitem(last=False)
    return value


def _report(request: Request, rid: str, p: Prefs) -> VetReport | None:
    """The vetting report of a kept upload in the request's language (in the worker pool); None when the
    upload is no longer kept."""
    stored: Stored | None = _data(request).find(KIND, rid)
    if stored is None:
        return None
    summary = stored.summary
    data: VetInput = _cached(
        request, "vet_inputs", rid, lambda: _inputs(request, stored.folder, dict(summary["files"]))
    )
    profile: Profile = tokens.decode(str(summary["profile"]), _kb(request))
    report: VetReport = _cached(
        request,
        "vet_reports",
        (rid, p.lang, p.digits),
        lambda: vet(data, profile, kb=_kb(request), lang=p.lang, digits=p.digits),
    )
    return report


@router.get("/vet/{rid}", response_class=HTMLResponse)
async def vet_result(request: Request, rid: str) -> HTMLResponse:
    p = prefs(request)
    report = await heavy(request, _report, request, rid, p)
    if report is None:
        return render(request, "error.html.j2", status=404, message_key="influencers.web.expired", details=[])
    return render(request, "vet_result.html.j2", rid=rid, view=result_view(report, p.digits_for(report.country)))


@router.get("/vet/{rid}/download/{fmt}")
async def vet_download(request: Request, rid: str, fmt: str) -> Response:
    p = prefs(request)
    report = await heavy(request, _report, request, rid, p) if fmt in DOWNLOADS else None
    if report is None or fmt not in DOWNLOADS:
        return render(request, "error.html.j2", status=404, message_key="web.error.not_found", details=[])
    text = render_vetting(report, fmt, p.digits)
    body = excel_csv(text) if fmt == "csv" else text.encode("utf-8")
    name = f"mizaan-vetting-{report.lang}.{fmt}"
    return Response(body, media_type=DOWNLOADS[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})
