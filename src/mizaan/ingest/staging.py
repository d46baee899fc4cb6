"""Rows on their way into the store: staged in the store's own temporary tables while a file is read, then
merged into the canonical tables in the import's transaction.

Staging is what keeps an import's memory bounded: an importer hands over its rows in chunks as it reads,
and DuckDB keeps them (spilling to disk past ``MEMORY_LIMIT``), not Python. The merge, at the end of each
file:

- finds records that repeat a key within the file: the first (by the order read) is kept, the others are
  rejected as repeats naming the first one's row;
- replaces stored rows whose key the file holds and whose content differs, and inserts the new keys; a row
  stored exactly as the file has it is left alone, so re-importing unchanged data writes nothing (and the
  store file does not grow).

Everything happens inside the import's transaction: an exception or a killed process leaves the store as it
was (temporary tables are not part of the file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pyarrow as pa

from mizaan.ingest.tables import TABLES, arrow_schema, columns

if TYPE_CHECKING:
    from mizaan.ingest.report import Batch

MEMORY_LIMIT = "400MB"  # DuckDB's share of an import's memory; past it, staged rows spill to disk
SEQ = "_seq"


class Staging:
    """One file's staged rows, per canonical table."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.staged: dict[str, int] = {}
        self._seq = 0

    def put(self, table: str, data: pa.Table) -> None:
        """Stage ``data`` (in ``table``'s schema)."""
        if data.num_rows == 0:
            return
        name = _staged(table)
        if table not in self.staged:
            self.con.execute(f"DROP TABLE IF EXISTS {name}")
            self.con.execute(f"CREATE TEMP TABLE {name} AS SELECT *, 0::BIGINT AS {SEQ} FROM {table} LIMIT 0")
            self.staged[table] = 0
        seq = pa.array(np.arange(self._seq, self._seq + data.num_rows, dtype=np.int64))
        self._seq += data.num_rows
        chunk = data.select(arrow_schema(table).names).append_column(SEQ, seq)
        # from_arrow, not register: a registered table stays alive until the transaction ends
        self.con.from_arrow(chunk).insert_into(name)
        self.staged[table] += data.num_rows

    def merge(self, batch: Batch) -> int:
        """Merge every staged table into the store; repeats go to ``batch`` as rejections. Returns the rows
        kept."""
        kept = 0
        for table, n in self.staged.items():
            repeats = self._merge(table, batch)
            batch.repeated(table, repeats)
            kept += n - repeats
            self.con.execute(f"DROP TABLE {_staged(table)}")
        self.staged.clear()
        return kept

    def _merge(self, table: str, batch: Batch) -> int:
        """Returns the number of repeats rejected."""
        name = _staged(table)
        key = ", ".join(TABLES[table].key)
        # keys held more than once: first by their hash (a cheap aggregate over integers), then exactly
        hashed = f"hash({key})"
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE _twice AS SELECT {hashed} AS h FROM {name} "
            f"GROUP BY {hashed} HAVING COUNT(*) > 1"
        )
        repeats: list[tuple[int, int, int]] = []
        twice = self.con.execute("SELECT COUNT(*) FROM _twice").fetchone()
        if twice is not None and twice[0]:
            repeats = self.con.execute(
                f"SELECT source_row, first_row, {SEQ} FROM (SELECT source_row, {SEQ}, "
                f"first_value(source_row) OVER w AS first_row, row_number() OVER w AS n "
                f"FROM {name} WHERE {hashed} IN (SELECT h FROM _twice) "
                f"WINDOW w AS (PARTITION BY {key} ORDER BY {SEQ})) WHERE n > 1 ORDER BY source_row"
            ).fetchall()
        self.con.execute("DROP TABLE _twice")
        if repeats:
            for row, first, _ in repeats:
                batch.reject(int(row), "ingest.row.duplicate", first=int(first))
            gone = pa.table({SEQ: pa.array([r[2] for r in repeats], pa.int64())})
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE _repeats ({SEQ} BIGINT)")
            self.con.from_arrow(gone).insert_into("_repeats")
            self.con.execute(f"DELETE FROM {name} WHERE {SEQ} IN (SELECT {SEQ} FROM _repeats)")
            self.con.execute("DROP TABLE _repeats")
        cols = columns(table)
        listed = ", ".join(cols)
        match = " AND ".join(f"t.{k} = s.{k}" for k in TABLES[table].key)
        stored = self.con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()
        if stored is not None and stored[0]:
            differs = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in cols if c not in TABLES[table].key)
            self.con.execute(f"DELETE FROM {table} t USING {name} s WHERE {match} AND ({differs})")
            self.con.execute(
                f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {name} s "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {match})"
            )
        else:
            self.con.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {name}")
        return len(repeats)


def _staged(table: str) -> str:
    return f"staged_{table}"
