"""The vetting pages: upload candidates and posts (CSV, XLSX or JSON) with a profile, or try the bundled
example files; then the ranked table with reasons, a card per influencer with its engagement over time,
the shortlist compared, and downloads (CSV, JSON).

Uploaded files are read once into typed inputs and kept in memory under a random ID (never written
anywhere but a temporary folder that is removed at once); each language renders its own report.
"""

from __future__ import annotations

import dataclasses
import secrets
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from mizaan.errors import InputError, Problem
from mizaan.influencers import SUFFIXES, VetInput, VetReport, read_inputs, vet
from mizaan.knowledge import KnowledgeBase
from mizaan.profile import Profile, load_profile
from mizaan.report import render_vetting
from mizaan.web import tokens
from mizaan.web.locale import Prefs, prefs
from mizaan.web.render import render
from mizaan.web.vet_views import result_view

router = APIRouter()
FILES = ("candidates", "posts", "history", "audience", "followers", "comments")
MAX_BYTES = 20 * 1024 * 1024
KEEP = 32
DOWNLOADS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _kb(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase = request.app.state.kb
    return kb


def _store(request: Request) -> OrderedDict[str, tuple[VetInput, Profile]]:
    store: OrderedDict[str, tuple[VetInput, Profile]] = request.app.state.__dict__.setdefault("vettings", OrderedDict())
    return store


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
    )


@router.get("/vet", response_class=HTMLResponse)
def vet_form(request: Request) -> HTMLResponse:
    return _form(request)


def _keep(request: Request, data: VetInput, profile: Profile) -> str:
    store = _store(request)
    rid = secrets.token_urlsafe(9)
    store[rid] = (data, profile)
    while len(store) > KEEP:
        store.popitem(last=False)
    return rid


async def _profile(request: Request, form: Any, folder: Path) -> Profile:
    kb = _kb(request)
    token = str(form.get("profile_token") or "").strip()
    upload = form.get("profile_file")
    if isinstance(upload, UploadFile) and upload.filename:
        path = await _save(upload, folder, (".yaml", ".yml", ".json"))
        return load_profile(path, kb)
    if token:
        return tokens.decode(token, kb)
    example: Path | None = request.app.state.example
    if str(form.get("profile_source")) == "example" and example is not None:
        return load_profile(example, kb)
    raise InputError([Problem("influencers.web.no_profile", {})])


async def _save(upload: UploadFile, folder: Path, suffixes: tuple[str, ...]) -> Path:
    name = Path(upload.filename or "upload").name
    if Path(name).suffix.lower() not in suffixes:
        raise InputError(
            [
                Problem(
                    "influencers.file.suffix",
                    {"suffix": Path(name).suffix or "—", "expected": ", ".join(suffixes)},
                    file=name,
                )
            ]
        )
    body = await upload.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise InputError([Problem("influencers.web.too_big", {"mb": MAX_BYTES // (1024 * 1024)}, file=name)])
    path = folder / name
    if path.exists():
        path = folder / f"{len(list(folder.iterdir()))}-{name}"
    path.write_bytes(body)
    return path


def _messages(exc: InputError, p: Prefs, folder: Path) -> list[str]:
    """The problems in the user's language, naming their own file names rather than the temporary folder."""
    out = []
    for problem in exc.problems:
        if problem.file and problem.file.startswith(str(folder)):
            problem = dataclasses.replace(problem, file=Path(problem.file).name)
        out.append(problem.message(p.lang))
    return out


@router.post("/vet")
async def vet_upload(request: Request) -> Response:
    async with request.form(max_part_size=MAX_BYTES) as form:  # closes the uploaded files afterwards
        return await _vet_form(request, form)


async def _vet_form(request: Request, form: Any) -> Response:
    p = prefs(request)
    with tempfile.TemporaryDirectory(prefix="mizaan-vet-") as tmp:
        folder = Path(tmp)
        try:
            profile = await _profile(request, form, folder)
            paths: dict[str, Path] = {}
            for name in FILES:
                upload = form.get(name)
                if isinstance(upload, UploadFile) and upload.filename:
                    paths[name] = await _save(upload, folder, SUFFIXES)
            if "candidates" not in paths:
                raise InputError([Problem("influencers.web.no_candidates", {})])
            data = read_inputs(
                paths["candidates"],
                posts=paths.get("posts"),
                history=paths.get("history"),
                audience=paths.get("audience"),
                followers=paths.get("followers"),
                comments=paths.get("comments"),
                kb=_kb(request),
            )
        except InputError as exc:
            return _form(request, _messages(exc, p, folder), token=str(form.get("profile_token") or ""))
    return _redirect(request, f"/vet/{_keep(request, data, profile)}")


@router.post("/vet/example")
def vet_example(request: Request) -> Response:
    folder = _examples(request)
    example: Path | None = request.app.state.example
    if folder is None or example is None:
        return render(request, "error.html.j2", status=404, message_key="web.error.not_found", details=[])
    kb = _kb(request)
    data = read_inputs(
        folder / "candidates.csv",
        posts=folder / "posts.csv",
        history=folder / "history.csv",
        audience=folder / "audience.csv",
        followers=folder / "followers.csv",
        kb=kb,
    )
    return _redirect(request, f"/vet/{_keep(request, data, load_profile(example, kb))}")


def _report(request: Request, rid: str, p: Prefs) -> VetReport | None:
    found = _store(request).get(rid)
    if found is None:
        return None
    cache: OrderedDict[tuple[str, str, str | None], VetReport] = request.app.state.__dict__.setdefault(
        "vet_reports", OrderedDict()
    )
    key = (rid, p.lang, p.digits)
    if key not in cache:
        data, profile = found
        cache[key] = vet(data, profile, kb=_kb(request), lang=p.lang, digits=p.digits)
        while len(cache) > KEEP * 2:
            cache.popitem(last=False)
    return cache[key]


@router.get("/vet/{rid}", response_class=HTMLResponse)
def vet_result(request: Request, rid: str) -> HTMLResponse:
    p = prefs(request)
    report = _report(request, rid, p)
    if report is None:
        return render(request, "error.html.j2", status=404, message_key="influencers.web.expired", details=[])
    return render(request, "vet_result.html.j2", rid=rid, view=result_view(report, p.digits_for(report.country)))


@router.get("/vet/{rid}/download/{fmt}")
def vet_download(request: Request, rid: str, fmt: str) -> Response:
    p = prefs(request)
    report = _report(request, rid, p)
    if report is None or fmt not in DOWNLOADS:
        return render(request, "error.html.j2", status=404, message_key="web.error.not_found", details=[])
    body = render_vetting(report, fmt, p.digits)
    name = f"mizaan-vetting-{report.lang}.{fmt}"
    return Response(body, media_type=DOWNLOADS[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})
