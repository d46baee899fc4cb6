"""Query engines for the measurement queries: DuckDB (the project store, embedded, the default) and Spark
(local or a cluster, optional). Both run the same SQL text (``mizaan.measure.queries``) and answer in Arrow.

An engine needs four things:

- ``query(sql)`` — a small result (aggregates) as a ``pyarrow.Table``;
- ``stream(sql, batch_rows)`` — a large ordered result as Arrow record batches, so that the caller holds one
  batch at a time (DuckDB streams from its external sort). An engine with ``aggregates_journeys`` (Spark)
  is never asked to stream the events: journeys are computed on it as aggregations
  (``measure/journeys_sql.py``) and only the path table and per-channel sums come back;
- ``register(name, table)`` — a small Arrow table (currency rates) visible to later queries;
- ``close()``.

Both engines must read instants in UTC: the DuckDB engine sets ``TimeZone = 'UTC'``, the Spark engine sets
``spark.sql.session.timeZone = UTC`` on the session it is given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from mizaan.errors import InputError, MizaanError, Problem
from mizaan.ingest import TABLE_NAMES, is_lock_error

BATCH_ROWS = 1 << 20
DEFAULT_MEMORY_LIMIT = "4GB"


class QueryEngine(Protocol):
    """What the measurement code needs of a query engine."""

    name: str

    def query(self, sql: str) -> pa.Table: ...

    def stream(self, sql: str, batch_rows: int = BATCH_ROWS) -> Iterator[pa.RecordBatch]: ...

    def register(self, name: str, table: pa.Table) -> None: ...

    def close(self) -> None: ...


class DuckDBEngine:
    """The embedded engine over a project store file (opened read-only) or an open connection.

    ``memory_limit`` caps DuckDB's own memory (sorts and aggregates spill to ``temp_directory`` beyond it),
    so a hundred million touchpoints are measured in bounded memory.
    """

    name = "duckdb"

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        memory_limit: str | None = DEFAULT_MEMORY_LIMIT,
        temp_directory: str | Path | None = None,
        threads: int | None = None,
        owns: bool = False,
    ) -> None:
        self.con = con
        self._owns = owns
        con.execute("SET TimeZone = 'UTC'")
        if memory_limit:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        if temp_directory is not None:
            con.execute(f"SET temp_directory = '{Path(temp_directory).as_posix()}'")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        # functions the shared SQL uses that DuckDB names differently (Spark and BigQuery have them built in)
        con.execute("CREATE OR REPLACE TEMP MACRO unix_micros(ts) AS epoch_us(ts)")

    @classmethod
    def open(cls, store: str | Path, **options: Any) -> DuckDBEngine:
        """Open a project store file read-only. Raises ``InputError`` when it is missing or not a store."""
        path = Path(store)
        if not path.is_file():
            raise InputError([Problem("measure.store.missing", {"path": str(path)}, file=str(path))])
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as exc:
            if is_lock_error(exc):  # an import is writing to it: say so, not "is it a DuckDB file?"
                raise InputError([Problem("measure.store.busy", {"path": str(path)})], file=str(path)) from None
            raise InputError(
                [Problem("measure.store.unreadable", {"path": str(path), "detail": str(exc).splitlines()[0]})],
                file=str(path),
            ) from None
        engine = cls(con, owns=True, **options)
        missing = [t for t in TABLE_NAMES if not engine.has_table(t)]
        if missing:
            engine.close()
            raise InputError(
                [Problem("measure.store.not_a_store", {"path": str(path), "tables": ", ".join(missing)})],
                file=str(path),
            )
        return engine

    def has_table(self, name: str) -> bool:
        rows = self.con.execute(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchall()
        return bool(rows and rows[0][0])

    def query(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def stream(self, sql: str, batch_rows: int = BATCH_ROWS) -> Iterator[pa.RecordBatch]:
        reader = self.con.sql(sql).to_arrow_reader(batch_rows)
        yield from reader

    def register(self, name: str, table: pa.Table) -> None:
        self.con.register(name, table)

    def close(self) -> None:
        if self._owns:
            self.con.close()

    def __enter__(self) -> DuckDBEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SparkUnavailable(MizaanError):
    """Raised when the Spark engine is asked for and pyspark (or Java) is missing."""

    def __init__(self, detail: str) -> None:
        super().__init__("measure.spark.missing", detail=detail)


def _pyspark() -> Any:
    try:
        import pyspark.sql
    except ImportError as exc:
        raise SparkUnavailable(str(exc)) from None
    return pyspark.sql


class SparkEngine:
    """Spark SQL over a ``SparkSession`` (local mode or a cluster); needs ``pip install 'mizaan[spark]'``.

    The session's time zone is set to UTC. Journeys, their paths and time decay's credit are computed on
    the cluster as aggregations (``aggregates_journeys``): no step collects events or journeys to the
    driver. ``stream`` (collecting an ordered result through Arrow) is kept for small results and tests.
    """

    name = "spark"
    aggregates_journeys = True

    def __init__(self, session: Any) -> None:
        self.session = session
        session.conf.set("spark.sql.session.timeZone", "UTC")
        session.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")

    @classmethod
    def local(cls, cores: int = 1, app_name: str = "mizaan") -> SparkEngine:
        """A local Spark session (``local[cores]``), small and quiet: no UI, few shuffle partitions."""
        sql = _pyspark()
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        session = (
            sql.SparkSession.builder.master(f"local[{cores}]")
            .appName(app_name)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(max(1, cores)))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", "1g")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        return cls(session)

    def load_store(self, store: str | Path) -> None:
        """Copy the canonical tables of a DuckDB project store into temporary views of the same names
        (for tests and small stores; a cluster reads its own tables)."""
        with DuckDBEngine.open(store, memory_limit=None) as duck:
            for table in TABLE_NAMES:
                self.register(table, duck.query(f"SELECT * FROM {table}"))

    def query(self, sql: str) -> pa.Table:
        result: pa.Table = self.session.sql(sql).toArrow()
        return result

    def stream(self, sql: str, batch_rows: int = BATCH_ROWS) -> Iterator[pa.RecordBatch]:
        yield from self.query(sql).to_batches(max_chunksize=batch_rows)

    def register(self, name: str, table: pa.Table) -> None:
        self.session.createDataFrame(table).createOrReplaceTempView(name)

    def close(self) -> None:
        """Leaves the session running (it may be shared); stop it with ``session.stop()``."""
