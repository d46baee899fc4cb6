"""Journeys from a JSON Lines file: one journey a line, in the shape of ``Journey``::

    {"user": "u1", "touches": [{"channel": "tiktok", "time": "2025-03-01T10:00:00+03:00"},
                               {"channel": "email", "time": "2025-03-04T09:30:00+03:00"}],
     "conversions": 1, "value": 240, "converted_at": "2025-03-04T09:41:00+03:00"}

Every line is validated; problems name the line (row) and the field. This is for small and medium files
(it validates line by line in Python); large touchpoint tables go through ``paths_from_touchpoints``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from mizaan.errors import InputError, Problem
from mizaan.measure.paths import Journey, Paths, paths_from_journeys
from mizaan.validation import field_path

MAX_PROBLEMS = 20


def read_journeys(path: str | Path) -> Paths:
    """Read a ``.jsonl`` file of journeys into ``Paths`` (one path per journey, with times if given)."""
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise InputError([Problem("v.no_file", {"path": name}, file=name)], file=name)
    journeys: list[Journey] = []
    problems: list[Problem] = []
    more = 0
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError([Problem("v.encoding", {"position": exc.start}, file=name)], file=name) from None
    for row, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            journeys.append(Journey.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            found = [Problem("v.syntax_json", {"detail": exc.msg}, file=name, row=row, column=exc.colno)]
        except ValidationError as exc:
            found = [
                Problem(
                    _key(e["type"]),
                    {"value": str(e.get("input"))[:60], "detail": e["msg"]},
                    file=name,
                    row=row,
                    field=field_path(e["loc"]) or None,
                )
                for e in exc.errors(include_url=False)
            ]
        else:
            continue
        room = MAX_PROBLEMS - len(problems)
        problems.extend(found[: max(room, 0)])
        more += max(0, len(found) - max(room, 0))
    if more:
        problems.append(Problem("measure.more_problems", {"count": more}, file=name))
    if problems:
        raise InputError(problems, file=name)
    if not journeys:
        raise InputError([Problem("measure.no_rows", file=name, row=1)], file=name)
    try:
        return paths_from_journeys(journeys)
    except ValueError:
        raise InputError([Problem("measure.mixed_times", file=name, field="touches.time")], file=name) from None


def _key(error_type: str) -> str:
    return {"missing": "v.missing", "extra_forbidden": "v.unknown_field"}.get(error_type, "v.invalid")
