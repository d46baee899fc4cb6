"""How far a creator's likes run ahead of what its harder-to-buy counts imply, and how sure that is.

Each count that backs the likes (comments believed authentic, views, saves and shares: none of them comes
with bought likes) is a *channel*: per post, the log of reported likes over the likes the count implies at the
typical rate (``signals.yaml``, ``authentic.likes_per``). A channel's level is the median over the posts
that have it. Honest creators differ from the typical rate by a spread of their own (``authentic.spread``:
an audience that comments little, reels watched more than liked), and a level read from few posts is
noisy on top of that (``authentic.post_sd``, a median's variance being pi/2 times a mean's). The channels'
levels are averaged with weights 1 / (creator spread^2 + post noise^2 / posts): the excess is that average,
its standard deviation 1 / sqrt(sum of weights): the likelihood-ratio statistic for one shift of every
channel (what bought likes do) against honest creators' spread around the market. One count from three
posts therefore says little; four counts from twenty posts say much more. Saves and shares spread more
between creators than comments and views (a recipe is saved, a joke shared), so they weigh less, but they
are read on every post that has them: a creator whose export gives saves and shares is judged on four
counts, not two.

What is typical differs between markets (an audience that comments little, reels watched more than
liked), so the rates are read from the other candidates of the same vetting (``market_baseline``: the
median of their levels, shrunk towards the typical rate by how far markets differ, ``market_spread``);
with few or no peers the market's unknown rate widens the deviation instead.

The weights depend only on which counts the posts have, never on the likes, and a creator's baseline
comes only from the others, so adding likes to any post never lowers its excess (each per-post ratio and
each median only rise); the others' baselines can only rise with it. The share of posts whose likes
run ahead of their own estimate is kept too: a finding should hold across posts, not rest on one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

CHANNELS = ("comments", "views", "saves", "shares")


@dataclass(frozen=True)
class LikesEvidence:
    """Log excess of reported likes over what the other counts imply, with its uncertainty."""

    excess: float  # log scale; 0: in line with the market's rates
    sd: float  # its standard deviation: creators' own spread, the few posts behind it, the market's rate
    posts: int  # posts whose likes could be checked
    channels: int  # how many counts back the estimate
    ahead: float  # share of those posts whose likes exceed their own estimate

    @property
    def ratio(self) -> float:
        return math.exp(self.excess)

    @property
    def z(self) -> float:
        return self.excess / self.sd if self.sd > 0 else 0.0


@dataclass(frozen=True)
class Levels:
    """One creator's level per channel (median log of likes over what the count implies) and its posts."""

    level: tuple[float, ...]  # NaN where the channel is not read
    posts: tuple[int, ...]


@dataclass(frozen=True)
class Baseline:
    """The market's rate per channel, as the log offset from the typical rate, and its variance."""

    offset: tuple[float, ...]
    var: tuple[float, ...]


def _logs(likes: np.ndarray, implied: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    have = np.isfinite(likes)[:, None] & np.isfinite(implied)
    logs = np.log(np.maximum(np.nan_to_num(likes), 1.0))[:, None] - np.log(np.maximum(np.nan_to_num(implied), 1.0))
    return have, logs


def channel_levels(likes: np.ndarray, implied: np.ndarray) -> Levels:
    """``likes``: per post reported likes (NaN if not given); ``implied``: per post and channel (columns in
    the order of ``CHANNELS``) the likes each count implies at the typical rate (NaN where not read)."""
    have, logs = _logs(likes, implied)
    n = have.sum(axis=0)
    return Levels(
        level=tuple(float(np.median(logs[have[:, j], j])) if n[j] else float("nan") for j in range(len(CHANNELS))),
        posts=tuple(int(x) for x in n),
    )


def market_baseline(peers: list[Levels], cfg: dict[str, Any]) -> Baseline:
    """The rates of this market, read from the other candidates (never from the creator judged, so its own
    likes cannot move its baseline): per channel the median of the peers' levels, shrunk towards the
    typical rate by how far markets differ (``market_spread``) against how precisely the peers tell it."""
    spread, market, post_sd = cfg["spread"], cfg["market_spread"], float(cfg["post_sd"])
    offset, var = [], []
    for j, name in enumerate(CHANNELS):
        tau, sm2 = float(spread[name]) ** 2, float(market[name]) ** 2
        got = [(p.level[j], p.posts[j]) for p in peers if p.posts[j] > 0]
        if not got:
            offset.append(0.0)
            var.append(sm2)
            continue
        var_med = (math.pi / 2) * float(np.mean([tau + (math.pi / 2) * post_sd**2 / n for _, n in got])) / len(got)
        w = sm2 / (sm2 + var_med)
        offset.append(w * float(np.median([lv for lv, _ in got])))
        var.append(w * var_med)
    return Baseline(tuple(offset), tuple(var))


def likes_evidence(
    likes: np.ndarray, implied: np.ndarray, baseline: Baseline, cfg: dict[str, Any]
) -> LikesEvidence | None:
    """How far the likes run ahead of the counts at the market's rates; None when no post has likes and a
    count to check them against."""
    have, logs = _logs(likes, implied)
    checked = have.any(axis=1)
    if not checked.any():
        return None
    spread, post_sd = cfg["spread"], float(cfg["post_sd"])
    levels, weights = [], []
    for j, name in enumerate(CHANNELS):
        n = int(have[:, j].sum())
        if n == 0:
            continue
        levels.append(float(np.median(logs[have[:, j], j])) - baseline.offset[j])
        weights.append(1.0 / (float(spread[name]) ** 2 + (math.pi / 2) * post_sd**2 / n + baseline.var[j]))
    w = np.array(weights)
    # per post, the likes against the median of what its counts imply at the market's rates
    at_market = implied * np.exp(np.array(baseline.offset))[None, :]
    est = np.nanmedian(np.where(have, at_market, np.nan)[checked], axis=1)
    return LikesEvidence(
        excess=float(np.dot(w, levels) / w.sum()),
        sd=float(1.0 / math.sqrt(w.sum())),
        posts=int(checked.sum()),
        channels=len(levels),
        ahead=float(np.mean(likes[checked] > np.maximum(est, 1.0))),
    )


def likes_factor(evidence: LikesEvidence | None, tolerance: float, slope: float) -> float:
    """Value kept (<= 1): likes up to ``tolerance`` times the estimate cost nothing; beyond it value falls
    as (tolerance / ratio) ** slope. Never rises with the likes."""
    if evidence is None or evidence.excess <= math.log(tolerance):
        return 1.0
    return math.exp(-slope * (evidence.excess - math.log(tolerance)))
