"""A comments export (post, commenter, time, text): pod rings, reciprocal commenting, comments at once
and pasted texts become a signal with its evidence, and only comments believed authentic count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mizaan.errors import InputError
from mizaan.influencers import read_inputs, vet
from mizaan.influencers.model import Comment, Post, VetInput
from tests.influencers import factory as f

POD = ["pod_a", "pod_b", "pod_c"]
FANS = [f"fan_{i}" for i in range(40)]
QUESTIONS = [
    "وين ألقاه في جدة",
    "how long does it last",
    "كم سعره الحين",
    "is there a bigger size",
    "رابط المتجر لو سمحت",
]


def timed(posts: list[Post]) -> list[Post]:
    return [p.model_copy(update={"posted_at": dt.datetime(2025, 6, 1 + k % 28, 18, 0, tzinfo=dt.UTC)})
            for k, p in enumerate(posts)]  # fmt: skip


def fan_comments(posts: list[Post], per_post: int = 4, shared: str = "") -> list[Comment]:
    """Each creator's own fans, and one fan (``shared``) who also follows one other creator."""
    out = []
    for k, p in enumerate(posts):
        assert p.posted_at is not None and p.post_id is not None
        for j in range(per_post):
            fan = shared if (shared and j == 0 and k % 2 == 0) else f"{p.handle}_{FANS[(k * per_post + j) % 15]}"
            out.append(Comment(handle=p.handle, platform=p.platform, post_id=p.post_id, commenter=fan,
                               time=p.posted_at + dt.timedelta(hours=2 + j),
                               text=f"{QUESTIONS[(k + j) % len(QUESTIONS)]} {k}{j}"))  # fmt: skip
    return out


def pod_comments(posts: list[Post], members: list[str]) -> list[Comment]:
    return [
        Comment(handle=p.handle, platform=p.platform, post_id=p.post_id or "", commenter=m,
                time=(p.posted_at or dt.datetime(2025, 6, 1, tzinfo=dt.UTC)) + dt.timedelta(minutes=1 + i),
                text=f"great post love it {i}")
        for p in posts for i, m in enumerate(members)
    ]  # fmt: skip


def world(pod: bool) -> tuple[VetInput, list[str]]:
    cands = [f.candidate(h) for h in ("target", "pod_a", "pod_b", "pod_c", "honest")]
    posts = {c.handle: timed(f.posts(c, n=8, seed=i)) for i, c in enumerate(cands)}
    # superfans who comment on two creators each (fan_pair_0 on the first two, fan_pair_1 on the next two...)
    comments = [c for i, h in enumerate(posts) for c in fan_comments(posts[h], shared=f"fan_pair_{i // 2}")]
    if pod:
        for h in ("target", "pod_a", "pod_b", "pod_c"):
            comments += pod_comments(posts[h], [m for m in ["target", *POD] if m != h])
    all_posts = [p for ps in posts.values() for p in ps]
    return VetInput(candidates=cands, posts=all_posts, comments=comments), [c.handle for c in cands]


def signal(v: Any, sid: str) -> Any:
    return next(s for s in v.authenticity.signals if s.id == sid)


def test_a_pod_is_named_with_its_accounts_and_its_speed(make_profile: Any) -> None:
    data, _ = world(pod=True)
    report = vet(data, make_profile())
    target = report.get("target")
    s = signal(target, "pod_comments")
    assert s.fired is True and s.severity == "critical"
    assert "@pod_a" in str(s.evidence["accounts"]) and int(s.evidence["fast"]) >= 24
    assert not target.eligible and not target.shortlisted
    honest = report.get("honest")
    assert signal(honest, "pod_comments").fired is False and honest.eligible


def test_pod_comments_lower_value_against_the_same_creator_without_them(make_profile: Any) -> None:
    with_pod, _ = world(pod=True)
    without, _ = world(pod=False)
    a = vet(with_pod, make_profile()).get("target").outcome
    b = vet(without, make_profile()).get("target").outcome
    assert a is not None and b is not None
    assert a.value < b.value and a.factors["comments"] < 1.0


def test_fans_who_comment_on_two_creators_are_not_a_ring(make_profile: Any) -> None:
    data, _ = world(pod=False)
    report = vet(data, make_profile())
    assert all(signal(v, "pod_comments").fired is False for v in report.influencers)


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


def test_a_comments_export_is_read_and_a_comment_on_an_unknown_post_is_refused(tmp_path: Path) -> None:
    cands = write(tmp_path, "c.csv", "handle,followers\nnoura,48200\n")
    posts = write(tmp_path, "p.csv", "handle,post id,date,posted at time,likes,comments\n"
                  "noura,ABC1,2025-06-01,2025-06-01T18:00:00Z,1400,40\n")  # fmt: skip
    good = write(tmp_path, "k.csv", "post,ownerUsername,timestamp,text\nABC1,@Fan_1,2025-06-01T18:03:00Z,وين ألقاه\n")
    data = read_inputs(cands, posts=posts, comments=good)
    c = data.comments[0]
    assert (c.handle, c.commenter, c.post_id) == ("noura", "fan_1", "ABC1")
    assert c.time == dt.datetime(2025, 6, 1, 18, 3, tzinfo=dt.UTC)
    assert data.posts[0].posted_at == dt.datetime(2025, 6, 1, 18, 0, tzinfo=dt.UTC)
    bad = write(tmp_path, "b.csv", "post,commenter,text\nXYZ9,fan_2,hi\n")
    with pytest.raises(InputError) as exc:
        read_inputs(cands, posts=posts, comments=bad)
    p = exc.value.problems[0]
    assert p.key == "influencers.cell.comment_post" and p.row == 2 and p.column == 1
    assert "XYZ9" in exc.value.message("ar") and "XYZ9" in exc.value.message("en")
