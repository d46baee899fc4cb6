"""Engagement believed authentic: what value counts, so that manipulation cannot buy it.

Likes are the cheapest interaction to buy, so a post's likes are never taken as reported. They are
estimated from the counts that are harder to buy together: the comments believed authentic and the views
(or, for a post with neither, its saves and shares), each at the typical number of likes per unit
(``signals.yaml``, ``authentic.likes_per``); the estimate is the median of what those counts imply. The
likes the export reports can then only lower value: when they run ahead of the estimate (``likes.py``:
every count, saves and shares too, channel by channel at the market's rates, with their uncertainty) by
more than the tolerance,
value falls (``likes_factor``). Adding bought likes to a creator, all else equal, therefore never raises
the engagement value counts, and lowers the factor.

Comments count only in the share believed authentic: the comments of the sample (``comment_texts``)
judged generic or pasted word for word on other posts are taken out in proportion. Followers gained in a
spike (a gain far above the account's usual, see ``follower_spikes``) are taken out of the followers that
impressions are estimated from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from mizaan.influencers.benchmarks import signal_settings
from mizaan.influencers.comments import PodEvidence
from mizaan.influencers.likes import (
    Baseline,
    Levels,
    LikesEvidence,
    channel_levels,
    likes_evidence,
    likes_factor,
    market_baseline,
)
from mizaan.influencers.metrics import PostRates
from mizaan.influencers.model import HistoryPoint, Post
from mizaan.influencers.words import comment_key, is_generic

CORROBORATORS = ("comments", "saves", "shares", "views")


def settings() -> dict[str, Any]:
    """The ``authentic`` section of ``data/signals.yaml``."""
    out: dict[str, Any] = signal_settings()["authentic"]
    return out


@dataclass(frozen=True)
class CommentJudgement:
    """The sampled comments of one creator, judged: generic ones, and ones pasted on other posts.

    ``caught``: the share of the comments a pod or a bought package adds that the judgement catches
    (``signals.yaml``, ``authentic.caught_share``); each comment caught stands for itself and the ones like
    it that pass for real, so that adding comments of which at least that share is caught never raises the
    comments believed authentic (a pod mixes generic comments with templates that read as real)."""

    total: int
    generic: int
    repeated: int
    flagged: int  # generic or repeated (each comment counted once)
    per_post: np.ndarray  # per post (in the order given): sampled comments
    flagged_per_post: np.ndarray
    caught: float = 1.0

    @property
    def authentic_share(self) -> float:
        """Share of the sampled comments believed authentic (1 without a sample)."""
        return max(0.0, 1.0 - self.flagged / self.caught / self.total) if self.total else 1.0

    def post_shares(self) -> np.ndarray:
        """Per post, the share of its comments believed authentic: its own sample's, else the whole
        sample's. Adding comments of which at least the ``caught`` share is judged inauthentic never raises
        a post's authentic comments when the post has at least as many comments as were sampled."""
        kept = np.maximum(self.per_post - self.flagged_per_post / self.caught, 0.0)
        own = np.divide(
            kept,
            self.per_post,
            out=np.full(len(self.per_post), self.authentic_share),
            where=self.per_post > 0,
        )
        return np.asarray(own, dtype=float)


def judge_comments(posts: list[Post], pods: PodEvidence | None = None, caught: float = 1.0) -> CommentJudgement:
    """Generic comments (emoji, "wow", "ما شاء الله"...) and comments of three words or more repeated word
    for word on another post (short questions such as "how much?" are said by many real people); from the
    comments export when there is one (where pod rings and reciprocal commenters are judged too), else from
    the posts' comment samples."""
    if pods is not None and pods.comments:
        table = [pods.per_post.get(p.post_id or "", (0, 0)) for p in posts]
        return CommentJudgement(
            total=pods.comments,
            generic=pods.generic,
            repeated=pods.pasted,
            flagged=pods.flagged,
            per_post=np.array([n for n, _ in table], dtype=float),
            flagged_per_post=np.array([k for _, k in table], dtype=float),
            caught=caught,
        )
    texts = [(i, txt) for i, p in enumerate(posts) for txt in p.comment_texts]
    generic = [is_generic(txt) for _, txt in texts]
    keys = [comment_key(txt) for _, txt in texts]
    posts_of: dict[str, set[int]] = {}
    for (i, _), key, gen in zip(texts, keys, generic, strict=True):
        if len(key.split()) >= 3 and not gen:
            posts_of.setdefault(key, set()).add(i)
    pasted = {k for k, where in posts_of.items() if len(where) >= 2}
    counts = Counter(keys)
    repeated = sum(counts[k] for k in pasted)
    bad = [gen or key in pasted for key, gen in zip(keys, generic, strict=True)]
    per_post = np.zeros(len(posts))
    flagged_per_post = np.zeros(len(posts))
    for (i, _), b in zip(texts, bad, strict=True):
        per_post[i] += 1
        flagged_per_post[i] += b
    return CommentJudgement(
        total=len(texts),
        generic=sum(generic),
        repeated=repeated,
        flagged=sum(bad),
        per_post=per_post,
        flagged_per_post=flagged_per_post,
        caught=caught,
    )


@dataclass(frozen=True)
class Spikes:
    """Follower gains between snapshots, and which of them are spikes."""

    dates: list[str]  # the date each gain was seen (the later snapshot)
    gains: np.ndarray
    relative: np.ndarray  # gain / followers before it
    spike: np.ndarray  # bool
    excess: float  # followers gained in spikes beyond the account's usual gain over the same days


def follower_spikes(history: list[HistoryPoint]) -> Spikes | None:
    """Gains ``robust_z`` robust deviations above the account's usual daily gain and at least ``min_gain``
    of its followers at once (``signals.yaml``, ``growth_spike``); None with fewer than three snapshots."""
    h = sorted(history, key=lambda p: p.date)
    if len(h) < 3:
        return None
    followers = np.array([p.followers for p in h], dtype=float)
    days = np.maximum(np.diff([p.date.toordinal() for p in h]).astype(float), 1.0)
    gains = np.diff(followers)
    daily = gains / days
    base = followers[:-1]
    med = float(np.median(daily))
    mad = float(np.median(np.abs(daily - med))) * 1.4826
    scale = max(mad, 1.0, 0.001 * float(np.median(base)))  # a floor for very steady histories
    spec = signal_settings()["signals"]["growth_spike"]
    rel = np.divide(gains, base, out=np.zeros_like(gains), where=base > 0)
    spike = ((daily - med) / scale >= float(spec["robust_z"])) & (rel >= float(spec["min_gain"]))
    usual = np.maximum(med, 0.0) * days
    excess = float(np.maximum(gains - usual, 0.0)[spike].sum())
    return Spikes([p.date.isoformat() for p in h[1:]], gains, rel, spike, excess)


@dataclass(frozen=True)
class AuthenticEngagement:
    """One creator's engagement as value counts it, and the evidence of what was taken out."""

    er: np.ndarray  # per post: authentic interactions / followers (NaN where nothing could be estimated)
    comments: np.ndarray  # per post: comments believed authentic
    corroborated: np.ndarray  # per post: estimated from hard-to-buy counts (else reported likes + comments)
    likes: LikesEvidence | None  # how far likes run ahead of what the other counts imply (likes.py)
    likes_factor: float  # <= 1: value kept when likes run ahead of the estimate
    judged: CommentJudgement
    pods: PodEvidence | None  # the comments export's evidence, when there is one
    authentic_followers: float  # followers less those gained in spikes
    spike_excess: float

    @property
    def follower_share(self) -> float:
        total = self.authentic_followers + self.spike_excess
        return self.authentic_followers / total if total > 0 else 1.0


def _implied(
    rates: PostRates, posts: list[Post], pods: PodEvidence | None, cfg: dict[str, Any]
) -> tuple[CommentJudgement, np.ndarray, np.ndarray]:
    """The comments judged, the comments believed authentic per post, and per post and channel
    (``likes.CHANNELS``) the likes each count implies at the typical rate (NaN where a count is missing)."""
    per = cfg["likes_per"]
    judged = judge_comments(sorted(posts, key=lambda p: p.date), pods, float(cfg["caught_share"]))  # ``rates`` order
    comments = rates.comments * judged.post_shares()
    return (
        judged,
        comments,
        np.column_stack(
            [
                comments * float(per["comments"]),
                rates.views * float(per["views"]),
                rates.saves * float(per["saves"]),
                rates.shares * float(per["shares"]),
            ]
        ),
    )


def primary(channels: np.ndarray) -> np.ndarray:
    """The channels an estimate of a post's likes is read from: comments and views, which come with nearly
    every post; saves and shares depend much more on the kind of content (a recipe is saved, a joke
    shared), so they stand in only for posts without the first two. (The evidence that likes run ahead
    reads every count, each weighted by how far honest creators spread on it: ``likes.py``.)"""
    use_primary = np.isfinite(channels[:, :2]).any(axis=1)
    out = channels.copy()
    out[use_primary, 2:] = np.nan
    return out


def creator_levels(rates: PostRates, posts: list[Post], pods: PodEvidence | None = None) -> Levels:
    """A creator's likes against each count, for the market baseline of the other candidates."""
    _, _, channels = _implied(rates, posts, pods, settings())
    return channel_levels(rates.likes, channels)


def authentic_engagement(
    followers: int,
    rates: PostRates,
    posts: list[Post],
    history: list[HistoryPoint],
    typical: float | None,
    pods: PodEvidence | None = None,
    baseline: Baseline | None = None,
) -> AuthenticEngagement:
    """Per-post authentic engagement per follower and the factors manipulation leaves on value.

    ``typical``: the tier's typical engagement per follower; a post with no count but likes to check
    them against counts at most that much (its likes cannot be told from bought ones). ``baseline``: the
    market's rates read from the other candidates (``likes.market_baseline``); without it, no peers."""
    cfg = settings()
    baseline = baseline or market_baseline([], cfg)
    judged, comments, channels = _implied(rates, posts, pods, cfg)
    # each count implies likes at the market's rate; the estimate is the median of what they imply
    implied = primary(channels) * np.exp(np.array(baseline.offset))[None, :]
    corroborated = np.asarray(np.isfinite(implied).any(axis=1), dtype=bool)
    est_likes = np.full(len(rates.dates), np.nan)
    if corroborated.any():
        est_likes[corroborated] = np.nanmedian(implied[corroborated], axis=1)
    interactions = np.where(corroborated, np.nan_to_num(comments) + est_likes, np.nan)
    nan = float("nan")
    er = interactions / followers if followers > 0 else np.full(len(rates.dates), nan)
    # no count to check the likes against: the reported likes and comments, at most the tier's typical figure
    raw = (rates.likes + rates.comments) / followers if followers > 0 else np.full(len(rates.dates), nan)
    cap = typical if typical is not None else np.inf
    er = np.where(corroborated, er, np.minimum(raw, cap))

    # the same counts, channel by channel, say how far the reported likes run ahead and how sure that is
    evidence = likes_evidence(rates.likes, channels, baseline, cfg)
    factor = likes_factor(evidence, float(cfg["likes_tolerance"]), float(cfg["likes_slope"]))
    spikes = follower_spikes(history)
    excess = min(spikes.excess, float(followers)) if spikes is not None else 0.0
    return AuthenticEngagement(
        er=er,
        corroborated=corroborated,
        likes=evidence,
        likes_factor=factor,
        comments=comments,
        judged=judged,
        pods=pods,
        authentic_followers=float(followers) - excess,
        spike_excess=excess,
    )
