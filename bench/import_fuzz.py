"""Importer fuzzing for silent misreads (issue 15's goal: 0 silent differences over ≥ 10,000 exports).

    python bench/import_fuzz.py            # 10,000 generated ad reports
    python bench/import_fuzz.py 50000

Runs the Hypothesis properties of ``tests/ingest/test_fuzz_totals.py`` (ad reports) and
``tests/ingest/test_fuzz_orders.py`` (Shopify orders, and orders as a generic CSV) with that many examples
each: every generated ad report (campaigns named like totals, currency markers of the row's currency or
another's, right and wrong summary rows, decimal commas, Eastern Arabic digits) must have each data row read
exactly or rejected with its line, and any disagreement with its summary row noted; every generated order
export must have each order read with exactly its total and currency or rejected with its line, and the
revenue read plus the revenue rejected equal to the export's. Prints the count and the outcome.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    env = {**os.environ, "MIZAAN_FUZZ_EXAMPLES": str(n), "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    tests = ["tests/ingest/test_fuzz_totals.py", "tests/ingest/test_fuzz_orders.py"]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *tests, "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - start
    print(run.stdout[-3000:])
    verdict = "0 silent differences" if run.returncode == 0 else "A SILENT DIFFERENCE (see above)"
    print(f"generated exports: {n:,} per property, 3 properties  time: {took:.0f} s  outcome: {verdict}")
    sys.exit(run.returncode)


if __name__ == "__main__":
    main()
