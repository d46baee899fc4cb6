"""End to end in headless Chromium: fill the form in Arabic, get a plan, switch to English, compare two
plans, download the PDF; screenshots of the main pages in both languages are saved to test-artifacts/.
Every test fails on a browser console error or a request to another host (see conftest)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.web.conftest import Watched

BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def fill_arabic_form(page: Watched, server: str) -> None:
    p = page.page
    p.goto(f"{server}/?lang=ar")
    assert p.get_attribute("html", "dir") == "rtl"
    p.select_option("#f-business-type", "ecommerce")
    p.select_option("#f-goal", "sales")
    p.fill("#f-budget-amount", "٢٠٠٠٠")
    p.select_option("#f-budget-currency", "SAR")
    p.select_option("#f-location-country", "SA")
    p.fill("#f-location-city", "الرياض")
    p.check('input[name="audience_relies_on_recommendations"][value="yes"]')
    p.check('input[name="has_landing_page"][value="yes"]')
    p.fill("#f-business-name", "متجر العود")
    page.shot("home-ar")
    p.click("#submit-form")
    p.wait_for_url(re.compile(r".*/plan/.*"))


def test_arabic_form_to_plan_then_english(page: Watched, server: str) -> None:
    fill_arabic_form(page, server)
    p = page.page
    assert p.get_attribute("html", "lang") == "ar"
    assert "توزيع الميزانية" in p.inner_text("#h-allocation")
    assert p.locator("svg.chart").count() >= 4
    page.shot("plan-ar")
    p.click("#switch-lang")
    p.wait_for_load_state()
    assert p.get_attribute("html", "dir") == "ltr"
    assert p.inner_text("#h-allocation") == "Budget split"
    page.shot("plan-en")
    p.goto(f"{server}/?lang=en")
    page.shot("home-en")


def test_arabic_brief_to_plan_to_english(page: Watched, server: str) -> None:
    p = page.page
    p.goto(f"{server}/?lang=ar")
    p.fill("#brief-text", "عندي كوفي مختص في جدة، ميزانيتنا ٥ آلاف ريال بالشهر ونبي الناس تعرفنا بسرعة")
    p.click("#submit-brief")
    p.wait_for_url(re.compile(r".*/plan/.*"))
    assert p.get_attribute("html", "dir") == "rtl"
    assert "توزيع الميزانية" in p.inner_text("#h-allocation")
    assert p.locator("#allocation table tbody tr").count() >= 2
    page.shot("plan-from-brief-ar")
    p.click("#switch-lang")
    p.wait_for_load_state()
    assert p.inner_text("#h-allocation") == "Budget split"


def test_errors_appear_beside_the_field(page: Watched, server: str) -> None:
    p = page.page
    p.goto(f"{server}/?lang=ar")
    p.fill("#f-budget-amount", "ثلاثة")
    p.click("#submit-form")
    assert "ليس رقمًا" in p.inner_text("#f-budget-amount-error")
    assert p.get_attribute("#f-budget-amount", "aria-invalid") == "true"
    assert p.is_visible("#form-errors")


def test_compare_two_plans(page: Watched, server: str) -> None:
    p = page.page
    p.goto(f"{server}/example?lang=en")
    p.select_option("#compare-field", "has_landing_page")
    # a yes/no choice by its label, not the raw word "true" in a text box
    assert p.is_visible("#compare-choice") and not p.is_visible("#compare-value")
    assert [o.strip() for o in p.locator("#compare-choice option").all_inner_texts()] == ["yes", "no"]
    p.select_option("#compare-choice", label="no")
    p.click("#compare-submit")
    p.wait_for_url(re.compile(r".*/compare\?.*"))
    assert "Two plans side by side" in p.inner_text("h1")
    assert p.locator("#compare-table tbody tr").count() >= 3
    page.shot("compare-en")
    p.click("#switch-lang")
    p.wait_for_load_state()
    assert "مقارنة خطتين" in p.inner_text("h1")
    assert "←" in p.inner_text("body") and "→" not in p.inner_text("main")  # arrows follow the reading direction
    page.shot("compare-ar")


def test_download_the_pdf_and_find_the_plans_numbers(page: Watched, server: str, tmp_path: Path) -> None:
    p = page.page
    p.goto(f"{server}/example?lang=en&digits=latn")
    shown_share = p.inner_text("#allocation table tbody tr:first-child td:nth-of-type(3)").strip()
    shown_name = p.inner_text("#allocation table tbody tr:first-child th").strip()
    with p.expect_download() as info:
        p.click("#download-pdf")
    target = tmp_path / "plan.pdf"
    info.value.save_as(target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    text = " ".join(BIDI.sub("", text).split())
    assert shown_name in text and shown_share in text


def test_keyboard_reaches_the_skip_link_and_the_form(page: Watched, server: str) -> None:
    p = page.page
    p.goto(f"{server}/?lang=ar")
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.className") == "skip"
    p.keyboard.press("Enter")
    for _ in range(12):
        p.keyboard.press("Tab")
        tag = p.evaluate("document.activeElement.tagName")
        if tag in ("SELECT", "INPUT"):
            break
    assert p.evaluate("document.activeElement.tagName") in ("SELECT", "INPUT")
