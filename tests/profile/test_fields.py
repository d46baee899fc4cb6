"""The profile's fields are declared once, on the model: a profile model with one more annotated field has
that field everywhere (the facts rules test, `mizaan kb check`, the what-ifs, the web form, the brief's
partial profile and questions) with no other change; and what is derived for the built-in profile is what
the planner, the form and the brief have always used."""

from __future__ import annotations

import shutil
from typing import Annotated, Any

import pytest

from mizaan.brief import ASKED, partial_model
from mizaan.errors import KnowledgeBaseError
from mizaan.i18n.catalogue import _catalogue
from mizaan.knowledge import KnowledgeBase, builtin_path, load_knowledge_base
from mizaan.plan.check import check_knowledge_base
from mizaan.plan.effects import apply_rules
from mizaan.plan.facts import PROFILE_FACTS, known_facts, profile_facts
from mizaan.plan.whatif import BOOLEANS, CHOICES, candidates
from mizaan.profile import (
    About,
    Bool,
    Fact,
    Form,
    Profile,
    WhatIf,
    asked_fields,
    facts_of,
    fields_of,
    form_fields,
    whatif_fields,
)
from mizaan.web.forms import FIELDS, form_view, parse_form
from tests.conftest import BASE_PROFILE

NEW = "has_physical_store"


class StoreProfile(Profile):
    """The built-in profile and one made-up field, declared the way every field is."""

    has_physical_store: Annotated[
        Bool | None, About(form=Form("readiness", 5), fact=Fact(), whatif=WhatIf(15), ask=19)
    ] = None


RULE = """
  - id: P90
    origin: product
    group: market
    statement:
      ar: "المتجر الذي يزوره الناس يجعل الوعي المحلي أثمن."
      en: "A shop people can walk into makes local awareness worth more."
    model:
      ar: "يرفع قيمة وعي المؤثرين إذا كان لديك متجر."
      en: "Raises the value of influencer awareness when you have a shop."
    cases:
      - when: {all: [{fact: has_physical_store, op: eq, value: true}]}
        effects:
          - {kind: multiplier, basis: assumption, range: [1.0, 1.4], applies: value, target: {family: influencer},
             stages: [awareness], factor: 1.2,
             assumption_note: {ar: "قاعدة من المنتج لا يذكرها المقالان.", en: "A product rule."}}
"""


@pytest.fixture(scope="module")
def store_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("kb") / "kb"
    shutil.copytree(builtin_path(), folder)
    rules = folder / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").rstrip("\n") + "\n" + RULE, encoding="utf-8")
    return load_knowledge_base(folder)


def _store(**changes: Any) -> StoreProfile:
    return StoreProfile.model_validate({**BASE_PROFILE, **changes})


def test_the_new_field_is_a_fact_a_rule_can_test_and_kb_check_accepts(store_kb: KnowledgeBase) -> None:
    assert known_facts(StoreProfile)[NEW] == "true | false | unknown"
    check_knowledge_base(store_kb, StoreProfile)
    with pytest.raises(KnowledgeBaseError) as info:
        check_knowledge_base(store_kb)  # the built-in profile has no such fact
    assert f"unknown fact «{NEW}»" in info.value.message("en")

    with_store = profile_facts(_store(has_physical_store=True), store_kb)
    without = profile_facts(_store(has_physical_store=False), store_kb)
    assert with_store[NEW] is True and without[NEW] is False
    assert profile_facts(_store(), store_kb)[NEW] is None
    assert "P90" in apply_rules(store_kb, with_store).rules_fired
    assert "P90" not in apply_rules(store_kb, without).rules_fired


def test_the_new_field_is_a_what_if_after_the_declared_ones() -> None:
    tried = candidates(_store(has_physical_store=True))
    assert tried[-1] == (NEW, False)
    assert (NEW, True) not in tried
    assert tried[:-1] == candidates(Profile.model_validate(BASE_PROFILE))


def test_the_new_field_is_on_the_web_form_in_its_group_and_round_trips(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, ar, en in (
        (f"field.{NEW}", "لديك متجر", "Has a shop"),
        (f"help.{NEW}", "هل يزورك الزبائن في محل؟", "Do customers visit you in a shop?"),
    ):
        monkeypatch.setitem(_catalogue(), key, {"ar": ar, "en": en})
    form = form_fields(StoreProfile)
    names = [f.path for f in form]
    assert names.index(NEW) == names.index("must_prove_results") + 1
    assert [f for f in form if f.path != NEW] == list(FIELDS)

    groups = form_view(kb, "ar", {NEW: True}, {}, form)
    shown = next(f for g in groups if g["id"] == "readiness" for f in g["fields"] if f["name"] == NEW)
    assert shown["label"] == "لديك متجر" and shown["kind"] == "bool" and shown["value"] == "yes"

    data = parse_form({**_form_of(BASE_PROFILE), NEW: "no"}, form)
    assert data[NEW] is False
    assert StoreProfile.model_validate(data).has_physical_store is False


def _form_of(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_form_of(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = "yes" if value is True else "no" if value is False else str(value)
    return out


def test_the_new_field_is_in_the_briefs_partial_profile_and_asked_last() -> None:
    partial = partial_model(StoreProfile)
    assert set(partial.model_fields) == set(StoreProfile.model_fields)
    assert set(partial_model(Profile).model_fields) == set(Profile.model_fields)
    given = partial().with_value(NEW, "نعم")  # the profile's own yes/no reading
    assert given.get(NEW) is True and given.as_mapping() == {NEW: True}
    assert [f.path for f in asked_fields(StoreProfile)] == [*ASKED, NEW]


def test_the_built_in_declaration_gives_the_facts_the_rules_always_had() -> None:
    assert PROFILE_FACTS == {
        "business_type": "ecommerce | services | local | b2b",
        "goal": "sales | leads | awareness",
        "speed": "fast | balanced | sustainable",
        "stage": "idea | launch | growth | established",
        "horizon_months": "months (number)",
        "product_complexity": "simple | moderate | complex",
        "decision_speed": "quick | considered | unknown",
        "audience_relies_on_recommendations": "true | false | unknown",
        "has_landing_page": "true | false | unknown",
        "has_clear_offer": "true | false | unknown",
        "has_tracking": "true | false | unknown",
        "email_list_size": "contacts (number) | unknown",
        "asset.website": "true (a website or landing page) | false (none) | unknown",
        "asset.list": "true (an email list with contacts) | false (none) | unknown",
        "brand_risk_tolerance": "low | medium | high",
        "location.country": "ISO country code",
        "location.scope": "local | national | international",
        "location.city": "city name | unknown",
        "audience_age.min": "years | unknown",
        "audience_age.max": "years | unknown",
        "budget.currency": "currency code",
        "budget.monthly_usd": "monthly budget in US dollars (number)",
        "order_value.usd": "average order value in US dollars (number) | unknown",
        "must_prove_results": "true | false | unknown",
        "influencers_because_trend": "true | false | unknown",
        "choose_influencers_by_followers": "true | false | unknown",
        "preferred_influencer_tier": "nano | micro | macro | mega | unknown",
    }
    # four derived: the budget and the order value in dollars, two assets
    assert len(facts_of(Profile)) == len(PROFILE_FACTS) - 4


def test_the_built_in_declaration_keeps_the_form_what_if_and_question_orders() -> None:
    assert [(f.path, f.widget, f.required) for f in FIELDS][:11] == [
        ("business_type", "choice", True),
        ("goal", "choice", True),
        ("speed", "choice", False),
        ("stage", "choice", False),
        ("budget.amount", "number", True),
        ("budget.currency", "currency", True),
        ("budget.period", "choice", False),
        ("horizon_months", "integer", False),
        ("location.country", "country", True),
        ("location.city", "text", False),
        ("location.scope", "choice", False),
    ]
    assert [f.path for f in FIELDS][11:] == [
        "product_complexity", "decision_speed", "audience_relies_on_recommendations", "audience_age",
        "has_landing_page", "has_clear_offer", "has_tracking", "must_prove_results", "email_list_size",
        "brand_risk_tolerance", "preferred_influencer_tier", "influencers_because_trend",
        "choose_influencers_by_followers", "business_name", "product", "website", "average_order_value", "notes",
        "lead_to_customer_rate", "gross_margin",
    ]  # fmt: skip
    assert BOOLEANS == (
        "has_landing_page", "has_clear_offer", "has_tracking", "audience_relies_on_recommendations",
        "must_prove_results",
    )  # fmt: skip
    assert list(CHOICES) == [
        "goal", "speed", "stage", "product_complexity", "decision_speed", "brand_risk_tolerance", "location.scope",
    ]  # fmt: skip
    assert [f.path for f in whatif_fields(Profile)][-2:] == ["budget.amount", "horizon_months"]
    assert ASKED == (
        "business_type", "product", "location.country", "location.city", "budget.amount", "budget.currency",
        "budget.period", "goal", "speed", "stage", "horizon_months", "location.scope", "audience_age",
        "product_complexity", "decision_speed", "has_landing_page", "has_clear_offer", "has_tracking",
    )  # fmt: skip


def test_the_numeric_what_ifs_halve_and_double_the_budget_and_double_the_horizon_up_to_its_limit() -> None:
    base = Profile.model_validate({**BASE_PROFILE, "budget": {"amount": "1000.01", "currency": "SAR"}})
    tried = candidates(base)
    assert [str(v) for f, v in tried if f == "budget.amount"] == ["500.00", "2000.02"]
    assert ("horizon_months", 12) in tried
    assert ("horizon_months", 60) in candidates(base.model_copy(update={"horizon_months": 40}))
    assert not [f for f, _ in candidates(base.model_copy(update={"horizon_months": 60})) if f == "horizon_months"]


def test_every_declared_field_has_a_label_and_every_form_field_a_help_text_in_both_languages() -> None:
    for f in fields_of(Profile):
        assert f.label_key in _catalogue(), f.path
    for f in FIELDS:
        assert f.help_key in _catalogue(), f.path
        for value in f.choices:
            assert f.value_key(value) in _catalogue(), (f.path, value)


def test_a_field_read_by_name_must_be_declared() -> None:
    from mizaan.profile import declared

    assert declared(Profile, "location.scope") == "location.scope"
    with pytest.raises(KeyError):
        declared(Profile, "has_shop")


def test_defaults_used_lists_top_level_fields_then_nested_ones() -> None:
    minimal = Profile.model_validate(
        {
            "business_type": "local",
            "goal": "sales",
            "budget": {"amount": 100, "currency": "SAR"},
            "location": {"country": "SA"},
        }
    )
    used = minimal.defaults_used()
    assert used[-2:] == ["budget.period", "location.scope"]
    assert "speed" in used and "notes" not in used and "location.city" not in used
    assert "business_type" not in used
