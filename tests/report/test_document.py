"""The plan's document: built once, sections in order in both languages, and every output (terminal,
Markdown, HTML, CSV) showing the same figures as the document's cells."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest

from mizaan.i18n import Lang, t
from mizaan.knowledge import load_knowledge_base
from mizaan.plan import Plan
from mizaan.present import make_plan
from mizaan.profile import load_profile
from mizaan.report import Document, plan_document, plan_formatter, render_plan
from mizaan.report.document import Bullets, Details, Notes, Table
from mizaan.report.tabular import document_csv
from mizaan.report.text import plan_text
from tests.report.html_rows import html_allocation

ROOT = Path(__file__).parents[2]
ORDER = [
    "allocation",
    "influencers",
    "warnings",
    "blueprint",
    "forecast",
    "kpis",
    "measurement",
    "what-if",
    "assumptions",
    "rules",
    "benchmarks",
]
TITLES = {
    "allocation": "report.allocation",
    "influencers": "report.influencer",
    "warnings": "report.warnings",
    "blueprint": "report.blueprint",
    "kpis": "report.kpis",
    "measurement": "report.measurement",
    "what-if": "report.what_if",
    "assumptions": "report.assumptions",
    "rules": "report.rules",
    "benchmarks": "report.benchmarks",
}
CASES = [("perfume-store-riyadh", "ar"), ("b2b-erp-cairo", "en"), ("no-landing-page-skincare", "ar")]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def plan(request: pytest.FixtureRequest) -> Plan:
    name, lang = request.param
    return make_plan(load_profile(ROOT / "examples" / f"{name}.yaml"), lang=lang, samples=300)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_sections_come_in_order_with_catalogue_titles_in_both_languages(lang: Lang) -> None:
    p = make_plan(load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml"), lang=lang, samples=300)
    doc = plan_document(p)
    ids = [s.id for s in doc.sections]
    assert ids == [i for i in ORDER if i in ids]
    assert {"allocation", "influencers", "blueprint", "forecast", "kpis", "measurement", "rules"} <= set(ids)
    assert ("warnings" in ids) == bool(p.warnings) and ("what-if" in ids) == bool(p.what_would_change)
    for s in doc.sections:
        if s.id in TITLES:
            assert s.title == t(TITLES[s.id], lang)
    assert doc.lang == lang and doc.direction == ("rtl" if lang == "ar" else "ltr")
    assert doc.title.startswith(t("report.title", lang))


def test_the_document_carries_every_line_warning_and_reason(plan: Plan) -> None:
    doc = plan_document(plan)
    table = doc.section("allocation").table("allocation")
    assert [r.key for r in table.rows] == [line.channel for line in plan.allocation]
    for row, line in zip(table.rows, plan.allocation, strict=True):
        assert row.cells[table.column("amount")].value == line.amount
        assert [r.text for r in row.reasons] == [r.text for r in line.reasons]
    if plan.warnings:
        notes = next(b for b in doc.section("warnings").blocks if isinstance(b, Notes))
        assert [(n.rule, n.severity) for n in notes.items] == [(w.rule, w.severity) for w in plan.warnings]
    details = next(b for b in doc.section("influencers").blocks if isinstance(b, Details))
    assert [r.text for r in details.items[0].reasons] == [r.text for r in plan.influencer.reasons]


def amounts(doc: Document) -> list[tuple[str, str, str]]:
    """(name, amount, monthly) as the document shows them."""
    table = doc.section("allocation").table("allocation")
    a, m = table.column("amount"), table.column("monthly_amount")
    return [(r.cells[0].text, r.cells[a].text, r.cells[m].text) for r in table.rows]


def test_markdown_shows_the_documentsamounts(plan: Plan) -> None:
    doc = plan_document(plan)
    md = render_plan(plan, "md")
    head = f"| {t('report.col.channel', plan.lang)} |"
    lines = md.split("\n")
    start = next(i for i, x in enumerate(lines) if x.startswith(head))
    rows = [[c.strip() for c in x.strip("|").split(" | ")] for x in lines[start + 2 : start + 2 + len(plan.allocation)]]
    assert [(r[0], r[1], r[2]) for r in rows] == amounts(doc)


def test_html_shows_the_documentsamounts(plan: Plan) -> None:
    assert html_allocation(render_plan(plan, "html")) == amounts(plan_document(plan))


def test_the_terminal_shows_the_documents_amounts_and_reasons_on_request(plan: Plan) -> None:
    doc = plan_document(plan)
    text = render_plan(plan, "text", width=160)
    for name, amount, monthly in amounts(doc):
        line = next(x for x in text.splitlines() if x.startswith("│ " + name[:10]))
        assert amount in line and monthly in line
    explained = render_plan(plan, "text", explain=True, width=160)
    first = plan.allocation[0].reasons[-1].text
    assert first[:30] not in text and first[:30] in explained
    assert t("report.rules", plan.lang) in explained and t("report.rules", plan.lang) not in text


def test_csv_carries_the_documents_rawamounts(plan: Plan) -> None:
    doc = plan_document(plan)
    table = doc.section("allocation").table("allocation")
    rows = list(csv.DictReader(StringIO(render_plan(plan, "csv"))))
    assert [r["channel"] for r in rows] == [r.key for r in table.rows]
    for r, row in zip(rows, table.rows, strict=True):
        assert Decimal(r["amount"]) == row.cells[table.column("amount")].value
        assert Decimal(r["monthly_amount"]) == row.cells[table.column("monthly_amount")].value
        assert r["rules"] == " ".join(row.rules)
    tidy = list(csv.DictReader(StringIO(document_csv(doc))))
    shown = {(x["table"], x["row"], x["column"]): x["text"] for x in tidy}
    for name_row in table.rows:
        assert shown[("allocation", name_row.key, "amount")] == name_row.cells[table.column("amount")].text
    assert {x["section"] for x in tidy} >= {"allocation", "influencers", "forecast", "kpis", "measurement"}


def test_numbers_go_through_the_plans_formatter(plan: Plan) -> None:
    f = plan_formatter(plan)
    doc = plan_document(plan)
    for name, amount, _ in amounts(doc):
        line = next(x for x in plan.allocation if x.name == name)
        assert amount == f.money(line.amount)
    forecast = doc.section("forecast").table("forecast")
    assert forecast.rows[0].cells[1].text == f.range(plan.forecast.reach, "people")
    digits = re.compile("[٠-٩]")
    assert bool(digits.search(amounts(doc)[0][1])) == (plan.digits == "arab")


def test_what_if_items_take_links_without_changing_the_rest(plan: Plan) -> None:
    doc = plan_document(plan)
    if not plan.what_would_change:
        pytest.skip("no what-if for this plan")
    hrefs = [f"/compare?b={i}" for i in range(len(plan.what_would_change))]
    linked = doc.with_links("what-if", hrefs)
    items = next(b for b in linked.section("what-if").blocks if isinstance(b, Bullets)).items
    assert [i.href for i in items] == hrefs and [i.text for i in items] == [w.text for w in plan.what_would_change]
    assert linked.section("allocation") == doc.section("allocation")
    assert isinstance(linked.section("kpis").blocks[0], Table)


@pytest.mark.parametrize("width", [60, 80])
def test_a_narrow_terminal_shows_every_channel_and_every_amount_whole(width: int) -> None:
    kb = load_knowledge_base()
    plan = make_plan(load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml", kb), kb, lang="en", what_if=False)
    doc = plan_document(plan)
    table = next(b for b in doc.sections[0].blocks if isinstance(b, Table))
    text = plan_text(plan, width=width)
    assert "…" not in text
    for row in table.rows:
        for cell in row.cells:
            assert cell.text in text
