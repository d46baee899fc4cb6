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

from pydantic import BaseModel, ValidationError

from mizaan.errors import InputError, Problem
from mizaan.influencers import cells
from mizaan.influencers.model import (
    AudienceShare,
    Candidate,
    FollowerAccount,
    HistoryPoint,
    Platform,
    Post,
    VetInput,
    candidate_key,
    username_features,
)
from mizaan.influencers.tables import Row, TableName, read_table
from mizaan.ingest import CellError, DecimalMark, date_evidence, evidence
from mizaan.knowledge import KnowledgeBase, load_knowledge_base

MAX_PROBLEMS = 200
M = TypeVar("M", bound=BaseModel)


class _Reader:
    """Reads the rows of one table, collecting problems instead of stopping at the first."""

    def __init__(self, rows: list[Row], problems: list[Problem]):
        self.rows = rows
        self.problems = problems
        numbers = [r.cells[f] for r in rows for f in r.cells if f not in ("date", "caption", "handle")]
        marks = {e for e in map(evidence, numbers) if e}
        self.mark: DecimalMark | None = marks.pop() if len(marks) == 1 else None
        orders = {e for r in rows for e in [date_evidence(r.get("date"))] if e}
        self.order: str | None = orders.pop() if len(orders) == 1 else None

    def each(self, build: Callable[[Row, dict[str, Any]], dict[str, Any]], model: type[M]) -> list[M]:
        out: list[M] = []
        for row in self.rows:
            values: dict[str, Any] = {"file": row.file, "row": row.line}
            try:
                values.update(build(row, values))
            except _CellAt as bad:
                self.problems.append(row.problem(bad.err.key, bad.field, **bad.err.params))
                continue
            try:
                out.append(model.model_validate(values))
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                field = str(err["loc"][0]) if err["loc"] else None
                self.problems.append(
                    row.problem("ingest.row.invalid", field, value=str(err.get("input"))[:60], detail=err["msg"])
                )
        return out


class _CellAt(Exception):
    def __init__(self, err: CellError, field: str):
        self.err = err
        self.field = field


def _cell(row: Row, field: str, fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(row.get(field), *args)
    except CellError as err:
        raise _CellAt(err, field) from None


def _required(row: Row, field: str) -> str:
    value = row.get(field)
    if not value:
        raise _CellAt(CellError("ingest.cell.missing"), field)
    return value


def read_candidates(path: str | Path, kb: KnowledgeBase, problems: list[Problem]) -> list[Candidate]:
    rows = read_table(path, "candidates")
    r = _Reader(rows, problems)

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        followers = _cell(row, "followers", cells.count, r.mark)
        if followers is None:
            raise _CellAt(CellError("ingest.cell.missing"), "followers")
        currency = (row.get("currency") or row.currency_in_header or "").upper() or None
        if currency is not None and currency not in kb.currencies:
            raise _CellAt(
                CellError("influencers.cell.currency", value=currency, expected=", ".join(kb.currencies)), "currency"
            )
        return {
            "handle": _required(row, "handle").lstrip("@"),
            "platform": _cell(row, "platform", cells.platform, "instagram"),
            "name": row.get("name") or None,
            "followers": followers,
            "following": _cell(row, "following", cells.count, r.mark),
            "niche": cells.text_list(row.get("niche")),
            "country": _cell(row, "country", cells.country, kb),
            "city": row.get("city") or None,
            "languages": cells.languages(row.get("language")),
            "price_per_post": _cell(row, "price_per_post", cells.money, r.mark),
            "currency": currency,
            "licence": row.get("licence") or None,
        }

    out = r.each(build, Candidate)
    _no_repeats(out, lambda c: c.key, problems)
    return out


def read_posts(path: str | Path, known: dict[str, Platform], problems: list[Problem]) -> list[Post]:
    rows = read_table(path, "posts")
    r = _Reader(rows, problems)

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        handle = _required(row, "handle").lstrip("@")
        plat = _plat(row, handle, known)
        return {
            "handle": handle,
            "platform": plat,
            "post_id": row.get("post_id") or None,
            "date": _cell(row, "date", cells.day, r.order),
            "type": _cell(row, "type", cells.post_type),
            **{f: _cell(row, f, cells.count, r.mark) for f in ("views", "likes", "comments", "shares", "saves")},
            "caption": row.get("caption"),
            "sponsored": _cell(row, "sponsored", cells.yes_no),
            "comment_texts": cells.comment_list(row.cells.get("comment_texts", "")),
        }

    out = r.each(build, Post)
    _known(out, known, problems)
    _no_repeats(out, _post_identity, problems)
    return out


def _post_identity(p: Post) -> str:
    if p.post_id:
        return f"{p.key}|{p.post_id}"
    return f"{p.key}|{p.date}|{p.type}|{p.views}|{p.likes}|{p.comments}|{p.caption}"


def read_history(path: str | Path, known: dict[str, Platform], problems: list[Problem]) -> list[HistoryPoint]:
    rows = read_table(path, "history")
    r = _Reader(rows, problems)

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        handle = _required(row, "handle").lstrip("@")
        followers = _cell(row, "followers", cells.count, r.mark)
        if followers is None:
            raise _CellAt(CellError("ingest.cell.missing"), "followers")
        return {
            "handle": handle,
            "platform": _plat(row, handle, known),
            "date": _cell(row, "date", cells.day, r.order),
            "followers": followers,
            "following": _cell(row, "following", cells.count, r.mark),
        }

    out = r.each(build, HistoryPoint)
    _known(out, known, problems)
    _no_repeats(out, lambda h: f"{h.key}|{h.date}", problems)
    return out


def read_audience(path: str | Path, known: dict[str, Platform], problems: list[Problem]) -> list[AudienceShare]:
    rows = read_table(path, "audience")
    r = _Reader(rows, problems)
    percent = cells.looks_percent([row.get("share") for row in rows]) or any(
        "%" in h for row in rows[:1] for h in row.headers.values()
    )

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        handle = _required(row, "handle").lstrip("@")
        value = _cell(row, "share", cells.share, percent)
        if value is None:
            raise _CellAt(CellError("ingest.cell.missing"), "share")
        return {
            "handle": handle,
            "platform": _plat(row, handle, known),
            "dimension": _cell(row, "dimension", cells.dimension),
            "segment": _required(row, "segment"),
            "share": value,
        }

    out = r.each(build, AudienceShare)
    _known(out, known, problems)
    _no_repeats(out, lambda a: f"{a.key}|{a.dimension}|{a.segment.casefold()}", problems)
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


FOLLOWER_FIELDS = (
    "username",
    "posts",
    "following",
    "followers",
    "has_profile_picture",
    "private",
    "username_length",
    "username_digit_count",
    "username_has_number_at_end",
    "username_alpha_ratio",
)
USERNAME_FEATURES = ("username_length", "username_digit_count", "username_has_number_at_end", "username_alpha_ratio")


def read_followers(path: str | Path, known: dict[str, Platform], problems: list[Problem]) -> list[FollowerAccount]:
    """Follower accounts with whichever of the known columns the file has; a blank cell is "not given"
    for that account (it is scored by the model for the columns it has), an account with none at all is
    a problem."""
    rows = read_table(path, "followers")
    found = {f for row in rows for f in row.headers if f in FOLLOWER_FIELDS}
    if not found:
        raise InputError(
            [
                Problem(
                    "influencers.file.no_follower_columns",
                    {"expected": ", ".join(FOLLOWER_FIELDS)},
                    file=str(path),
                    row=rows[0].line if rows else None,
                )
            ],
            file=str(path),
        )
    r = _Reader(rows, problems)
    single = next(iter(known)) if len(known) == 1 else None

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        handle = row.get("handle").lstrip("@")
        if not handle:
            if single is None:
                raise _CellAt(CellError("influencers.cell.follower_of"), "handle")
            handle = single.split(":", 1)[1]
        values: dict[str, Any] = {
            "handle": handle,
            "platform": _plat(row, handle, known),
            **{f: _cell(row, f, cells.count, r.mark) for f in ("posts", "following", "followers")},
            "private": _cell(row, "private", cells.yes_no),
        }
        picture = row.get("has_profile_picture")
        # a picture's address (profilePicUrl, imgUrl) says the account has one
        values["has_profile_picture"] = (
            True
            if picture.casefold().startswith(("http://", "https://"))
            else _cell(row, "has_profile_picture", cells.yes_no)
        )
        username = row.get("username")
        if username:
            length, digits, at_end, alpha = username_features(username)
            values.update(
                username_length=length,
                username_digit_count=digits,
                username_has_number_at_end=at_end,
                username_alpha_ratio=alpha,
            )
        else:
            given = {
                "username_length": _cell(row, "username_length", cells.count, r.mark),
                "username_digit_count": _cell(row, "username_digit_count", cells.count, r.mark),
                "username_has_number_at_end": _cell(row, "username_has_number_at_end", cells.yes_no),
                "username_alpha_ratio": _cell(row, "username_alpha_ratio", cells.share, False),
            }
            missing = [f for f, v in given.items() if v is None]
            if 0 < len(missing) < len(given):  # the username's features are read together or not at all
                raise _CellAt(CellError("influencers.cell.username"), missing[0])
            values.update(given)
        if all(values.get(f) is None for f in FOLLOWER_FIELDS if f != "username"):
            raise _CellAt(CellError("influencers.cell.follower_empty"), next(iter(sorted(found))))
        return values

    out = r.each(build, FollowerAccount)
    _known(out, known, problems)
    return out


def _plat(row: Row, handle: str, known: dict[str, Platform]) -> Platform:
    """The row's platform: its own cell, else the platform of the one candidate with this handle."""
    default = _platform_of(handle, known)
    if not row.get("platform") and default is None:
        raise _CellAt(CellError("influencers.row.unknown_handle", handle=handle, platform="—"), "handle")
    platform: Platform = _cell(row, "platform", cells.platform, default)
    return platform


def _platform_of(handle: str, known: dict[str, Platform]) -> Platform | None:
    """The platform of a handle named once among the candidates (so other files may leave it out)."""
    matches = [p for k, p in known.items() if k.split(":", 1)[1] == handle.strip().lstrip("@").casefold()]
    return matches[0] if len(matches) == 1 else None


def _known(items: list[Any], known: dict[str, Platform], problems: list[Problem]) -> None:
    for item in items:
        if item.key not in known:
            problems.append(
                Problem(
                    "influencers.row.unknown_handle",
                    {"handle": item.handle, "platform": item.platform},
                    file=item.file,
                    row=item.row,
                )
            )


def _no_repeats(items: list[Any], identity: Callable[[Any], str], problems: list[Problem]) -> None:
    seen: dict[str, int | None] = {}
    for item in items:
        key = identity(item)
        if key in seen:
            problems.append(Problem("ingest.row.duplicate", {"first": seen[key]}, file=item.file, row=item.row))
        else:
            seen[key] = item.row


def read_inputs(
    candidates: str | Path,
    *,
    posts: str | Path | None = None,
    history: str | Path | None = None,
    audience: str | Path | None = None,
    followers: str | Path | None = None,
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
    if problems:
        raise InputError(problems[:MAX_PROBLEMS], key="influencers.bad_input")
    return VetInput(candidates=cands, **found)


__all__ = ["candidate_key", "read_inputs"]
