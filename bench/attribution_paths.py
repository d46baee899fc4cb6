"""Synthetic path tables in ChannelAttribution's format, for the attribution benchmarks.

Journeys walk a first-order Markov chain over ``channels`` channels (skewed entry and transition
probabilities drawn once from a Dirichlet distribution), with geometric lengths (mean ``mean_length``
touches, as in ChannelAttribution's own 1,000,000-path timing: 8.9 touches a path). Each journey converts
with a probability that rises with the channels it met, and a converting journey has a log-normal value.
Identical paths are then aggregated, and generation continues until there are ``n_paths`` distinct paths.

    python bench/attribution_paths.py 1000000 bench/out/paths-1m.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

CHANNEL_NAMES = (
    "search_ads",
    "social_ads",
    "display",
    "video",
    "seo",
    "content",
    "email",
    "retargeting",
    "direct",
    "referral",
    "affiliate",
    "sms",
    "push",
    "podcast",
    "tv",
    "radio",
    "influencer_nano",
    "influencer_micro",
    "influencer_macro",
    "influencer_mega",
    "marketplace",
    "whatsapp",
    "snapchat",
    "tiktok",
)


def _journeys(
    rng: np.random.Generator,
    n: int,
    names: tuple[str, ...],
    start: np.ndarray,
    trans: np.ndarray,
    lift: np.ndarray,
    mean_length: float,
) -> pa.Table:
    k = len(names)
    lengths = rng.geometric(1.0 / mean_length, size=n)
    width = int(lengths.max())
    seq = np.full((n, width), -1, dtype=np.int64)
    seq[:, 0] = np.searchsorted(np.cumsum(start), rng.random(n) * start.sum())
    cum = np.cumsum(trans, axis=1)
    for j in range(1, width):
        alive = lengths > j
        prev = seq[alive, j - 1]
        u = rng.random(int(alive.sum()))
        seq[alive, j] = (cum[prev] < u[:, None]).sum(axis=1)
    flat = seq[seq >= 0]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    steps = pa.ListArray.from_arrays(pa.array(offsets), pa.array(np.asarray(names, dtype=object)[flat], pa.string()))
    paths = pc.binary_join(steps, " > ")
    met = np.zeros((n, k), dtype=bool)
    rows = np.repeat(np.arange(n), lengths)
    met[rows, flat] = True
    logit = -2.6 + met.astype(np.float64) @ lift
    converted = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    value = np.where(converted, rng.lognormal(mean=4.0, sigma=0.8, size=n), 0.0)
    return pa.table(
        {
            "path": paths,
            "conv": converted.astype(np.int64),
            "null": (~converted).astype(np.int64),
            "value": value,
        }
    )


def make_path_table(n_paths: int, channels: int = 20, mean_length: float = 5.5, seed: int = 0) -> pa.Table:
    """A path table with exactly ``n_paths`` distinct paths (columns path, total_conversions,
    total_conversion_value, total_null)."""
    rng = np.random.default_rng(seed)
    names = CHANNEL_NAMES[:channels]
    start = rng.dirichlet(np.full(channels, 0.8))
    trans = rng.dirichlet(np.full(channels, 0.5), size=channels)
    lift = rng.normal(0.35, 0.25, size=channels)
    parts: list[pa.Table] = []
    have = 0
    batch = max(1000, int(n_paths * 1.3))
    grouped = None
    while have < n_paths:
        parts.append(_journeys(rng, batch, names, start, trans, lift, mean_length))
        grouped = (
            pa.concat_tables(parts).group_by("path").aggregate([("conv", "sum"), ("value", "sum"), ("null", "sum")])
        )
        have = grouped.num_rows
        batch = max(1000, int((n_paths - have) * 3))
    assert grouped is not None
    grouped = grouped.slice(0, n_paths)
    return pa.table(
        {
            "path": grouped["path"],
            "total_conversions": grouped["conv_sum"],
            "total_conversion_value": pc.round(grouped["value_sum"], 2),
            "total_null": grouped["null_sum"],
        }
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"bench/out/paths-{n}.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    table = make_path_table(n)
    pacsv.write_csv(table, out)
    touches = int(pc.sum(pc.list_value_length(pc.split_pattern(table["path"], " > "))).as_py())
    print(f"{out}: {table.num_rows:,} distinct paths, {touches:,} touches")


if __name__ == "__main__":
    main()
