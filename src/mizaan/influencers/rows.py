"""Reading the rows of one vetting table into typed rows, collecting every problem with its file, row and
column instead of stopping at the first (shared by ``read.py`` and ``read_samples.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from mizaan.errors import Problem
from mizaan.influencers import cells
from mizaan.influencers.model import Platform
from mizaan.influencers.tables import Row
from mizaan.ingest import CellError, DecimalMark, date_evidence, evidence

M = TypeVar("M", bound=BaseModel)


class Reader:
    """Reads the rows of one table, collecting problems instead of stopping at the first."""

    def __init__(self, rows: list[Row], problems: list[Problem]):
        self.rows = rows
        self.problems = problems
        numbers = [r.cells[f] for r in rows for f in r.cells if f not in ("date", "caption", "handle")]
        marks = {e for e in map(evidence, numbers) if e}
        self.mark: DecimalMark | None = marks.pop() if len(marks) == 1 else None
        orders = {e for r in rows for e in [date_evidence(r.get("date"))] if e}
        self.order: str | None = orders.pop() if len(orders) == 1 else None

    def each(self, build: Callable[[Row, dict[str, Any]], dict[str, Any]], model: type[M]) -> list[M]:
        out: list[M] = []
        for row in self.rows:
            values: dict[str, Any] = {"file": row.file, "row": row.line}
            try:
                values.update(build(row, values))
            except CellAt as bad:
                self.problems.append(row.problem(bad.err.key, bad.field, **bad.err.params))
                continue
            try:
                out.append(model.model_validate(values))
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                field = str(err["loc"][0]) if err["loc"] else None
                self.problems.append(
                    row.problem("ingest.row.invalid", field, value=str(err.get("input"))[:60], detail=err["msg"])
                )
        return out


class CellAt(Exception):
    def __init__(self, err: CellError, field: str):
        self.err = err
        self.field = field


def cell_of(row: Row, field: str, fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(row.get(field), *args)
    except CellError as err:
        raise CellAt(err, field) from None


def required(row: Row, field: str) -> str:
    value = row.get(field)
    if not value:
        raise CellAt(CellError("ingest.cell.missing"), field)
    return value


def row_platform(row: Row, handle: str, known: dict[str, Platform]) -> Platform:
    """The row's platform: its own cell, else the platform of the one candidate with this handle."""
    default = platform_of(handle, known)
    if not row.get("platform") and default is None:
        raise CellAt(CellError("influencers.row.unknown_handle", handle=handle, platform="—"), "handle")
    platform: Platform = cell_of(row, "platform", cells.platform, default)
    return platform


def platform_of(handle: str, known: dict[str, Platform]) -> Platform | None:
    """The platform of a handle named once among the candidates (so other files may leave it out)."""
    matches = [p for k, p in known.items() if k.split(":", 1)[1] == handle.strip().lstrip("@").casefold()]
    return matches[0] if len(matches) == 1 else None


def check_known(items: list[Any], known: dict[str, Platform], problems: list[Problem]) -> None:
    for item in items:
        if item.key not in known:
            problems.append(
                Problem(
                    "influencers.row.unknown_handle",
                    {"handle": item.handle, "platform": item.platform},
                    file=item.file,
                    row=item.row,
                )
            )


def no_repeats(items: list[Any], identity: Callable[[Any], str], problems: list[Problem]) -> None:
    seen: dict[str, int | None] = {}
    for item in items:
        key = identity(item)
        if key in seen:
            problems.append(Problem("ingest.row.duplicate", {"first": seen[key]}, file=item.file, row=item.row))
        else:
            seen[key] = item.row
