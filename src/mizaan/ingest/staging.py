"""Rows on their way into the store: staged in the store's own temporary tables while a file is read, then
merged into the canonical tables in the import's transaction.

Staging is what keeps an import's memory bounded: an importer hands over its rows in chunks as it reads,
and DuckDB keeps them (spilling to disk past ``MEMORY_LIMIT``), not Python. The merge, at the end of each
file:

- finds records that repeat a key within the file: the first (by line, then by the order read) is kept,
  the others are rejected as repeats naming the first one's row;
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

MEMORY_LIMIT = "300MB"  # DuckDB's share of an import's memory; past it, staged rows spill to disk
SEQ = "_seq"
REPORT_ROWS = 10_000  # repeats fetched at a time to be reported


class Staging:
    """One file's staged rows, per canonical table. A table that holds nothing when the file begins (a
    first import) takes the rows directly: nothing is there to replace or keep, so they are written once,
    and only repeats within the file are removed at the end."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.staged: dict[str, int] = {}
        self.direct: set[str] = set()
        self._seq = 0

    def put(self, table: str, data: pa.Table) -> None:
        """Stage ``data`` (in ``table``'s schema)."""
        if data.num_rows == 0:
            return
        if table not in self.staged:
            self.staged[table] = 0
            if _empty(self.con, table):
                self.direct.add(table)
            else:
                name = _staged(table)
                self.con.execute(f"DROP TABLE IF EXISTS {name}")
                self.con.execute(f"CREATE TEMP TABLE {name} AS SELECT *, 0::BIGINT AS {SEQ} FROM {table} LIMIT 0")
        chunk = data.select(arrow_schema(table).names)
        if table in self.direct:
            target = table
        else:
            target = _staged(table)
            seq = pa.array(np.arange(self._seq, self._seq + data.num_rows, dtype=np.int64))
            self._seq += data.num_rows
            chunk = chunk.append_column(SEQ, seq)
        # from_arrow, not register: a registered table stays alive until the transaction ends
        self.con.from_arrow(chunk).insert_into(target)
        self.staged[table] += data.num_rows

    def merge(self, batch: Batch) -> int:
        """Merge every staged table into the store; repeats go to ``batch`` as rejections. Returns the rows
        kept."""
        kept = 0
        for table, n in self.staged.items():
            if table in self.direct:
                repeats = self._drop_repeats(table, table, "rowid", batch)
            else:
                repeats = self._drop_repeats(table, _staged(table), SEQ, batch)
                self._replace(table)
                self.con.execute(f"DROP TABLE {_staged(table)}")
            batch.repeated(table, repeats)
            kept += n - repeats
        self.staged.clear()
        self.direct.clear()
        return kept

    def _drop_repeats(self, table: str, name: str, order: str, batch: Batch) -> int:
        """Reject and remove the records of ``name`` that repeat a key held by an earlier record (by line,
        then by the order read); returns how many."""
        key = ", ".join(TABLES[table].key)
        # keys held more than once: first by their hash (a cheap aggregate over integers), then exactly
        hashed = f"hash({key})"
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE _twice AS SELECT {hashed} AS h FROM {name} "
            f"GROUP BY {hashed} HAVING COUNT(*) > 1"
        )
        (twice,) = self.con.execute("SELECT COUNT(*) FROM _twice").fetchall()
        count = 0
        if twice[0]:
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE _repeats AS SELECT source_row, first_row, o FROM ("
                f"SELECT source_row, {order} AS o, first_value(source_row) OVER w AS first_row, "
                f"row_number() OVER w AS n FROM {name} WHERE {hashed} IN (SELECT h FROM _twice) "
                f"WINDOW w AS (PARTITION BY {key} ORDER BY source_row, {order})) WHERE n > 1"
            )
            # reported a batch at a time, so that a file of repeats is not held in memory to report it
            found = self.con.execute("SELECT source_row, first_row FROM _repeats ORDER BY source_row, o")
            while rows := found.fetchmany(REPORT_ROWS):
                for row, first in rows:
                    batch.reject(int(row), "ingest.row.duplicate", first=int(first))
                count += len(rows)
            if count:
                self.con.execute(f"DELETE FROM {name} WHERE {order} IN (SELECT o FROM _repeats)")
            self.con.execute("DROP TABLE _repeats")
        self.con.execute("DROP TABLE _twice")
        return count

    def _replace(self, table: str) -> None:
        """Stored rows whose key the file holds with other content are replaced; new keys inserted;
        identical rows left alone."""
        name = _staged(table)
        cols = columns(table)
        listed = ", ".join(cols)
        match = " AND ".join(f"t.{k} = s.{k}" for k in TABLES[table].key)
        differs = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in cols if c not in TABLES[table].key)
        self.con.execute(f"DELETE FROM {table} t USING {name} s WHERE {match} AND ({differs})")
        self.con.execute(
            f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {name} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {match})"
        )


def _empty(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    ((exists,),) = con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchall()
    return not exists


def _staged(table: str) -> str:
    return f"staged_{table}"
