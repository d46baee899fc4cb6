"""What would change a plan, computed on its own (``what_ifs``, for a page that shows the plan first), is
the list the full plan holds, and a plan made without it differs in nothing else."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mizaan.knowledge import load_knowledge_base
from mizaan.plan import plan, what_ifs
from mizaan.present import present
from mizaan.profile import load_profile
from mizaan.report import render_plan_bytes

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize("name", ["perfume-store-riyadh", "b2b-erp-cairo", "tiny-budget-abaya"])
def test_what_ifs_on_their_own_are_the_plans_own(name: str) -> None:
    kb = load_knowledge_base()
    profile = load_profile(ROOT / "examples" / f"{name}.yaml", kb)
    full = plan(profile, kb, samples=200)
    later = plan(profile, kb, samples=200, what_if=False)
    assert full.what_would_change and later.what_would_change == []
    assert what_ifs(profile, kb) == full.what_would_change
    joined = replace(later, what_would_change=what_ifs(profile, kb))
    for lang in ("ar", "en"):  # the whole plan, as its JSON says it
        assert render_plan_bytes(present(joined, lang), "json") == render_plan_bytes(present(full, lang), "json")
