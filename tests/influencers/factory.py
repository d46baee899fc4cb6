"""Small worlds for vetting tests: candidates, posts, history and follower samples made here, with the
figures each test needs and everything else ordinary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np

from mizaan.influencers.model import Candidate, FollowerAccount, HistoryPoint, Post, VetInput

TODAY = dt.date(2025, 6, 30)


def candidate(handle: str = "clean", **kw: Any) -> Candidate:
    values: dict[str, Any] = {
        "handle": handle,
        "platform": "instagram",
        "followers": 30_000,
        "following": 400,
        "niche": ("fragrance",),
        "country": "SA",
        "city": "Riyadh",
        "languages": ("ar",),
        "price_per_post": Decimal(1000),
        "currency": "SAR",
        "licence": "M-123456",
    }
    values.update(kw)
    return Candidate(**values)


def posts(
    c: Candidate,
    n: int = 15,
    er: float = 0.03,
    *,
    seed: int = 0,
    spread: float = 0.3,
    comments_share: float = 0.04,
    video: bool = False,
    views_rate: float = 0.4,
    captions: list[str] | None = None,
    comment_texts: list[tuple[str, ...]] | None = None,
    er_of: list[float] | None = None,
) -> list[Post]:
    """``n`` posts, one every five days, with engagement per follower ``er`` (log-normal ``spread``)."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        rate = er_of[k] if er_of else er * float(rng.lognormal(0, spread))
        interactions = c.followers * rate
        out.append(
            Post(
                handle=c.handle,
                platform=c.platform,
                post_id=f"{c.handle}-{k}",
                date=TODAY - dt.timedelta(days=5 * (n - k)),
                type="video" if video else "photo",
                views=int(c.followers * views_rate * float(rng.lognormal(0, 0.2))) if video else None,
                likes=int(interactions * (1 - comments_share)),
                comments=int(interactions * comments_share),
                shares=int(interactions * 0.02),
                saves=int(interactions * 0.03),
                caption=captions[k % len(captions)] if captions else f"post {k}",
                sponsored=k % 4 == 0,
                comment_texts=comment_texts[k % len(comment_texts)] if comment_texts else (),
            )
        )
    return out


def history(
    c: Candidate, weeks: int = 12, growth: float = 0.01, jump: int | None = None, seed: int = 0
) -> list[HistoryPoint]:
    rng = np.random.default_rng(seed)
    count = c.followers / (1 + growth) ** weeks
    out = []
    for w in range(weeks + 1):
        if jump is not None and w == weeks // 2:
            count = int(count) + jump
        else:
            count *= 1 + growth * float(rng.uniform(0.7, 1.3))
        out.append(
            HistoryPoint(
                handle=c.handle,
                platform=c.platform,
                date=TODAY - dt.timedelta(days=7 * (weeks - w)),
                followers=int(count),
            )
        )
    return out


def follower_sample(c: Candidate, n: int = 200, fake_share: float = 0.1, seed: int = 0) -> list[FollowerAccount]:
    """Follower accounts made here: real ones post, follow a few hundred and have a picture; fake ones
    barely post, follow thousands, have few followers and digit-heavy names."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        fake = rng.random() < fake_share
        if fake:
            acc = dict(posts=int(rng.integers(0, 3)), following=int(rng.integers(1500, 7400)),
                       followers=int(rng.integers(0, 60)), has_profile_picture=bool(rng.random() < 0.5),
                       private=False, username_length=13,
                       username_digit_count=5, username_has_number_at_end=True, username_alpha_ratio=0.6)  # fmt: skip
        else:
            acc = dict(posts=int(rng.integers(30, 800)), following=int(rng.integers(150, 900)),
                       followers=int(rng.integers(150, 2000)), has_profile_picture=True,
                       private=bool(rng.random() < 0.3), username_length=10,
                       username_digit_count=0, username_has_number_at_end=False, username_alpha_ratio=0.9)  # fmt: skip
        out.append(FollowerAccount(handle=c.handle, platform=c.platform, **acc))
    return out


def world(*cands: Candidate, **extra: Any) -> VetInput:
    all_posts = extra.pop("posts", None)
    if all_posts is None:
        all_posts = [p for i, c in enumerate(cands) for p in posts(c, seed=i)]
    return VetInput(candidates=list(cands), posts=all_posts, **extra)
