"""CSV rows per second and peak memory of ``mizaan import``, beside DuckDB's own bare ``read_csv`` of the
same file (the ceiling: no validation, no line numbers, no report).

    python bench/import_speed.py                     # 1M and 2M rows
    python bench/import_speed.py 10000000            # the 10M-row goal (≤ 1 GB peak, ≥ 150,000 rows/s)

For each size the script writes a tracking log as a CSV (user, time with its offset, kind, UTM source,
medium, campaign and content; one row in 2,000 with Arabic-Indic digits in its time, one in 5,000 a broken
time, so the one-by-one reading and the row-level rejections are part of the run), with its column-mapping
file. Then, each in a fresh process: the import into a new store (rows read and rejected, seconds, rows
per second, peak resident memory), the same import again (unchanged data: the store file must not grow),
and DuckDB loading the file with ``read_csv`` into a table of the same store format. It prints the ratio
of the two speeds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

WRITE = """
import sys, duckdb
path, n = sys.argv[1], int(sys.argv[2])
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
sources = "['instagram','google','tiktok','snapchat','newsletter','(direct)','noura.style','bing']"
media = "['influencer','cpc','paid_social','social','email','(none)','influencer','cpc']"
con.execute(f'''COPY (SELECT 'v' || (i // 6) AS visitor,
  CASE WHEN i % 5000 = 17 THEN '2025-13-45 99:00' ELSE
    strftime(TIMESTAMP '2025-01-01' + to_seconds(CAST(i * 3 AS BIGINT)), '%Y-%m-%d %H:%M:%S') || '+03:00' END AS ts,
  (['visit','click','view','impression'])[1 + CAST(i % 4 AS INTEGER)] AS kind,
  ({sources})[1 + CAST(hash(i // 6) % 8 AS INTEGER)] AS utm_source,
  ({media})[1 + CAST(hash(i // 6) % 8 AS INTEGER)] AS utm_medium,
  'spring_' || CAST(hash(i // 60) % 40 AS VARCHAR) AS utm_campaign,
  'creator' || CAST(hash(i // 600) % 25 AS VARCHAR) AS utm_content
  FROM range({n}) r(i)) TO '{path}' (HEADER, DELIMITER ',')''')
"""

# one row in 2,000 with its time in Arabic-Indic digits: read one by one, never refused
ARABIC = """
import sys
path = sys.argv[1]
table = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
src, out = open(path, encoding="utf-8"), open(path + ".tmp", "w", encoding="utf-8")
for i, line in enumerate(src):
    if i % 2000 == 1000:
        v, ts, rest = line.split(",", 2)
        line = ",".join([v, ts.translate(table), rest])
    out.write(line)
src.close(); out.close()
import os; os.replace(path + ".tmp", path)
"""

MAPPING = """table: touchpoints
columns: {user_id: visitor, time: ts, kind: kind, source: utm_source, medium: utm_medium,
          campaign: utm_campaign, content: utm_content}
constants: {system: tracking}
"""

IMPORT = """
import json, os, resource, sys, time
from mizaan.ingest import import_paths
t = time.perf_counter()
r = import_paths([sys.argv[1]], sys.argv[2])
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "read": sum(r.read.values()), "rejected": len(r.rejected),
                  "store_mib": os.path.getsize(sys.argv[2]) / 2**20,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BARE = """
import json, resource, sys, time, duckdb
t = time.perf_counter()
con = duckdb.connect(sys.argv[2])
con.execute("SET enable_progress_bar = false")
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, header = true, all_varchar = true)", [sys.argv[1]])
rows = con.execute("SELECT COUNT(*) FROM t").fetchall()[0][0]
con.close()
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rows": rows,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000_000, 2_000_000])
    args = parser.parse_args()
    print(
        f"{'rows':>11} {'MB':>6} | {'mizaan rows/s':>13} {'peak MiB':>8} {'rejected':>8} {'again: store':>12} | "
        f"{'duckdb rows/s':>13} {'peak MiB':>8} | ratio"
    )
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as d:
            csv = Path(d) / "tracking.csv"
            subprocess.run([sys.executable, "-c", WRITE, str(csv), str(n)], check=True)
            subprocess.run([sys.executable, "-c", ARABIC, str(csv)], check=True)
            csv.with_name(csv.name + ".mapping.yaml").write_text(MAPPING, encoding="utf-8")
            store = str(Path(d) / "store.duckdb")
            first = run(IMPORT, str(csv), store)
            again = run(IMPORT, str(csv), store)
            bare = run(BARE, str(csv), str(Path(d) / "bare.duckdb"))
            ours, ceiling = n / first["seconds"], bare["rows"] / bare["seconds"]
            grew = f"{first['store_mib']:.0f}→{again['store_mib']:.0f} MiB"
            print(
                f"{n:>11,} {csv.stat().st_size / 1e6:>6.0f} | {ours:>13,.0f} {first['peak_mib']:>8.0f} "
                f"{first['rejected']:>8,.0f} {grew:>12} | {ceiling:>13,.0f} {bare['peak_mib']:>8.0f} | "
                f"{ours / ceiling:.2f}",
                flush=True,
            )
    print("goal: ≥ 150,000 rows/s and ≤ 1 GiB peak for 10M rows; the store must not grow on the second import")


if __name__ == "__main__":
    main()
