"""The project's store: one embedded DuckDB file a user can copy, holding the canonical tables.

A thin layer. Reads go through ``Engine.query(sql) -> pyarrow.Table`` with portable SQL (the named
queries of ``queries.py``: standard types, ``CAST``, ``GROUP BY``, no engine-specific functions), so the
measurement code can run the same queries on a distributed engine by giving it another ``Engine``.
Writes are DuckDB's: inside one transaction per import, each batch replaces the rows that share its keys
(``DELETE`` the keys, ``INSERT`` the rows), which makes re-importing a file a no-op and an interrupted
import (an exception, a killed process) leave the file as it was.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from mizaan.errors import MizaanError
from mizaan.ingest.tables import TABLE_NAMES, TABLES, columns, create_sql

SCHEMA_VERSION = "2"
# columns added since a schema version: (version, table, column, SQL type); old stores gain them on open
ADDED_COLUMNS = (("2", "touchpoints", "content", "VARCHAR"),)
DEFAULT_STORE = "mizaan.duckdb"


class Engine(Protocol):
    """What the measurement code needs of a query engine."""

    def query(self, sql: str, params: list[Any] | None = None) -> pa.Table: ...


class StoreBusy(MizaanError):
    """Another process (an import) holds the store's write lock, and it was not released in time."""

    key = "ingest.store.busy"


def is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def connect(path: Path, *, read_only: bool, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the store file; while another process holds its lock, try again for up to ``wait`` seconds,
    then raise ``StoreBusy`` (one writer at a time: DuckDB lets one process open a file for writing)."""
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(path=str(path), seconds=f"{wait:g}") from None
        time.sleep(pause)
        pause = min(pause * 2, 1.0)


class Store:
    """A project store file. Use as a context manager, or call ``close()``. ``wait``: seconds to wait for
    another process's import to finish before ``StoreBusy``."""

    def __init__(self, path: str | Path = DEFAULT_STORE, *, read_only: bool = False, wait: float = 0.0) -> None:
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = connect(self.path, read_only=read_only, wait=wait)
        self.con.execute("SET TimeZone = 'UTC'")
        if not read_only:
            self._create()

    def _create(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (name VARCHAR PRIMARY KEY, value VARCHAR)")
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS imports (sha256 VARCHAR PRIMARY KEY, file VARCHAR, format VARCHAR, "
            "rows BIGINT, rejected BIGINT, first_imported TIMESTAMPTZ)"
        )
        for table in TABLE_NAMES:
            self.con.execute(create_sql(table))
        for _, table, column, sql_type in ADDED_COLUMNS:  # a store written by an older version gains them
            self.con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {sql_type}")
        if self.setting("schema_version") != SCHEMA_VERSION:
            self.set_setting("schema_version", SCHEMA_VERSION)

    # --- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside is written together or not at all."""
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    # --- settings --------------------------------------------------------------------------------

    def setting(self, name: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE name = ?", [name]).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, name: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [name, value])

    # --- writes ----------------------------------------------------------------------------------

    def write(self, table: str, data: pa.Table) -> None:
        """Replace the rows of ``table`` whose key ``data`` holds, then insert ``data``. Call inside
        ``transaction()``; ``data`` must not repeat a key (importers report repeats as rejections)."""
        if data.num_rows == 0:
            return
        cols = columns(table)
        key = TABLES[table].key
        name = f"staged_{table}"
        self.con.register(name, data.select(cols))
        try:
            match = " AND ".join(f"t.{k} = s.{k}" for k in key)
            self.con.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM {name} s WHERE {match})")
            self.con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM {name}")
        finally:
            self.con.unregister(name)

    def record_import(self, sha256: str, file: str, fmt: str, rows: int, rejected: int) -> None:
        self.con.execute(
            "INSERT INTO imports SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM imports WHERE sha256 = ?)",
            [sha256, file, fmt, rows, rejected, dt.datetime.now(dt.UTC), sha256],
        )

    # --- reads -----------------------------------------------------------------------------------

    def query(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        """Run a read query; the result as Arrow."""
        return self.con.sql(sql, params=params).to_arrow_table()

    def table(self, name: str) -> pa.Table:
        """A whole canonical table, in key order (for tests and exports)."""
        order = ", ".join(TABLES[name].key)
        return self.query(f"SELECT * FROM {name} ORDER BY {order}")

    def counts(self) -> dict[str, int]:
        return {t: int(self.con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in TABLE_NAMES}  # type: ignore[index]

    def known_influencers(self) -> list[tuple[str, str, str | None]]:
        """(influencer, tier, promo code) of every post already stored, for the taxonomy."""
        rows = self.con.execute("SELECT DISTINCT influencer, tier, promo_code FROM influencer_posts").fetchall()
        return [(str(a), str(b), None if c is None else str(c)) for a, b, c in rows]
