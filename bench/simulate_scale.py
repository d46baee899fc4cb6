"""Simulation speed and peak memory at growing sizes, and import speed of the simulated exports.

    python bench/simulate_scale.py                      # 1M and 10M touchpoints
    python bench/simulate_scale.py 100000000 --no-import  # the 100M path (streams to disk)

Each size runs in a fresh subprocess so its peak resident memory (ru_maxrss) is its own. Prints
touchpoints per second and peak memory for ``simulate`` (with and without the truth tables), and rows per
second for ``import_paths`` of the exports into a fresh store. Writes under a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from pathlib import Path
from mizaan.simulate import simulate
out, n, truth = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
t = time.perf_counter()
r = simulate(out, seed=1, touchpoints=n, truth_tables=truth)
print(json.dumps({"touchpoints": r.touchpoints, "orders": r.orders, "seconds": time.perf_counter() - t,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT = """
import json, resource, sys, time
from mizaan.ingest import ImportOptions, import_paths
t = time.perf_counter()
r = import_paths([sys.argv[1]], sys.argv[2], ImportOptions(timezone="Asia/Riyadh"))
print(json.dumps({"rows": sum(r.read.values()), "rejected": len(r.rejected),
                  "seconds": time.perf_counter() - t,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict[str, float]:
    res = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1_000_000, 10_000_000])
    ap.add_argument("--no-import", action="store_true", help="Only simulate.")
    ap.add_argument("--no-truth-tables", action="store_true", help="Skip writing truth/*.parquet.")
    args = ap.parse_args()
    print(
        f"{'size':>12} {'touchpoints':>12} {'orders':>9} {'sim s':>8} {'tp/s':>10} {'peak MiB':>9}"
        f" {'import rows':>12} {'import s':>9} {'rows/s':>10} {'peak MiB':>9}"
    )
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as d:
            out = Path(d) / "world"
            sim = run(CHILD, str(out), str(n), "0" if args.no_truth_tables else "1")
            line = (
                f"{n:>12,} {int(sim['touchpoints']):>12,} {int(sim['orders']):>9,} {sim['seconds']:>8.1f} "
                f"{sim['touchpoints'] / sim['seconds']:>10,.0f} {sim['peak_mib']:>9,.0f}"
            )
            if not args.no_import:
                imp = run(IMPORT, str(out / "exports"), str(Path(d) / "p.duckdb"))
                line += (
                    f" {int(imp['rows']):>12,} {imp['seconds']:>9.1f} {imp['rows'] / imp['seconds']:>10,.0f}"
                    f" {imp['peak_mib']:>9,.0f}"
                )
            print(line, flush=True)
    _ = resource, time


if __name__ == "__main__":
    main()
