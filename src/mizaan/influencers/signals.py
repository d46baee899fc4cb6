"""Authenticity: signals of bought followers or bought engagement, each with its reason, and a score.

Every signal is computed from what was given and says so: ``fired`` is ``None`` when the data to check it
is missing (no history, no comment sample...), and such a signal costs nothing but is listed, so the
reader sees what was not checked. Thresholds and penalties live in ``data/signals.yaml``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mizaan.i18n import Lang, NumberFormatter, t
from mizaan.influencers.authentic import AuthenticEngagement, CommentJudgement, follower_spikes
from mizaan.influencers.benchmarks import signal_settings
from mizaan.influencers.metrics import PostRates
from mizaan.influencers.model import Candidate, HistoryPoint
from mizaan.influencers.result import Authenticity, FakeShare, Metric, Severity, Signal, Verdict


class _Signals:
    def __init__(self, lang: Lang, nf: NumberFormatter):
        self.lang = lang
        self.nf = nf
        self.settings: dict[str, Any] = signal_settings()["signals"]
        self.settings_root: dict[str, Any] = signal_settings()
        self.out: list[Signal] = []

    def add(
        self, sid: str, fired: bool | None, evidence: dict[str, float | int | str] | None = None, **params: Any
    ) -> None:
        spec = self.settings[sid]
        state = "unknown" if fired is None else ("fired" if fired else "quiet")
        self.out.append(
            Signal(
                id=sid,
                fired=fired,
                penalty=float(spec["penalty"]) if fired else 0.0,
                severity=spec["severity"] if fired else "info",
                text=t(f"influencers.signal.{sid}.{state}", self.lang, **params),
                evidence=evidence or {},
            )
        )


def authenticity(
    c: Candidate,
    rates: PostRates,
    metrics: list[Metric],
    history: list[HistoryPoint],
    fake: FakeShare | None,
    ae: AuthenticEngagement,
    lang: Lang,
    nf: NumberFormatter,
    norm_lows: list[float] | None = None,
) -> Authenticity:
    """The signals of one influencer and the score they leave (100 minus the penalties of those that fired).

    ``norm_lows``: the low engagement figures of the tiers the creator is judged against (the tier of all
    followers and the tier without those gained in spikes); engagement far below the higher of them fires,
    so that bought followers cannot lift a creator out of a tier whose norm it falls short of."""
    s = _Signals(lang, nf)
    m = {x.id: x for x in metrics}
    _engagement_level(s, m["er_followers"], ae, norm_lows or [])
    _comments_per_like(s, m["comments_per_like"], rates, ae)
    _views(s, m["views_per_follower"])
    _likes_spread(s, m["likes_spread"])
    _bursts(s, rates, ae)
    _growth(s, history)
    _following(s, c)
    _comments(s, ae.judged)
    _pods(s, ae)
    _likes_in_line(s, ae)
    _followers_sample(s, fake)
    checked = [x for x in s.out if x.fired is not None]
    if not checked:
        return Authenticity(score=None, verdict="unknown", signals=s.out, fake_share=fake)
    score = max(0.0, 100.0 - sum(x.penalty for x in s.out))
    v = signal_settings()["verdict"]
    # any signal that fired calls for caution, even one shown only (penalty 0, see signals.yaml)
    warned = any(x.fired and x.severity in ("warning", "critical") for x in s.out)
    verdict: Verdict = (
        "avoid" if score < v["avoid_below"] else ("caution" if score < v["caution_below"] or warned else "ok")
    )
    return Authenticity(score=score, verdict=verdict, signals=s.out, fake_share=fake)


def _engagement_level(s: _Signals, er: Metric, ae: AuthenticEngagement, norm_lows: list[float]) -> None:
    """Far below: the engagement believed authentic (which bought likes or pasted comments cannot raise)
    against the tier; far above: the engagement as reported (shown only)."""
    b = er.benchmark
    own = ae.er[np.isfinite(ae.er)]
    if er.value is None or b is None or len(own) == 0:
        s.add("er_far_below", None)
        s.add("er_far_above", None)
        return
    authentic = float(np.median(own))
    low = max([b.low, *norm_lows])
    far_low = low * float(s.settings["er_far_below"]["factor"])
    # likes estimated from the other counts are uncertain (an audience that comments little has honest
    # likes the estimate misses): judged at the estimate's upper bound, which does not move with the likes
    spec = s.settings["er_far_below"]
    upper = authentic * math.exp(float(spec["margin_sd"]) * (ae.likes.sd if ae.likes is not None else 0.0))
    s.add(
        "er_far_below",
        upper < far_low,
        {"value": authentic, "upper": upper, "low": low, "figure": b.figure},
        value=s.nf.pct(authentic, 2),
        low=s.nf.pct(low, 2),
    )
    s.add(
        "er_far_above",
        b.position == "far_above",
        {"value": er.value, "high": b.high, "figure": b.figure},
        value=s.nf.pct(er.value, 2),
        high=s.nf.pct(b.high, 2),
    )


def _comments_per_like(s: _Signals, cpl: Metric, r: PostRates, ae: AuthenticEngagement) -> None:
    """Too few: comments believed authentic per like (bought likes lower it, pasted comments do not raise
    it); too many: comments as reported per like (shown only)."""
    if cpl.value is None:
        s.add("comments_per_like_low", None)
        s.add("comments_per_like_high", None)
        return
    both = np.isfinite(r.likes) & np.isfinite(ae.comments)
    authentic = float(ae.comments[both].sum() / r.likes[both].sum()) if r.likes[both].sum() > 0 else cpl.value
    low, high = (
        float(s.settings["comments_per_like_low"]["below"]),
        float(s.settings["comments_per_like_high"]["above"]),
    )
    s.add(
        "comments_per_like_low",
        authentic < low,
        {"value": authentic},
        value=s.nf.num(authentic * 1000, 1),
        limit=s.nf.num(low * 1000, 1),
    )
    s.add(
        "comments_per_like_high",
        cpl.value > high,
        {"value": cpl.value},
        value=s.nf.num(cpl.value * 1000, 1),
        limit=s.nf.num(high * 1000, 1),
    )


def _views(s: _Signals, vpf: Metric) -> None:
    spec = s.settings["views_per_follower_low"]
    if vpf.value is None or vpf.n < int(spec["min_posts"]):
        s.add("views_per_follower_low", None)
        return
    s.add(
        "views_per_follower_low",
        vpf.value < float(spec["below"]),
        {"value": vpf.value},
        value=s.nf.pct(vpf.value, 1),
        limit=s.nf.pct(float(spec["below"]), 1),
    )


def _likes_spread(s: _Signals, spread: Metric) -> None:
    spec = s.settings["likes_too_even"]
    if spread.value is None or spread.n < int(spec["min_posts"]):
        s.add("likes_too_even", None)
        return
    s.add(
        "likes_too_even", spread.value < float(spec["below"]), {"value": spread.value}, value=s.nf.num(spread.value, 2)
    )


def _bursts(s: _Signals, r: PostRates, ae: AuthenticEngagement) -> None:
    """Posts whose engagement as reported is ``factor`` times the median engagement believed authentic:
    likes or comments bought for selected posts add bursts and can never take one away."""
    spec = s.settings["bursty_engagement"]
    er = r.er_followers
    own = ae.er[np.isfinite(ae.er)]
    ok = np.isfinite(er)
    if ok.sum() < int(spec["min_posts"]) or len(own) == 0 or float(np.median(own)) <= 0:
        s.add("bursty_engagement", None)
        return
    spikes = int((er[ok] >= float(spec["factor"]) * float(np.median(own))).sum())
    share = spikes / int(ok.sum())
    fired = spikes >= 2 and share >= float(spec["min_share"])
    s.add(
        "bursty_engagement",
        fired,
        {"spikes": spikes, "posts": int(ok.sum())},
        spikes=s.nf.num(spikes),
        posts=s.nf.count(int(ok.sum()), "post"),
    )


def _growth(s: _Signals, history: list[HistoryPoint]) -> None:
    h = sorted(history, key=lambda p: p.date)
    sp = follower_spikes(h)
    if sp is None:
        for sid in ("growth_spike", "round_jump", "follower_drop"):
            s.add(sid, None)
        return
    followers = np.array([p.followers for p in h], dtype=float)
    gains, rel = sp.gains, sp.relative
    i = int(np.argmax(np.where(sp.spike, rel, -np.inf))) if sp.spike.any() else None
    s.add(
        "growth_spike",
        i is not None,
        {"date": sp.dates[i], "gain": int(gains[i]), "excess": int(sp.excess)} if i is not None else {},
        **(
            {"date": sp.dates[i], "gain": s.nf.num(int(gains[i])), "share": s.nf.pct(rel[i], 1)}
            if i is not None
            else {}
        ),
    )
    multiple = int(s.settings["round_jump"]["multiple"])
    rounded_counts = all(int(f) % 100 == 0 for f in followers)  # counts rounded by the export say nothing
    rounds = [k for k, g in enumerate(gains) if g >= multiple and int(g) % multiple == 0]
    if rounded_counts:
        s.add("round_jump", None)
    else:
        k = rounds[0] if rounds else None
        s.add(
            "round_jump",
            k is not None,
            {"date": h[k + 1].date.isoformat(), "gain": int(gains[k])} if k is not None else {},
            **({"date": h[k + 1].date.isoformat(), "gain": s.nf.num(int(gains[k]))} if k is not None else {}),
        )
    low = float(s.settings["follower_drop"]["below"])
    j = int(np.argmin(rel))
    dropped = bool(rel[j] <= low)
    s.add(
        "follower_drop",
        dropped,
        {"date": h[j + 1].date.isoformat(), "change": float(rel[j])} if dropped else {},
        **({"date": h[j + 1].date.isoformat(), "share": s.nf.pct(-rel[j], 1)} if dropped else {}),
    )


def _following(s: _Signals, c: Candidate) -> None:
    spec = s.settings["following_ratio"]
    if c.following is None or c.followers < int(spec["min_followers"]):
        s.add("following_ratio", None)
        return
    ratio = c.following / c.followers if c.followers else 0.0
    fired = ratio >= float(spec["ratio"]) or c.following > int(spec["mass"])
    s.add(
        "following_ratio",
        fired,
        {"following": c.following, "followers": c.followers},
        following=s.nf.count(c.following, "account"),
        followers=s.nf.count(c.followers, "follower"),
    )


def _comments(s: _Signals, judged: CommentJudgement) -> None:
    need = int(s.settings["generic_comments"]["min_comments"])
    if judged.total < need:
        s.add("generic_comments", None)
        s.add("repeated_comments", None)
        s.add("inauthentic_comments", None)
        return
    share = judged.generic / judged.total
    s.add(
        "generic_comments",
        share > float(s.settings["generic_comments"]["above"]),
        {"generic": judged.generic, "comments": judged.total},
        share=s.nf.pct(share),
        comments=s.nf.count(judged.total, "comment"),
    )
    rshare = judged.repeated / judged.total
    s.add(
        "repeated_comments",
        rshare > float(s.settings["repeated_comments"]["above"]),
        {"repeated": judged.repeated, "comments": judged.total},
        share=s.nf.pct(rshare),
    )
    # generic or pasted together: comments judged inauthentic only ever add to it, so it moves value
    fshare = judged.flagged / judged.total
    s.add(
        "inauthentic_comments",
        judged.total >= int(s.settings["inauthentic_comments"]["min_comments"])
        and fshare > float(s.settings["inauthentic_comments"]["above"]),
        {"flagged": judged.flagged, "comments": judged.total},
        share=s.nf.pct(fshare),
        comments=s.nf.count(judged.total, "comment"),
    )


def _pods(s: _Signals, ae: AuthenticEngagement) -> None:
    """Comments from rings (accounts commenting on many of the creators' posts) or traded with other
    creators: pods' signature, read from a comments export."""
    spec = s.settings["pod_comments"]
    pods = ae.pods
    if pods is None or pods.comments < int(spec["min_comments"]):
        s.add("pod_comments", None)
        return
    share = pods.pod_share
    accounts = ", ".join(f"@{a}" for a in (*pods.ring_accounts, *pods.reciprocal_accounts)[:5]) or "—"
    s.add(
        "pod_comments",
        share > float(spec["above"]),
        {
            "ring": pods.ring,
            "reciprocal": pods.reciprocal,
            "comments": pods.comments,
            "accounts": accounts,
            "fast": pods.fast,
            "timed": pods.timed,
        },
        share=s.nf.pct(share),
        comments=s.nf.count(pods.comments, "comment"),
        accounts=accounts,
        fast=s.nf.pct(pods.fast / pods.timed) if pods.timed else "—",
        minutes=s.nf.num(float(s.settings_root["pods"]["fast_minutes"])),
    )


def _likes_in_line(s: _Signals, ae: AuthenticEngagement) -> None:
    """Fires when the likes' excess over what the other counts imply is ``z`` standard deviations above
    nothing (the creators' own spread and the few posts behind it, ``likes.py``) and most posts agree."""
    spec = s.settings["likes_out_of_line"]
    ev = ae.likes
    if ev is None or ev.posts < int(spec["min_posts"]):
        s.add("likes_out_of_line", None)
        return
    limit = math.exp(float(spec["z"]) * ev.sd)
    s.add(
        "likes_out_of_line",
        ev.ratio > limit and ev.ahead >= float(spec["agree"]),
        {
            "ratio": ev.ratio,
            "posts": ev.posts,
            "backing": ev.channels,
            "limit": limit,
            "sd": ev.sd,
            "ahead": ev.ahead,
        },
        ratio=s.nf.num(ev.ratio, 1),
        limit=s.nf.num(limit, 1),
        posts=s.nf.count(ev.posts, "post"),
        ahead=s.nf.pct(ev.ahead),
    )


def _followers_sample(s: _Signals, fake: FakeShare | None) -> None:
    if fake is None:
        s.add("suspicious_followers", None)
        return
    limit = float(s.settings["suspicious_followers"]["above"])
    s.add(
        "suspicious_followers",
        fake.low > limit,
        {"estimate": fake.estimate, "low": fake.low, "high": fake.high, "sample": fake.sample},
        estimate=s.nf.pct(fake.estimate),
        low=s.nf.pct(fake.low),
        high=s.nf.pct(fake.high),
        sample=s.nf.count(fake.sample, "follower"),
    )


def severity_order(sev: Severity) -> int:
    return {"critical": 0, "warning": 1, "info": 2}[sev]
