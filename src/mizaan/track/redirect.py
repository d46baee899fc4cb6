"""The redirect service: a small ASGI app, ``GET /<slug>`` → ``302`` to the link's stored destination.

Each click is handed to the ``ClickWriter`` and the answer waits for its commit, so a ``302`` that carries
``mz_click=<id>`` always names a stored click. The destination comes from the store only — never from the
request (no query parameter, header or path part can choose where the visitor goes). Paused, expired and
unknown links answer a short page in Arabic or English (by ``Accept-Language``), never a redirect.
``/healthz`` says whether clicks are being stored (``ok``) or not (``degraded``, with the reason and how
many clicks were redirected without being stored).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from mizaan.i18n import Lang, t
from mizaan.track.bots import PREFETCH_HEADERS, bot_reason
from mizaan.track.hashing import ClickIds, DailySalt
from mizaan.track.links import with_click
from mizaan.track.store import Click, ClickWriter, Link, TrackStore, db_errors, utc_now

log = logging.getLogger("mizaan.track")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

WRITE_TIMEOUT_SECONDS = 2.0  # a click waits at most this for its commit, then is redirected without mz_click
REFRESH_SECONDS = 0.5  # how soon a pause, an expiry or an edit made by `mizaan track` reaches the service
_NO_CACHE = (b"cache-control", b"private, max-age=0")
_REDIRECT_HEADERS = (_NO_CACHE, (b"referrer-policy", b"no-referrer-when-downgrade"), (b"content-length", b"0"))
Response = tuple[int, list[tuple[bytes, bytes]], bytes]
_REDIRECT_TAIL = b"".join(b"\r\n%s: %s" % pair for pair in _REDIRECT_HEADERS) + b"\r\n"


class Target(NamedTuple):
    """A link with its ``302`` answer already encoded, but for the click ID and the end of the head:
    ``head + click_id + tail`` (then ``\\r\\n`` or ``connection: close\\r\\n\\r\\n``) is the answer that
    names the click, ``plain`` + the same end the answer that does not (the click was not stored)."""

    link: Link
    head: bytes
    tail: bytes
    plain: bytes

    @classmethod
    def of(cls, link: Link) -> Target:
        base, hash_, fragment = link.destination.partition("#")  # as links.with_click adds mz_click
        start = b"HTTP/1.1 302 Found\r\nlocation: "
        head = start + f"{base}{'&' if '?' in base else '?'}mz_click=".encode()
        return cls(link, head, f"{hash_}{fragment}".encode() + _REDIRECT_TAIL,
                   start + link.destination.encode() + _REDIRECT_TAIL)  # fmt: skip


class Pending(NamedTuple):
    """A click to store before its redirect is answered."""

    click: Click
    target: Target


def choose_lang(accept_language: str | None) -> Lang:
    """Arabic or English by the ``Accept-Language`` header's weights; Arabic when neither is asked for."""
    best: tuple[float, Lang] = (-1.0, "ar")
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("ar", "en") and q > best[0]:
            best = (q, primary)  # type: ignore[assignment]
    return best[1]


def page(status: int, lang: Lang) -> bytes:
    """The page of a link that does not redirect (404 unknown or paused, 410 expired)."""
    key = "track.page.gone" if status == 410 else "track.page.missing"
    title = html.escape(t(key + ".title", lang))
    body = html.escape(t(key + ".text", lang))
    direction = "rtl" if lang == "ar" else "ltr"
    return (
        f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>'
        f'<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">'
        f"<h1>{title}</h1><p>{body}</p></body></html>"
    ).encode()


class RedirectApp:
    """The ASGI app. ``writer`` is made at start-up (lifespan) unless one is given (tests)."""

    def __init__(
        self,
        store: TrackStore,
        writer_factory: Callable[[TrackStore, asyncio.AbstractEventLoop], ClickWriter] | None = None,
        country_header: str | None = None,
        write_timeout: float = WRITE_TIMEOUT_SECONDS,
    ) -> None:
        self.store = store
        self.writer_factory = writer_factory
        self.writer: ClickWriter | None = None
        self.salt = DailySalt(store)
        self.ids = ClickIds()
        self.links: dict[str, Link] = {}
        self.targets: dict[str, Target] = {}
        self._version: tuple[Any, ...] | None = None
        self._refresher: asyncio.Task[None] | None = None
        self.country_header = country_header.lower().encode() if country_header else None
        self.write_timeout = write_timeout
        self.timeouts = 0  # clicks redirected without mz_click because the store did not answer in time
        self.last_timeout: float | None = None

    # --- lifespan ------------------------------------------------------------------------------------
    async def startup(self) -> None:
        loop = asyncio.get_running_loop()
        self.reload()
        if self.writer is None:
            if self.writer_factory is not None:
                self.writer = self.writer_factory(self.store, loop)
            else:
                from mizaan.track.writer import GroupCommitWriter

                self.writer = GroupCommitWriter(self.store, loop)
        self._refresher = asyncio.create_task(self._refresh_forever())

    async def shutdown(self) -> None:
        if self._refresher is not None:
            self._refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresher
        if self.writer is not None:
            await asyncio.to_thread(self.writer.close)
        self.store.close()

    def reload(self) -> None:
        """Read the links again when they changed (a pause, an expiry, an edit, new links)."""
        version = self.store.links_version()
        if version != self._version:
            self.links = {link.link_id: link for link in self.store.links()}
            self.targets = {slug: Target.of(link) for slug, link in self.links.items()}
            self._version = version

    async def _refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            try:
                self.reload()
            except db_errors() as exc:  # a locked or unreachable store: keep the links already loaded
                log.warning("track: could not reload the links: %s", exc)

    # --- requests ------------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":  # pragma: no cover - websockets are not served
            return
        client = scope.get("client")
        status, headers, body = await self.respond(
            scope["method"], scope["path"], dict(scope["headers"]), client[0] if client else ""
        )
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def respond(self, method: str, path: str, headers: dict[bytes, bytes], ip: str) -> Response:
        """The answer to one request: status, headers (lower-case names) and body. ``headers`` are the
        request's, by lower-case name; ``ip`` goes into the visitor's hash and nowhere else."""
        answer = self.prepare(method, path, headers, ip)
        if not isinstance(answer, Pending):
            return answer
        click, target = answer
        assert self.writer is not None
        try:  # a store that hangs (a stalled disk, a locked table) must not hold the visitor
            stored = await asyncio.wait_for(self.writer.write(click), self.write_timeout)
        except TimeoutError:
            stored = False  # it may still be written later: stored but never claimed, never claimed unstored
            self.note_timeout()
        location = with_click(target.link.destination, click.click_id if stored else None)
        return 302, [(b"location", location.encode()), *_REDIRECT_HEADERS], b""

    def prepare(self, method: str, path: str, headers: dict[bytes, bytes], ip: str) -> Response | Pending:
        """The answer to a request that stores nothing (a page, the health figures), or the click to
        store first and the link's encoded answer (``Pending``)."""
        if path == "/healthz":
            return self._health()
        target = self.targets.get(path[1:])  # only stored links' slugs are keys: nothing else can match
        now = utc_now()
        state = target.link.state(now) if target is not None else "unknown"
        if target is None or state != "active" or method not in ("GET", "HEAD"):
            status = 405 if target is not None and state == "active" else 410 if state == "expired" else 404
            return self._page(status, choose_lang(_text(headers.get(b"accept-language"))), method)
        slug = target.link.link_id
        ua = _text(headers.get(b"user-agent"))
        prefetch = next((_text(headers[h]) for h in PREFETCH_HEADERS if h in headers), None)
        reason = bot_reason(method, ua, prefetch)
        click = Click(
            self.ids.next(),
            slug,
            now,
            self.salt.visitor(now, ip, ua or "", slug),
            reason is not None,
            reason,
            False,  # duplicate: the writer sets it (same visitor and link the same day)
            _referrer_host(headers.get(b"referer")),
            _country(headers.get(self.country_header)) if self.country_header else None,
        )
        return Pending(click, target)

    def note_timeout(self) -> None:
        """A click waited longer than ``write_timeout`` and was redirected without ``mz_click``."""
        self.timeouts += 1
        self.last_timeout = time.monotonic()
        log.error("track: DEGRADED: a click waited more than %.1f s for the store; redirected without mz_click "
                  "/ متدهورة: انتظرت نقرة المخزن طويلًا فحُوّلت دون mz_click", self.write_timeout)  # fmt: skip

    def _page(self, status: int, lang: Lang, method: str) -> Response:
        body = page(status, lang)
        headers = [
            (b"content-type", b"text/html; charset=utf-8"),
            _NO_CACHE,
            (b"content-language", lang.encode()),
            (b"content-length", str(len(body)).encode()),
        ]
        if status == 405:
            headers.append((b"allow", b"GET, HEAD"))
        return status, headers, b"" if method == "HEAD" else body

    def _health(self) -> Response:
        assert self.writer is not None
        figures = self.writer.health()
        figures["links"] = len(self.links)
        figures["process"] = os.getpid()  # which server answered (several share a port with --processes)
        figures["timeouts"] = self.timeouts
        recent = self.last_timeout is not None and time.monotonic() - self.last_timeout < 10
        if recent and figures["status"] == "ok":
            figures["status"] = "degraded"
            figures["reason"] = f"the store did not answer within {self.write_timeout} s"
        if figures["status"] != "ok":
            figures["message"] = {lang: t("track.health.degraded", lang) for lang in ("ar", "en")}
        body = json.dumps(figures, ensure_ascii=False).encode()
        status = 200 if figures["status"] == "ok" else 503
        headers = [(b"content-type", b"application/json"), _NO_CACHE, (b"content-length", str(len(body)).encode())]
        return status, headers, body

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("latin-1")


def _referrer_host(value: bytes | None) -> str | None:
    """Only the host of the referring page is kept (never its path or query)."""
    if not value:
        return None
    try:
        host = urlsplit(value.decode("latin-1")).hostname
    except ValueError:
        return None
    return host[:253] if host else None


def _country(value: bytes | None) -> str | None:
    """A two-letter country from a trusted proxy's header (``--country-header``), else None."""
    text = (value or b"").decode("latin-1").strip().upper()
    return text if len(text) == 2 and text.isalpha() else None
