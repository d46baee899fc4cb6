"""Follower models for whichever columns a follower file has.

Exports of follower lists differ: some give each account's posts, following and followers, others only
the username, whether the account is private and its picture. An account is scored by the model trained
on exactly the columns it has: the forest and additive model together when all are there
(``classifier.py``), else a spline logistic model (a generalised additive model) for that subset of the
six column groups, calibrated on out-of-fold scores like the full model and shipped with its held-out
error rates. Every one of the 63 subsets has its model, trained by ``training.train_subsets``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from mizaan.influencers.additive import Additive, Array

GROUPS = ("posts", "following", "followers", "has_profile_picture", "private", "username")
USERNAME = ("username_length", "username_digit_count", "username_has_number_at_end", "username_alpha_ratio")
RAW = ("posts", "following", "followers", "has_profile_picture", "private", *USERNAME)
Groups = frozenset[str]
ALL: Groups = frozenset(GROUPS)


def all_subsets() -> list[Groups]:
    """Every non-empty subset of the column groups, the full set last."""
    return [frozenset(c) for k in range(1, len(GROUPS) + 1) for c in combinations(GROUPS, k)]


def code(groups: Iterable[str]) -> str:
    return "+".join(g for g in GROUPS if g in set(groups))


def groups_present(cols: dict[str, Array]) -> list[Groups]:
    """Per row, the column groups it has (a group counts when every one of its columns is there)."""
    n = len(next(iter(cols.values())))
    have = {g: np.isfinite(cols[g]) for g in GROUPS if g != "username"}
    have["username"] = np.logical_and.reduce([np.isfinite(cols[c]) for c in USERNAME])
    return [frozenset(g for g in GROUPS if have[g][i]) for i in range(n)]


def subset_features(cols: dict[str, Array], groups: Groups) -> Array:
    """The features a subset's model reads, in a fixed order: log counts, their log-ratios where both
    counts are there, the flags, and the username's features."""
    out: list[Array] = []
    logs: dict[str, Array] = {g: np.log1p(cols[g]) for g in ("posts", "following", "followers") if g in groups}
    if "posts" in groups:
        out += [logs["posts"], (cols["posts"] <= 3).astype(float)]
    if "following" in groups:
        out += [logs["following"], (cols["following"] >= 7000).astype(float)]
    if "followers" in groups:
        out.append(logs["followers"])
    for a, b in (("following", "followers"), ("following", "posts"), ("followers", "posts")):
        if a in groups and b in groups:
            out.append(logs[a] - logs[b])
    for flag in ("has_profile_picture", "private"):
        if flag in groups:
            out.append(cols[flag])
    if "username" in groups:
        out += [cols[c] for c in USERNAME]
        out.append(cols["username_digit_count"] / np.maximum(cols["username_length"], 1))
    return np.column_stack(out).astype(np.float64)


@dataclass(frozen=True)
class SubsetModel:
    """A calibrated additive model for one subset of the column groups."""

    groups: Groups
    additive: Additive
    calibration: tuple[float, float]
    rates: tuple[float, float, float, float]  # held-out mean probability of real and suspicious accounts, SEs

    def predict_proba(self, cols: dict[str, Array]) -> Array:
        z = self.additive.log_odds(subset_features(cols, self.groups))
        a, b = self.calibration
        return np.asarray(1.0 / (1.0 + np.exp(-(a * z + b))), dtype=np.float64)


def subset_arrays(models: dict[Groups, SubsetModel]) -> dict[str, Array]:
    """The subset models as plain arrays (for ``np.savez``), keys prefixed ``sub.<code>.``."""
    out: dict[str, Array] = {}
    for groups, m in models.items():
        p = f"sub.{code(groups)}."
        out[p + "head"] = np.array([m.additive.degree, m.additive.intercept, *m.calibration, *m.rates], dtype=float)
        out[p + "knots"] = np.stack(m.additive.knots)  # one row per feature (every spline has as many knots)
        out[p + "coefs"] = np.stack(m.additive.coefs)
    return out


def read_subsets(z: dict[str, Array]) -> dict[Groups, SubsetModel]:
    out: dict[Groups, SubsetModel] = {}
    for key in z:
        if not (key.startswith("sub.") and key.endswith(".head")):
            continue
        name = key[4:-5]
        groups = frozenset(name.split("+"))
        head = [float(v) for v in z[key]]
        additive = Additive(
            knots=[np.asarray(row, dtype=np.float64) for row in z[f"sub.{name}.knots"]],
            coefs=[np.asarray(row, dtype=np.float64) for row in z[f"sub.{name}.coefs"]],
            degree=int(head[0]),
            intercept=head[1],
        )
        out[groups] = SubsetModel(groups, additive, (head[2], head[3]), (head[4], head[5], head[6], head[7]))
    return out
