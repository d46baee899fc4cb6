"""What each rule effect rests on: the article, or the product's assumption. Effects the articles do not
state are labelled, carry a range or a note, and move no number as if they were the article's rule; the plan's
reasons say so in both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mizaan.errors import KnowledgeBaseError
from mizaan.knowledge import SEED_RULE_IDS, builtin_path, load_knowledge_base
from mizaan.knowledge.schema import MultiplierEffect
from mizaan.plan.allocate import Allocation, allocate
from mizaan.present import make_plan
from mizaan.profile import parse_profile
from tests.conftest import BASE_PROFILE, edit, merge

KB = load_knowledge_base()
ROOT = Path(__file__).resolve().parents[2]


def _effects() -> list[tuple[str, object]]:
    return [(rule.id, e) for rule in KB.rules.values() for case in rule.cases for e in case.effects]


def test_every_effect_has_a_basis_and_every_article_effect_a_statement_in_the_catalogue() -> None:
    effects = _effects()
    assert effects
    for rule_id, effect in effects:
        basis = getattr(effect, "basis", None)
        assert basis in ("article", "assumption"), rule_id
        if basis == "article":
            assert rule_id in SEED_RULE_IDS, f"{rule_id}: an article effect needs a statement in SEED-RULES.md"
        else:
            assert effect.range is not None or effect.assumption_note is not None, rule_id
            assert effect.source is not None or effect.assumption_note is not None, rule_id


def test_the_catalogue_ids_are_those_of_the_design_document() -> None:
    """SEED_RULE_IDS mirrors the project's catalogue: the IDs in docs/knowledge-base.md's review table."""
    doc = (ROOT / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
    review = doc[doc.index("### Review: what each effect rests on") :]
    for rule_id, effect in _effects():
        if getattr(effect, "kind", "") in ("warning", "structure") and getattr(effect, "basis", "") == "article":
            continue
        assert f"| {rule_id} |" in review, f"{rule_id} has a numeric or assumed effect missing from the review table"


def test_kb_check_refuses_an_article_effect_without_a_statement(copy: Path) -> None:
    """A product rule (P...) is in neither article: labelling its effect `article` is refused."""
    edit(
        copy / "rules.yaml", 'basis: assumption\n            source: "GAMR', 'basis: article\n            source: "GAMR'
    )
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(copy)
    assert "rule P1 is not in the articles' catalogue" in info.value.message("en")
    assert "القاعدة P1" in info.value.message("ar")


def test_an_assumption_without_a_range_or_note_is_refused(copy: Path) -> None:
    edit(copy / "rules.yaml", "factor: 1.8}", "factor: 1.8, basis_x: 1}")  # sanity: unknown keys are refused
    with pytest.raises(KnowledgeBaseError):
        load_knowledge_base(copy)
    shutil.copy(builtin_path() / "rules.yaml", copy / "rules.yaml")
    edit(
        copy / "rules.yaml",
        "{kind: multiplier, basis: article, applies: value, target: {channels: [influencer_nano]}, factor: 1.8}",
        "{kind: multiplier, basis: assumption, applies: value, target: {channels: [influencer_nano]}, factor: 1.8}",
    )
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(copy)
    assert "an assumption needs a range or an assumption_note" in info.value.message("en")


def _alloc(changes: dict[str, object], without: tuple[str, ...] = ()) -> Allocation:
    kb = KB.without_rules(*without) if without else KB
    return allocate(parse_profile(merge(BASE_PROFILE, changes), kb), kb)


def test_b3_says_nothing_of_macro_and_mega() -> None:
    """B3 (nano + local ads) used to cut macro and mega x0.5; it now touches only what it names."""
    on, off = _alloc({"business_type": "local"}), _alloc({"business_type": "local"}, ("B3",))
    for c in ("influencer_macro", "influencer_mega", "influencer_micro"):
        assert on.prior.curves[c].value_weight == pytest.approx(off.prior.curves[c].value_weight)
    nano_on, nano_off = on.prior.curves["influencer_nano"], off.prior.curves["influencer_nano"]
    assert nano_on.value_weight["awareness"] > nano_off.value_weight["awareness"]


def test_c8_cuts_every_tier_alike_and_only_widens_macro_and_mega() -> None:
    """C8 names no tier: the extra x0.7 on macro and mega became an assumption that widens their range."""
    low = {"brand_risk_tolerance": "low"}
    on, off = _alloc(low), _alloc(low, ("C8",))
    ratios = {
        c: on.prior.curves[c].value_weight["awareness"] / off.prior.curves[c].value_weight["awareness"]
        for c in ("influencer_nano", "influencer_micro", "influencer_macro", "influencer_mega")
    }
    assert ratios == pytest.approx(dict.fromkeys(ratios, 0.7))
    for c in ("influencer_macro", "influencer_mega"):
        assert on.prior.curves[c].spread > off.prior.curves[c].spread
    assert on.prior.curves["influencer_micro"].spread == pytest.approx(off.prior.curves["influencer_micro"].spread)


def test_t2_lowers_macro_conversion_and_only_widens_mega() -> None:
    """T2 names macro: mega's conversion keeps its middle and its range widens."""
    on, off = _alloc({}), _alloc({}, ("T2",))
    macro = (
        on.prior.curves["influencer_macro"].per_usd["conversion"]
        / off.prior.curves["influencer_macro"].per_usd["conversion"]
    )
    assert macro == pytest.approx(0.6)
    mega_on, mega_off = on.prior.curves["influencer_mega"], off.prior.curves["influencer_mega"]
    assert mega_on.per_usd["conversion"] == pytest.approx(mega_off.per_usd["conversion"])
    assert mega_on.spread > mega_off.spread


def test_sizes_the_article_does_not_give_carry_their_range() -> None:
    """Outcome multipliers move the forecast: the article gives their direction, never their size, so each
    states the sizes the product considers plausible."""
    for rule_id, effect in _effects():
        if isinstance(effect, MultiplierEffect) and effect.applies == "outcome" and rule_id != "K3":
            assert effect.range is not None, rule_id
            low, high = effect.range
            assert low <= effect.factor <= high, rule_id


@pytest.mark.parametrize(
    ("lang", "label"), [("en", "a product assumption, not the article's"), ("ar", "افتراض من المنتج")]
)
def test_the_plan_says_which_reasons_are_assumptions(lang: str, label: str) -> None:
    profile = parse_profile(merge(BASE_PROFILE, {"has_landing_page": False}), KB)
    plan = make_plan(profile, KB, lang=lang, samples=100, what_if=False)  # type: ignore[arg-type]
    reasons = [r for line in plan.allocation for r in line.reasons if r.kind == "rule"]
    assumed = [r for r in reasons if r.basis == "assumption"]
    assert assumed and all(label in r.text for r in assumed)
    assert any(r.rule == "X3" and r.range == [0.5, 1.0] for r in assumed)
    assert all(label not in r.text for r in reasons if r.basis == "article")
