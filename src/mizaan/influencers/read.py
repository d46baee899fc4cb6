"""Read the vetting inputs into typed rows, every problem at once with its file, row and column.

``read_inputs`` reads the candidates file and the optional posts, follower-history, audience and
follower-sample files; a row that cannot be used (a negative count, a date that is not a date, a post
of an account that is not among the candidates, a row given twice) is a problem, and any problem stops
the run with all of them listed (``InputError``): a score is never computed over silently dropped rows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from mizaan.errors import InputError, Problem
from mizaan.influencers import cells
from mizaan.influencers.model import (
    AudienceShare,
    Candidate,
    HistoryPoint,
    Platform,
    Post,
    VetInput,
    candidate_key,
)
from mizaan.influencers.read_samples import instant, read_comments, read_followers
from mizaan.influencers.rows import CellAt, Reader, cell_of, check_known, no_repeats, required, row_platform
from mizaan.influencers.tables import Row, TableName, read_table
from mizaan.ingest import CellError
from mizaan.knowledge import KnowledgeBase, load_knowledge_base

MAX_PROBLEMS = 200
M = TypeVar("M", bound=BaseModel)


def read_candidates(path: str | Path, kb: KnowledgeBase, problems: list[Problem]) -> list[Candidate]:
    rows = read_table(path, "candidates")
    r = Reader(rows, problems)

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        followers = cell_of(row, "followers", cells.count, r.mark)
        if followers is None:
            raise CellAt(CellError("ingest.cell.missing"), "followers")
        currency = (row.get("currency") or row.currency_in_header or "").upper() or None
        if currency is not None and currency not in kb.currencies:
            raise CellAt(
                CellError("influencers.cell.currency", value=currency, expected=", ".join(kb.currencies)), "currency"
            )
        return {
            "handle": required(row, "handle").lstrip("@"),
            "platform": cell_of(row, "platform", cells.platform, "instagram"),
            "name": row.get("name") or None,
            "followers": followers,
            "following": cell_of(row, "following", cells.count, r.mark),
            "niche": cells.text_list(row.get("niche")),
            "country": cell_of(row, "country", cells.country, kb),
            "city": row.get("city") or None,
            "languages": cells.languages(row.get("language")),
            "price_per_post": cell_of(row, "price_per_post", cells.money, r.mark),
            "currency": currency,
            "licence": row.get("licence") or None,
        }

    out = r.each(build, Candidate)
    no_repeats(out, lambda c: c.key, problems)
    return out


def read_posts(path: str | Path, known: dict[str, Platform], problems: list[Problem]) -> list[Post]:
    rows = read_table(path, "posts")
    r = Reader(rows, problems)

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        handle = required(row, "handle").lstrip("@")
        plat = row_platform(row, handle, known)
        return {
            "handle": handle,
            "platform": plat,
            "post_id": row.get("post_id") or None,
            "date": cell_of(row, "date", cells.day, r.order),
            "type": cell_of(row, "type", cells.post_type),
            **{f: cell_of(row, f, cells.count, r.mark) for f in ("views", "likes", "comments", "shares", "saves")},
            "caption": row.get("caption"),
            "sponsored": cell_of(row, "sponsored", cells.yes_no),
            "comment_texts": cells.comment_list(row.cells.get("comment_texts", "")),
            "posted_at": cell_of(row, "posted_at", instant),
        }

    out = r.each(build, Post)
    check_known(out, known, problems)
    no_repeats(out, _post_identity, problems)
    return out


def _post_identity(p: Post) -> str:
    if p.post_id:
        return f"{p.key}|{p.post_id}"
    return f"{p.key}|{p.date}|{p.type}|{p.views}|{p.likes}|{p.comments}|{p.caption}"


def read_history(path: str | Path, known: dict[str, Platform], problems: list[Problem]) -> list[HistoryPoint]:
    rows = read_table(path, "history")
    r = Reader(rows, problems)

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        handle = required(row, "handle").lstrip("@")
        followers = cell_of(row, "followers", cells.count, r.mark)
        if followers is None:
            raise CellAt(CellError("ingest.cell.missing"), "followers")
        return {
            "handle": handle,
            "platform": row_platform(row, handle, known),
            "date": cell_of(row, "date", cells.day, r.order),
            "followers": followers,
            "following": cell_of(row, "following", cells.count, r.mark),
        }

    out = r.each(build, HistoryPoint)
    check_known(out, known, problems)
    no_repeats(out, lambda h: f"{h.key}|{h.date}", problems)
    return out


def read_audience(path: str | Path, known: dict[str, Platform], problems: list[Problem]) -> list[AudienceShare]:
    rows = read_table(path, "audience")
    r = Reader(rows, problems)
    percent = cells.looks_percent([row.get("share") for row in rows]) or any(
        "%" in h for row in rows[:1] for h in row.headers.values()
    )

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        handle = required(row, "handle").lstrip("@")
        value = cell_of(row, "share", cells.share, percent)
        if value is None:
            raise CellAt(CellError("ingest.cell.missing"), "share")
        return {
            "handle": handle,
            "platform": row_platform(row, handle, known),
            "dimension": cell_of(row, "dimension", cells.dimension),
            "segment": required(row, "segment"),
            "share": value,
        }

    out = r.each(build, AudienceShare)
    check_known(out, known, problems)
    no_repeats(out, lambda a: f"{a.key}|{a.dimension}|{a.segment.casefold()}", problems)
    totals: dict[tuple[str, str], tuple[float, AudienceShare]] = {}
    for a in out:
        total, first = totals.get((a.key, a.dimension), (0.0, a))
        totals[(a.key, a.dimension)] = (total + a.share, first)
    for (_, dim), (total, first) in totals.items():
        if total > 1.02:
            problems.append(
                Problem(
                    "influencers.row.shares_over",
                    {"dimension": dim, "handle": first.handle, "total": f"{total:.0%}"},
                    file=first.file,
                    row=first.row,
                )
            )
    return out


def read_inputs(
    candidates: str | Path,
    *,
    posts: str | Path | None = None,
    history: str | Path | None = None,
    audience: str | Path | None = None,
    followers: str | Path | None = None,
    comments: str | Path | None = None,
    kb: KnowledgeBase | None = None,
) -> VetInput:
    """Read every input file; raises ``InputError`` listing every problem found in all of them."""
    kb = kb or load_knowledge_base()
    problems: list[Problem] = []
    cands = read_candidates(candidates, kb, problems)
    known = {c.key: c.platform for c in cands}
    readers: list[tuple[TableName, str | Path | None, Callable[..., list[Any]]]] = [
        ("posts", posts, read_posts),
        ("history", history, read_history),
        ("audience", audience, read_audience),
        ("followers", followers, read_followers),
    ]
    found: dict[str, list[Any]] = {}
    for name, path, reader in readers:
        if path is None:
            found[name] = []
            continue
        try:
            found[name] = reader(path, known, problems)
        except InputError as exc:
            problems.extend(exc.problems)
            found[name] = []
    found["comments"] = []
    if comments is not None:
        try:
            found["comments"] = read_comments(comments, found["posts"], problems)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems[:MAX_PROBLEMS], key="influencers.bad_input")
    return VetInput(candidates=cands, **found)


__all__ = ["candidate_key", "read_inputs"]
