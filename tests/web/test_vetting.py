"""The vetting page end to end in headless Chromium: upload candidates and posts in Arabic, read the
ranking, the cards and the shortlist, switch to English, download the CSV; try the example files; see a
bad file's errors beside the form. Fails on any console error or request to another host (conftest)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from tests.web.conftest import ROOT, Watched

EX = ROOT / "examples" / "vetting"


def test_upload_candidates_and_posts_then_switch_to_english(page: Watched, server: str, tmp_path: Path) -> None:
    p = page.page
    p.goto(f"{server}/vet?lang=ar")
    assert p.get_attribute("html", "dir") == "rtl"
    p.set_input_files("#f-candidates", str(EX / "candidates.csv"))
    p.set_input_files("#f-posts", str(EX / "posts.csv"))
    p.check('input[name="profile_source"][value="example"]')
    page.shot("vet-form-ar")
    p.click("#vet-submit")
    p.wait_for_url(re.compile(r".*/vet/[\w-]+.*"))
    assert "القائمة المختصرة" in p.inner_text("#vet-headline")
    assert p.locator("#vet-table tbody tr").count() == 50
    assert p.locator("#cards svg.chart").count() >= 40
    assert p.locator("#shortlist table tbody tr").count() >= 1
    page.shot("vet-result-ar")
    p.click("#switch-lang")
    p.wait_for_load_state()
    assert p.get_attribute("html", "dir") == "ltr"
    assert p.inner_text("#h-shortlist") == "Shortlist"
    assert "Shortlist:" in p.inner_text("#vet-headline")
    page.shot("vet-result-en")
    with p.expect_download() as info:
        p.click("#vet-download-csv")
    target = tmp_path / "vet.csv"
    info.value.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert len(rows) == 50 and any(r["shortlisted"] == "yes" for r in rows)


def test_the_example_files_show_the_signals_that_fired(page: Watched, server: str) -> None:
    p = page.page
    p.goto(f"{server}/vet?lang=en")
    p.click("#vet-example")
    p.wait_for_url(re.compile(r".*/vet/[\w-]+.*"))
    card = p.locator("#card-sara_glam")
    card.locator("summary").click()
    assert "suspicious accounts in a sample of 200 followers" in card.inner_text()
    assert p.locator("#card-sara_glam svg.chart").count() == 1


def test_a_bad_file_comes_back_with_its_row_and_column(page: Watched, server: str, tmp_path: Path) -> None:
    bad = tmp_path / "candidates.csv"
    bad.write_text("handle,followers\nnoura,-3\n", encoding="utf-8")
    p = page.page
    p.goto(f"{server}/vet?lang=en")
    p.set_input_files("#f-candidates", str(bad))
    p.click("#vet-submit")
    p.wait_for_load_state()
    text = p.inner_text("#vet-errors")
    assert "candidates.csv" in text and "row 2" in text and "column 2" in text


def test_the_plan_page_links_to_vetting_with_its_profile(page: Watched, server: str) -> None:
    p = page.page
    p.goto(f"{server}/example?lang=en")
    p.click("#vet-from-plan")
    p.wait_for_load_state()
    assert "The profile of the plan you came from will be used." in p.inner_text("#vet-form")
