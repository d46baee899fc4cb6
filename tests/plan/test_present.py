"""The planning core speaks no language: it returns messages (keys and typed parameters), and one
presenter turns a single result into the plan JSON of either language."""

from __future__ import annotations

import ast
import re
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest

from mizaan.i18n import Lang, has, placeholders
from mizaan.knowledge import load_knowledge_base
from mizaan.plan import KbText, Msg, PlanResult, Why, plan
from mizaan.present import make_plan, present
from mizaan.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
PLAN_SRC = ROOT / "src" / "mizaan" / "plan"
KB = load_knowledge_base()
LANGUAGE_CODE = re.compile(r"^mizaan\.(i18n|report|present)\b|\bformatting\b|\bbabel\.(core|dates|support)\b")


def _imports(path: Path) -> list[str]:
    out: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
            out.extend(f"{node.module}.{a.name}" for a in node.names)
    return out


def test_no_planning_module_imports_language_or_formatting_code() -> None:
    found = {
        f"{path.name}: {name}"
        for path in sorted(PLAN_SRC.glob("*.py"))
        for name in _imports(path)
        if LANGUAGE_CODE.search(name) or name.startswith("mizaan.profile.labels")
    }
    assert not found


@pytest.fixture(scope="module")
def result() -> PlanResult:
    profile = load_profile(ROOT / "examples" / "cafe-jeddah-local.yaml", KB)
    return plan(profile, KB, seed=3, samples=300)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_one_result_presents_as_planning_in_each_language(result: PlanResult, lang: Lang) -> None:
    direct = make_plan(result.profile, KB, seed=3, samples=300, lang=lang)
    assert present(result, lang).model_dump_json() == direct.model_dump_json()


def test_digits_are_the_presenters_choice(result: PlanResult) -> None:
    eastern, western = present(result, "ar", "arab"), present(result, "ar", "latn")
    assert (eastern.digits, western.digits) == ("arab", "latn")
    said_e, said_w = eastern.allocation[0].reasons[0].text, western.allocation[0].reasons[0].text
    assert re.search("[٠-٩]", said_e) and not re.search("[0-9]", said_e)
    assert re.search("[0-9]", said_w) and not re.search("[٠-٩]", said_w)
    assert [a.amount for a in eastern.allocation] == [a.amount for a in western.allocation]


def _messages(value: Any) -> list[Msg]:
    """Every message in ``value``, nested ones included."""
    if isinstance(value, Msg):
        return [value, *(m for p in value.params.values() for m in _messages(p))]
    if is_dataclass(value) and not isinstance(value, type):
        return [m for f in fields(value) for m in _messages(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _messages(v)]
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    return []


def test_every_text_of_the_result_is_a_message_the_catalogue_can_say(result: PlanResult) -> None:
    parts = [
        result.lines,
        result.influencer,
        result.blueprint,
        result.kpis,
        result.tracking,
        result.forecast,
        result.what_would_change,
        result.rules_applied,
        result.assumptions,
    ]
    messages = _messages(parts)
    assert len(messages) > 50
    for m in messages:
        assert has(m.key), m.key
        assert placeholders(m.key, "en") == placeholders(m.key, "ar") == set(m.params), m.key
    whys: list[Why] = [w for line in result.lines for w in line.reasons] + result.influencer.reasons
    assert all(isinstance(w.text, Msg) for w in whys)
    assert all(isinstance(e, Msg | KbText) for r in result.rules_applied for e in r.effects)


def test_the_result_exposes_the_optimisers_allocation(result: PlanResult) -> None:
    shares = result.allocation.shares()
    for line in result.lines:
        assert line.share == pytest.approx(shares[line.channel], abs=1e-6)
    assert set(result.allocation.funded()) == {line.channel for line in result.lines}
    assert result.samples.samples == 300
