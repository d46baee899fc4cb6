"""An influencer's figures from their posts and follower history, each with its formula and denominator.

Engagement per follower is ``(likes + comments) / followers`` (HypeAuditor, GRIN, Upfluence); per view it
is ``(likes + comments + shares + saves) / views`` (CreatorIQ, Captiv8). Both are computed per post and
summarised robustly: the median, and a 10 % trimmed mean beside it, so one viral or one dead post does
not decide. A figure that cannot be computed (no followers, no views, no posts) is a gap with a reason,
never a zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from scipy.stats import trim_mean

from mizaan.influencers.benchmarks import compare, engagement_figure
from mizaan.influencers.model import Candidate, HistoryPoint, Post
from mizaan.influencers.result import Metric
from mizaan.influencers.words import looks_sponsored
from mizaan.knowledge import KnowledgeBase, TierId

TRIM = 0.1
ER_NUM = "likes + comments"
VIEW_NUM = "likes + comments + shares + saves"


@dataclass(frozen=True)
class PostRates:
    """Per-post rates of one influencer (NaN where a post lacks the counts)."""

    dates: list[dt.date]
    er_followers: np.ndarray  # (likes + comments) / followers
    er_views: np.ndarray  # interactions / views
    likes: np.ndarray
    comments: np.ndarray
    views: np.ndarray
    shares: np.ndarray
    saves: np.ndarray
    video: np.ndarray  # bool
    sponsored: np.ndarray  # bool


def is_sponsored(post: Post) -> bool:
    return post.sponsored if post.sponsored is not None else looks_sponsored(post.caption)


def post_rates(c: Candidate, posts: list[Post]) -> PostRates:
    posts = sorted(posts, key=lambda p: p.date)
    nan = float("nan")

    def val(v: int | None) -> float:
        return nan if v is None else float(v)

    likes = np.array([val(p.likes) for p in posts], dtype=float)
    comments = np.array([val(p.comments) for p in posts], dtype=float)
    views = np.array([val(p.views) for p in posts], dtype=float)
    shares = np.array([val(p.shares) if p.shares is not None else 0.0 for p in posts], dtype=float)
    saves = np.array([val(p.saves) if p.saves is not None else 0.0 for p in posts], dtype=float)
    interactions = likes + comments
    er_f = interactions / c.followers if c.followers > 0 else np.full(len(posts), nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        er_v = np.where(views > 0, (interactions + shares + saves) / views, nan)
    return PostRates(
        dates=[p.date for p in posts],
        er_followers=er_f,
        er_views=er_v,
        likes=likes,
        comments=comments,
        views=views,
        shares=np.array([val(p.shares) for p in posts], dtype=float),
        saves=np.array([val(p.saves) for p in posts], dtype=float),
        video=np.array([p.is_video for p in posts], dtype=bool),
        sponsored=np.array([is_sponsored(p) for p in posts], dtype=bool),
    )


def _finite(a: np.ndarray) -> np.ndarray:
    return np.asarray(a[np.isfinite(a)])


def robust(
    metric_id: str, values: np.ndarray, numerator: str, denominator: str, gap: str, min_n: int = 1
) -> tuple[Metric, Metric]:
    """The median and the trimmed mean of per-post ``values`` (NaNs left out), or two gaps."""
    v = _finite(values)
    if len(v) < min_n:
        return (
            Metric(
                id=metric_id,
                value=None,
                numerator=numerator,
                denominator=denominator,
                method="median",
                n=len(v),
                gap=gap,
            ),
            Metric(
                id=f"{metric_id}_trimmed",
                value=None,
                numerator=numerator,
                denominator=denominator,
                method="trimmed_mean",
                n=len(v),
                gap=gap,
            ),
        )
    return (
        Metric(
            id=metric_id,
            value=float(np.median(v)),
            numerator=numerator,
            denominator=denominator,
            method="median",
            n=len(v),
        ),
        Metric(
            id=f"{metric_id}_trimmed",
            value=float(trim_mean(v, TRIM)),
            numerator=numerator,
            denominator=denominator,
            method="trimmed_mean",
            n=len(v),
        ),
    )


def compute_metrics(
    c: Candidate,
    posts: list[Post],
    history: list[HistoryPoint],
    tier: TierId | None,
    kb: KnowledgeBase,
    country: str | None,
) -> tuple[list[Metric], PostRates]:
    """Every metric of one influencer, compared with the tier's benchmark where the knowledge base has one."""
    r = post_rates(c, posts)
    out: list[Metric] = []
    no_posts = "influencers.gap.no_posts"
    gap_f = (
        no_posts
        if not posts
        else ("influencers.gap.zero_followers" if c.followers == 0 else "influencers.gap.no_counts")
    )
    er_med, er_trim = robust("er_followers", r.er_followers, ER_NUM, "followers", gap_f)
    fig = engagement_figure(kb, c.platform, tier, "followers", country)
    if er_med.value is not None and fig is not None:
        er_med = er_med.model_copy(update={"benchmark": compare(er_med.value, fig.figure)})
    out += [er_med, er_trim]

    gap_v = no_posts if not posts else "influencers.gap.no_views"
    v_med, v_trim = robust("er_views", r.er_views, VIEW_NUM, "views", gap_v)
    vfig = engagement_figure(kb, c.platform, tier, "views", country)
    if v_med.value is not None and vfig is not None:
        v_med = v_med.model_copy(update={"benchmark": compare(v_med.value, vfig.figure)})
    out += [v_med, v_trim]

    both = np.isfinite(r.likes) & np.isfinite(r.comments)
    likes_total = float(r.likes[both].sum())
    out.append(
        Metric(
            id="comments_per_like",
            value=float(r.comments[both].sum()) / likes_total if likes_total > 0 else None,
            numerator="comments",
            denominator="likes",
            method="total",
            n=int(both.sum()),
            gap=None if likes_total > 0 else (no_posts if not posts else "influencers.gap.no_likes"),
        )
    )
    video_views = r.views[r.video & np.isfinite(r.views)]
    vf_ok = len(video_views) > 0 and c.followers > 0
    out.append(
        Metric(
            id="views_per_follower",
            value=float(np.median(video_views)) / c.followers if vf_ok else None,
            numerator="video views",
            denominator="followers",
            method="median",
            n=len(video_views),
            gap=None
            if vf_ok
            else ("influencers.gap.zero_followers" if c.followers == 0 else "influencers.gap.no_video"),
        )
    )
    out += _cadence(r)
    out.append(_sponsored_ratio(r))
    likes = _finite(r.likes)
    out.append(
        Metric(
            id="likes_spread",
            value=float(np.std(likes) / np.mean(likes)) if len(likes) >= 2 and np.mean(likes) > 0 else None,
            numerator="standard deviation of likes",
            denominator="mean likes",
            method="total",
            n=len(likes),
            gap=None if len(likes) >= 2 and likes.mean() > 0 else "influencers.gap.few_posts",
        )
    )
    out.append(_growth(history))
    return out, r


def _cadence(r: PostRates) -> list[Metric]:
    n = len(r.dates)
    if n < 2:
        return [
            Metric(
                id="posts_per_week",
                value=None,
                numerator="posts",
                denominator="weeks",
                method="rate",
                n=n,
                gap="influencers.gap.few_posts",
            ),
            Metric(
                id="median_gap_days",
                value=None,
                numerator="days",
                denominator="posts",
                method="median",
                n=n,
                gap="influencers.gap.few_posts",
            ),
        ]
    span = max((r.dates[-1] - r.dates[0]).days, 1)
    gaps = np.diff(np.array([d.toordinal() for d in r.dates], dtype=float))
    return [
        Metric(
            id="posts_per_week", value=(n - 1) / span * 7, numerator="posts", denominator="weeks", method="rate", n=n
        ),
        Metric(
            id="median_gap_days",
            value=float(np.median(gaps)),
            numerator="days between posts",
            denominator="posts",
            method="median",
            n=n,
        ),
    ]


def _sponsored_ratio(r: PostRates) -> Metric:
    spons = _finite(r.er_followers[r.sponsored])
    organic = _finite(r.er_followers[~r.sponsored])
    ok = len(spons) >= 1 and len(organic) >= 1 and float(np.median(organic)) > 0
    return Metric(
        id="sponsored_vs_organic",
        value=float(np.median(spons) / np.median(organic)) if ok else None,
        numerator="median engagement per follower of sponsored posts",
        denominator="median engagement per follower of organic posts",
        method="ratio_of_medians",
        n=len(spons) + len(organic),
        gap=None if ok else "influencers.gap.no_sponsored",
    )


def _growth(history: list[HistoryPoint]) -> Metric:
    h = sorted(history, key=lambda p: p.date)
    if len(h) < 2 or h[0].followers <= 0 or (h[-1].date - h[0].date).days < 1:
        return Metric(
            id="follower_growth_monthly",
            value=None,
            numerator="followers gained",
            denominator="followers at start",
            method="rate",
            n=len(h),
            gap="influencers.gap.no_history",
        )
    days = (h[-1].date - h[0].date).days
    growth = (h[-1].followers / h[0].followers) ** (30.0 / days) - 1.0
    return Metric(
        id="follower_growth_monthly",
        value=float(growth),
        numerator="followers gained",
        denominator="followers at start",
        method="rate",
        n=len(h),
    )
