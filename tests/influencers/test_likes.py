"""How far likes run ahead of the other counts: the evidence only rises with the likes, is surer with more
posts and more counts, and the market's rates come from the other candidates."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.influencers.authentic import authentic_engagement
from mizaan.influencers.authentic import settings as authentic_settings
from mizaan.influencers.likes import (
    CHANNELS,
    LikesEvidence,
    channel_levels,
    likes_evidence,
    likes_factor,
    market_baseline,
)
from mizaan.influencers.metrics import post_rates
from mizaan.influencers.model import Candidate, Post
from tests.influencers import factory as f

CFG = authentic_settings()


def counts(n: int, likes_per_comment: float, seed: int, views: bool = True) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    likes = 1000 * rng.lognormal(0, 0.4, n)
    implied = np.full((n, len(CHANNELS)), np.nan)
    implied[:, 0] = likes / likes_per_comment * 35  # comments at the typical 35 likes each
    if views:
        implied[:, 1] = likes * rng.lognormal(0, 0.3, n)
    return likes, implied


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 20),
    seed=st.integers(0, 1000),
    lpc=st.floats(10, 120),
    extra=st.lists(st.floats(0, 5), min_size=20, max_size=20),
    peers=st.integers(0, 8),
)
def test_added_likes_never_lower_the_excess_or_raise_the_factor(
    n: int, seed: int, lpc: float, extra: list[float], peers: int
) -> None:
    likes, implied = counts(n, lpc, seed)
    base = market_baseline([channel_levels(*counts(10, lpc, seed + 1 + k)) for k in range(peers)], CFG)
    before = likes_evidence(likes, implied, base, CFG)
    after = likes_evidence(likes * (1 + np.array(extra[:n])), implied, base, CFG)
    assert before is not None and after is not None
    assert after.excess >= before.excess - 1e-12
    assert after.sd == before.sd  # the uncertainty never depends on the likes
    assert after.ahead >= before.ahead
    assert likes_factor(after, 1.25, 1.5) <= likes_factor(before, 1.25, 1.5)


def test_more_posts_and_more_counts_make_the_evidence_surer() -> None:
    base = market_baseline([], CFG)
    few = likes_evidence(*counts(3, 35, 1, views=False), base, CFG)
    many = likes_evidence(*counts(20, 35, 1, views=False), base, CFG)
    both = likes_evidence(*counts(20, 35, 1), base, CFG)
    assert few is not None and many is not None and both is not None
    assert few.sd > many.sd > both.sd
    assert (few.channels, many.channels, both.channels) == (1, 1, 2)


def test_the_market_rate_comes_from_the_peers_and_is_shrunk_by_how_few_they_are() -> None:
    # an audience that comments little: 90 likes per comment against the typical 35
    quiet = [channel_levels(*counts(12, 90, s)) for s in range(12)]
    one = market_baseline(quiet[:1], CFG)
    many = market_baseline(quiet, CFG)
    assert 0 < one.offset[0] < many.offset[0] < math.log(90 / 35) + 0.2
    assert many.var[0] < one.var[0] < float(CFG["market_spread"]["comments"]) ** 2
    assert market_baseline([], CFG).offset == (0.0,) * len(CHANNELS)
    # an honest creator of that market: in line among its peers, far out without them
    me = counts(12, 90, 99)
    alone = likes_evidence(*me, market_baseline([], CFG), CFG)
    among = likes_evidence(*me, many, CFG)
    assert alone is not None and among is not None
    assert among.excess < 0.3 < alone.excess and among.sd < alone.sd


def _evidence(posts: list[Post], c: Candidate) -> LikesEvidence:
    ev = authentic_engagement(c.followers, post_rates(c, posts), posts, [], None).likes
    assert ev is not None
    return ev


def test_saves_and_shares_back_the_evidence_beside_comments_and_views() -> None:
    # saves and shares are not bought with likes: beside comments and views they are evidence of their own
    c = f.candidate("reels")
    full = f.posts(c, 12, video=True, seed=4)
    bare = [p.model_copy(update={"saves": None, "shares": None}) for p in full]
    with_all, without = _evidence(full, c), _evidence(bare, c)
    assert (with_all.channels, without.channels) == (4, 2)
    assert with_all.sd < without.sd
    # likes tripled on every post: the four counts together name it further above nothing than two do
    bought = [p.model_copy(update={"likes": 3 * (p.likes or 0)}) for p in full]
    bought_bare = [p.model_copy(update={"saves": None, "shares": None}) for p in bought]
    assert _evidence(bought, c).z - with_all.z > _evidence(bought_bare, c).z - without.z > 0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 1000), n=st.integers(1, 15), factor=st.floats(1.0, 6.0), which=st.integers(0, 14))
def test_bought_likes_on_posts_with_every_count_never_lower_the_excess(
    seed: int, n: int, factor: float, which: int
) -> None:
    c = f.candidate("all_counts")
    posts = f.posts(c, n, video=seed % 2 == 0, seed=seed)
    before = _evidence(posts, c)
    posts[which % n] = posts[which % n].model_copy(update={"likes": int((posts[which % n].likes or 0) * factor)})
    after = _evidence(posts, c)
    assert after.excess >= before.excess - 1e-12 and after.sd == before.sd
