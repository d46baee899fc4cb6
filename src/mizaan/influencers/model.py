"""The inputs of vetting, typed: candidates with their profile figures, their recent posts, and (optional)
follower-history snapshots, audience breakdowns and samples of follower accounts.

Counts are kept raw (likes, comments, views...), never pre-divided: every rate is computed later with
its denominator named. ``None`` means "not given" and stays a gap; it is never read as zero.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Platform = Literal["instagram", "tiktok", "youtube", "snapchat", "x", "facebook"]
PLATFORMS: tuple[Platform, ...] = ("instagram", "tiktok", "youtube", "snapchat", "x", "facebook")
PostType = Literal["photo", "video", "carousel", "story", "live", "text"]
POST_TYPES: tuple[PostType, ...] = ("photo", "video", "carousel", "story", "live", "text")
Dimension = Literal["country", "city", "age", "gender", "language"]
DIMENSIONS: tuple[Dimension, ...] = ("country", "city", "age", "gender", "language")

Count = Annotated[int, Field(ge=0)]


class Located(BaseModel):
    """Where a row came from, so that a later problem can still name its file and row."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str | None = None
    row: int | None = None


class Candidate(Located):
    """One influencer being considered, with the figures of their profile."""

    handle: str
    platform: Platform
    name: str | None = None
    followers: Count
    following: Count | None = None
    niche: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166 alpha-2 when it could be told
    city: str | None = None
    languages: tuple[str, ...] = ()  # "ar", "en", ...
    price_per_post: Annotated[Decimal, Field(ge=0)] | None = None
    currency: str | None = None
    licence: str | None = None  # Mawthooq (SA) or UAE advertiser permit number, as given

    @property
    def key(self) -> str:
        return candidate_key(self.handle, self.platform)


def candidate_key(handle: str, platform: str) -> str:
    """The identity of an account across files: its handle without ``@``, case-folded, and its platform."""
    return f"{platform}:{handle.strip().lstrip('@').casefold()}"


class Post(Located):
    """One recent post of a candidate, with its raw counts (``None``: the export did not give it)."""

    handle: str
    platform: Platform
    post_id: str | None = None
    date: dt.date
    type: PostType | None = None
    views: Count | None = None
    likes: Count | None = None
    comments: Count | None = None
    shares: Count | None = None
    saves: Count | None = None
    caption: str = ""
    sponsored: bool | None = None
    comment_texts: tuple[str, ...] = ()  # a sample of the post's comments, when the export has them
    posted_at: dt.datetime | None = None  # when the export gives the time of posting (UTC)

    @property
    def key(self) -> str:
        return candidate_key(self.handle, self.platform)

    @property
    def is_video(self) -> bool:
        return self.type in ("video", "live") or (self.type is None and self.views is not None)


class HistoryPoint(Located):
    """A snapshot of an account's follower count on a day (the follower-history export of analytics tools)."""

    handle: str
    platform: Platform
    date: dt.date
    followers: Count
    following: Count | None = None

    @property
    def key(self) -> str:
        return candidate_key(self.handle, self.platform)


class AudienceShare(Located):
    """One line of an audience breakdown: the share of an account's audience in one segment."""

    handle: str
    platform: Platform
    dimension: Dimension
    segment: str  # a country code, a city, an age band such as "18-24", "female"/"male", a language code
    share: Annotated[float, Field(ge=0, le=1)]

    @property
    def key(self) -> str:
        return candidate_key(self.handle, self.platform)


class FollowerAccount(Located):
    """One account from a sample of an influencer's followers, described as public profiles show it."""

    handle: str  # the influencer whose follower this is
    platform: Platform
    # every description is optional (None: the export did not give it); the account is scored by the model
    # for the columns it has
    posts: Count | None = None
    following: Count | None = None
    followers: Count | None = None
    has_profile_picture: bool | None = None
    private: bool | None = None
    username_length: Count | None = None
    username_digit_count: Count | None = None
    username_has_number_at_end: bool | None = None
    username_alpha_ratio: Annotated[float, Field(ge=0, le=1)] | None = None

    @property
    def key(self) -> str:
        return candidate_key(self.handle, self.platform)


class Comment(Located):
    """One comment from a comments export (post, commenter, time, text): what pods and bots leave."""

    handle: str  # the creator whose post it is (from the post)
    platform: Platform
    post_id: str
    commenter: str  # the commenting account, without ``@``, case-folded
    time: dt.datetime | None = None  # UTC
    text: str = ""

    @property
    def key(self) -> str:
        return candidate_key(self.handle, self.platform)


class VetInput(BaseModel):
    """Everything read for one vetting run."""

    model_config = ConfigDict(frozen=True)

    candidates: list[Candidate]
    posts: list[Post] = []
    history: list[HistoryPoint] = []
    audience: list[AudienceShare] = []
    followers: list[FollowerAccount] = []
    comments: list[Comment] = []


def username_features(username: str) -> tuple[int, int, bool, float]:
    """Length, digit count, whether it ends in a digit, and the share of letters: the username features
    the follower classifier uses (computed the same way as in its labelled training data)."""
    name = username.strip().lstrip("@")
    length = len(name)
    digits = sum(ch.isdigit() for ch in name)
    letters = sum(ch.isalpha() for ch in name)
    return length, digits, bool(name) and name[-1].isdigit(), (letters / length if length else 0.0)
