"""Audience fit (K5), brand safety from captions in Arabic and English, licences (P1, P2) and the planner's
tier (T4)."""

from __future__ import annotations

from typing import Any

import pytest

from mizaan.influencers import vet
from mizaan.influencers.fit import niches_in, relevance
from mizaan.influencers.model import AudienceShare
from tests.influencers import factory as f


def flags(v: Any) -> dict[str, str]:
    return {fl.id: fl.severity for fl in v.flags}


@pytest.mark.parametrize(
    ("caption", "category"),
    [("سهرة كازينو الليلة", "gambling"), ("Bet now and win big", "gambling"), ("أفضل خمور السنة", "alcohol")],
)
def test_unsafe_captions_are_flagged_and_kept_off_the_shortlist(caption: str, category: str, make_profile: Any) -> None:
    c = f.candidate()
    v = vet(f.world(c, posts=f.posts(c, captions=["يوم جميل", caption])), make_profile()).get(c.handle)
    assert flags(v)[f"safety.{category}"] == "critical"
    assert not v.eligible and not v.shortlisted


def test_words_inside_other_words_are_not_flagged(make_profile: Any) -> None:
    c = f.candidate()
    v = vet(
        f.world(c, posts=f.posts(c, captions=["the alphabet of better skincare", "beers? no: beetroot"])),
        make_profile(),
    )
    assert not any(k.startswith("safety.") for k in flags(v.get(c.handle)))


def test_a_saudi_campaign_needs_a_mawthooq_number_p1(make_profile: Any) -> None:
    with_number, without = f.candidate("with"), f.candidate("without", licence=None)
    report = vet(f.world(with_number, without), make_profile())
    assert flags(report.get("with"))["licence.P1"] == "info"
    assert flags(report.get("without"))["licence.P1"] == "critical" and not report.get("without").eligible


def test_a_uae_campaign_needs_an_advertiser_permit_p2(make_profile: Any) -> None:
    c = f.candidate(country="AE", city="Dubai", licence=None, currency="AED")
    v = vet(f.world(c), make_profile(location={"country": "AE", "city": "Dubai", "scope": "national"},
                                      budget={"amount": 20000, "currency": "AED"})).get(c.handle)  # fmt: skip
    assert flags(v)["licence.P2"] == "critical"
    assert "licence.P1" not in flags(v)


def test_audience_data_sets_geography_and_age_fit(make_profile: Any) -> None:
    c = f.candidate()
    audience = [
        AudienceShare(handle=c.handle, platform="instagram", dimension="country", segment="Saudi Arabia", share=0.6),
        AudienceShare(handle=c.handle, platform="instagram", dimension="country", segment="EG", share=0.4),
        AudienceShare(handle=c.handle, platform="instagram", dimension="age", segment="18-24", share=0.5),
        AudienceShare(handle=c.handle, platform="instagram", dimension="age", segment="35-44", share=0.5),
    ]
    v = vet(f.world(c, audience=audience), make_profile()).get(c.handle)
    parts = {p.id: p for p in v.fit.parts}
    assert parts["geography"].value == pytest.approx(0.6) and parts["geography"].source == "audience_data"
    assert parts["age"].value == pytest.approx(0.5)


def test_a_creator_abroad_without_audience_data_fits_little(make_profile: Any) -> None:
    home, abroad = f.candidate("home"), f.candidate("abroad", country="GB", city="London")
    report = vet(f.world(home, abroad), make_profile())
    assert report.get("abroad").fit.value < report.get("home").fit.value / 3


def test_niche_relevance_reads_arabic_and_english() -> None:
    assert niches_in("متجر عطور وبخور") == {"fragrance"}
    assert niches_in("Makeup and skin care") == {"beauty"}
    assert relevance({"fragrance"}, {"fragrance"})[1] == "same"
    assert relevance({"beauty"}, {"fragrance"})[1] == "related"
    assert relevance({"comedy"}, {"fragrance"})[1] == "general"
    assert relevance({"gaming"}, {"fragrance"})[1] == "unrelated"
    assert relevance(set(), {"fragrance"})[1] == "unknown"


def test_a_tier_other_than_the_plans_is_noted_t4(make_profile: Any) -> None:
    small = f.candidate("small", followers=3000)
    report = vet(f.world(small), make_profile())
    if report.recommended_tier not in (None, "nano"):
        assert flags(report.get("small"))["tier"] == "info"
