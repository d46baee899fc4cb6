"""Manipulation cannot buy value: adding bought likes, a follower spike or pasted pod comments to a creator,
all else equal, never raises its value or its rank, and the factors applied are the ones the notes show.

Honest creators are drawn here by Hypothesis with varied sizes, engagement, ratios of comments, saves and
shares to likes, video or not, few or many posts, with or without a comment sample and a history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mizaan.i18n import NumberFormatter
from mizaan.influencers import vet
from mizaan.influencers.model import Candidate, HistoryPoint, Post, VetInput
from mizaan.influencers.result import VetReport
from tests.influencers import factory as f

TODAY = dt.date(2025, 6, 30)
HONEST_TEXTS = [
    "وين ألقاه في جدة؟", "does it last all day on hot days", "كم سعر الحجم الكبير", "جربته وريحته ثابتة",
    "ممكن رابط المتجر", "is it good for sensitive skin", "طلبته هدية لأمي", "هل يوصل للدمام",
]  # fmt: skip
POD_TEXTS = ["🔥🔥🔥", "wow amazing", "ما شاء الله", "Amazing content keep going bro", "Great post love your style"]


@st.composite
def honest(draw: Any, handle: str) -> dict[str, Any]:
    """The recipe of one honest creator (a dict, so that a test can change one thing and build it again)."""
    return {
        "handle": handle,
        "followers": draw(st.integers(3_000, 400_000)),
        "posts": draw(st.integers(1, 16)),
        "er": draw(st.floats(0.004, 0.08)),
        "spread": draw(st.floats(0.2, 0.8)),
        "comments_per_like": draw(st.floats(0.008, 0.08)),
        "saves_per_like": draw(st.one_of(st.none(), st.floats(0.01, 0.1))),
        "shares_per_like": draw(st.one_of(st.none(), st.floats(0.005, 0.06))),
        "video": draw(st.booleans()),
        "views_rate": draw(st.floats(0.05, 1.2)),
        "texts": draw(st.integers(0, 4)),
        "history": draw(st.booleans()),
        "seed": draw(st.integers(0, 10_000)),
        "price": draw(st.integers(300, 5_000)),
    }


def build(r: dict[str, Any]) -> tuple[Candidate, list[Post], list[HistoryPoint]]:
    rng = np.random.default_rng(r["seed"])
    c = f.candidate(r["handle"], followers=r["followers"], price_per_post=Decimal(r["price"]))
    posts = []
    for k in range(r["posts"]):
        interactions = r["followers"] * r["er"] * float(rng.lognormal(0, r["spread"]))
        likes = interactions / (1 + r["comments_per_like"])
        comments = max(int(likes * r["comments_per_like"] * float(rng.lognormal(0, 0.2))), r["texts"])
        posts.append(
            Post(
                handle=c.handle,
                platform=c.platform,
                post_id=f"{c.handle}-{k}",
                date=TODAY - dt.timedelta(days=4 * (r["posts"] - k)),
                type="video" if r["video"] else "photo",
                views=int(r["followers"] * r["views_rate"] * float(rng.lognormal(0, 0.3))) if r["video"] else None,
                likes=int(likes),
                comments=comments,
                saves=None if r["saves_per_like"] is None else int(likes * r["saves_per_like"]),
                shares=None if r["shares_per_like"] is None else int(likes * r["shares_per_like"]),
                caption=f"post {k}",
                sponsored=k % 3 == 0,
                comment_texts=tuple(HONEST_TEXTS[(k + j) % len(HONEST_TEXTS)] + f" {k}" for j in range(r["texts"])),
            )
        )
    history = f.history(c, seed=r["seed"]) if r["history"] else []
    return c, posts, history


def report(recipes: list[dict[str, Any]], profile: Any, change: Any = None) -> VetReport:
    cands, posts, hist = [], [], []
    for i, r in enumerate(recipes):
        c, p, h = build(r)
        if i == 0 and change is not None:
            c, p, h = change(c, p, h)
        cands.append(c)
        posts += p
        hist += h
    return vet(VetInput(candidates=cands, posts=posts, history=hist), profile)


def standing(rep: VetReport, handle: str) -> tuple[float, float, int]:
    v = rep.get(handle)
    o = v.outcome
    return (
        o.value if o else 0.0,
        o.risk_adjusted if o else 0.0,
        v.rank if v.rank is not None else len(rep.influencers) + 1,
    )


def assert_no_gain(before: VetReport, after: VetReport, handle: str) -> None:
    v0, r0, k0 = standing(before, handle)
    v1, r1, k1 = standing(after, handle)
    assert v1 <= v0 * (1 + 1e-9) + 1e-12
    assert r1 <= r0 * (1 + 1e-9) + 1e-12
    assert k1 >= k0


def bought_likes(share: float, posts_hit: int) -> Any:
    def change(c: Candidate, posts: list[Post], hist: list[HistoryPoint]) -> Any:
        out = [
            p.model_copy(update={"likes": int((p.likes or 0) * (1 + share)) + 1}) if k < posts_hit else p
            for k, p in enumerate(posts)
        ]
        return c, out, hist

    return change


def spike(share: float, at: int) -> Any:
    def change(c: Candidate, posts: list[Post], hist: list[HistoryPoint]) -> Any:
        jump = int(c.followers * share)
        cut = 1 + at % (len(hist) - 1)
        new = hist[:cut] + [h.model_copy(update={"followers": h.followers + jump}) for h in hist[cut:]]
        return c.model_copy(update={"followers": c.followers + jump}), posts, new

    return change


def pod(per_post: int, posts_hit: int) -> Any:
    def change(c: Candidate, posts: list[Post], hist: list[HistoryPoint]) -> Any:
        out = []
        for k, p in enumerate(posts):
            if k < posts_hit:
                texts = tuple(POD_TEXTS[j % len(POD_TEXTS)] for j in range(per_post))
                p = p.model_copy(
                    update={"comments": (p.comments or 0) + per_post, "comment_texts": p.comment_texts + texts}
                )
            out.append(p)
        return c, out, hist

    return change


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    me=honest("me"),
    others=st.lists(honest("peer"), min_size=1, max_size=3),
    share=st.floats(0.05, 6.0),
    hit=st.integers(1, 16),
)
def test_bought_likes_never_raise_value_or_rank(
    make_profile: Any, me: dict[str, Any], others: list[dict[str, Any]], share: float, hit: int
) -> None:
    peers = [{**o, "handle": f"peer{i}"} for i, o in enumerate(others)]
    profile = make_profile()
    before = report([me, *peers], profile)
    after = report([me, *peers], profile, bought_likes(share, hit))
    assert_no_gain(before, after, "me")


BOUNDARY = {"handle": "me", "followers": 100_000, "posts": 1, "er": 0.0625, "spread": 0.5,
            "comments_per_like": 0.0625, "saves_per_like": None, "shares_per_like": None, "video": False,
            "views_rate": 1.0, "texts": 0, "history": True, "seed": 1, "price": 300}  # fmt: skip


# a spike lifts a nano creator whose engagement is far below its tier's norm into the micro tier, whose
# lower norm it meets: the signal must still judge it against the tier without the bought followers
LIFTED = {"handle": "me", "followers": 8831, "posts": 11, "er": 0.043, "spread": 0.655, "comments_per_like": 0.01,
          "saves_per_like": 0.0346, "shares_per_like": None, "video": True, "views_rate": 0.1056, "texts": 1,
          "history": True, "seed": 10000, "price": 3091}  # fmt: skip
LIFTED_PEERS = [
    {**LIFTED, "handle": "peer0", "followers": 74785, "posts": 14, "er": 0.0725, "spread": 0.703,
     "comments_per_like": 0.0558, "saves_per_like": 0.0154, "video": False, "views_rate": 1.066, "texts": 4,
     "seed": 8666, "price": 5000},
    {**LIFTED, "handle": "peer1", "followers": 3534, "posts": 14, "er": 0.004, "spread": 0.635,
     "comments_per_like": 0.01, "saves_per_like": 0.01, "shares_per_like": 0.0277, "video": False,
     "views_rate": 0.2356, "texts": 2, "seed": 217, "price": 933},
]  # fmt: skip


@SETTINGS
@given(
    me=honest("me"),
    others=st.lists(honest("peer"), min_size=1, max_size=3),
    share=st.floats(0.05, 1.5),
    at=st.integers(0, 100),
)
@example(me=BOUNDARY, others=[{**BOUNDARY, "followers": 3000, "seed": 0}], share=1.0, at=0)  # a tier's edge
@example(me=LIFTED, others=LIFTED_PEERS, share=0.518, at=32)
def test_a_follower_spike_never_raises_value_or_rank(
    make_profile: Any, me: dict[str, Any], others: list[dict[str, Any]], share: float, at: int
) -> None:
    me = {**me, "history": True}
    peers = [{**o, "handle": f"peer{i}"} for i, o in enumerate(others)]
    profile = make_profile()
    before = report([me, *peers], profile)
    after = report([me, *peers], profile, spike(share, at))
    assert_no_gain(before, after, "me")


# one post whose single comment is real: a pod's four comments, three caught as generic and one template
# that reads as real, must not add authentic comments (and with them corroborate the post's likes)
ONE_POST = {**BOUNDARY, "followers": 3000, "er": 0.03125, "comments_per_like": 0.015625, "history": False,
            "seed": 0}  # fmt: skip


@SETTINGS
@given(
    me=honest("me"),
    others=st.lists(honest("peer"), min_size=1, max_size=3),
    per_post=st.integers(1, 12),
    hit=st.integers(1, 16),
)
@example(me=ONE_POST, others=[{**ONE_POST, "handle": "peer0", "er": 0.0625, "comments_per_like": 0.0625}],
         per_post=4, hit=1)  # fmt: skip
def test_pasted_pod_comments_never_raise_value_or_rank(
    make_profile: Any, me: dict[str, Any], others: list[dict[str, Any]], per_post: int, hit: int
) -> None:
    peers = [{**o, "handle": f"peer{i}"} for i, o in enumerate(others)]
    profile = make_profile()
    before = report([me, *peers], profile)
    after = report([me, *peers], profile, pod(per_post, hit))
    assert_no_gain(before, after, "me")


def test_bought_likes_lower_value_and_name_their_signal(make_profile: Any) -> None:
    r = {"handle": "me", "followers": 40_000, "posts": 12, "er": 0.025, "spread": 0.3, "comments_per_like": 0.03,
         "saves_per_like": 0.04, "shares_per_like": 0.02, "video": True, "views_rate": 0.4, "texts": 0,
         "history": False, "seed": 3, "price": 1000}  # fmt: skip
    # vetted among peers of the same market, whose rates the likes are judged against
    peers = [{**r, "handle": f"peer{i}", "seed": 10 + i} for i in range(5)]
    before = report([r, *peers], make_profile())
    after = report([r, *peers], make_profile(), bought_likes(2.0, 12))
    v = after.get("me")
    assert v.outcome is not None and before.get("me").outcome is not None
    assert v.outcome.value < 0.6 * before.get("me").outcome.value  # type: ignore[union-attr]
    assert any(s.id == "likes_out_of_line" and s.fired for s in v.authenticity.signals)
    assert v.authenticity.verdict != "ok"
    # the notes show the factors actually applied, never more than the cap
    assert v.outcome.factors["likes"] < 1.0 and v.outcome.factors["engagement"] <= 2.0
    nf = NumberFormatter(after.lang, after.country)
    for fid in ("likes", "engagement", "trust"):
        shown = (nf.num(v.outcome.factors[fid], 2), nf.pct(v.outcome.factors[fid]))
        assert any(x in n for x in shown for n in v.outcome.notes)


def test_engagement_above_the_tier_is_not_paid_for(make_profile: Any) -> None:
    c = f.candidate()
    data = f.world(c, posts=f.posts(c, er=0.2, video=True))
    o = vet(data, make_profile()).get(c.handle).outcome
    assert o is not None
    bench = vet(data, make_profile()).get(c.handle).metric("er_followers")
    assert bench is not None and bench.benchmark is not None
    assert o.factors["engagement"] <= bench.benchmark.high / bench.benchmark.typical + 1e-9


def test_a_market_that_comments_little_is_not_called_bought_but_bought_likes_in_it_are(make_profile: Any) -> None:
    # every creator's audience leaves 90 likes per comment and likes a tenth of what it views: far from the
    # typical rates, but the same for all; judged against the other candidates, none is flagged...
    r = {"handle": "me", "followers": 60_000, "posts": 10, "er": 0.03, "spread": 0.35, "comments_per_like": 0.011,
         "saves_per_like": None, "shares_per_like": None, "video": True, "views_rate": 0.3, "texts": 0,
         "history": False, "seed": 0, "price": 1000}  # fmt: skip
    peers = [{**r, "handle": f"peer{i}", "seed": 20 + i} for i in range(6)]
    honest_run = report([r, *peers], make_profile())
    for v in honest_run.influencers:
        assert not any(s.id == "likes_out_of_line" and s.fired for s in v.authenticity.signals), v.handle
    # ...and one who buys four times its likes is named and ranked below every honest creator
    bought = report([r, *peers], make_profile(), bought_likes(3.0, 10))
    me = bought.get("me")
    assert any(s.id == "likes_out_of_line" and s.fired for s in me.authenticity.signals)
    assert all((me.rank or 99) > (bought.get(p["handle"]).rank or 0) for p in peers)
