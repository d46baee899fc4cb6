"""mizaan's attribution against the shared reference data (``shared/data/attribution/``).

    python bench/attribution_reference.py [--data DIR]

1. ChannelAttribution's sample table (10,000 rows, 12 channels): mizaan's exact Markov removal effects and
   credit (orders 1-3, with and without the null column, conversions and value) against the exact
   absorbing-chain values in ``channelattribution_reference.csv`` (must agree to 1e-9, relative), and how
   far ChannelAttribution's own simulated estimates at 1e5, 1e7 and 1e8 simulations sit from them;
   the heuristic models against ChannelAttribution's.
2. The same table: Shapley values against ``shapley_zhao_simplified_on_CA_Data.csv`` (checked there by
   brute force over all 2^12 coalitions).
3. The two MIT-licensed journey sets: every model runs, the credit adds up, and (for the 20-channel set)
   the closed-form Shapley values equal brute force over all 2^20 coalitions.

The reference folder is not part of the project; without it this script says so and stops.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from mizaan.measure import (
    FirstTouch,
    LastTouch,
    Linear,
    MarkovAttribution,
    Paths,
    ShapleyAttribution,
    attribute,
    coalition_worth,
    make_models,
    paths_from_lists,
    read_path_table,
    shapley_from_worth,
)

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "attribution"


def rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-300)


def markov_reference(data: Path, table: Paths) -> bool:
    rows: dict[tuple[str, int, str, str], dict[str, dict[str, str]]] = defaultdict(dict)
    with (data / "channelattribution_reference.csv").open(newline="") as fh:
        for r in csv.DictReader(fh):
            if r["model"] == "markov":
                kind = "exact" if r["source"].startswith("exact") else f"CA nsim={float(r['nsim_start']):.0e}"
                rows[(kind, int(r["order"]), r["var_null_used"], r["seed"])][r["channel_name"]] = r
    without_null = Paths(
        table.channels, table.offsets, table.touches, table.conversions, np.zeros(len(table)), table.value
    )
    fitted: dict[tuple[int, str], MarkovAttribution] = {}
    for _, order, var_null, _ in rows:
        if (order, var_null) not in fitted:
            fitted[(order, var_null)] = MarkovAttribution(order=order).fit(
                table if var_null == "True" else without_null
            )
    ok = True
    print("## Markov removal effects on ChannelAttribution's sample (10,000 rows, 12 channels)\n")
    print(
        f"{'source':<16} {'order':>5} {'null col':>8}  exact: worst relative gap (removal effect conv / value, "
        "credit conv / value); CA simulated: how far from mizaan's exact"
    )
    for (kind, order, var_null, _), channels in sorted(rows.items(), key=lambda x: (x[0][1], x[0][2], x[0][0])):
        m = fitted[(order, var_null)]
        assert m.value_removal_effects_ is not None and m.value_credit_ is not None
        if kind == "exact":
            gaps = [
                max(rel(m.removal_effects_[c], float(r["removal_effect_conv"])) for c, r in channels.items()),
                max(rel(m.value_removal_effects_[c], float(r["removal_effect_value"])) for c, r in channels.items()),
                max(rel(m.credit_[c], float(r["attributed_conversions"])) for c, r in channels.items()),
                max(rel(m.value_credit_[c], float(r["attributed_value"])) for c, r in channels.items()),
            ]
            ok &= max(gaps) < 1e-9
            verdict = "  OK (< 1e-9)" if max(gaps) < 1e-9 else "  FAILED"
            print(f"{kind:<16} {order:>5} {var_null:>8}  " + " / ".join(f"{g:.1e}" for g in gaps) + verdict)
            continue
        total = sum(m.credit_.values())
        points = max(abs(float(r["attributed_conversions"]) - m.credit_[c]) / total for c, r in channels.items())
        big = [c for c in channels if m.credit_[c] / total >= 0.01]
        worst = max(rel(float(channels[c]["attributed_conversions"]), m.credit_[c]) for c in big)
        print(
            f"{kind:<16} {order:>5} {var_null:>8}  credit share off by up to {100 * points:.2f} points; "
            f"{100 * worst:.2f} % relative on the channels with at least 1 % of the credit"
        )
    return ok


def heuristic_reference(data: Path, table: Paths) -> bool:
    ref: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    with (data / "channelattribution_reference.csv").open(newline="") as fh:
        for r in csv.DictReader(fh):
            if "heuristic" in r["source"]:
                ref[r["model"]][r["channel_name"]] = (
                    float(r["attributed_conversions"]),
                    float(r["attributed_value"]),
                )
    ok = True
    print("\n## Heuristic models against ChannelAttribution's\n")
    for name, model in (
        ("first_touch", FirstTouch()),
        ("last_touch", LastTouch()),
        ("linear_touch", Linear()),
    ):
        m = model.fit(table)
        assert m.value_credit_ is not None
        gap = max(max(rel(m.credit_[c], a), rel(m.value_credit_[c], b)) for c, (a, b) in ref[name].items())
        ok &= gap < 1e-9
        print(f"{name:<13} worst relative gap {gap:.1e} {'OK' if gap < 1e-9 else 'FAILED'}")
    return ok


def shapley_reference(data: Path, table: Paths) -> bool:
    with (data / "shapley_zhao_simplified_on_CA_Data.csv").open(newline="") as fh:
        ref = {r["channel_name"]: float(r["shapley_bruteforce_vS_cumulative"]) for r in csv.DictReader(fh)}
    m = ShapleyAttribution().fit(table)
    gap = max(rel(m.credit_[c], v) for c, v in ref.items())
    print("\n## Shapley (simplified, Zhao et al.) against the brute-force reference\n")
    print(f"worst relative gap {gap:.1e} {'OK' if gap < 1e-9 else 'FAILED'}")
    return gap < 1e-9


def journey_sets(data: Path) -> bool:
    ok = True
    print("\n## The two MIT-licensed journey sets, every model\n")
    paths: list[list[str]] = []
    conv: list[float] = []
    with (data / "dsearle90_MarkovAttribution_sample_paths.csv").open(newline="") as fh:
        for r in csv.DictReader(fh):
            touches = [r[f"T_{i}"].strip() for i in range(1, 11) if r[f"T_{i}"].strip()]  # empty cells are gaps
            paths.append(touches)
            conv.append(1.0 if r["conv_flag"].strip() == "conv" else 0.0)
    wide = paths_from_lists(paths, conversions=conv, nulls=[1 - c for c in conv])
    sample = json.loads((data / "ianchute_shapley_sample.json").read_text())
    ids = paths_from_lists([[str(c) for c in j] for j in sample], conversions=np.ones(len(sample)))
    for name, p in (
        ("dsearle90 (1,037 journeys, wide form)", wide),
        ("ianchute (2,392 converting journeys)", ids),
    ):
        t = time.perf_counter()
        report = attribute(p, make_models())
        took = time.perf_counter() - t
        worst = max(abs(sum(c.conversions for c in r.channels.values()) - p.total_conversions) for r in report.results)
        ok &= worst < 1e-6
        print(
            f"{name}: {len(p.channels)} channels, {p.total_conversions:.0f} conversions; {len(report.results)} models "
            f"in {took:.2f} s; largest gap between a model's credit and the conversions {worst:.1e}"
        )
    t = time.perf_counter()
    brute = shapley_from_worth(coalition_worth(ids))
    took = time.perf_counter() - t
    closed = ShapleyAttribution().fit(ids).credit_
    gap = max(abs(closed[c] - brute[i]) for i, c in enumerate(ids.channels))
    ok &= gap < 1e-9
    print(
        f"ianchute, {len(ids.channels)} channels: closed form vs all 2^{len(ids.channels)} coalitions "
        f"({took:.2f} s): max gap {gap:.1e} {'OK' if gap < 1e-9 else 'FAILED'}"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not (args.data / "channelattribution_reference.csv").exists():
        print(f"The shared reference folder {args.data} is absent: nothing to check against.")
        sys.exit(0)
    table = read_path_table(args.data / "ChannelAttribution_Data.csv")
    ok = markov_reference(args.data, table)
    ok &= heuristic_reference(args.data, table)
    ok &= shapley_reference(args.data, table)
    ok &= journey_sets(args.data)
    print("\nall checks passed" if ok else "\nSOME CHECKS FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
