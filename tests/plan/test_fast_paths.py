"""The fast paths of the planner give exactly the plain path's numbers: what-ifs solved in one batch, and
the memories of the economics (cold, warm, switched off). The memories are bounded and belong to one
knowledge base: an edited knowledge base never gets another's results."""

from __future__ import annotations

import gc
import shutil
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.errors import PlanningError
from mizaan.knowledge import builtin_path, load_knowledge_base
from mizaan.plan import Allocation, allocate, allocate_many
from mizaan.plan.memo import MAX_KBS, FactMemo, caching, clear_caches
from mizaan.plan.whatif import apply_change, candidates
from mizaan.profile import Profile, parse_profile

KB = load_knowledge_base()
BASE: dict[str, Any] = {
    "business_type": "ecommerce",
    "goal": "sales",
    "speed": "balanced",
    "stage": "growth",
    "budget": {"amount": "20000", "currency": "SAR", "period": "month"},
    "horizon_months": 6,
    "location": {"country": "SA", "city": "Riyadh", "scope": "national"},
}
MARKETS = [("SA", "SAR"), ("AE", "AED"), ("EG", "EGP"), ("JO", "JOD"), ("MA", "MAD"), ("US", "USD")]


def numbers(a: Allocation) -> tuple[object, ...]:
    """Everything an allocation decides, bit for bit."""
    s = a.solution
    return (
        s.allocation.tobytes(),
        s.scale.tobytes(),
        s.objective,
        s.value,
        s.risk,
        s.marginal,
        tuple(s.options.items()),
        a.prior.model_dump_json(),
    )


@st.composite
def profiles(draw: Any) -> Profile:
    country, currency = draw(st.sampled_from(MARKETS))
    data = {**BASE, "location": {"country": country, "scope": draw(st.sampled_from(["national", "local"]))}}
    amount = draw(st.integers(min_value=500, max_value=400_000)) * KB.per_usd(currency) / 3.75
    data["budget"] = {"amount": str(round(amount, 2)), "currency": currency, "period": "month"}
    data["goal"] = draw(st.sampled_from(["sales", "leads", "awareness"]))
    data["business_type"] = draw(st.sampled_from(["ecommerce", "services", "local", "b2b"]))
    data["horizon_months"] = draw(st.integers(min_value=1, max_value=24))
    for field in ("has_tracking", "audience_relies_on_recommendations", "must_prove_results"):
        value = draw(st.sampled_from([True, False, None]))
        if value is not None:
            data[field] = value
    return parse_profile(data, KB)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_memories_cold_warm_and_off_give_the_same_allocation(profile: Profile) -> None:
    clear_caches()
    cold = numbers(allocate(profile, KB))
    warm = numbers(allocate(profile, KB))
    with caching(False):
        plain = numbers(allocate(profile, KB))
    assert cold == warm == plain


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_what_ifs_solved_together_equal_each_solved_alone(profile: Profile) -> None:
    changed = [apply_change(profile, field, value) for field, value in candidates(profile)]
    together = allocate_many(changed, KB)
    with caching(False):
        for alt, one in zip(changed, together, strict=True):
            try:
                alone = allocate(alt, KB)
            except PlanningError:  # a budget no set fits: the batch must say so too
                assert one is None
                continue
            assert one is not None and numbers(one) == numbers(alone)


def test_a_budget_no_set_fits_is_none_in_a_batch_and_the_others_are_solved() -> None:
    fine = parse_profile(BASE, KB)
    tiny = apply_change(fine, "budget.amount", Decimal("1"))  # below every channel's minimum
    with pytest.raises(PlanningError):
        allocate(tiny, KB)
    out = allocate_many([tiny, fine, tiny], KB)
    assert out[0] is None and out[2] is None
    assert out[1] is not None and numbers(out[1]) == numbers(allocate(fine, KB))


def edited_kb(tmp_path: Path) -> Path:
    """The built-in knowledge base with Saudi social ads' CPM tripled."""
    folder = tmp_path / "kb"
    shutil.copytree(builtin_path(), folder)
    path = folder / "benchmarks.yaml"
    text = path.read_text(encoding="utf-8")
    old = "market: SA, unit: USD,\n     low: 3.0, typical: 5.2, high: 9.0"
    assert old in text
    path.write_text(text.replace(old, "market: SA, unit: USD,\n     low: 9.0, typical: 15.6, high: 27.0"))
    return folder


def test_an_edited_knowledge_base_never_gets_another_ones_economics(tmp_path: Path) -> None:
    profile = parse_profile(BASE, KB)
    builtin = allocate(profile, KB)  # the built-in knowledge base's economics are now remembered
    edited = load_knowledge_base(edited_kb(tmp_path))
    assert edited.version != KB.version
    mine = allocate(profile, edited)
    with caching(False):
        plain = allocate(profile, edited)
    assert numbers(mine) == numbers(plain)
    social = KB.channel_ids.index("social_ads")
    assert (
        mine.prior.curves["social_ads"].per_usd["awareness"] < builtin.prior.curves["social_ads"].per_usd["awareness"]
    )
    assert mine.problem.value[social] != builtin.problem.value[social]


def test_a_copy_with_rules_off_has_its_own_memory_which_ends_with_it() -> None:
    memo = FactMemo(lambda kb, facts: (kb.version, facts["goal"], len(kb.disabled_rules)))
    facts = {"goal": "sales", "stage": "growth"}
    off = KB.without_rules("C2")
    assert memo(KB, facts) == (KB.version, "sales", 0)
    assert memo(off, facts) == (KB.version, "sales", 1)  # same version, another knowledge base object
    assert memo.knowledge_bases() == 2
    del off
    gc.collect()
    assert memo.knowledge_bases() == 1


def test_a_result_is_reused_only_when_every_fact_it_read_is_the_same() -> None:
    calls: list[str] = []

    def compute(kb: Any, facts: dict[str, Any]) -> str:
        calls.append(facts["goal"])
        return f"{facts['goal']}-{facts.get('stage')}" if facts["goal"] == "sales" else str(facts["goal"])

    memo = FactMemo(compute)
    assert memo(KB, {"goal": "sales", "stage": "growth", "budget": 1.0}) == "sales-growth"
    assert memo(KB, {"goal": "sales", "stage": "growth", "budget": 2.0}) == "sales-growth"  # budget not read
    assert memo(KB, {"goal": "sales", "stage": "idea", "budget": 1.0}) == "sales-idea"
    assert memo(KB, {"goal": "leads", "stage": "idea"}) == "leads"
    assert memo(KB, {"goal": "leads", "stage": "growth"}) == "leads"  # stage not read for leads
    assert calls == ["sales", "sales", "leads"]
    assert (memo.hits, memo.misses) == (2, 3)


def test_memories_are_bounded() -> None:
    memo: FactMemo[int] = FactMemo(lambda kb, facts: int(facts["n"]), maxsize=5)
    for n in range(50):
        memo(KB, {"n": n})
    assert memo.size(KB) == 5
    kbs = [KB.without_rules("C2") for _ in range(MAX_KBS + 3)]
    for kb in kbs:
        memo(kb, {"n": 1})
    assert memo.knowledge_bases() == MAX_KBS


def test_remembered_economics_cannot_be_changed_in_place() -> None:
    clear_caches()
    a = allocate(parse_profile(BASE, KB), KB)
    assert a.solution.allocation.flags.writeable  # the caller's own arrays stay writable
    from mizaan.plan.curves import _TYPICAL

    facts = dict(a.facts)
    _, econ, _ = _TYPICAL(KB, facts)
    with pytest.raises(ValueError):
        econ["social_ads"].reach[0] = 0.0
    assert np.isfinite(econ["social_ads"].reach[0])


def test_memories_serve_several_threads_at_once() -> None:
    memo: FactMemo[int] = FactMemo(lambda kb, facts: int(facts["n"]) * 2, maxsize=8)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(400):
                n = (i * 7 + offset) % 20
                assert memo(KB, {"n": n}) == 2 * n
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert memo.size(KB) <= 8
