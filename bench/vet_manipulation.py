"""Manipulated creators against honest ones of similar reach, over many seeds.

    python bench/vet_manipulation.py [--seeds N]

Each seed builds, with a recipe of its own (not the tests' factory): six honest creators of similar reach
(followers within +/-25 % of one size; engagement, comments, saves and shares per like, video or photo,
posting count, comment samples and follower history all varied), and one creator of the same recipe per
manipulation and strength:
- bought likes: likes x1.8, x3, x5 on every post (views, comments, saves, shares unchanged);
- follower spike: +25 %, +60 %, +150 % of followers at once in the history (and in the follower count);
- engagement pod: each post gets 1x, 2x, 4x its comments more from pod members (pasted or generic texts in
  the comment sample) and as many likes.
All prices are equal, so ranks are by value. Printed per manipulation and strength: how often the
manipulated creator ranks below every honest one (goal >= 95 % of seeds) and how often it is named by the
signal of its kind; beside it, in the same run, the peer an agency would otherwise use: ranking by
engagement rate per follower, which the manipulation raises.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from decimal import Decimal
from typing import Any

import numpy as np

from mizaan.influencers import vet
from mizaan.influencers.model import Candidate, HistoryPoint, Post, VetInput
from mizaan.knowledge import load_knowledge_base
from mizaan.profile import parse_profile

TODAY = dt.date(2025, 9, 1)
PROFILE = {
    "business_type": "ecommerce", "goal": "sales", "budget": {"amount": 30000, "currency": "SAR", "period": "month"},
    "location": {"country": "SA", "city": "Riyadh", "scope": "national"}, "product": "عطور",
}  # fmt: skip
HONEST = ["وين ألقاه؟", "how long does it last", "كم السعر", "جربته وريحته ثابتة", "رابط المتجر لو سمحت",
          "does it ship to Jeddah", "اشتريته لأختي", "what size is this", "يوصل الكويت؟", "أحلى مراجعة"]  # fmt: skip
POD = ["🔥🔥", "wow amazing", "ما شاء الله تبارك الله", "Amazing content keep going bro", "love this so much ❤️"]
KINDS = {"likes": (1.8, 3.0, 5.0), "spike": (0.25, 0.6, 1.5), "pod": (1.0, 2.0, 4.0)}
SIGNALS = {
    "likes": {"likes_out_of_line", "comments_per_like_low"},
    "spike": {"growth_spike"},
    "pod": {"generic_comments", "repeated_comments", "inauthentic_comments", "comments_per_like_high"},
}


def creator(rng: np.random.Generator, handle: str, size: float) -> tuple[Candidate, list[Post], list[HistoryPoint]]:
    followers = int(size * rng.uniform(0.75, 1.25))
    er = 0.025 * float(rng.lognormal(0, 0.35))
    cpl, spl, hpl = (float(rng.lognormal(np.log(m), 0.4)) for m in (0.03, 0.04, 0.025))
    has_saves, video = rng.random() < 0.6, rng.random() < 0.5
    view_rate = float(rng.uniform(0.15, 0.7))
    n = int(rng.integers(6, 21))
    c = Candidate(handle=handle, platform="instagram", followers=followers, following=int(rng.integers(200, 900)),
                  niche=("fragrance",), country="SA", city="Riyadh", languages=("ar",),
                  price_per_post=Decimal(2000), currency="SAR", licence="M-123456")  # fmt: skip
    posts = []
    for k in range(n):
        likes = followers * er * float(rng.lognormal(0, 0.35))
        texts = tuple(f"{HONEST[int(rng.integers(len(HONEST)))]} {k}{j}" for j in range(int(rng.integers(0, 4))))
        posts.append(
            Post(
                handle=handle,
                platform="instagram",
                post_id=f"{handle}-{k}",
                date=TODAY - dt.timedelta(days=3 * (n - k)),
                type="video" if video else "photo",
                views=int(followers * view_rate * rng.lognormal(0, 0.3)) if video else None,
                likes=int(likes),
                comments=max(int(likes * cpl * rng.lognormal(0, 0.3)), len(texts)),
                saves=int(likes * spl) if has_saves else None,
                shares=int(likes * hpl) if has_saves else None,
                caption="",
                sponsored=k % 4 == 0,
                comment_texts=texts,
            )
        )
    history, count = [], followers / 1.01**12
    for w in range(13):
        history.append(HistoryPoint(handle=handle, platform="instagram", date=TODAY - dt.timedelta(days=7 * (12 - w)),
                                    followers=int(count)))  # fmt: skip
        count *= 1 + 0.01 * float(rng.uniform(0.5, 1.5))
    return c, posts, history


def manipulate(kind: str, strength: float, c: Candidate, posts: list[Post], hist: list[HistoryPoint], rng: Any) -> Any:
    if kind == "likes":
        return c, [p.model_copy(update={"likes": int((p.likes or 0) * strength)}) for p in posts], hist
    if kind == "spike":
        jump, cut = int(c.followers * strength), int(rng.integers(3, 11))
        hist = hist[:cut] + [h.model_copy(update={"followers": h.followers + jump}) for h in hist[cut:]]
        return c.model_copy(update={"followers": c.followers + jump}), posts, hist
    out = []
    for p in posts:
        extra = int((p.comments or 0) * strength) + 1
        texts = tuple(POD[int(rng.integers(len(POD)))] for _ in range(min(extra, 6)))
        out.append(p.model_copy(update={"comments": (p.comments or 0) + extra, "likes": (p.likes or 0) + extra,
                                        "comment_texts": p.comment_texts + texts}))  # fmt: skip
    return c, out, hist


def engagement_rate(c: Candidate, posts: list[Post]) -> float:
    return float(np.median([((p.likes or 0) + (p.comments or 0)) / c.followers for p in posts]))


def main() -> int:
    args = sys.argv[1:]
    seeds = int(args[args.index("--seeds") + 1]) if "--seeds" in args else 100
    kb = load_knowledge_base()
    profile = parse_profile(PROFILE, kb)
    below = {(k, s): 0 for k, ss in KINDS.items() for s in ss}
    named = dict.fromkeys(below, 0)
    peer = dict.fromkeys(below, 0)
    start = time.perf_counter()
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        size = float(rng.uniform(20_000, 200_000))
        honest = [creator(rng, f"honest{i}", size) for i in range(6)]
        bad = {key: manipulate(key[0], key[1], *creator(rng, f"{key[0]}_{key[1]}", size), rng) for key in below}
        every = honest + list(bad.values())
        rep = vet(VetInput(candidates=[c for c, _, _ in every], posts=[p for _, ps, _ in every for p in ps],
                           history=[h for _, _, hs in every for h in hs]), profile, budget=Decimal(0))  # fmt: skip
        rank = {v.handle: v.rank if v.rank is not None else 10_000 for v in rep.influencers}
        worst_honest = max(rank[c.handle] for c, _, _ in honest)
        er_honest = min(engagement_rate(c, ps) for c, ps, _ in honest)
        for key, (c, ps, _) in bad.items():
            below[key] += rank[c.handle] > worst_honest
            fired = {s.id for s in rep.get(c.handle).authenticity.signals if s.fired}
            named[key] += bool(fired & SIGNALS[key[0]])
            peer[key] += engagement_rate(c, ps) < er_honest
    print(f"{seeds} seeds, 6 honest creators of similar reach each ({time.perf_counter() - start:.0f} s)")
    print(f"{'manipulation':>14} {'strength':>8} {'below all honest':>17} {'named':>7} {'peer: ER ranking':>17}")
    for (kind, strength), n in below.items():
        print(f"{kind:>14} {strength:>8} {n / seeds:>17.0%} {named[(kind, strength)] / seeds:>7.0%} "
              f"{peer[(kind, strength)] / seeds:>17.0%}")  # fmt: skip
    worst = min(below.values()) / seeds
    print(f"worst case below every honest creator: {worst:.0%} (goal >= 95 %): {'met' if worst >= 0.95 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
