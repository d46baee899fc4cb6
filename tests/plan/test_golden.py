"""The plan JSON of every bundled example, in both languages, byte for byte as recorded.

This is the contract other tools read (docs/plan-json.md): refactoring the planner must not change it.
When a change is meant to alter plans, regenerate the files with
``python -m tests.plan.test_golden`` and review the diff like any other change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from mizaan.knowledge import load_knowledge_base
from mizaan.present import make_plan
from mizaan.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = Path(__file__).with_name("golden")
CASES = [(path, lang) for path in EXAMPLES for lang in ("ar", "en")]


def _plan_json(path: Path, lang: str) -> dict[str, Any]:
    kb = load_knowledge_base()
    plan = make_plan(load_profile(path, kb), kb, lang=lang)  # type: ignore[arg-type]
    data: dict[str, Any] = json.loads(plan.model_dump_json())
    data.pop("mizaan_version")  # the package version, not the plan
    return data


def _golden(path: Path, lang: str) -> Path:
    return GOLDEN / f"{path.stem}.{lang}.json"


def test_every_example_has_a_golden_file() -> None:
    assert EXAMPLES
    assert {p.name for p in GOLDEN.glob("*.json")} == {_golden(p, lang).name for p, lang in CASES}


@pytest.mark.parametrize(("path", "lang"), CASES, ids=[f"{p.stem}-{lang}" for p, lang in CASES])
def test_plan_json_is_unchanged(path: Path, lang: str) -> None:
    expected = json.loads(_golden(path, lang).read_text(encoding="utf-8"))
    assert _plan_json(path, lang) == expected


def _write_all() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for path, lang in CASES:
        text = json.dumps(_plan_json(path, lang), ensure_ascii=False, indent=1, sort_keys=True)
        _golden(path, lang).write_text(text + "\n", encoding="utf-8")
        print("wrote", _golden(path, lang).relative_to(ROOT), file=sys.stderr)


if __name__ == "__main__":
    _write_all()
