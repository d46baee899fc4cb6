"""Comment-level evidence of engagement pods and bots, from a comments export (post, commenter, time, text).

A comment is judged inauthentic when its commenter is in a ring (comments on the posts of at least
``min_creators`` of the creators in the export), trades comments with the creator (the creator, or another
candidate, comments on the commenter's posts too: reciprocal commenting), or its text is generic or pasted
word for word on another post. Comments within ``fast_minutes`` of posting are counted as evidence (pods
comment at once), not judged on their own: real fans are quick too. A creator's own replies are left out.
Thresholds are data (``signals.yaml``, ``pods``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from mizaan.influencers.benchmarks import signal_settings
from mizaan.influencers.model import Comment, Post
from mizaan.influencers.words import comment_key, is_generic


@dataclass(frozen=True)
class PodEvidence:
    """What the comments export says about one creator's comments."""

    comments: int  # comments on the creator's posts (their own replies left out)
    ring: int  # comments from accounts that comment on many creators' posts
    ring_accounts: tuple[str, ...]
    reciprocal: int  # comments from accounts the creator comments on in turn
    reciprocal_accounts: tuple[str, ...]
    generic: int  # comments with generic text
    pasted: int  # comments pasted word for word on another of the creator's posts
    flagged: int  # comments judged inauthentic (any of the three, each comment once)
    fast: int  # comments within the fast window of posting
    timed: int  # comments whose time and whose post's time are both known
    per_post: dict[str, tuple[int, int]] = field(default_factory=dict)  # post ID -> (comments, flagged)

    @property
    def pod_share(self) -> float:
        return (self.ring + self.reciprocal) / self.comments if self.comments else 0.0


def pod_evidence(comments: list[Comment], posts: list[Post]) -> dict[str, PodEvidence]:
    """The evidence for every creator with comments in the export, by candidate key."""
    spec = signal_settings()["pods"]
    own = {c.key: c.handle.strip().lstrip("@").casefold() for c in comments}
    audience = [c for c in comments if c.commenter != own[c.key]]
    creators_of: dict[str, set[str]] = defaultdict(set)
    for c in audience:
        creators_of[c.commenter].add(c.key)
    ring = {a for a, keys in creators_of.items() if len(keys) >= int(spec["min_creators"])}
    creators = {p.handle.strip().lstrip("@").casefold() for p in posts}
    commented_on: dict[str, set[str]] = defaultdict(set)  # commenter -> creators' handles commented on
    for c in audience:
        commented_on[c.commenter].add(own[c.key])
    posted = {(p.key, p.post_id): p.posted_at for p in posts if p.post_id}
    window = float(spec["fast_minutes"]) * 60
    by_key: dict[str, list[Comment]] = defaultdict(list)
    for c in audience:
        by_key[c.key].append(c)
    out: dict[str, PodEvidence] = {}
    for key, items in by_key.items():
        me = own[key]
        texts = [comment_key(c.text) for c in items]
        posts_of: dict[str, set[str]] = defaultdict(set)
        for c, k in zip(items, texts, strict=True):
            if len(k.split()) >= 3 and not is_generic(c.text):
                posts_of[k].add(c.post_id)
        pasted = {k for k, where in posts_of.items() if len(where) >= 2}
        in_ring = [c.commenter in ring for c in items]
        # reciprocal: the commenter is another creator, whose posts this creator comments on in turn
        mutual = [c.commenter in creators and c.commenter in commented_on.get(me, set()) for c in items]
        generic = [is_generic(c.text) for c in items]
        copied = [k in pasted for k in texts]
        bad_text = [g or k for g, k in zip(generic, copied, strict=True)]
        flagged = [a or b or t for a, b, t in zip(in_ring, mutual, bad_text, strict=True)]
        per_post: dict[str, tuple[int, int]] = {}
        for c, bad in zip(items, flagged, strict=True):
            seen, marked = per_post.get(c.post_id, (0, 0))
            per_post[c.post_id] = (seen + 1, marked + int(bad))
        delays = [
            (c.time - t).total_seconds()
            for c in items
            if c.time is not None and (t := posted.get((key, c.post_id))) is not None
        ]
        out[key] = PodEvidence(
            comments=len(items),
            ring=sum(in_ring),
            ring_accounts=_most(c.commenter for c, r in zip(items, in_ring, strict=True) if r),
            reciprocal=sum(mutual),
            reciprocal_accounts=_most(c.commenter for c, m in zip(items, mutual, strict=True) if m),
            generic=sum(generic),
            pasted=sum(copied),
            flagged=sum(flagged),
            fast=sum(1 for d in delays if 0 <= d <= window),
            timed=len(delays),
            per_post=per_post,
        )
    return out


def _most(accounts: Iterable[str], top: int = 5) -> tuple[str, ...]:
    """The accounts that comment most (ties by name), at most ``top``."""
    counts = Counter(accounts)
    return tuple(sorted(counts, key=lambda a: (-counts[a], a))[:top])
