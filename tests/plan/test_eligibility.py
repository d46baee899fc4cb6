"""Channels a business cannot run yet (item 1 of issue 12, deliverable 3): a channel whose registry
``needs`` name an asset the profile lacks, or a longer horizon than the plan's, gets no money and a set-up
step that says why; an unknown asset excludes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.knowledge import load_knowledge_base
from mizaan.plan import plan
from mizaan.present import present
from mizaan.profile import load_profile, parse_profile
from tests.plan.test_plan_properties import profiles

KB = load_knowledge_base()
EXAMPLES = Path(__file__).parents[2] / "examples"
ASSET_OF = {"website": "asset.website", "list": "asset.list"}


def _excluded(facts: dict[str, Any]) -> set[str]:
    """What the registry's needs rule out for these facts, read from the data (not from the planner)."""
    out = set()
    for c in KB.channel_ids:
        needs = KB.channels[c].needs
        if any(facts.get(ASSET_OF[a]) is False for a in needs.assets):
            out.add(c)
        if needs.min_horizon_months is not None and facts["horizon_months"] < needs.min_horizon_months:
            out.add(c)
    return out


def test_the_registry_says_email_needs_a_list_and_seo_a_website_and_three_months() -> None:
    assert KB.channels["email"].needs.assets == ["list"]
    assert KB.channels["seo"].needs.assets == ["website"]
    assert KB.channels["seo"].needs.min_horizon_months == 3


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profiles(),
    st.one_of(st.none(), st.integers(min_value=0, max_value=50_000)),
    st.booleans(),
)
def test_a_channel_whose_need_is_missing_never_gets_money_and_gets_a_setup_step(
    data: dict[str, Any], list_size: int | None, website: bool
) -> None:
    if list_size is not None:
        data["email_list_size"] = list_size
    if website:
        data["website"] = "https://example.com"
    result = plan(parse_profile(data, KB), KB, seed=0, samples=50, what_if=False)
    facts = result.allocation.facts
    out = _excluded(facts)
    assert ("email" in out) == (list_size == 0)
    funded = set(result.allocation.funded())
    assert not out & funded
    setup = {c for step in result.blueprint if step.stage == "setup" for c in step.channels}
    assert out <= setup
    for step in result.blueprint:  # a set-up step names only channels ruled out; the others only funded ones
        assert set(step.channels) <= (out if step.stage == "setup" else funded)


def test_b2b_cairo_without_a_list_gets_no_email_and_a_step_to_build_one_in_both_languages() -> None:
    profile = load_profile(EXAMPLES / "b2b-erp-cairo.yaml").model_copy(update={"email_list_size": 0})
    result = plan(profile, KB, seed=0, samples=100, what_if=False)
    assert "email" not in result.allocation.funded()
    (step,) = [s for s in result.blueprint if s.channels == ["email"]]
    assert step.stage == "setup" and step.action.key == "bp.needs_list"
    for lang, word in (("ar", "قائمة بريد"), ("en", "email list")):
        shown = present(result, lang)
        texts = [s.action for s in shown.blueprint if s.stage == "setup"]
        assert any(word in t and KB.channels["email"].name.model_dump()[lang] in t for t in texts), texts


def test_a_known_list_replaces_the_assumed_one() -> None:
    base = load_profile(EXAMPLES / "b2b-erp-cairo.yaml")
    small = plan(base.model_copy(update={"email_list_size": 50}), KB, seed=0, samples=50, what_if=False)
    large = plan(base.model_copy(update={"email_list_size": 200_000}), KB, seed=0, samples=50, what_if=False)
    assert small.allocation.prior.curves["email"].scale_usd < large.allocation.prior.curves["email"].scale_usd


def test_seo_is_not_bought_for_a_campaign_shorter_than_its_minimum_horizon() -> None:
    base = load_profile(EXAMPLES / "b2b-erp-cairo.yaml")
    short = plan(base.model_copy(update={"horizon_months": 1}), KB, seed=0, samples=50, what_if=False)
    assert "seo" not in short.allocation.funded()
    (step,) = [s for s in short.blueprint if s.channels == ["seo"]]
    assert step.action.key == "bp.needs_horizon"
    en = present(short, "en")
    assert any("3 months" in s.action and "1 month" in s.action for s in en.blueprint), en.blueprint


def test_no_website_and_no_landing_page_rules_seo_out() -> None:
    base = load_profile(EXAMPLES / "b2b-erp-cairo.yaml")
    bare = base.model_copy(update={"website": None, "has_landing_page": False, "horizon_months": 12})
    result = plan(bare, KB, seed=0, samples=50, what_if=False)
    assert result.allocation.facts["asset.website"] is False
    assert "seo" not in result.allocation.funded()
    assert any(s.channels == ["seo"] and s.action.key == "bp.needs_website" for s in result.blueprint)
