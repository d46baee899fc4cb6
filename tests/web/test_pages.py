"""The web app in-process (no browser): pages, forms, errors, downloads, escaping, headers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mizaan.present import make_plan
from mizaan.profile import load_profile
from mizaan.report import plan_document
from mizaan.web import create_app, tokens
from tests.report.html_rows import html_allocation
from tests.web.clients import web_client

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return web_client(create_app(example=ROOT / "examples" / "perfume-store-riyadh.yaml"))


VALID = {
    "business_type": "ecommerce",
    "goal": "sales",
    "budget.amount": "٢٠٠٠٠",
    "budget.currency": "SAR",
    "location.country": "SA",
    "location.city": "الرياض",
    "has_landing_page": "yes",
    "has_tracking": "no",
    "audience_age.min": "18",
    "audience_age.max": "34",
}


def test_home_is_arabic_right_to_left_by_default_and_english_on_request(client: TestClient) -> None:
    r = client.get("/", headers={"accept-language": "en-US"})
    assert r.status_code == 200 and '<html lang="ar" dir="rtl">' in r.text
    assert "خطط ميزانيتك التسويقية" in r.text
    r = client.get("/?lang=en")
    assert '<html lang="en" dir="ltr">' in r.text and "Plan your marketing budget" in r.text
    assert client.get("/").text.startswith('<!doctype html>\n<html lang="en"')  # remembered in a cookie
    client.cookies.delete("mizaan_lang")


def test_every_form_control_has_a_label(client: TestClient) -> None:
    html = client.get("/?lang=ar").text
    ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html))
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids and ids <= labelled
    radios = re.findall(r'<label><input type="radio"', html)
    assert radios  # radio buttons are wrapped in their label


def test_a_valid_form_leads_to_the_plan(client: TestClient) -> None:
    r = client.post("/form?lang=ar", data=VALID, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/plan/")
    page = client.get(r.headers["location"] + "?lang=ar").text
    assert "توزيع الميزانية" in page and "<svg" in page and "المؤثرون" in page
    profile = tokens.decode(r.headers["location"].split("/")[2], client.app.state.kb)  # type: ignore[attr-defined]
    assert profile.budget.amount == 20000 and profile.has_tracking is False


def test_errors_show_beside_their_field_in_the_page_language(client: TestClient) -> None:
    bad = {**VALID, "budget.amount": "-3", "budget.currency": ""}
    r = client.post("/form?lang=ar", data=bad)
    assert r.status_code == 200
    assert 'id="f-budget-amount-error"' in r.text and "أكبر من" in r.text
    assert 'id="f-budget-currency-error"' in r.text and 'aria-invalid="true"' in r.text
    r = client.post("/form?lang=en", data=bad)
    assert "must be greater than" in r.text and "Traceback" not in r.text


def test_user_text_is_escaped(client: TestClient) -> None:
    r = client.post(
        "/form",
        data={**VALID, "business_name": "<script>alert(1)</script>", "notes": "<b>x</b>"},
        follow_redirects=True,
    )
    assert r.status_code == 200
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_bad_links_and_unknown_pages_get_a_friendly_page(client: TestClient) -> None:
    r = client.get("/plan/not-a-token?lang=en")
    assert r.status_code == 400 and "damaged" in r.text and "Traceback" not in r.text
    r = client.get("/no/such/page?lang=ar")
    assert r.status_code == 404 and "الصفحة غير موجودة" in r.text
    r = client.post("/compare", data={"a": "x"})
    assert r.status_code == 400 and "Traceback" not in r.text


@pytest.fixture(scope="module")
def example_token(client: TestClient) -> str:
    profile = load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml")
    return tokens.encode(profile)


@pytest.mark.parametrize(
    ("fmt", "kind"),
    [
        ("json", "application/json"),
        ("csv", "text/csv"),
        ("md", "text/markdown"),
        ("html", "text/html"),
        ("pdf", "application/pdf"),
    ],
)
def test_downloads(client: TestClient, example_token: str, fmt: str, kind: str) -> None:
    r = client.get(f"/plan/{example_token}/download/{fmt}?lang=en")
    assert r.status_code == 200 and r.headers["content-type"].startswith(kind)
    assert "attachment" in r.headers["content-disposition"]
    if fmt == "json":
        plan: dict[str, Any] = json.loads(r.content)
        assert plan["lang"] == "en" and plan["allocation"]
    elif fmt == "csv":
        assert r.content.startswith("\ufeff".encode())  # the byte-order mark Excel needs to read Arabic
        assert r.content.decode("utf-8-sig").splitlines()[0].startswith("channel,name,family")
    elif fmt == "pdf":
        assert r.content.startswith(b"%PDF")


def test_the_other_language_shows_the_same_plan_without_planning_again(client: TestClient, example_token: str) -> None:
    ar = json.loads(client.get(f"/plan/{example_token}/download/json?lang=ar").content)
    plans = client.app.state.plans  # type: ignore[attr-defined]
    before = dict(plans)
    en = json.loads(client.get(f"/plan/{example_token}/download/json?lang=en&digits=latn").content)
    assert list(plans) == list(before) and all(plans[k] is before[k] for k in before)
    assert (ar["lang"], en["lang"]) == ("ar", "en")
    assert [line["amount"] for line in ar["allocation"]] == [line["amount"] for line in en["allocation"]]
    assert ar["allocation"][0]["name"] != en["allocation"][0]["name"]


def test_compare_with_one_change(client: TestClient, example_token: str) -> None:
    r = client.post(
        "/compare?lang=en",
        data={"a": example_token, "field": "has_landing_page", "value": "false"},
        follow_redirects=True,
    )
    assert r.status_code == 200 and "Two plans side by side" in r.text
    assert "Has a landing page</strong>: yes → no" in r.text and 'id="compare-table"' in r.text
    r = client.post("/compare?lang=en", data={"a": example_token, "field": "goal", "value": "profit"})
    assert r.status_code == 400


def test_what_if_lines_link_to_a_comparison(client: TestClient) -> None:
    """The plan page comes first; what would change the plan (planned for every change) is one link away,
    each line a link to a comparison, and shown in place once computed."""
    profile = load_profile(ROOT / "examples" / "dental-clinic-dubai.yaml")
    token = tokens.encode(profile.model_copy(update={"horizon_months": 5}))  # a link no test planned before
    page = client.get(f"/plan/{token}?lang=en").text
    assert '<ul class="what-if">' not in page
    (later,) = re.findall(r'<ul class="what-if-later"><li><a href="([^"]+)"', page)
    assert later == f"/plan/{token}/what-if?lang=en#what-if"
    full = client.get(later.replace("&amp;", "&")).text
    links = re.findall(r'<ul class="what-if"><li><a href="([^"]+)"', full)
    assert links and "what-if-later" not in full
    r = client.get(links[0].replace("&amp;", "&"))
    assert r.status_code == 200 and "Two plans side by side" in r.text
    again = client.get(f"/plan/{token}?lang=ar").text  # computed once: shown in place from now on
    assert '<ul class="what-if">' in again and "what-if-later" not in again


def test_pages_load_nothing_from_other_hosts_and_send_a_strict_policy(client: TestClient, example_token: str) -> None:
    r = client.get(f"/plan/{example_token}")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    for attr in re.findall(r'(?:src|href)="([^"]+)"', r.text):
        assert attr.startswith(("/", "#", "?")), attr


def test_the_example_route(client: TestClient) -> None:
    r = client.get("/example", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/plan/")


BRIEF_AR = "عندي متجر عطور في الرياض، ميزانيتي ٢٠ ألف ريال شهرياً ونبغى مبيعات سريعة. ما عندنا تتبع"


def test_a_brief_that_says_enough_goes_straight_to_its_plan(client: TestClient) -> None:
    r = client.post("/brief?lang=ar", data={"text": BRIEF_AR}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/plan/")
    profile = tokens.decode(r.headers["location"].split("/")[2].split("?")[0], client.app.state.kb)  # type: ignore[attr-defined]
    assert profile.business_type == "ecommerce" and profile.budget.amount == 20000 and profile.has_tracking is False
    page = client.get(r.headers["location"]).text
    assert "M2" in page  # the brief's "we don't track anything" became the plan's first warning


def test_a_brief_that_leaves_required_fields_open_fills_the_form_and_marks_them(client: TestClient) -> None:
    r = client.post("/brief?lang=ar", data={"text": "نبيع عبايات أونلاين ونبغى مبيعات"})
    assert r.status_code == 200
    assert 'id="understood"' in r.text and "«عبايات»" in r.text
    assert 'id="f-budget-amount-error"' in r.text and 'id="f-location-country-error"' in r.text
    assert '<option value="ecommerce" selected>' in r.text


def test_an_empty_or_huge_brief_gets_a_clear_error(client: TestClient) -> None:
    for text in ("", "x" * 6000):
        r = client.post("/brief?lang=en", data={"text": text})
        assert r.status_code == 200 and 'id="brief-error"' in r.text and "Traceback" not in r.text


def test_the_plan_page_shows_the_documents_amounts(client: TestClient, example_token: str) -> None:
    page = client.get(f"/plan/{example_token}?lang=ar").text
    plan = make_plan(load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml"), lang="ar")
    table = plan_document(plan).section("allocation").table("allocation")
    a, m = table.column("amount"), table.column("monthly_amount")
    expected = [(r.cells[0].text, r.cells[a].text, r.cells[m].text) for r in table.rows]
    assert html_allocation(page) == expected
    assert page.count('class="copy"') == len(plan.measurement.links)  # the web's own tools stay
