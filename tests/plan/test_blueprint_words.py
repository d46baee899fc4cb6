"""The blueprint and the lines speak the business's language (item 4 of issue 12, deliverable 3): no
"abandoned carts" for a clinic or a B2B firm, who lose bookings and forms, not carts."""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import HealthCheck, given, settings

from mizaan.knowledge import load_knowledge_base
from mizaan.present import make_plan
from mizaan.profile import Profile, parse_profile
from tests.plan.test_plan_properties import profiles

KB = load_knowledge_base()


def _texts(data: dict[str, Any], lang: str) -> str:
    plan = make_plan(parse_profile(data, KB), KB, lang=lang, seed=0, samples=50, what_if=False)
    return " ".join([*(s.action for s in plan.blueprint), *(line.actions for line in plan.allocation)])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_only_a_store_is_told_about_carts(data: dict[str, Any]) -> None:
    data["email_list_size"] = 1000  # email in play, with its flows
    for lang in ("en", "ar"):
        said = _texts(data, lang)
        if data["business_type"] != "ecommerce":
            assert "cart" not in said.lower() and "سلة" not in said and "السلات" not in said, said


def test_b2b_is_told_about_forms_and_services_about_bookings_in_both_languages() -> None:
    base = {
        "goal": "leads",
        "budget": {"amount": "200000", "currency": "EGP", "period": "month"},
        "location": {"country": "EG", "city": "Cairo", "scope": "national"},
        "email_list_size": 2000,
    }
    b2b = {**base, "business_type": "b2b"}
    assert "form" in _texts(b2b, "en") and "النموذج" in _texts(b2b, "ar")
    clinic = {**base, "business_type": "services"}
    assert "booked nothing" in _texts(clinic, "en") and "لم يحجز" in _texts(clinic, "ar")


def test_the_registry_words_actions_only_for_business_types_that_exist() -> None:
    types = set(get_args(Profile.model_fields["business_type"].annotation))
    for ch in KB.channels.values():
        assert set(ch.actions_by_type) <= types, ch.id
