"""A channel added purely in YAML is a real option for the planner.

The built-in knowledge base is copied, a made-up ``linkedin_ads`` channel is appended to its registry
(channels.yaml) with its benchmark figures (benchmarks.yaml), and nothing else changes: the optimiser must
consider it, fund it when it is the cheapest route to a B2B company's leads, forecast it and explain it
with the figures its YAML names. A registry that names a mechanism the code lacks, or a figure the
benchmarks lack, is refused with the place of the mistake.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mizaan.errors import KnowledgeBaseError
from mizaan.knowledge import FigureSource, KnowledgeBase, builtin_path, load_knowledge_base
from mizaan.plan.allocate import allocate
from mizaan.plan.economics import channel_economics, market
from mizaan.plan.model import Plan
from mizaan.present import make_plan
from mizaan.profile import load_profile

B2B = Path(__file__).resolve().parents[2] / "examples" / "b2b-erp-cairo.yaml"

CHANNEL = """
  - id: linkedin_ads
    family: e_marketing
    name: {ar: "إعلانات لينكدإن", en: "LinkedIn ads"}
    description:
      ar: "إعلانات مدفوعة لأصحاب القرار في الشركات حسب المسمى الوظيفي والقطاع."
      en: "Paid ads to company decision makers, targeted by job title and industry."
    funnel_roles: {awareness: support, consideration: support, conversion: lead}
    speed: {rise_months: 0.1, half_life_months: 0.1}
    measurability: high
    hidden_cost_risk: low
    utm: {source: linkedin, medium: paid_social}
    actions:
      ar: "حملة نماذج عملاء محتملين لأصحاب القرار في القطاع المستهدف."
      en: "A lead-form campaign to decision makers in the target industry."
    economics:
      kind: cpm_social
      figures: {cpm: linkedin_ads.cpm, ctr: linkedin_ads.ctr, cvr: linkedin_ads.cvr,
                frequency: linkedin_ads.frequency, reach_share: linkedin_ads.reach_share,
                min_spend: linkedin_ads.min_spend}
    explain: [linkedin_ads.cpm, linkedin_ads.ctr, linkedin_ads.cvr_purchase, linkedin_ads.cvr_lead]
    platforms: [{id: linkedin, name: {ar: "لينكدإن", en: "LinkedIn"}}]
    roles: [paid]
    tracking: {link: single}
"""


def figures(cpm: float, cvr_lead: float) -> str:
    rows = [
        ("cpm", "USD", cpm),
        ("ctr", "ratio", 0.02),
        ("cvr_purchase", "ratio", 0.01),
        ("cvr_lead", "ratio", cvr_lead),
        ("frequency", "per_person", 2.0),
        ("reach_share", "ratio", 0.5),
        ("min_spend", "USD", 50.0),
    ]
    return "".join(
        f"  - {{id: linkedin_ads.{m}.global, subject: linkedin_ads, metric: {m}, market: global, unit: {u},\n"
        f"     low: {v}, typical: {v}, high: {v}, assumption: true}}\n"
        for m, u, v in rows
    )


def kb_with_linkedin(tmp_path: Path, *, cpm: float = 2.0, cvr_lead: float = 0.2, channel: str = CHANNEL) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(builtin_path(), folder)
    with (folder / "channels.yaml").open("a", encoding="utf-8") as fh:
        fh.write(channel)
    with (folder / "benchmarks.yaml").open("a", encoding="utf-8") as fh:
        fh.write(figures(cpm, cvr_lead))
    return folder


def plan_for(kb: KnowledgeBase) -> Plan:
    return make_plan(load_profile(B2B, kb), kb, lang="en")


def test_a_channel_added_in_yaml_is_in_the_registry_and_the_optimisers_candidates(tmp_path: Path) -> None:
    kb = load_knowledge_base(kb_with_linkedin(tmp_path))
    assert kb.channel_ids[-1] == "linkedin_ads"
    assert "linkedin_ads" in kb.channels_with("paid")
    assert [p.id for p in kb.channels["linkedin_ads"].platforms] == ["linkedin"]
    alloc = allocate(load_profile(B2B, kb), kb)
    assert alloc.problem.channels == kb.channel_ids
    assert "linkedin_ads" in alloc.prior.curves
    assert alloc.problem.value[kb.channel_ids.index("linkedin_ads")] > 0


def test_the_cheapest_route_to_b2b_leads_gets_a_share_explained_by_its_own_figures(tmp_path: Path) -> None:
    kb = load_knowledge_base(kb_with_linkedin(tmp_path, cpm=2.0, cvr_lead=0.2))
    plan = plan_for(kb)
    line = plan.line("linkedin_ads")
    assert line is not None and line.share > 0.1
    figures_named = {r.figure for r in line.reasons if r.kind == "figure"}
    assert {"linkedin_ads.cpm.global", "linkedin_ads.ctr.global", "linkedin_ads.cvr_lead.global"} <= figures_named
    assert "linkedin_ads.cvr_purchase.global" not in figures_named  # the goal is leads
    forecast = next(f for f in plan.forecast.channels if f.channel == "linkedin_ads")
    assert forecast.visits.p50 > 0 and forecast.conversions.p50 > 0
    links = [link for link in plan.measurement.links if link.channel == "linkedin_ads"]
    assert [(link.utm_source, link.utm_medium) for link in links] == [("linkedin", "paid_social")]


def test_its_unit_economics_are_the_cost_model_over_its_figures(tmp_path: Path) -> None:
    kb = load_knowledge_base(kb_with_linkedin(tmp_path, cpm=4.0, cvr_lead=0.05))
    facts = allocate(load_profile(B2B, kb), kb).facts
    src = FigureSource(kb, "EG")
    e = channel_economics(src, facts, market(src, facts))["linkedin_ads"]
    assert float(e.impressions[0]) == pytest.approx(1000.0 / 4.0)
    assert float(e.visits[0]) == pytest.approx(1000.0 / 4.0 * 0.02)
    assert float(e.conversions[0]) == pytest.approx(1000.0 / 4.0 * 0.02 * 0.05)
    assert e.min_spend == 50.0


def test_an_expensive_channel_stays_an_option_without_money(tmp_path: Path) -> None:
    kb = load_knowledge_base(kb_with_linkedin(tmp_path, cpm=900.0, cvr_lead=0.001))
    plan = plan_for(kb)
    assert plan.share("linkedin_ads") == 0.0
    builtin = plan_for(load_knowledge_base())
    assert {line.channel for line in plan.allocation} == {line.channel for line in builtin.allocation}


def test_an_unknown_cost_model_kind_is_refused_with_its_place(tmp_path: Path) -> None:
    channel = CHANNEL.replace("kind: cpm_social", "kind: cost_per_whisper")
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(kb_with_linkedin(tmp_path, channel=channel))
    problem = info.value.problems[0]
    assert problem.file is not None and problem.file.endswith("channels.yaml")
    lines = (tmp_path / "kb" / "channels.yaml").read_text(encoding="utf-8").splitlines()
    assert problem.row is not None and "cost_per_whisper" in lines[problem.row - 1]


def test_a_missing_figure_is_refused_with_its_place(tmp_path: Path) -> None:
    channel = CHANNEL.replace("ctr: linkedin_ads.ctr", "ctr: linkedin_ads.click_rate")
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(kb_with_linkedin(tmp_path, channel=channel))
    text = info.value.message("en")
    assert "linkedin_ads.click_rate" in text
    problem = info.value.problems[0]
    lines = (tmp_path / "kb" / "channels.yaml").read_text(encoding="utf-8").splitlines()
    assert problem.row is not None and "linkedin_ads.click_rate" in lines[problem.row - 1]


def test_a_cost_model_missing_a_role_is_refused(tmp_path: Path) -> None:
    channel = CHANNEL.replace("frequency: linkedin_ads.frequency, ", "")
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(kb_with_linkedin(tmp_path, channel=channel))
    assert "frequency" in info.value.message("en")


def test_a_rule_naming_an_unknown_channel_is_refused(tmp_path: Path) -> None:
    folder = kb_with_linkedin(tmp_path)
    rules = (folder / "rules.yaml").read_text(encoding="utf-8")
    assert "channels: [search_ads" in rules
    (folder / "rules.yaml").write_text(rules.replace("channels: [search_ads", "channels: [fax_ads", 1), "utf-8")
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(folder)
    assert "fax_ads" in info.value.message("en")
    assert info.value.problems[0].row is not None


def test_moving_a_channel_past_other_kinds_does_not_change_the_numbers(tmp_path: Path) -> None:
    """Channels' economics are evaluated grouped by cost-model kind, so moving a channel past channels of
    other kinds changes neither the figures' random draws nor the split; only the forecast's per-channel
    noise is drawn in registry order, so the forecast moves within its sampling error."""
    folder = tmp_path / "kb"
    shutil.copytree(builtin_path(), folder)
    text = (folder / "channels.yaml").read_text(encoding="utf-8")
    head, _, body = text.partition("channels:\n")
    entries = {e.split("\n", 1)[0]: "  - id: " + e for e in body.split("  - id: ")[1:]}
    first = ["retargeting", "email"]
    order = first + [c for c in entries if c not in first]
    (folder / "channels.yaml").write_text(head + "channels:\n" + "".join(entries[c] for c in order), "utf-8")
    kb = load_knowledge_base(folder)
    assert kb.channel_ids[:3] == ("retargeting", "email", "search_ads")
    profile = load_profile(B2B, kb)
    moved, original = allocate(profile, kb), allocate(profile, load_knowledge_base())
    assert moved.prior.figure_spread == original.prior.figure_spread  # the same draws, figure by figure
    plan, builtin = plan_for(kb), plan_for(load_knowledge_base())
    for line in builtin.allocation:
        assert plan.share(line.channel) == pytest.approx(line.share, rel=1e-6)
    assert plan.forecast.conversions.p50 == pytest.approx(builtin.forecast.conversions.p50, rel=0.02)
