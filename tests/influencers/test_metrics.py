"""Metrics keep raw counts, name their denominator, resist outliers, and compare with the knowledge base's
figure for the tier and platform."""

from __future__ import annotations

from typing import Any

import pytest

from mizaan.influencers import vet
from mizaan.influencers.benchmarks import engagement_figure, tier_for
from tests.influencers import factory as f


def test_engagement_per_follower_is_likes_plus_comments_over_followers(make_profile: Any) -> None:
    c = f.candidate(followers=10_000)
    ps = f.posts(c, n=5, er_of=[0.01, 0.02, 0.03, 0.04, 0.5])
    v = vet(f.world(c, posts=ps), make_profile()).get(c.handle)
    er = v.metric("er_followers")
    assert er is not None and (er.numerator, er.denominator, er.method, er.n) == (
        "likes + comments",
        "followers",
        "median",
        5,
    )
    expected = sorted((p.likes or 0) + (p.comments or 0) for p in ps)[2] / 10_000
    assert er.value == pytest.approx(expected)
    mean = sum((p.likes or 0) + (p.comments or 0) for p in ps) / 5 / 10_000
    assert er.value < mean / 2  # one viral post does not decide


def test_engagement_per_view_uses_every_interaction_and_only_posts_with_views(make_profile: Any) -> None:
    c = f.candidate(platform="tiktok")
    v = vet(f.world(c, posts=f.posts(c, video=True)), make_profile()).get(c.handle)
    m = v.metric("er_views")
    assert m is not None and m.denominator == "views" and "shares" in m.numerator and m.value is not None
    assert (
        m.benchmark is not None and m.benchmark.figure == "influencer_micro.view_engagement_rate_tiktok.global"
    ) or m.benchmark is None


def test_photo_posts_leave_views_as_a_gap_not_a_zero(make_profile: Any) -> None:
    c = f.candidate()
    v = vet(f.world(c), make_profile()).get(c.handle)
    for mid in ("er_views", "views_per_follower"):
        m = v.metric(mid)
        assert m is not None and m.value is None and m.gap


def test_benchmarks_follow_tier_and_platform(kb: Any) -> None:
    assert tier_for(999, kb) is None and tier_for(1000, kb) == "nano" and tier_for(2_000_000, kb) == "mega"
    ig = engagement_figure(kb, "instagram", "micro", "followers", "SA")
    tt = engagement_figure(kb, "tiktok", "nano", "views", "SA")
    assert ig and ig.figure.id == "influencer_micro.engagement_rate.global"
    assert tt and tt.figure.id == "influencer_nano.view_engagement_rate_tiktok.global" and tt.basis == "views"
    assert engagement_figure(kb, "snapchat", "micro", "followers", "SA") is None


def test_cadence_and_growth_are_rates_with_their_units(make_profile: Any) -> None:
    c = f.candidate()
    v = vet(f.world(c, history=f.history(c, growth=0.01)), make_profile()).get(c.handle)
    cadence, growth = v.metric("posts_per_week"), v.metric("follower_growth_monthly")
    assert cadence and cadence.denominator == "weeks" and cadence.value == pytest.approx(7 / 5)
    assert growth and growth.value is not None and 0.02 < growth.value < 0.07
