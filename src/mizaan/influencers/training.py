"""Training and checking the follower-account classifier with scikit-learn.

Used by ``tools/train_follower_model.py`` (which writes the shipped model) and by
``bench/vet_authenticity.py`` (which measures it): account-level AUC under repeated stratified
cross-validation, and the error and coverage of the share estimate on simulated influencers whose true
share of suspicious followers is known. Labelled data is read from the caller's path; none ships.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from mizaan.influencers.additive import Additive, Array
from mizaan.influencers.classifier import (
    FOREST_FEATURES,
    FollowerModel,
    Forest,
    averaged_log_odds,
    feature_matrix,
)
from mizaan.influencers.subsets import ALL, RAW, Groups, SubsetModel, all_subsets, subset_features

LABEL_COLUMNS = ("is_fake", *RAW)  # the label, then the columns the models read
TREES = 150
LEAF = 3
KNOTS = 4
C = 1.0


@dataclass(frozen=True)
class Labelled:
    x: Array  # features (feature_matrix)
    y: NDArray[np.int64]
    cols: dict[str, Array] = field(default_factory=dict)  # the raw columns (subsets.RAW)


def read_labelled(path: Path) -> Labelled:
    """The labelled follower accounts (columns as in ``LABEL_COLUMNS``) as features and labels."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cols = {name: np.array([float(r[name]) for r in rows]) for name in LABEL_COLUMNS}
    x = feature_matrix(*(cols[name] for name in LABEL_COLUMNS[1:]))
    return Labelled(x=x, y=cols["is_fake"].astype(np.int64), cols={k: cols[k] for k in RAW})


def _fit_parts(x: Array, y: NDArray[np.int64], seed: int) -> tuple[Forest, Additive]:
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import SplineTransformer

    rf = RandomForestClassifier(
        n_estimators=TREES, min_samples_leaf=LEAF, max_features="sqrt", random_state=seed, n_jobs=-1
    ).fit(x[:, :FOREST_FEATURES], y)
    spline = SplineTransformer(n_knots=KNOTS, degree=3).fit(x)
    lr = LogisticRegression(C=C, max_iter=5000).fit(spline.transform(x), y)
    return _forest(rf), _additive(spline, lr)


def _forest(rf: object) -> Forest:
    feats, thr, left, right, value, offset = [], [], [], [], [], []
    start = 0
    for est in rf.estimators_:  # type: ignore[attr-defined]
        tree = est.tree_
        counts = tree.value[:, 0, :]
        offset.append(start)
        feats.append(np.where(tree.children_left >= 0, tree.feature, -1))
        thr.append(tree.threshold)
        left.append(tree.children_left)
        right.append(tree.children_right)
        value.append(counts[:, 1] / np.maximum(counts.sum(axis=1), 1e-12))
        start += tree.node_count
    return Forest(
        feature=np.concatenate(feats).astype(np.int32),
        threshold=np.concatenate(thr).astype(np.float64),
        left=np.concatenate(left).astype(np.int32),
        right=np.concatenate(right).astype(np.int32),
        value=np.concatenate(value).astype(np.float64),
        offset=np.array(offset, dtype=np.int64),
    )


def _additive(spline: object, lr: object) -> Additive:
    knots, coefs = [], []
    coef = lr.coef_[0]  # type: ignore[attr-defined]
    pos = 0
    for bs in spline.bsplines_:  # type: ignore[attr-defined]
        n = len(bs.t) - bs.k - 1
        knots.append(np.asarray(bs.t, dtype=np.float64))
        coefs.append(np.asarray(coef[pos : pos + n], dtype=np.float64))
        pos += n
    return Additive(knots=knots, coefs=coefs, degree=int(spline.degree), intercept=float(lr.intercept_[0]))  # type: ignore[attr-defined]


def train(data: Labelled, seed: int = 0, folds: int = 5) -> FollowerModel:
    """Fit the forest and the additive model on all of ``data``; calibrate their averaged log-odds with a
    logistic fit on out-of-fold scores (Platt scaling), so probabilities mean what they say."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    oof = np.zeros(len(data.y))
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(data.x, data.y):
        part_forest, part_additive = _fit_parts(data.x[tr], data.y[tr], seed)
        oof[te] = averaged_log_odds(part_forest, part_additive, data.x[te])
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof[:, None], data.y)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    held_out = 1.0 / (1.0 + np.exp(-(a * oof + b)))
    real, fake = held_out[data.y == 0], held_out[data.y == 1]
    rates = (
        float(real.mean()),
        float(fake.mean()),
        float(real.std(ddof=1) / np.sqrt(len(real))),
        float(fake.std(ddof=1) / np.sqrt(len(fake))),
    )
    forest, additive = _fit_parts(data.x, data.y, seed)
    subsets = train_subsets(data.cols, data.y, seed, folds) if data.cols else {}
    import sklearn

    return FollowerModel(
        forest=forest,
        additive=additive,
        calibration=(a, b),
        prior=float(data.y.mean()),
        rates=rates,
        meta={
            "trained_on": "SRF Data labelled Instagram followers (975 accounts), CC BY-SA 4.0",
            "scikit_learn": sklearn.__version__,
            "trees": str(TREES),
            "seed": str(seed),
        },
        subsets=subsets,
    )


def _fit_additive(x: Array, y: NDArray[np.int64]) -> Additive:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import SplineTransformer

    spline = SplineTransformer(n_knots=KNOTS, degree=3).fit(x)
    return _additive(spline, LogisticRegression(C=C, max_iter=5000).fit(spline.transform(x), y))


def fit_subset(
    cols: dict[str, Array], y: NDArray[np.int64], groups: Groups, seed: int = 0, folds: int = 5
) -> SubsetModel:
    """A calibrated additive model on the columns of ``groups`` only, with its held-out error rates."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    x = subset_features(cols, groups)
    oof = np.zeros(len(y))
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y):
        oof[te] = _fit_additive(x[tr], y[tr]).log_odds(x[te])
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof[:, None], y)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    held = 1.0 / (1.0 + np.exp(-(a * oof + b)))
    real, fake = held[y == 0], held[y == 1]
    rates = (
        float(real.mean()),
        float(fake.mean()),
        float(real.std(ddof=1) / np.sqrt(len(real))),
        float(fake.std(ddof=1) / np.sqrt(len(fake))),
    )
    return SubsetModel(groups, _fit_additive(x, y), (a, b), rates)


def train_subsets(
    cols: dict[str, Array], y: NDArray[np.int64], seed: int = 0, folds: int = 5
) -> dict[Groups, SubsetModel]:
    """A model for every subset of the column groups but the full one (which the forest serves)."""
    return {g: fit_subset(cols, y, g, seed, folds) for g in all_subsets() if g != ALL}


def cross_validated_auc(data: Labelled, repeats: int = 10, folds: int = 5, seed: int = 0) -> list[float]:
    """Account-level ROC AUC on each held-out fold of repeated stratified k-fold cross-validation."""
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import RepeatedStratifiedKFold

    out = []
    cv = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
    for tr, te in cv.split(data.x, data.y):
        f, a = _fit_parts(data.x[tr], data.y[tr], seed)
        out.append(float(roc_auc_score(data.y[te], averaged_log_odds(f, a, data.x[te]))))
    return out


def held_out_probabilities(
    data: Labelled, folds: int = 5, seed: int = 0
) -> list[tuple[Array, NDArray[np.int64], FollowerModel]]:
    """For each outer fold: calibrated probabilities of its held-out accounts from a model trained (and
    calibrated) without them, their labels, and that model."""
    from sklearn.model_selection import StratifiedKFold

    out = []
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(data.x, data.y):
        model = train(Labelled(data.x[tr], data.y[tr], {k: v[tr] for k, v in data.cols.items()}), seed=seed)
        out.append((model.predict_proba(data.x[te]), data.y[te], model))
    return out
