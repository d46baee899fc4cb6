"""The follower-account classifier as it ships: a random forest and a spline logistic model (a generalised
additive model), their probabilities averaged, then calibrated, stored as plain arrays in ``data/follower_model.npz``.

The arrays are what scikit-learn learned (tree nodes; B-spline knots and coefficients; the calibration's
slope and intercept), saved without pickles so any scikit-learn or NumPy version reads them, and scored
here with NumPy and SciPy. ``tools/train_follower_model.py`` retrains the file from the labelled accounts
(``mizaan.influencers.training``). Trained on SRF Data's hand-labelled Instagram followers (CC BY-SA
4.0); the licence and credit ship beside the file (``data/follower_model.LICENSE.txt``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from io import BytesIO
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from mizaan.influencers.additive import Additive, Array
from mizaan.influencers.model import FollowerAccount
from mizaan.influencers.subsets import (
    ALL,
    RAW,
    Groups,
    SubsetModel,
    code,
    groups_present,
    read_subsets,
    subset_arrays,
)

MODEL_FILE = "follower_model.npz"
FEATURES = (
    "log_posts",
    "log_following",
    "log_followers",
    "has_profile_picture",
    "private",
    "username_length",
    "username_digit_count",
    "username_has_number_at_end",
    "username_alpha_ratio",
    "following_over_followers",
    "following_over_posts",
    "followers_over_posts",
    "following_at_cap",
    "few_posts",
    "username_digit_share",
)
FOREST_FEATURES = 12  # the forest uses the first twelve; the additive model all fifteen


def feature_matrix(
    posts: Array,
    following: Array,
    followers: Array,
    has_picture: Array,
    private: Array,
    name_length: Array,
    name_digits: Array,
    name_number_end: Array,
    name_alpha: Array,
) -> Array:
    """The classifier's features from the raw columns (counts as logs, their differences as log-ratios)."""
    lp, lfg, lfr = np.log1p(posts), np.log1p(following), np.log1p(followers)
    return np.column_stack(
        [
            lp,
            lfg,
            lfr,
            has_picture,
            private,
            name_length,
            name_digits,
            name_number_end,
            name_alpha,
            lfg - lfr,
            lfg - lp,
            lfr - lp,
            (following >= 7000).astype(float),  # Instagram caps following at 7,500: bots run up to it
            (posts <= 3).astype(float),
            name_digits / np.maximum(name_length, 1),
        ]
    ).astype(np.float64)


def columns_of(accounts: list[FollowerAccount]) -> dict[str, Array]:
    """The raw columns of follower accounts (NaN where an account's export did not give one)."""

    def value(v: float | bool | None) -> float:
        return float("nan") if v is None else float(v)

    return {name: np.array([value(getattr(a, name)) for a in accounts], dtype=np.float64) for name in RAW}


def features_of(accounts: list[FollowerAccount]) -> Array:
    """The full model's features (every column given)."""
    cols = columns_of(accounts)
    return feature_matrix(*(cols[name] for name in RAW))


@dataclass(frozen=True)
class Forest:
    """Decision trees as flat arrays: node ``i`` of tree ``t`` sits at ``offset[t] + i``."""

    feature: NDArray[np.int32]  # -1 at leaves
    threshold: Array
    left: NDArray[np.int32]  # child indices within the tree
    right: NDArray[np.int32]
    value: Array  # probability of "suspicious" at each node
    offset: NDArray[np.int64]

    def predict(self, x: Array, chunk: int = 8) -> Array:
        """Mean leaf probability over the trees, walked ``chunk`` trees at a time over all rows: leaves
        point to themselves, so every row takes the same number of steps (the deepest tree's depth)."""
        n, width = x.shape
        leaf = self.feature < 0
        feature = np.where(leaf, 0, self.feature).astype(np.int64)
        threshold = np.where(leaf, np.inf, self.threshold)
        local = np.arange(len(self.feature)) - np.repeat(
            self.offset, np.diff(np.append(self.offset, len(self.feature)))
        )
        child = np.stack([np.where(leaf, local, self.right), np.where(leaf, local, self.left)], axis=1).ravel()
        flat = np.ascontiguousarray(x).ravel()
        row_start = (np.arange(n, dtype=np.int64) * width)[None, :]
        total = np.zeros(n, dtype=np.float64)
        for start in range(0, len(self.offset), chunk):
            base = self.offset[start : start + chunk, None]
            node = np.zeros((base.shape[0], n), dtype=np.int64)
            for _ in range(self.depth):
                idx = base + node
                go_left = flat[row_start + feature[idx]] <= threshold[idx]
                node = child[2 * idx + go_left]
            total += self.value[base + node].sum(axis=0)
        return np.asarray(total / len(self.offset), dtype=np.float64)

    @property
    def depth(self) -> int:
        """The depth of the deepest tree (steps from the root to its lowest leaf)."""
        best = 0
        for t, start in enumerate(self.offset):
            stop = self.offset[t + 1] if t + 1 < len(self.offset) else len(self.feature)
            depth = np.zeros(stop - start, dtype=np.int64)
            for i in range(stop - start):  # children always come after their parent in the arrays
                if self.feature[start + i] >= 0:
                    depth[self.left[start + i]] = depth[i] + 1
                    depth[self.right[start + i]] = depth[i] + 1
            best = max(best, int(depth.max()))
        return best


def averaged_log_odds(forest: Forest, additive: Additive, x: Array) -> Array:
    """The log-odds of the two models' averaged probabilities (what the calibration maps)."""
    p_add = 1.0 / (1.0 + np.exp(-additive.log_odds(x)))
    p = np.clip(0.5 * (forest.predict(x[:, :FOREST_FEATURES]) + p_add), 1e-4, 1 - 1e-4)
    return np.asarray(np.log(p / (1 - p)), dtype=np.float64)


@dataclass(frozen=True)
class FollowerModel:
    forest: Forest
    additive: Additive
    calibration: tuple[float, float]  # slope and intercept on the averaged log-odds
    prior: float  # share of suspicious accounts in the training data (the calibration's base rate)
    rates: tuple[float, float, float, float]  # mean probability of real and of suspicious accounts held
    # out in training, and the standard errors of those two means (the share estimate's error rates)
    meta: dict[str, str]
    subsets: dict[Groups, SubsetModel] = field(default_factory=dict)  # models for fewer columns

    def predict_proba(self, x: Array) -> Array:
        """Calibrated probability that each account (a row of features) is suspicious."""
        z = averaged_log_odds(self.forest, self.additive, x)
        a, b = self.calibration
        return np.asarray(1.0 / (1.0 + np.exp(-(a * z + b))), dtype=np.float64)

    def score(self, accounts: list[FollowerAccount]) -> Array:
        """Calibrated probabilities, each account scored by the model for the columns it has."""
        if not accounts:
            return np.zeros(0)
        return self.score_columns(columns_of(accounts))

    def score_columns(self, cols: dict[str, Array]) -> Array:
        """``score`` on raw columns (``subsets.RAW``, NaN where not given)."""
        patterns = groups_present(cols)
        out = np.full(len(patterns), np.nan)
        for groups in set(patterns):
            rows = np.array([p == groups for p in patterns])
            part = {k: v[rows] for k, v in cols.items()}
            if groups == ALL:
                out[rows] = self.predict_proba(feature_matrix(*(part[name] for name in RAW)))
            elif groups in self.subsets:
                out[rows] = self.subsets[groups].predict_proba(part)
            else:
                raise ValueError(f"no follower model for the columns {code(groups) or 'none'}")
        return out

    def rates_for(self, accounts: list[FollowerAccount]) -> tuple[float, float, float, float]:
        """The held-out error rates of the model most of ``accounts`` are scored with."""
        return self.rates_for_columns(columns_of(accounts)) if accounts else self.rates

    def rates_for_columns(self, cols: dict[str, Array]) -> tuple[float, float, float, float]:
        """``rates_for`` on raw columns."""
        patterns = groups_present(cols)
        common = max(set(patterns), key=patterns.count) if patterns else ALL
        return self.rates if common == ALL or common not in self.subsets else self.subsets[common].rates


def save_model(model: FollowerModel, path: Path) -> None:
    arrays: dict[str, NDArray[np.generic]] = {
        "forest_feature": model.forest.feature.astype(np.int16),
        "forest_threshold": model.forest.threshold.astype(np.float32),
        "forest_left": model.forest.left.astype(np.int16),
        "forest_right": model.forest.right.astype(np.int16),
        "forest_value": model.forest.value.astype(np.float32),
        "forest_offset": model.forest.offset.astype(np.int64),
        "additive_degree": np.array([model.additive.degree]),
        "additive_intercept": np.array([model.additive.intercept]),
        "calibration": np.array(model.calibration),
        "prior": np.array([model.prior]),
        "rates": np.array(model.rates),
        "meta_keys": np.array(list(model.meta)),
        "meta_values": np.array(list(model.meta.values())),
    }
    for j, (t, c) in enumerate(zip(model.additive.knots, model.additive.coefs, strict=True)):
        arrays[f"additive_knots_{j}"] = t
        arrays[f"additive_coefs_{j}"] = c
    arrays.update(subset_arrays(model.subsets))
    buffer = BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    path.write_bytes(buffer.getvalue())


def read_model(data: bytes) -> FollowerModel:
    with np.load(BytesIO(data), allow_pickle=False) as z:
        n_feat = sum(1 for k in z.files if k.startswith("additive_knots_"))
        forest = Forest(
            feature=z["forest_feature"].astype(np.int32),
            threshold=z["forest_threshold"].astype(np.float64),
            left=z["forest_left"].astype(np.int32),
            right=z["forest_right"].astype(np.int32),
            value=z["forest_value"].astype(np.float64),
            offset=z["forest_offset"].astype(np.int64),
        )
        additive = Additive(
            knots=[z[f"additive_knots_{j}"].astype(np.float64) for j in range(n_feat)],
            coefs=[z[f"additive_coefs_{j}"].astype(np.float64) for j in range(n_feat)],
            degree=int(z["additive_degree"][0]),
            intercept=float(z["additive_intercept"][0]),
        )
        cal = z["calibration"]
        meta = dict(zip((str(k) for k in z["meta_keys"]), (str(v) for v in z["meta_values"]), strict=True))
        r = [float(v) for v in z["rates"]]
        subsets = read_subsets({k: z[k] for k in z.files if k.startswith("sub.")})
        return FollowerModel(
            forest,
            additive,
            (float(cal[0]), float(cal[1])),
            float(z["prior"][0]),
            (r[0], r[1], r[2], r[3]),
            meta,
            subsets,
        )


@cache
def shipped_model() -> FollowerModel:
    """The model that ships with mizaan."""
    return read_model(resources.files("mizaan.influencers").joinpath("data", MODEL_FILE).read_bytes())
