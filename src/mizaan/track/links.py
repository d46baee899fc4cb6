"""Short links and promo codes from a plan, and their management (edit, pause, resume, expire).

A plan already carries a UTM-tagged URL and a promo code per line and creator (``measurement.links`` of
the plan JSON, docs/plan-json.md); the tracker keeps those values, so that what the plan prints and what
the tracker counts agree. One link per (workspace, plan, line, creator): creating again finds the links
already made. A link's destination host is fixed when it is made: an edit changes its path and query
only, and the redirect never takes a destination from a request.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mizaan.errors import InputError, MizaanError, Problem
from mizaan.track.codes import new_slug, unique_code
from mizaan.track.store import Link, TrackStore, utc_now

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")  # control characters, spaces and backslashes


class LinkError(MizaanError):
    """A link command that cannot be done (an unknown link, a destination on another host)."""

    key = "track.error.link"


@dataclass(frozen=True)
class PlanLine:
    """One link the plan asks for: its line (``channel:utm_source``), creator (the UTM content, or None),
    the tagged URL and the plan's promo code."""

    channel: str
    url: str
    utm_source: str
    utm_medium: str
    utm_campaign: str
    utm_content: str | None
    promo_code: str | None

    @property
    def line(self) -> str:
        return f"{self.channel}:{self.utm_source}"

    @property
    def creator(self) -> str | None:
        return self.utm_content


@dataclass(frozen=True)
class PlanLinks:
    plan_id: str
    landing_is_placeholder: bool
    lines: list[PlanLine]


def read_plan(path: Path) -> PlanLinks:
    """The tracking lines of the plan JSON at ``path``, or an ``InputError`` naming the file, the line and
    column of bad JSON, or the field of a bad value."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError([Problem("track.plan.unreadable", {"reason": exc.strerror or str(exc)})], file=name) from None
    return parse_plan(text, name)


def parse_plan(text: str, name: str) -> PlanLinks:
    """The tracking lines of a plan JSON text (``name`` says where it came from in errors): what
    ``read_plan`` reads from a file, for a plan that is already in memory (the web app's plan page)."""
    from pydantic import ValidationError

    from mizaan.plan import Measurement

    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem("track.plan.bad_json", {"reason": exc.msg}, row=exc.lineno, column=exc.colno)
        raise InputError([problem], file=name) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("measurement"), dict):
        raise InputError([Problem("track.plan.no_measurement", field="measurement")], file=name)
    try:
        measurement = Measurement.model_validate(raw["measurement"])
    except ValidationError as exc:
        bad = [
            Problem(
                "track.plan.bad_field",
                {"reason": e["msg"]},
                field="measurement." + ".".join(str(p) for p in e["loc"]),
            )
            for e in exc.errors()
        ]
        raise InputError(bad, file=name) from None
    problems: list[Problem] = []
    lines: list[PlanLine] = []
    for i, x in enumerate(measurement.links):
        try:
            host = urlsplit(x.url)
            ok = host.scheme == "https" and bool(host.hostname) and not _UNSAFE.search(x.url)
        except ValueError:  # an unbalanced "[" in the host
            ok = False
        if not ok:
            problems.append(Problem("track.plan.bad_url", {"url": x.url}, field=f"measurement.links.{i}.url"))
            continue
        lines.append(
            PlanLine(
                channel=x.channel,
                url=x.url,
                utm_source=x.utm_source,
                utm_medium=x.utm_medium,
                utm_campaign=x.utm_campaign,
                utm_content=x.utm_content,
                promo_code=x.promo_code,
            )
        )
    if not measurement.links:
        problems.append(Problem("track.plan.no_links", field="measurement.links"))
    if problems:
        raise InputError(problems, file=name)
    campaigns = sorted({x.utm_campaign for x in lines})
    return PlanLinks(
        plan_id="+".join(campaigns), landing_is_placeholder=measurement.landing_url_is_placeholder, lines=lines
    )


@dataclass(frozen=True)
class Made:
    """A link ``create`` returned, and whether this run made it (False: it was there already)."""

    link: Link
    created: bool
    plan_code: str | None  # the plan's code, when the link's differs (taken by another link)


def create_links(
    store: TrackStore, plan: PlanLinks, *, workspace: str = "default", plan_id: str | None = None
) -> list[Made]:
    """A link and a promo code for every line of ``plan`` that has none yet in ``workspace``, in one
    transaction (all or none); the links already made for the plan's lines are returned as they are."""
    pid = plan_id or plan.plan_id
    now = utc_now()
    out: list[Made] = []
    with store.transaction() as conn:

        def exists(sql: str, value: str) -> bool:
            return conn.execute(store.sql(sql), (value,)).fetchone() is not None

        made_codes: set[str] = set()
        for line in plan.lines:
            row = conn.execute(
                store.sql(
                    "SELECT link_id FROM links WHERE workspace = ? AND COALESCE(plan_id, '') = ? "
                    "AND COALESCE(line, '') = ? AND COALESCE(creator, '') = ?"
                ),
                (workspace, pid, line.line, line.creator or ""),
            ).fetchone()
            if row is not None:
                out.append(Made(_read(store, conn, row[0]), created=False, plan_code=None))
                continue
            slug = new_slug(lambda s: exists("SELECT 1 FROM links WHERE link_id = ?", s))
            code = unique_code(
                line.promo_code,
                line.utm_campaign,
                lambda c: c in made_codes or exists("SELECT 1 FROM links WHERE promo_code = ?", c),
            )
            made_codes.add(code)
            link = Link(
                link_id=slug,
                workspace=workspace,
                plan_id=pid,
                line=line.line,
                creator=line.creator,
                destination=line.url,
                utm_source=line.utm_source,
                utm_medium=line.utm_medium,
                utm_campaign=line.utm_campaign,
                utm_content=line.utm_content,
                promo_code=code,
                status="active",
                expires_at=None,
                created_at=now,
                updated_at=now,
            )
            conn.execute(
                store.sql(
                    "INSERT INTO links (link_id, workspace, plan_id, line, creator, destination, utm_source, "
                    "utm_medium, utm_campaign, utm_content, promo_code, status, expires_at, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                _row(store, link),
            )
            differs = line.promo_code if line.promo_code and line.promo_code != code else None
            out.append(Made(link, created=True, plan_code=differs))
    return out


def _row(store: TrackStore, link: Link) -> tuple[Any, ...]:
    return (
        link.link_id,
        link.workspace,
        link.plan_id,
        link.line,
        link.creator,
        link.destination,
        link.utm_source,
        link.utm_medium,
        link.utm_campaign,
        link.utm_content,
        link.promo_code,
        link.status,
        store.ts(link.expires_at),
        store.ts(link.created_at),
        store.ts(link.updated_at),
    )


def _read(store: TrackStore, conn: Any, link_id: str) -> Link:
    from mizaan.track.store import LINK_COLUMNS, _link

    row = conn.execute(store.sql(f"SELECT {LINK_COLUMNS} FROM links WHERE link_id = ?"), (link_id,)).fetchone()
    if row is None:
        raise LinkError("track.error.unknown_link", link=link_id)
    return _link(row)


def new_destination(link: Link, given: str) -> str:
    """The link's destination with the path and query of ``given`` (a path such as ``/sale?size=m``, or a
    full URL on the link's own host), the link's UTM values kept; a different host, scheme or port, or a
    path that is not a plain absolute path, is a ``LinkError``."""
    old = urlsplit(link.destination)
    text = given.strip()
    if not text or _UNSAFE.search(text):
        raise LinkError("track.error.bad_destination", link=link.link_id, value=given)
    try:
        new = urlsplit(text)
    except ValueError:  # "[" without its "]" and the like
        raise LinkError("track.error.bad_destination", link=link.link_id, value=given) from None
    if new.scheme or new.netloc:
        if (new.scheme, new.netloc.lower()) != (old.scheme, old.netloc.lower()):
            raise LinkError("track.error.other_host", link=link.link_id, value=given, host=old.netloc)
    elif not text.startswith("/") or text.startswith("//"):
        raise LinkError("track.error.bad_destination", link=link.link_id, value=given)
    query = [(k, v) for k, v in parse_qsl(new.query, keep_blank_values=True) if k not in UTM_KEYS]
    utm = [(k, v) for k in UTM_KEYS if (v := getattr(link, k))]
    path = new.path or "/"
    if path.startswith("//"):  # "https://host//other" is a path on host, but say it plainly
        raise LinkError("track.error.bad_destination", link=link.link_id, value=given)
    url = urlunsplit((old.scheme, old.netloc, path, urlencode(query + utm), new.fragment))
    check = urlsplit(url)
    if (check.scheme, check.netloc) != (old.scheme, old.netloc):  # pragma: no cover - guarded above
        raise LinkError("track.error.other_host", link=link.link_id, value=given, host=old.netloc)
    return url


def update_link(
    store: TrackStore,
    link_id: str,
    *,
    destination: str | None = None,
    status: str | None = None,
    expires_at: dt.datetime | None = None,
    clear_expiry: bool = False,
) -> Link:
    """Change one link in one transaction: its destination (path and query only), its status (``active``,
    ``paused``, ``expired``) or its expiry date; the changed link."""
    with store.transaction() as conn:
        link = _read(store, conn, link_id)
        if destination is not None:
            link = replace(link, destination=new_destination(link, destination))
        if status is not None:
            link = replace(link, status=status)
        if expires_at is not None or clear_expiry:
            link = replace(link, expires_at=expires_at)
        link = replace(link, updated_at=utc_now())
        conn.execute(
            store.sql("UPDATE links SET destination = ?, status = ?, expires_at = ?, updated_at = ? WHERE link_id = ?"),
            (link.destination, link.status, store.ts(link.expires_at), store.ts(link.updated_at), link.link_id),
        )
    return link


def with_click(destination: str, click_id: str | None) -> str:
    """Where the redirect sends the visitor: the stored destination, with ``mz_click=<id>`` added to its
    query when the click was stored (before the fragment)."""
    if click_id is None:
        return destination
    base, hash_, fragment = destination.partition("#")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}mz_click={click_id}{hash_}{fragment}"
