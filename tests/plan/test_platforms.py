"""Platforms per allocation line (item 3 of issue 12, deliverable 3): the core picks them and their shares
from the registry (fit by business type, audience by country); the plan JSON and the report show them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.knowledge import load_knowledge_base
from mizaan.present import make_plan
from mizaan.profile import load_profile, parse_profile
from mizaan.report import plan_document
from tests.plan.test_plan_properties import profiles

KB = load_knowledge_base()
EXAMPLES = Path(__file__).parents[2] / "examples"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_every_line_with_platforms_splits_all_of_its_money_among_registry_platforms(data: dict[str, Any]) -> None:
    plan = make_plan(parse_profile(data, KB), KB, lang="en", seed=0, samples=50, what_if=False)
    for line in plan.allocation:
        known = {p.id for p in KB.channels[line.channel].platforms}
        assert {p.id for p in line.platforms} <= known
        if line.platforms:
            assert abs(sum(p.share for p in line.platforms) - 1) < 1e-9
            assert all(p.share > 0 and p.name for p in line.platforms)
        if data["business_type"] != "b2b":
            assert "linkedin" not in {p.id for p in line.platforms}


def test_b2b_cairo_social_ads_lead_with_linkedin() -> None:
    plan = make_plan(load_profile(EXAMPLES / "b2b-erp-cairo.yaml"), KB, lang="ar", seed=0, samples=50, what_if=False)
    (social,) = [line for line in plan.allocation if line.channel == "social_ads"]
    top = max(social.platforms, key=lambda p: p.share)
    assert top.id == "linkedin" and top.share > 0.4 and top.name == "لينكدإن"


def test_a_local_business_gets_google_business_profile_and_a_store_does_not() -> None:
    seo = KB.channels["seo"]
    local = dict((p.id, s) for p, s in seo.platform_shares("local", "AE"))
    assert local["google_business_profile"] > 0.5
    assert "google_business_profile" not in {p.id for p, _ in seo.platform_shares("ecommerce", "AE")}


def test_country_audiences_move_the_shares() -> None:
    social = KB.channels["social_ads"]
    sa = dict((p.id, s) for p, s in social.platform_shares("ecommerce", "SA"))
    eg = dict((p.id, s) for p, s in social.platform_shares("ecommerce", "EG"))
    assert sa["snapchat"] > sa["instagram"]  # Snapchat's ad reach leads in Saudi Arabia
    assert eg["facebook"] > eg["instagram"] > eg["tiktok"]  # Egyptian adults' use


def test_the_report_names_the_platforms_of_a_line() -> None:
    plan = make_plan(load_profile(EXAMPLES / "b2b-erp-cairo.yaml"), KB, lang="en", seed=0, samples=50, what_if=False)
    doc = plan_document(plan)
    assert "LinkedIn" in repr(doc) and "Platforms:" in repr(doc)


def test_tracking_links_follow_the_lines_platforms() -> None:
    plan = make_plan(load_profile(EXAMPLES / "b2b-erp-cairo.yaml"), KB, lang="en", seed=0, samples=50, what_if=False)
    (social,) = [line for line in plan.allocation if line.channel == "social_ads"]
    sources = {link.utm_source for link in plan.measurement.links if link.channel == "social_ads"}
    assert sources == {p.id for p in social.platforms} and "linkedin" in sources


def _shares(ages: tuple[int, int] | None) -> dict[str, float]:
    return {p.id: s for p, s in KB.channels["social_ads"].platform_shares("ecommerce", "SA", ages)}


def test_the_audience_s_age_moves_money_to_the_platforms_where_that_age_is() -> None:
    young, old, none = _shares((16, 24)), _shares((45, 65)), _shares(None)
    assert young["snapchat"] > none["snapchat"] > old["snapchat"]
    assert old["facebook"] > none["facebook"] > young["facebook"]
    for shares in (young, old):
        assert abs(sum(shares.values()) - 1) < 1e-9 and set(shares) == set(none)


def test_a_plan_for_teenagers_books_no_tiktok_ads_which_reach_adults_only() -> None:
    teens = _shares((13, 17))
    assert "tiktok" not in teens  # TikTok ads reach 18+ only
    assert teens["snapchat"] == max(teens.values())


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=13, max_value=80), st.integers(min_value=0, max_value=40))
def test_every_age_range_gives_shares_that_add_up_and_only_where_the_registry_says(low: int, width: int) -> None:
    for cid in ("social_ads", "influencer_micro", "retargeting"):
        shares = KB.channels[cid].platform_shares("ecommerce", "AE", (low, min(low + width, 100)))
        assert abs(sum(s for _, s in shares) - 1) < 1e-9
        assert all(s >= 0 for _, s in shares)


def test_an_age_profile_that_does_not_add_up_is_refused_with_its_place(copy: Path) -> None:
    import pytest

    from mizaan.errors import KnowledgeBaseError

    path = copy / "channels.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('snapchat:  {"13-17": 0.18', 'snapchat:  {"13-17": 0.48', 1), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as err:
        load_knowledge_base(copy)
    assert "channels.yaml" in str(err.value) and "age" in str(err.value)
