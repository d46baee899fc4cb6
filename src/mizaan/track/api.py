"""The tracking service's JSON API and webhook receivers, one FastAPI app (``create_api``), servable on its
own or in front of the web app (``mizaan serve --track-db``).

- ``/api/track/links`` (list, create), ``/api/track/links/{link_id}`` (edit), ``.../pause``,
  ``/api/track/conversions``: a workspace's API token (``Authorization: Bearer mzt_...``) names the
  workspace; every body and query field is validated by a model that forbids unknown fields.
- ``/hooks/{shopify|salla|zid|postback}/{workspace}``: no token — each source's own signature on the raw
  body (``mizaan.track.orders.verify``); bodies over 1 MiB are refused before they are read whole.
- Rate limits per caller address, per workspace and per webhook (429 with ``Retry-After``).
- Every refusal is JSON ``{"error": {"ar": ..., "en": ...}, "problems": [...]}``: both languages, each
  problem naming its field.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from mizaan.errors import MizaanError, Problem
from mizaan.i18n import LANGS, has, t
from mizaan.track.orders import PayloadError, SignatureError, connect, receive, token_workspace
from mizaan.track.orders.db import iso
from mizaan.track.orders.linkedit import LinkError, create_link, edit_link, list_links
from mizaan.track.orders.throttle import Rate, Throttle

MAX_BODY = 1 << 20
API_RATE = Rate(20, 40)  # per workspace: requests a second, and a burst
HOOK_RATE = Rate(50, 200)  # per workspace and source (a shop's backlog arrives in bursts)
ADDRESS_RATE = Rate(100, 200)  # per caller address, before any token is looked up
Workspace = Annotated[str, PathParam(pattern=r"^[\w.@-]{1,64}$")]
LinkId = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9]{6,12}$")]
Tag = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]
Status = Literal["active", "paused", "expired"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LinkCreate(Strict):
    destination: Annotated[str, Field(min_length=9, max_length=2048, description="An absolute https URL.")]
    line: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")] | None = None
    creator: Tag | None = None
    plan_id: Tag | None = None
    utm_source: Tag | None = None
    utm_medium: Tag | None = None
    utm_campaign: Tag | None = None
    utm_content: Tag | None = None
    promo_code: Annotated[str, Field(pattern=r"^[A-Za-z0-9]{4,16}$")] | None = None
    expires_at: AwareDatetime | None = None


class LinkEdit(Strict):
    destination: Annotated[str, Field(min_length=9, max_length=2048)] | None = Field(
        None, description="Same host and port as before; only the path and query may change."
    )
    status: Status | None = None
    expires_at: AwareDatetime | None = None


class LinkOut(BaseModel):
    link_id: str
    workspace: str
    plan_id: str | None
    line: str | None
    creator: str | None
    destination: str
    utm_source: str | None
    utm_medium: str | None
    utm_campaign: str | None
    utm_content: str | None
    promo_code: str | None
    status: str
    expires_at: str | None
    created_at: str
    updated_at: str


class ConversionOut(BaseModel):
    source: str
    order_id: str
    at: str | None
    amount: str | None = Field(description="What the order is worth after refunds, exact decimal text.")
    currency: str | None
    status: str | None
    click_id: str | None
    link_id: str | None
    promo_code: str | None
    matched_by: str | None
    received_at: str | None


class HookOut(BaseModel):
    outcome: Literal["stored", "duplicate", "ignored"]
    kind: str | None
    order_id: str | None


class Texts(BaseModel):
    ar: str
    en: str


class ProblemOut(BaseModel):
    field: str | None
    ar: str
    en: str


class ErrorOut(BaseModel):
    error: Texts
    problems: list[ProblemOut] = []


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 404, 409, 413, 422, 429, 503)
}


def _texts(key: str, **params: Any) -> dict[str, str]:
    return {lang: t(key, lang, **params) for lang in LANGS}


def refusal(status: int, key: str, problems: list[Problem] | None = None, **params: Any) -> JSONResponse:
    body = {
        "error": _texts(key, **params),
        "problems": [{"field": p.field, **{lang: p.message(lang) for lang in LANGS}} for p in problems or []],
    }
    return JSONResponse(body, status_code=status)


def _error(status: int, exc: MizaanError) -> JSONResponse:
    problems = getattr(exc, "problems", [])
    body = {
        "error": {lang: exc.message(lang).split("\n")[0] for lang in LANGS},
        "problems": [{"field": p.field, **{lang: p.message(lang) for lang in LANGS}} for p in problems],
    }
    return JSONResponse(body, status_code=status)


class Limited(Exception):
    def __init__(self, wait: int) -> None:
        self.wait = wait


class Unauthorised(Exception):
    """A request without a valid workspace token (answered 401)."""


class Service:
    """What the routes share: the database (one connection per worker thread) and the rate limits."""

    def __init__(self, db: str | Path, api_rate: Rate, hook_rate: Rate, address_rate: Rate) -> None:
        self.db = db
        self.local = threading.local()
        rates = {"api": api_rate, "hook": hook_rate, "address": address_rate}
        self.throttles = {kind: Throttle(db, rate, kind) for kind, rate in rates.items()}  # shared by processes

    def con(self) -> sqlite3.Connection:
        got: sqlite3.Connection | None = getattr(self.local, "con", None)
        if got is None:
            got = self.local.con = connect(self.db)
        return got

    def limit(self, kind: str, key: str) -> None:
        wait = self.throttles[kind].take(key)
        if wait:
            raise Limited(wait)

    def by_address(self, request: Request) -> None:
        self.limit("address", request.client.host if request.client else "?")


def service(request: Request) -> Service:
    found: Service = request.app.state.track
    return found


bearer = HTTPBearer(auto_error=False, description="A workspace's API token (mizaan track token).")


def workspace_of(request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    """The workspace of the request's API token (401 without a valid one), within its rate."""
    svc = service(request)
    svc.by_address(request)
    found = token_workspace(svc.con(), creds.credentials if creds else None)
    if found is None:
        raise Unauthorised
    svc.limit("api", found)
    return found


Me = Annotated[str, Depends(workspace_of)]


def create_api(
    db: str | Path,
    *,
    api_rate: Rate = API_RATE,
    hook_rate: Rate = HOOK_RATE,
    address_rate: Rate = ADDRESS_RATE,
) -> FastAPI:
    """The API over the tracking database ``db`` (a SQLite file, shared with the redirect service)."""
    app = FastAPI(title="mizaan tracking API", version="1", docs_url=None, redoc_url=None)
    svc = app.state.track = Service(db, api_rate, hook_rate, address_rate)
    con = svc.con

    @app.exception_handler(Limited)
    async def limited(request: Request, exc: Limited) -> JSONResponse:
        out = refusal(429, "track.api.rate", seconds=exc.wait)
        out.headers["Retry-After"] = str(exc.wait)
        return out

    @app.exception_handler(Unauthorised)
    async def unauthorised(request: Request, exc: Unauthorised) -> JSONResponse:
        out = refusal(401, "track.api.token")
        out.headers["WWW-Authenticate"] = "Bearer"
        return out

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        key = {400: "track.api.bad_body", 404: "track.api.not_found", 405: "track.api.method"}
        return refusal(exc.status_code, key.get(exc.status_code, "track.api.http"), code=exc.status_code)

    @app.exception_handler(LinkError)
    async def link_error(request: Request, exc: LinkError) -> JSONResponse:
        return _error(exc.status, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            Problem(_key(str(e.get("type"))), {}, field=".".join(str(p) for p in e.get("loc", ())) or None)
            for e in exc.errors()
        ]
        return refusal(422, "track.api.invalid", problems, count=len(problems))

    @app.get("/api/track/links", response_model=list[LinkOut], responses=ERRORS, tags=["links"])
    def links(
        me: Me,
        status: Status | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    ) -> list[dict[str, Any]]:
        return list_links(con(), me, status, limit, offset)

    @app.post("/api/track/links", response_model=LinkOut, status_code=201, responses=ERRORS, tags=["links"])
    def create(me: Me, body: LinkCreate) -> dict[str, Any]:
        fields = body.model_dump()
        if body.expires_at is not None:
            fields["expires_at"] = iso(body.expires_at)
        return create_link(con(), me, fields)

    @app.patch("/api/track/links/{link_id}", response_model=LinkOut, responses=ERRORS, tags=["links"])
    def edit(me: Me, link_id: LinkId, body: LinkEdit) -> dict[str, Any]:
        changes = body.model_dump()
        if body.expires_at is not None:
            changes["expires_at"] = iso(body.expires_at)
        return edit_link(con(), me, link_id, changes)

    @app.post("/api/track/links/{link_id}/pause", response_model=LinkOut, responses=ERRORS, tags=["links"])
    def pause(me: Me, link_id: LinkId) -> dict[str, Any]:
        return edit_link(con(), me, link_id, {"status": "paused"})

    @app.get("/api/track/conversions", response_model=list[ConversionOut], responses=ERRORS, tags=["conversions"])
    def conversions(
        me: Me,
        status: Literal["paid", "refunded", "cancelled"] | None = None,
        matched_by: Literal["click_id", "utm", "promo_code", "none"] | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    ) -> list[dict[str, Any]]:
        rows = con().execute(
            "SELECT * FROM conversions WHERE workspace = ? AND (? IS NULL OR status = ?) "
            "AND (? IS NULL OR COALESCE(matched_by, 'none') = ?) ORDER BY at, source, order_id LIMIT ? OFFSET ?",
            [me, status, status, matched_by, matched_by, limit, offset],
        )
        return [dict(r) for r in rows.fetchall()]

    @app.post("/hooks/{source}/{workspace}", response_model=HookOut, responses=ERRORS, tags=["webhooks"])
    async def hook(
        request: Request,
        source: Literal["shopify", "salla", "zid", "postback"],
        workspace: Workspace,
        token: Annotated[str | None, Query(max_length=256, description="Zid: the workspace's secret.")] = None,
    ) -> Any:
        svc.by_address(request)
        svc.limit("hook", f"{source}:{workspace}")
        declared = request.headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > MAX_BODY:
            return refusal(413, "track.api.too_big", mb="1")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                return refusal(413, "track.api.too_big", mb="1")
            chunks.append(chunk)
        headers = {k.lower(): v for k, v in request.headers.items()}
        query = {"token": token} if token is not None else {}
        try:
            body = b"".join(chunks)
            # the connection is the worker thread's own: resolved there, never on the event loop's thread
            got = await run_in_threadpool(lambda: receive(con(), source, workspace, body, headers, query))
        except SignatureError as exc:
            return _error(401, exc)
        except PayloadError as exc:
            return _error(422, exc)
        return {"outcome": got.outcome, "kind": got.kind, "order_id": got.order_id}

    return app


def _key(kind: str) -> str:
    key = f"track.hook.v.{kind}"
    return key if has(key) else "track.hook.invalid"
