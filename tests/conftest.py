"""Shared fixtures: the built-in knowledge base and a profile factory. Tests build real objects; nothing
is mocked."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from mizaan.knowledge import KnowledgeBase, builtin_path, load_knowledge_base
from mizaan.profile import Profile, parse_profile

BASE_PROFILE: dict[str, Any] = {
    "business_type": "ecommerce",
    "goal": "sales",
    "budget": {"amount": 20000, "currency": "SAR", "period": "month"},
    "location": {"country": "SA", "city": "Riyadh", "scope": "national"},
    "speed": "balanced",
    "stage": "growth",
    "horizon_months": 6,
    "product_complexity": "simple",
    "decision_speed": "quick",
    "audience_relies_on_recommendations": True,
    "has_landing_page": True,
    "has_clear_offer": True,
    "has_tracking": True,
    "audience_age": {"min": 18, "max": 34},
    "brand_risk_tolerance": "medium",
}


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` applied; dotted keys (``location.scope``) reach into nested fields."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for key, value in changes.items():
        if "." in key:
            head, tail = key.split(".", 1)
            out[head] = merge(out.get(head, {}), {tail: value})
        elif value is ...:
            out.pop(key, None)
        else:
            out[key] = value
    return out


@pytest.fixture(scope="session")
def make_profile(kb: KnowledgeBase) -> Any:
    def build(**changes: Any) -> Profile:
        return parse_profile(merge(BASE_PROFILE, {k.replace("__", "."): v for k, v in changes.items()}), kb)

    return build


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    """A copy of the built-in knowledge base's folder, as an agency would edit it."""
    folder = tmp_path / "kb"
    shutil.copytree(builtin_path(), folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a data file with ``new``; the text must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
