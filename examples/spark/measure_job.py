"""A measurement job for a Spark cluster: the canonical tables as Parquet folders (or a metastore's tables),
``measure()`` run on the cluster, the result written as JSON on the driver.

    # the tables: one Parquet folder per canonical table, for example exported from a project store
    python examples/spark/measure_job.py --export project.duckdb /data/mizaan/tables

    # the job, on a cluster (YARN, Kubernetes or standalone) — the same code runs on local[2]
    spark-submit --master spark://host:7077 --py-files mizaan.zip \\
        examples/spark/measure_job.py /data/mizaan/tables --out measurement.json

Journeys, the path table and time decay's credit are computed on the executors as aggregations; the
driver receives aggregates only (the path table, per-channel sums, funnel figures).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from mizaan.ingest import TABLE_NAMES
from mizaan.measure import DuckDBEngine, SparkEngine, measure


def export(store: str, folder: str) -> None:
    """Write each canonical table of a project store as a Parquet folder (with DuckDB, no Spark needed)."""
    with DuckDBEngine.open(store, memory_limit=None) as duck:
        for table in TABLE_NAMES:
            target = Path(folder) / table
            target.mkdir(parents=True, exist_ok=True)
            out = str(target / "part-0.parquet").replace("'", "''")
            duck.con.execute(f"COPY (SELECT * FROM {table}) TO '{out}' (FORMAT parquet)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tables", help="folder (or URI: hdfs://, s3a://) with one Parquet folder per table")
    parser.add_argument("--export", metavar="STORE", help="first write the tables of this project store there")
    parser.add_argument("--out", default="measurement.json")
    parser.add_argument("--period", default="month", choices=["day", "week", "month"])
    args = parser.parse_args()
    if args.export:
        export(args.export, args.tables)
        return
    from pyspark.sql import SparkSession

    session = SparkSession.builder.appName("mizaan-measure").getOrCreate()  # master from spark-submit
    for table in TABLE_NAMES:
        session.read.parquet(f"{args.tables.rstrip('/')}/{table}").createOrReplaceTempView(table)
    result = measure(SparkEngine(session), period=args.period)
    Path(args.out).write_text(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{result.totals.journeys:,} journeys measured; written to {args.out}")
    session.stop()


if __name__ == "__main__":
    main()
