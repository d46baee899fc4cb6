"""Rows per second and peak memory of ``mizaan import`` on large ad reports, Shopify orders exports and XLSX
deals sheets, beside the bare load of the same file (the ceiling: no validation, no line numbers, no report).

    python bench/import_exports.py                                   # 1M, 2M and 5M CSV rows; 200k and 1M XLSX rows
    python bench/import_exports.py --csv 100000 200000 --xlsx 20000  # a quick run

Files written under a temporary folder in /tmp and deleted after each size:

- a Google Ads campaign report (title line, ``Day,Campaign,Ad group,Currency code,Cost,Impr.,Clicks,
  Conversions``, quoted thousands, a ``Total:`` row at the end; one row in 5,000 with a cost in another
  currency, rejected with its line);
- a Shopify orders CSV (each order a first row with its total, time and note attributes, and a second
  line-item row, skipped; one order in 5,000 with a broken total, rejected with its line items);
- an influencer-deals workbook (XLSX, one post a row; one in 5,000 without an influencer, rejected).

Each import runs in a fresh process (peak resident memory from ``getrusage``, what ``/usr/bin/time -v``
reports); so does the ceiling: DuckDB's ``read_csv`` of the CSV into a table, and for the workbook
openpyxl's own streaming read of its rows (``read_only``, values only; DuckDB reads XLSX only with an
extension this machine cannot download). Peak memory that stays flat as the file grows is the goal.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ADS = """
import sys, duckdb
path, n = sys.argv[1], int(sys.argv[2])
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
with open(path, "w", encoding="utf-8") as fh:
    fh.write("Campaign performance\\nDay,Campaign,Ad group,Currency code,Cost,Impr.,Clicks,Conversions\\n")
con.execute(f'''COPY (SELECT strftime(DATE '2020-01-01' + CAST(i // 2000 AS INTEGER), '%Y-%m-%d') AS d,
  'Campaign ' || CAST(i % 2000 // 20 AS VARCHAR) AS c, 'Group ' || CAST(i % 20 AS VARCHAR) AS g,
  CASE WHEN i % 5000 = 7 THEN 'USD' ELSE 'SAR' END AS cur,
  CASE WHEN i % 5000 = 7 THEN 'SAR 12.00'
       ELSE CAST(1 + i % 997 AS VARCHAR) || '.' || lpad(CAST(i % 100 AS VARCHAR), 2, '0') END AS cost,
  format('{{:,}}', 1000 + i % 90000) AS impr, CAST(i % 300 AS VARCHAR) AS clicks, CAST(i % 7 AS VARCHAR) AS conv
  FROM range({n}) r(i)) TO '{path}.body' (HEADER false, DELIMITER ',', QUOTE '"')''')
with open(path, "a", encoding="utf-8") as fh, open(path + ".body", encoding="utf-8") as body:
    for line in body:
        fh.write(line)
    fh.write("Total: Campaigns,,,,1.00,,,\\n")
import os; os.remove(path + ".body")
"""

SHOPIFY = """
import sys, duckdb
path, n = sys.argv[1], int(sys.argv[2])
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
con.execute(f'''COPY (SELECT '#' || CAST(1000 + i // 2 AS VARCHAR) AS "Name",
  'c' || CAST(i // 6 AS VARCHAR) || '@x.sa' AS "Email",
  CASE WHEN i % 2 = 0 THEN 'paid' ELSE '' END AS "Financial Status",
  CASE WHEN i % 2 = 0 THEN 'SAR' ELSE '' END AS "Currency",
  CASE WHEN i % 2 = 1 THEN '' WHEN i % 10000 = 4 THEN '12..5'
       ELSE CAST(50 + i % 900 AS VARCHAR) || '.50' END AS "Total",
  CASE WHEN i % 2 = 0 AND i % 7 = 0 THEN 'NOURA10' ELSE '' END AS "Discount Code",
  CASE WHEN i % 2 = 1 THEN ''
       ELSE strftime(TIMESTAMP '2024-01-01' + to_seconds(CAST(i * 20 AS BIGINT)), '%Y-%m-%d %H:%M:%S') || ' +0300'
       END AS "Created at",
  CAST(1 + i % 3 AS VARCHAR) AS "Lineitem quantity",
  CASE WHEN i % 2 = 1 THEN '' ELSE 'utm_source: instagram' || chr(10) || 'utm_medium: paid_social'
       END AS "Note Attributes"
  FROM range({n}) r(i)) TO '{path}' (HEADER, DELIMITER ',')''')
"""

DEALS = """
import sys
from openpyxl import Workbook
path, n = sys.argv[1], int(sys.argv[2])
wb = Workbook(write_only=True)
ws = wb.create_sheet("deals")
ws.append(["date", "influencer", "followers", "cost", "currency", "views", "promo code", "post id"])
for i in range(n):
    who = None if i % 5000 == 11 else f"creator{i % 3000}"
    ws.append([f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", who, 5000 + i % 900000, 100 + (i % 5000) / 4, "SAR",
               i % 40000, f"CODE{i % 3000}", f"post{i}"])
wb.save(path)
"""

IMPORT = """
import json, os, resource, sys, time
from mizaan.ingest import import_paths
t = time.perf_counter()
r = import_paths([sys.argv[1]], sys.argv[2])
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "read": sum(r.read.values()), "rejected": r.rejected_count,
                  "format": r.files[0].format, "skipped": r.files[0].skipped,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BARE_CSV = """
import json, resource, sys, time, duckdb
t = time.perf_counter()
con = duckdb.connect(sys.argv[2])
con.execute("SET enable_progress_bar = false")
skip = int(sys.argv[3])
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, header = true, all_varchar = true, skip = ?)",
            [sys.argv[1], skip])
rows = con.execute("SELECT COUNT(*) FROM t").fetchall()[0][0]
con.close()
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rows": rows,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BARE_XLSX = """
import json, resource, sys, time
from openpyxl import load_workbook
t = time.perf_counter()
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True)) - 1
wb.close()
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rows": rows,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

KINDS = {  # kind: (writer, file name, bare reader, lines before the header)
    "google_ads": (ADS, "report.csv", BARE_CSV, 1),
    "shopify": (SHOPIFY, "orders.csv", BARE_CSV, 0),
    "deals_xlsx": (DEALS, "deals.xlsx", BARE_XLSX, 0),
}


def run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def measure(kind: str, n: int) -> None:
    writer, name, bare_code, skip = KINDS[kind]
    with tempfile.TemporaryDirectory(dir="/tmp") as d:
        path = Path(d) / name
        subprocess.run([sys.executable, "-c", writer, str(path), str(n)], check=True)
        ours = run(IMPORT, str(path), str(Path(d) / "store.duckdb"))
        bare = run(bare_code, str(path), str(Path(d) / "bare.duckdb"), str(skip))
        speed, ceiling = n / ours["seconds"], bare["rows"] / bare["seconds"]
        print(
            f"{kind:>11} {n:>10,} {path.stat().st_size / 1e6:>6.0f} | {ours['format']:>16} {speed:>9,.0f} "
            f"{ours['peak_mib']:>8.0f} {ours['read']:>10,.0f} {ours['rejected']:>8,.0f} {ours['skipped']:>9,.0f} | "
            f"{ceiling:>10,.0f} {bare['peak_mib']:>8.0f} | {speed / ceiling:.2f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", nargs="*", type=int, default=[1_000_000, 2_000_000, 5_000_000])
    parser.add_argument("--xlsx", nargs="*", type=int, default=[200_000, 1_000_000])
    parser.add_argument("--kinds", nargs="*", default=list(KINDS), choices=list(KINDS))
    args = parser.parse_args()
    print(
        f"{'kind':>11} {'rows':>10} {'MB':>6} | {'read as':>16} {'rows/s':>9} {'peak MiB':>8} {'read':>10} "
        f"{'rejected':>8} {'skipped':>9} | {'bare rows/s':>10} {'peak MiB':>8} | ratio"
    )
    for kind in args.kinds:
        for n in args.xlsx if kind.endswith("xlsx") else args.csv:
            measure(kind, n)
    print("bare: DuckDB read_csv for CSV, openpyxl's read_only row iteration for XLSX; goal: peak flat in size")


if __name__ == "__main__":
    main()
