"""Accuracy of every attribution model against the truth of simulated worlds.

    python bench/measure_accuracy.py                       # three seeds of the bundled perfume store
    python bench/measure_accuracy.py --touchpoints 500000 --seeds 1 2 3 4 5

Each world is simulated (``mizaan simulate``), its exports imported into a fresh store (``mizaan import``),
and measured with its ``truth.json``. Per model it prints the share of conversions credited to the wrong
place (``misplaced``, see ``mizaan.measure.accuracy``; baseline channels set against the baseline sales) and
the credit error per channel in conversions (credit − truth), averaged over the worlds.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from pathlib import Path

from mizaan.ingest import ImportOptions, import_paths
from mizaan.measure import DuckDBEngine, load_truth, measure
from mizaan.simulate import simulate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--touchpoints", type=int, default=200_000)
    ap.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    ap.add_argument("--profile", default=None, help="A profile file (default: the bundled perfume store).")
    args = ap.parse_args()
    misplaced: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    rows: set[str] = set()
    conversions = 0.0
    for seed in args.seeds:
        with tempfile.TemporaryDirectory() as d:
            out = Path(d)
            simulate(out, args.profile, seed=seed, touchpoints=args.touchpoints, truth_tables=False)
            import_paths([out / "exports"], out / "store.duckdb", ImportOptions(timezone="Asia/Riyadh"))
            with DuckDBEngine.open(out / "store.duckdb") as engine:
                m = measure(engine, truth=load_truth(out / "truth.json"))
        conversions += m.totals.conversions
        for a in m.accuracy or []:
            misplaced[a.model].append(a.misplaced_share)
            for row, (credit, truth) in a.rows.items():
                errors[a.model][row].append(credit - truth)
                rows.add(row)
    n = len(args.seeds)
    print(f"{n} world(s), {args.touchpoints:,} touchpoints each, {conversions / n:,.0f} conversions on average")
    order = sorted(misplaced, key=lambda k: sum(misplaced[k]) / n)
    cols = sorted(rows)
    print(f"{'model':<17} {'misplaced':>9}  " + " ".join(f"{c[:12]:>12}" for c in cols))
    for model in order:
        per = [sum(errors[model][c]) / n if errors[model][c] else 0.0 for c in cols]
        print(f"{model:<17} {sum(misplaced[model]) / n:>9.1%}  " + " ".join(f"{e:>+12.1f}" for e in per))
    print(
        "columns: mean credit error per row in conversions (credit - truth); "
        "baseline = unpaid channels vs baseline sales"
    )


if __name__ == "__main__":
    main()
