"""What an import remembers about a file whose size it does not know, in bounded memory and exactly:

- ``Rejections``: every rejected record, the first ``KEEP`` in memory (what a summary shows), the rest
  written to a temporary file as they come, read back in order when the whole list is asked for; the count
  is always exact.
- ``Seen``: the keys met so far in a file (an order's name, a report row's key), each with the line of its
  first record and a mark, so a repeat names its first; past ``MEMORY_KEYS`` keys they move from Python to
  a private DuckDB database that spills to disk, and are looked up a chunk of keys at a time.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from typing import IO

import duckdb
import pyarrow as pa

from mizaan.errors import Problem

KEEP = 1_000  # rejections held in memory per file; the rest are written to a temporary file
MEMORY_KEYS = 200_000  # keys a Seen holds in Python before it moves them to DuckDB
SEEN_MEMORY = "64MB"  # the DuckDB share of a Seen; past it, keys spill to disk


class Rejections:
    """A file's rejected records, in the order they were found."""

    def __init__(self) -> None:
        self.head: list[Problem] = []
        self.count = 0
        self._spill: IO[bytes] | None = None

    def append(self, problem: Problem) -> None:
        self.count += 1
        if len(self.head) < KEEP:
            self.head.append(problem)
            return
        if self._spill is None:
            self._spill = tempfile.TemporaryFile()
            weakref.finalize(self, self._spill.close)  # closed with the list, however it ends
        self._spill.seek(0, 2)
        pickle.dump(problem, self._spill, protocol=pickle.HIGHEST_PROTOCOL)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.append(p)

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self) -> Iterator[Problem]:
        yield from list(self.head)
        if self._spill is None:
            return
        offset, left = 0, self.count - len(self.head)
        while left > 0:
            self._spill.seek(offset)
            problem: Problem = pickle.load(self._spill)
            offset = self._spill.tell()
            left -= 1
            yield problem

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None


class Seen:
    """Keys met earlier in one file: ``key -> (line of its first record, mark)``. A key is remembered once
    (the first time); ``earlier`` looks up a chunk's keys together."""

    def __init__(self) -> None:
        self.memory: dict[str, tuple[int, bool]] = {}
        self._con: duckdb.DuckDBPyConnection | None = None
        self._dir: str | None = None

    def earlier(self, keys: Iterable[str]) -> dict[str, tuple[int, bool]]:
        wanted = set(keys)
        found = {k: self.memory[k] for k in wanted if k in self.memory}
        rest = [k for k in wanted if k not in found]
        if self._con is not None and rest:
            asked = pa.table({"k": pa.array(rest, pa.string())})
            self._con.register("asked", asked)
            try:
                rows = self._con.execute("SELECT s.k, s.line, s.mark FROM seen s JOIN asked USING (k)").fetchall()
            finally:
                self._con.unregister("asked")
            found.update({k: (int(line), bool(mark)) for k, line, mark in rows})
        return found

    def remember(self, new: dict[str, tuple[int, bool]]) -> None:
        """Keys met for the first time (not met earlier: the caller looked them up)."""
        self.memory.update(new)
        if len(self.memory) > MEMORY_KEYS:
            self._move()

    def _move(self) -> None:
        if self._con is None:
            self._dir = tempfile.mkdtemp(prefix="mizaan-seen-")
            self._con = duckdb.connect(config={"memory_limit": SEEN_MEMORY, "temp_directory": self._dir})
            self._con.execute("SET preserve_insertion_order = false")
            self._con.execute("CREATE TABLE seen (k VARCHAR, line BIGINT, mark BOOLEAN)")
        items = list(self.memory.items())
        moved = pa.table(
            {
                "k": pa.array([k for k, _ in items], pa.string()),
                "line": pa.array([v[0] for _, v in items], pa.int64()),
                "mark": pa.array([v[1] for _, v in items], pa.bool_()),
            }
        )
        self._con.from_arrow(moved).insert_into("seen")
        self.memory = {}

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> Seen:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
