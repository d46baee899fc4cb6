"""Each authenticity signal fires on a case built to show it and stays quiet on a clean account."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mizaan.influencers import vet
from mizaan.influencers.benchmarks import signal_settings
from mizaan.influencers.model import Post, VetInput
from mizaan.influencers.result import Vetted
from tests.influencers import factory as f

GENERIC = tuple(["واو 😍", "nice pic", "ما شاء الله 🔥", "🔥🔥", "wow amazing", "❤️"])
REAL = [
    ("وين ألقاه في جدة؟", "does it last all day on hot days?", "كم سعر الحجم الكبير"),
    ("جربته بعد الفيديو وريحته ثابتة", "ممكن رابط المتجر", "is it good for sensitive skin"),
    ("طلبته هدية لأمي", "هل يوصل للدمام", "اللون يجنن وش رقمه"),
    ("أحسن مراجعة شفتها اليوم", "where can I buy it in Dubai", "عندي نفس العطر وأحبه"),
    ("بكرة أطلبه للعيد", "the code did not work for me", "كم يدوم على الملابس"),
]
WORDS = ["اليوم", "أمس", "للعيد", "لأختي", "for mum", "بعد الدوام", "في الرياض", "quickly", "بالمرة", "مع الكود",
         "again", "للمرة الثانية", "من زمان", "بصراحة", "tonight"]  # fmt: skip
VARIED = [tuple(f"{text} {WORDS[k]}" for text in REAL[k % len(REAL)]) for k in range(15)]
PASTED = ("Amazing content keep going bro", "Follow my page for daily tips", "Great post love your style")


def one(make: Callable[[], tuple[Any, ...]], profile: Any) -> Vetted:
    c, data = make()
    return vet(data, profile).get(c.handle)


def fired(v: Vetted, sid: str) -> bool | None:
    return next(s.fired for s in v.authenticity.signals if s.id == sid)


def clean() -> tuple[Any, VetInput]:
    c = f.candidate()
    data = f.world(
        c,
        posts=f.posts(c, comment_texts=VARIED, video=True),
        history=f.history(c),
        followers=f.follower_sample(c, fake_share=0.05),
    )
    return c, data


def case(name: str) -> tuple[Any, VetInput]:
    c = f.candidate()
    if name == "er_far_below":
        return c, f.world(c, posts=f.posts(c, er=0.0015))  # well under half the low figure, whatever the likes
    if name == "er_far_above":
        return c, f.world(c, posts=f.posts(c, er=0.25))
    if name == "comments_per_like_low":
        return c, f.world(c, posts=f.posts(c, comments_share=0.0005))
    if name == "comments_per_like_high":
        return c, f.world(c, posts=f.posts(c, comments_share=0.3))
    if name == "views_per_follower_low":
        return c, f.world(c, posts=f.posts(c, video=True, views_rate=0.01))
    if name == "likes_too_even":
        return c, f.world(c, posts=f.posts(c, spread=0.0))
    if name == "bursty_engagement":
        rates = [0.03] * 15
        for k in (2, 6, 11):
            rates[k] = 0.2
        return c, f.world(c, posts=f.posts(c, er_of=rates))
    if name == "growth_spike":
        return c, f.world(c, history=f.history(c, jump=4321))
    if name == "round_jump":
        return c, f.world(c, history=f.history(c, growth=0.01, jump=2000))
    if name == "follower_drop":
        return c, f.world(c, history=f.history(c, jump=-2500))
    if name == "following_ratio":
        c = f.candidate(following=21_000)
        return c, f.world(c)
    if name == "generic_comments":
        return c, f.world(c, posts=f.posts(c, comment_texts=[GENERIC]))
    if name == "repeated_comments":
        return c, f.world(c, posts=f.posts(c, comment_texts=[PASTED]))
    if name == "suspicious_followers":
        return c, f.world(c, followers=f.follower_sample(c, fake_share=0.6))
    raise ValueError(name)


SIGNALS = [
    "er_far_below",
    "er_far_above",
    "comments_per_like_low",
    "comments_per_like_high",
    "views_per_follower_low",
    "likes_too_even",
    "bursty_engagement",
    "growth_spike",
    "round_jump",
    "follower_drop",
    "following_ratio",
    "generic_comments",
    "repeated_comments",
    "suspicious_followers",
]


@pytest.fixture(scope="module")
def clean_account(make_profile: Any) -> Vetted:
    return one(clean, make_profile())


@pytest.mark.parametrize("signal", SIGNALS)
def test_each_signal_fires_on_its_case(signal: str, make_profile: Any) -> None:
    v = one(lambda: case(signal), make_profile())
    assert fired(v, signal) is True
    assert v.authenticity.verdict in ("caution", "avoid")
    penalty = signal_settings()["signals"][signal]["penalty"]
    if penalty > 0:
        assert v.authenticity.score is not None and v.authenticity.score < 100


@pytest.mark.parametrize("signal", SIGNALS)
def test_each_signal_stays_quiet_on_a_clean_account(signal: str, clean_account: Vetted) -> None:
    assert fired(clean_account, signal) is False


def test_a_clean_account_scores_full_marks_and_ok(clean_account: Vetted) -> None:
    assert clean_account.authenticity.score == 100
    assert clean_account.authenticity.verdict == "ok"


def test_signals_without_their_data_are_listed_as_not_checked(make_profile: Any) -> None:
    c = f.candidate(following=None)
    v = vet(f.world(c), make_profile()).get(c.handle)
    for sid in ("growth_spike", "round_jump", "generic_comments", "suspicious_followers", "following_ratio"):
        assert fired(v, sid) is None
    assert all(s.penalty == 0 for s in v.authenticity.signals if s.fired is None)


def test_rounded_history_counts_do_not_raise_a_round_jump(make_profile: Any) -> None:
    c = f.candidate()
    hist = [h.model_copy(update={"followers": round(h.followers, -3)}) for h in f.history(c)]
    v = vet(f.world(c, history=hist), make_profile()).get(c.handle)
    assert fired(v, "round_jump") is None


def test_sponsorship_is_read_from_captions_when_no_column_says(make_profile: Any) -> None:
    c = f.candidate()
    base = f.posts(c, captions=["#اعلان مع دار المسك", "يومي", "يومي", "يومي"])
    plain = [Post(**{**p.model_dump(), "sponsored": None}) for p in base]
    v = vet(f.world(c, posts=plain), make_profile()).get(c.handle)
    ratio = v.metric("sponsored_vs_organic")
    assert ratio is not None and ratio.value is not None and ratio.n == len(plain)
