"""The measurement page in-process and in headless Chromium: charts beside tables, Arabic right-to-left and
English, the truth column for a simulated world, filters, and no request to any other host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mizaan.web import create_app
from tests.measure.stores import shop_store
from tests.web.clients import web_client
from tests.web.conftest import Watched, serving


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shop_store(tmp_path_factory.mktemp("shop") / "shop.duckdb")


@pytest.fixture(scope="module")
def client(store: Path) -> TestClient:
    return web_client(create_app(store=store))


def test_the_page_shows_every_section_with_a_chart_and_a_table(client: TestClient) -> None:
    r = client.get("/measure?lang=ar")
    assert r.status_code == 200 and '<html lang="ar" dir="rtl">' in r.text
    for section in ("families", "channels", "models", "roas", "views", "influencers", "series"):
        assert f'id="table-{section}"' in r.text
    assert r.text.count("<svg") >= 4 and "sara.beauty" in r.text
    assert 'id="table-accuracy"' not in r.text  # no truth given: no accuracy, no truth column
    r = client.get("/measure?lang=en&by=week&model=last_non_direct")
    assert "Conversions (Last non-direct)" in r.text and "Over time (by week)" in r.text


def test_bad_dates_and_a_missing_store_get_a_page_that_says_what_to_do(client: TestClient) -> None:
    r = client.get("/measure?lang=en&from=March")
    assert r.status_code == 200 and 'id="measure-error"' in r.text and "2025-03-31" in r.text
    r = client.get("/measure?lang=en&from=2025-03-09&to=2025-03-01")
    assert "before the start date" in r.text
    r = web_client(create_app()).get("/measure?lang=ar")
    assert 'id="measure-missing"' in r.text and "ارفع ملفات" in r.text
    assert "mizaan " not in r.text and "--store" not in r.text  # no command-line advice on a web page


def test_the_truth_file_adds_the_truth_and_each_models_accuracy(tmp_path: Path, store: Path) -> None:
    truth = tmp_path / "truth.json"
    truth.write_text(
        '{"currency": "SAR", "start": "2025-03-01", "days": 31, "channels": {"social_ads": {"family": "e_marketing",'
        ' "spend": "150", "true_incremental_conversions": 1, "true_incremental_revenue": "300"}},'
        ' "baseline": {"conversions": 3, "revenue": "350"}}',
        encoding="utf-8",
    )
    r = web_client(create_app(store=store, truth=truth)).get("/measure?lang=en")
    assert 'id="table-accuracy"' in r.text and "Truth" in r.text


@pytest.fixture(scope="module")
def measure_server(store: Path) -> Iterator[str]:
    with serving(create_app(store=store)) as url:
        yield url


@pytest.fixture()
def mpage(browser: Any, measure_server: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page(), measure_server)
    yield watched
    context.close()
    assert not watched.errors, f"console errors: {watched.errors}"
    assert not watched.foreign, f"requests to other hosts: {watched.foreign}"


def test_measure_in_arabic_then_english_by_week(mpage: Watched, measure_server: str) -> None:
    p = mpage.page
    p.goto(f"{measure_server}/measure?lang=ar")
    assert p.get_attribute("html", "dir") == "rtl"
    assert "القياس" in p.inner_text("#h-measure")
    assert p.locator("svg.chart").count() >= 4
    assert p.locator("#table-channels tbody tr").count() == 5
    mpage.shot("measure-ar")
    p.click("#switch-lang")
    p.wait_for_load_state()
    assert p.get_attribute("html", "dir") == "ltr"
    p.select_option("#m-by", "week")
    p.click("#m-submit")
    p.wait_for_url(re.compile(r".*by=week.*"))
    assert "Over time (by week)" in p.inner_text("#h-series")
    assert p.locator("#table-series tbody tr").count() >= 3
    mpage.shot("measure-en")


@pytest.fixture(scope="module")
def tiny_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mizaan.simulate import simulate

    out = tmp_path_factory.mktemp("tiny")
    simulate(out, seed=2, touchpoints=3000, truth_tables=False)
    return out


def _export_files(world: Path) -> list[Path]:
    return sorted(p for p in (world / "exports").rglob("*") if p.is_file())


def test_uploaded_exports_are_imported_and_measured_with_their_truth(tiny_world: Path) -> None:
    client = web_client(create_app())
    files = [("files", (p.name, p.read_bytes())) for p in _export_files(tiny_world)]
    files.append(("truth", ("truth.json", (tiny_world / "truth.json").read_bytes())))
    r = client.post("/measure/upload?lang=en", files=files, data={"timezone": "Asia/Riyadh"}, follow_redirects=False)
    assert r.status_code == 303 and "upload=" in r.headers["location"]
    page = client.get(r.headers["location"]).text
    assert "0 rejected" in page and 'id="table-accuracy"' in page and "Truth" in page
    token = r.headers["location"].split("upload=")[1]
    week = client.get(f"/measure?lang=en&upload={token}&by=week").text
    assert "Over time (by week)" in week and 'id="upload-summary"' in week


def test_an_upload_without_files_or_with_a_forged_id_says_so(client: TestClient) -> None:
    r = client.post("/measure/upload?lang=en", files=[("files", ("", b""))], follow_redirects=True)
    assert r.status_code == 200 and 'id="upload-error"' in r.text and "no files were attached" in r.text
    for forged in ("../../etc", "A" * 24):
        r = client.get(f"/measure?lang=en&upload={forged}")
        # not the server's own store, not a path: the upload is said to be gone, and no data is shown
        assert 'id="upload-gone"' in r.text and "no longer kept" in r.text and 'id="table-channels"' not in r.text


def test_upload_exports_in_the_browser_in_arabic(mpage: Watched, measure_server: str, tiny_world: Path) -> None:
    p = mpage.page
    p.goto(f"{measure_server}/measure?lang=ar")
    p.click("details.upload summary")
    p.set_input_files("#u-files", [str(f) for f in _export_files(tiny_world)])
    p.set_input_files("#u-truth", str(tiny_world / "truth.json"))
    p.fill("#u-tz", "Asia/Riyadh")
    p.click("#u-submit")
    p.wait_for_url(re.compile(r".*upload=.*"))
    assert p.get_attribute("html", "dir") == "rtl"
    assert p.is_visible("#upload-summary") and p.locator("#table-accuracy tbody tr").count() == 12
    mpage.shot("measure-upload-ar")
