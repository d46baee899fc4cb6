"""Events per second from raw touchpoints to every attribution model, on the embedded engine.

    python bench/measure_scale.py                    # 1M and 10M touchpoints
    python bench/measure_scale.py 100000000          # the 100M run (minutes; about 10 GB of disk)

For each size a project store is generated directly in DuckDB (SQL, no Python rows): users with about six
touchpoints each over a year, 12 channels, 4 % of users buying once after their last touch, daily spend per
paid channel. Then ``measure()`` runs in a fresh process — the event stream sorted by DuckDB (memory limit
4 GB, spilling to disk), journeys aggregated batch by batch, all twelve models, the funnel, the three views —
and the script prints events (touchpoints + conversions) per second and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATE = """
import sys, time, duckdb
from mizaan.ingest import Store
path, n = sys.argv[1], int(sys.argv[2])
Store(path).close()
con = duckdb.connect(path)
con.execute("SET TimeZone = 'UTC'")
channels = "['search_ads','social_ads','seo','email','retargeting','content','influencer_micro','influencer_nano'," \\
           "'direct','referral','organic_social','other']"
con.execute(f'''INSERT INTO touchpoints SELECT '', 0, 'T' || i, 'U' || (i // 6),
  TIMESTAMPTZ '2025-01-01 00:00:00+00'
    + to_seconds(CAST(hash(i // 6) % 28000000 + (i % 6) * 3600 * (1 + hash(i) % 48) AS BIGINT)),
  ({channels})[1 + CAST(hash(i * 31) % 12 AS INTEGER)], NULL, 'visit', NULL, NULL, 'bench' FROM range({n}) r(i)''')
con.execute('''INSERT INTO conversions SELECT '', 0, 'C' || user_id, user_id, MAX(time) + INTERVAL 20 MINUTE,
  CAST(100 + hash(user_id) % 300 AS DECIMAL(38, 12)), 'SAR', 'C' || user_id, 'bench'
  FROM touchpoints WHERE hash(user_id) % 25 = 0 GROUP BY user_id''')
con.execute('''INSERT INTO spend SELECT '', 0, d, d, 'meta', '', c, 'c-' || c, NULL, '', '',
  CAST(100 AS DECIMAL(38, 12)), 'SAR', 10000, 8000, 150, NULL, NULL
  FROM range(DATE '2025-01-01', DATE '2026-01-01', INTERVAL 1 DAY) r(d),
  (VALUES ('search_ads'), ('social_ads'), ('retargeting')) v(c)''')
print(con.execute("SELECT (SELECT COUNT(*) FROM touchpoints), (SELECT COUNT(*) FROM conversions)").fetchall()[0])
con.close()
"""

MEASURE = """
import json, resource, sys, time
from mizaan.measure import DuckDBEngine, measure
t = time.perf_counter()
with DuckDBEngine.open(sys.argv[1], temp_directory=sys.argv[2]) as engine:
    m = measure(engine, period="month")
seconds = time.perf_counter() - t
events = sum(m.totals.touchpoints.values()) + m.totals.conversions
print(json.dumps({"seconds": seconds, "events": events,
                  "journeys": m.totals.journeys, "paths": m.attribution.input.paths,
                  "models": len(m.attribution.results),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1_000_000, 10_000_000])
    ap.add_argument("--dir", help="Where to write the stores (default: a temporary folder).")
    args = ap.parse_args()
    print(
        f"{'touchpoints':>12} {'events':>12} {'journeys':>11} {'paths':>9} {'gen s':>7} {'measure s':>10} "
        f"{'events/s':>11} {'peak MiB':>9}"
    )
    with tempfile.TemporaryDirectory(dir=args.dir) as d:
        for n in args.sizes:
            store = Path(d) / f"bench-{n}.duckdb"
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", GENERATE, str(store), str(n)], check=True, capture_output=True)
            gen = time.perf_counter() - t
            out = subprocess.run(
                [sys.executable, "-c", MEASURE, str(store), d], check=True, capture_output=True, text=True
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{n:>12,} {int(r['events']):>12,} {r['journeys']:>11,} {r['paths']:>9,} {gen:>7.1f} "
                f"{r['seconds']:>10.1f} {r['events'] / r['seconds']:>11,.0f} {r['peak_mib']:>9,.0f}",
                flush=True,
            )
            store.unlink()


if __name__ == "__main__":
    main()
