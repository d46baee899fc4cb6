"""Rows read a chunk of records at a time, with repeats told exactly however long the file: each chunk's
records are read first (each a row with its key, or a rejection or skip to report in its place), then the
keys are looked up together among the keys met earlier in the file (``spill.Seen``: in memory, or past a
bound in DuckDB), and the chunk is replayed in line order: a row whose key came earlier is rejected as a
repeat naming the first one's line, the others are added."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mizaan.ingest.importers.base import Context
from mizaan.ingest.spill import Seen


@dataclass(frozen=True)
class Row:
    key: str
    row: dict[str, Any]
    line: int


Step = Row | Callable[[], None]  # a row to add, or a rejection (or skip) to report in its place


def key_of(*parts: Any) -> str:
    """Parts of a key as one text that no other parts give."""
    return json.dumps([None if p is None else str(p) for p in parts], ensure_ascii=False)


def replay(ctx: Context, seen: Seen, steps: list[Step], table: str, kept: Callable[[Row], None] | None = None) -> None:
    """Report and add one chunk's steps in order (see the module's text)."""
    earlier = seen.earlier(s.key for s in steps if isinstance(s, Row))
    new: dict[str, tuple[int, bool]] = {}
    for s in steps:
        if not isinstance(s, Row):
            s()
            continue
        first = new.get(s.key) or earlier.get(s.key)
        if first is not None:
            ctx.batch.reject(s.line, "ingest.row.duplicate", first=first[0])
            continue
        if ctx.batch.add(table, s.row, s.line):
            new[s.key] = (s.line, False)
            if kept is not None:
                kept(s)
    seen.remember(new)
