"""Reading the optional samples: follower accounts with whichever of the known columns a file has, and
comment exports (post, commenter, time, text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mizaan.errors import InputError, Problem
from mizaan.influencers import cells
from mizaan.influencers.model import Comment, FollowerAccount, Platform, Post, username_features
from mizaan.influencers.rows import CellAt, Reader, cell_of, check_known, no_repeats, required, row_platform
from mizaan.influencers.subsets import RAW, USERNAME
from mizaan.influencers.tables import Row, read_table
from mizaan.ingest import CellError, Zone, is_missing, parse_instant

FOLLOWER_FIELDS = ("username", *RAW)  # the account's name, then the columns the models read
USERNAME_FEATURES = USERNAME


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
    r = Reader(rows, problems)
    single = next(iter(known)) if len(known) == 1 else None

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        handle = row.get("handle").lstrip("@")
        if not handle:
            if single is None:
                raise CellAt(CellError("influencers.cell.follower_of"), "handle")
            handle = single.split(":", 1)[1]
        values: dict[str, Any] = {
            "handle": handle,
            "platform": row_platform(row, handle, known),
            **{f: cell_of(row, f, cells.count, r.mark) for f in ("posts", "following", "followers")},
            "private": cell_of(row, "private", cells.yes_no),
        }
        picture = row.get("has_profile_picture")
        # a picture's address (profilePicUrl, imgUrl) says the account has one
        values["has_profile_picture"] = (
            True
            if picture.casefold().startswith(("http://", "https://"))
            else cell_of(row, "has_profile_picture", cells.yes_no)
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
                "username_length": cell_of(row, "username_length", cells.count, r.mark),
                "username_digit_count": cell_of(row, "username_digit_count", cells.count, r.mark),
                "username_has_number_at_end": cell_of(row, "username_has_number_at_end", cells.yes_no),
                "username_alpha_ratio": cell_of(row, "username_alpha_ratio", cells.share, False),
            }
            missing = [f for f, v in given.items() if v is None]
            if 0 < len(missing) < len(given):  # the username's features are read together or not at all
                raise CellAt(CellError("influencers.cell.username"), missing[0])
            values.update(given)
        if all(values.get(f) is None for f in FOLLOWER_FIELDS if f != "username"):
            raise CellAt(CellError("influencers.cell.follower_empty"), next(iter(sorted(found))))
        return values

    out = r.each(build, FollowerAccount)
    check_known(out, known, problems)
    return out


UTC = Zone.named("UTC")  # times without an offset: read as UTC in posts and comments alike (only gaps count)


def instant(text: str) -> Any:
    """A time of posting or commenting in UTC, or None when the cell is blank."""
    return None if is_missing(text) else parse_instant(text, UTC)


def read_comments(path: str | Path, posts: list[Post], problems: list[Problem]) -> list[Comment]:
    """Comments, each on a post of the posts file (matched by post ID, which names its creator)."""
    rows = read_table(path, "comments")
    r = Reader(rows, problems)
    by_id: dict[str, Post] = {}
    for p in posts:
        if p.post_id:
            by_id.setdefault(p.post_id.strip().casefold(), p)

    def build(row: Row, _: dict[str, Any]) -> dict[str, Any]:
        post_id = required(row, "post_id")
        post = by_id.get(post_id.casefold())
        if post is None:
            raise CellAt(CellError("influencers.cell.comment_post", post=post_id), "post_id")
        return {
            "handle": post.handle,
            "platform": post.platform,
            "post_id": post.post_id,
            "commenter": required(row, "commenter").lstrip("@").casefold(),
            "time": cell_of(row, "time", instant),
            "text": row.get("text"),
        }

    out = r.each(build, Comment)
    no_repeats(out, lambda c: f"{c.key}|{c.post_id}|{c.commenter}|{c.time}|{c.text}", problems)
    return out
