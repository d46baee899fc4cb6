"""The pages: home (brief or form), plan, comparison, downloads, and the bundled example."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mizaan.brief import BriefInputError, BriefResult, extract
from mizaan.errors import InputError
from mizaan.i18n import Lang, NumberFormatter, t
from mizaan.knowledge import KnowledgeBase
from mizaan.plan import Plan
from mizaan.profile import Profile, field_label, load_profile, parse_profile, value_label
from mizaan.report import (
    Bullets,
    Document,
    Item,
    Section,
    document_context,
    excel_csv,
    influencer_headline,
    plan_document,
    plan_formatter,
    plan_print_html,
    render_plan_bytes,
)
from mizaan.web import tokens
from mizaan.web.evidence_pages import kept_fit_choices
from mizaan.web.forms import field_errors, field_id, form_view, parse_form, profile_values
from mizaan.web.locale import Prefs, prefs
from mizaan.web.pdf_pool import PdfPool
from mizaan.web.plans import planned
from mizaan.web.render import render
from mizaan.web.track_links_page import kept_base
from mizaan.web.views import chart_drawer, comparison
from mizaan.web.whatif_links import change_choices, changed_profile
from mizaan.web.work import heavy, slow
from mizaan.web.workspace import keep_plan, kept_plan, may_keep

router = APIRouter()
DOWNLOADS = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


def _redirect(request: Request, path: str, **params: str) -> RedirectResponse:
    """A 303 to ``path`` that keeps the language and digits the request asked for."""
    keep = {k: request.query_params[k] for k in ("lang", "digits") if k in request.query_params}
    query = urlencode({**params, **keep})
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)


def _bad_link(request: Request, p: Prefs, exc: InputError) -> HTMLResponse:
    """The page for a plan link whose profile does not validate (damaged, or made with another version)."""
    details = [problem.message(p.lang) for problem in exc.problems]
    return render(request, "error.html.j2", status=400, prefs=p, message_key="web.error.bad_profile", details=details)


def _kb(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase = request.app.state.kb
    return kb


def _plan(request: Request, token: str, p: Prefs, what_if: bool = True) -> tuple[Profile, Plan]:
    profile, plan, _ = planned(request, token, p, what_if)
    return profile, plan


def _understood(result: BriefResult, lang: Lang) -> list[dict[str, str]]:
    """What the brief said, field by field, with the user's words and the extractor's confidence."""
    nf = NumberFormatter(lang)
    rows = []
    for field, ev in result.evidence.items():
        rows.append(
            {
                "field": field_label(field, lang),
                "value": value_label(field, ev.value, lang, nf),
                "words": " … ".join(f"«{s.text}»" for s in ev.spans),
                "confidence": nf.pct(ev.confidence),
            }
        )
    return rows


def _home(
    request: Request,
    status: int = 200,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    brief: str = "",
    notice: str | None = None,
    understood: list[dict[str, str]] | None = None,
    brief_error: str | None = None,
    warned: dict[str, str] | None = None,
) -> HTMLResponse:
    p = prefs(request)
    return render(
        request,
        "home.html.j2",
        status=status,
        prefs=p,
        groups=form_view(_kb(request), p.lang, values or {}, errors or {}, warned=warned or {}),
        general_error=(errors or {}).get(""),
        brief=brief,
        notice=notice,
        understood=understood or [],
        brief_error=brief_error,
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request, profile: str | None = None, focus: str | None = None) -> HTMLResponse:
    """The form; with ``profile`` (a plan's link) filled with that profile, and with ``focus`` (a field a
    plan's warning names) that field marked, so the reader changes what the warning is about."""
    if profile is None:
        return _home(request)
    p = prefs(request)
    try:
        values = profile_values(tokens.decode(profile, _kb(request)))
    except InputError as exc:
        return _bad_link(request, p, exc)
    warned = {focus: t("web.form.warned", p.lang)} if focus else {}
    return _home(request, values=values, warned=warned)


@router.post("/brief")
async def submit_brief(request: Request) -> Response:
    """A brief in Arabic or English: straight to the plan when it says enough, else the form filled with
    what it said and the missing fields marked."""
    form = await request.form()
    text = str(form.get("text") or "")
    return await heavy(request, _brief, request, text)


def _brief(request: Request, text: str) -> Response:
    p = prefs(request)
    kb = _kb(request)
    try:
        result = extract(text, kb)
    except BriefInputError as exc:
        return _home(request, brief=text, brief_error=" · ".join(t(e.key, p.lang, **e.params) for e in exc.problems))
    try:
        profile = result.to_profile(kb)
    except InputError as exc:
        return _home(
            request,
            values=result.profile.as_mapping(),
            errors=field_errors(exc, p.lang),
            brief=text,
            understood=_understood(result, p.lang),
            notice=t("web.brief.incomplete", p.lang),
        )
    return _planned(request, profile)


def _planned(request: Request, profile: Profile) -> RedirectResponse:
    """To the new plan's page, once its profile is kept in the workspace (for those who may keep things)."""
    token = tokens.encode(profile)
    keep_plan(request, profile, token)
    return _redirect(request, f"/plan/{token}")


@router.post("/form")
async def submit_form(request: Request) -> Response:
    form = await request.form()
    data = parse_form({k: str(v) for k, v in form.items()})
    return await heavy(request, _form, request, data)


def _form(request: Request, data: dict[str, Any]) -> Response:
    try:
        profile = parse_profile(data, _kb(request))
    except InputError as exc:
        # the form comes back with its errors as an ordinary page (a browser logs non-2xx pages as errors)
        return _home(request, values=data, errors=field_errors(exc, prefs(request).lang))
    return _planned(request, profile)


@router.get("/plan/{token}", response_class=HTMLResponse)
async def plan_page(request: Request, token: str) -> HTMLResponse:
    """The plan, at once; what would change it is shown when it was computed before, else linked."""
    return await heavy(request, _plan_page, request, token, False)


@router.get("/plan/{token}/what-if", response_class=HTMLResponse)
async def plan_page_with_what_ifs(request: Request, token: str) -> HTMLResponse:
    """The plan page with what would change the plan (planned for every change: the costly part)."""
    return await slow(request, _plan_page, request, token, True)


def _what_if_link(doc: Document, token: str, lang: Lang) -> Document:
    """The plan's document with, in place of what would change it (not computed yet), a link to it."""
    link = Item(t("web.plan.what_if_later", lang), href=f"/plan/{token}/what-if?lang={lang}#what-if")
    later = Section("what-if", t("report.what_if", lang), (Bullets((link,), id="what-if-later"),))
    ids = [s.id for s in doc.sections]
    at = ids.index("measurement") + 1 if "measurement" in ids else len(ids)
    return replace(doc, sections=(*doc.sections[:at], later, *doc.sections[at:]))


def _plan_page(request: Request, token: str, what_if: bool) -> HTMLResponse:
    p = prefs(request)
    try:
        profile, plan, full = planned(request, token, p, what_if)
    except InputError as exc:
        return _bad_link(request, p, exc)
    if not full:
        doc = _what_if_link(plan_document(plan), token, p.lang)
        return _plan_html(request, p, profile, plan, token, doc)
    hrefs = [
        "/compare?"
        + urlencode(
            {
                "a": token,
                "b": tokens.encode(changed_profile(profile, w.change.field, w.change.after, _kb(request))),
                "lang": plan.lang,
            }
        )
        for w in plan.what_would_change
    ]
    doc = plan_document(plan).with_links("what-if", hrefs)
    return _plan_html(request, p, profile, plan, token, doc)


def _plan_html(request: Request, p: Prefs, profile: Profile, plan: Plan, token: str, doc: Document) -> HTMLResponse:
    # a warning that names a profile field links to the form, filled with this profile, at that field
    doc = doc.with_field_links(
        lambda f: "/?" + urlencode({"profile": token, "focus": f, "lang": p.lang}) + "#" + field_id(f)
    )
    return render(
        request,
        "plan.html.j2",
        prefs=p,
        plan=plan,
        token=token,
        **document_context(doc, draw=chart_drawer(plan_formatter(plan)), web=True),
        changes=change_choices(profile, p.lang),
        values=profile_values(profile),
        kept=kept_plan(request, token) is not None,
        can_keep=may_keep(request),
        fits=kept_fit_choices(request),
        tracking=request.app.state.track_db is not None,
        track_base=kept_base(request),  # _plan_page runs in a worker thread: the store is read there
    )


@router.get("/plan/{token}/download/{fmt}")
async def download(request: Request, token: str, fmt: str) -> Response:
    p = prefs(request)
    if fmt not in DOWNLOADS:
        return render(request, "error.html.j2", status=404, prefs=p, message_key="web.error.not_found", details=[])
    try:
        profile, plan = await heavy(request, _plan, request, token, p)
    except InputError as exc:
        return _bad_link(request, p, exc)
    if fmt == "pdf":  # printed by the app's one running browser
        pool: PdfPool = request.app.state.pdf
        body = await heavy(request, pool.print, plan_print_html(plan, plan.digits))
    else:
        body = await heavy(request, render_plan_bytes, plan, fmt, plan.digits)
        if fmt == "csv":  # with the byte-order mark Excel needs to read Arabic
            body = excel_csv(body.decode("utf-8"))
    name = f"mizaan-plan-{profile.business_type}-{plan.lang}.{fmt}"
    return Response(body, media_type=DOWNLOADS[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/compare")
def compare_with_change(
    request: Request, a: str = Form(...), field: str = Form(...), value: str = Form(...)
) -> Response:
    p = prefs(request)
    try:
        base = tokens.decode(a, _kb(request))
        changed = changed_profile(base, field, value, _kb(request))
    except (InputError, ValueError):
        return render(request, "error.html.j2", status=400, prefs=p, message_key="web.error.bad_change", details=[])
    return _redirect(request, "/compare", a=a, b=tokens.encode(changed))


@router.get("/compare", response_class=HTMLResponse)
async def compare(request: Request, a: str, b: str) -> HTMLResponse:
    return await heavy(request, _compare, request, a, b)


def _compare(request: Request, a: str, b: str) -> HTMLResponse:
    p = prefs(request)
    try:  # a comparison shows no what-ifs: the plans are made without them
        _, plan_a = _plan(request, a, p, what_if=False)
        _, plan_b = _plan(request, b, p, what_if=False)
    except InputError as exc:
        return _bad_link(request, p, exc)
    nf = plan_formatter(plan_a)
    flat_a, flat_b = _flatten(plan_a.profile), _flatten(plan_b.profile)
    differences = [
        (field_label(k, p.lang), value_label(k, flat_a.get(k), p.lang, nf), value_label(k, flat_b.get(k), p.lang, nf))
        for k in sorted(set(flat_a) | set(flat_b))
        if flat_a.get(k) != flat_b.get(k)
    ]
    return render(
        request,
        "compare.html.j2",
        prefs=p,
        a=plan_a,
        b=plan_b,
        token_a=a,
        token_b=b,
        nf=nf,
        headlines=[influencer_headline(plan_a, nf), influencer_headline(plan_b, nf)],
        table=comparison(plan_a, plan_b, nf),
        differences=differences,
    )


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        if isinstance(v, dict) and k != "audience_age":
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


@router.get("/example")
def example(request: Request) -> Response:
    """The plan of the example profile the server was started with (``mizaan serve --example FILE``)."""
    path: Path | None = request.app.state.example
    if path is None:
        return render(request, "error.html.j2", status=404, message_key="web.error.not_found", details=[])
    profile = load_profile(path, _kb(request))
    return _redirect(request, f"/plan/{tokens.encode(profile)}")


@router.get("/health")
async def health() -> dict[str, str]:
    """Answered on the event loop itself (no hop through a thread pool busy with plans)."""
    return {"status": "ok"}
