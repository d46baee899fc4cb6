"""The channel taxonomy: our channel IDs, an explicit influencer channel, and GA4's pitfalls avoided."""

from __future__ import annotations

import pytest

from mizaan.ingest import CANONICAL_CHANNELS, load_taxonomy
from mizaan.knowledge import load_knowledge_base

TAX = load_taxonomy()


def test_the_taxonomy_holds_every_planner_channel_in_its_family() -> None:
    kb = load_knowledge_base()
    assert set(kb.channel_ids) <= set(CANONICAL_CHANNELS)
    assert all(TAX.family[c] == kb.channels[c].family for c in kb.channel_ids)
    assert {c for c in CANONICAL_CHANNELS if TAX.family[c] == "baseline"} == {
        "direct",
        "referral",
        "organic_social",
        "other",
    }


@pytest.mark.parametrize(
    "source,medium,campaign,expected",
    [
        ("instagram", "influencer", None, "influencer_untiered"),  # GA4: Organic Social
        ("tiktok", "influencer", "micro-spring", "influencer_micro"),
        ("influencer_sara", "influencer", None, "influencer_untiered"),  # GA4: Unassigned
        ("instagram", "influencer", "حملة نانو", "influencer_nano"),
        ("instagram", "creator", "mega launch", "influencer_mega"),
        ("google", "cpc", "Brand", "search_ads"),
        ("instagram", "paid_social", "Prospecting", "social_ads"),
        ("facebook", "cpc", "Retargeting - cart", "retargeting"),
        ("instagram", "retargeting", None, "retargeting"),
        ("newsletter", "email", None, "email"),
        ("blog", "content", None, "content"),
        ("google", "organic", None, "seo"),
        ("www.bing.com", "referral", None, "seo"),
        ("l.instagram.com", "referral", None, "organic_social"),
        ("(direct)", "(none)", None, "direct"),
        ("perfume-lovers.example", "referral", None, "referral"),
        ("partner-app", "sms", None, "other"),
    ],
)
def test_touches_get_the_channel_a_marketer_would_give_them(
    source: str, medium: str, campaign: str | None, expected: str
) -> None:
    assert TAX.classify(source, medium, campaign) == expected


def test_a_click_id_means_search_ads_and_a_known_code_beats_the_utm() -> None:
    tax = load_taxonomy()
    assert tax.classify(None, None, click_id=True) == "search_ads"
    tax.learn_influencer("@Reem.Oud", "macro", "REEM15")
    assert tax.classify("google", "organic", promo_code="reem15") == "influencer_macro"
    assert tax.classify("reem.oud", "", None) == "influencer_macro"  # the handle as the source


def test_spend_channel_by_platform_campaign_type_and_name() -> None:
    assert TAX.classify_spend("google_ads", "Generic", "Search") == "search_ads"
    assert TAX.classify_spend("google_ads", "Launch", "Video") == "social_ads"
    assert TAX.classify_spend("meta", "إعادة الاستهداف - زوار") == "retargeting"
    assert TAX.classify_spend("snapchat", "Story") == "social_ads"


def test_tiers_follow_the_knowledge_bases_follower_ranges() -> None:
    from mizaan.ingest.channels import tier_for_followers

    assert [tier_for_followers(n) for n in (500, 1000, 9999, 10000, 999_999, 5_000_000)] == [
        None,
        "nano",
        "nano",
        "micro",
        "macro",
        "mega",
    ]
