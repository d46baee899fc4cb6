"""The re-plan in real headless Chromium: a fit uploaded from the plan page's re-plan form gives day one
beside now with its charts drawn; the fit's page, the lift test's page and the re-plan fit a 390 px phone in
Arabic and English, with legible chart text, no console error and no request to another host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mizaan.profile import load_profile
from mizaan.web import create_app, tokens
from tests.web.conftest import ROOT, Watched, serving
from tests.web.test_phone import MEASURE, MIN_CHART_TEXT_PX, PHONE
from tests.web.test_replan_pages import fit_body, lift_body

CAFE = ROOT / "examples" / "cafe-jeddah-local.yaml"


@pytest.fixture(scope="module")
def replan_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(create_app(example=CAFE, data=tmp_path_factory.mktemp("replan-data"))) as url:
        yield url


def _files(tmp: Path) -> tuple[Path, Path]:
    fit, lift = tmp / "weekly-fit.json", tmp / "jeddah-lift.json"
    fit.write_bytes(fit_body())
    lift.write_bytes(lift_body())
    return fit, lift


def _replan_from_plan_page(w: Watched, server: str, fit: Path, lang: str) -> str:
    p = w.page
    token = tokens.encode(load_profile(CAFE))
    p.goto(f"{server}/plan/{token}?lang={lang}")
    if p.locator("#keep-plan-submit").count():  # kept first: it is the workspace's day one
        with p.expect_navigation():
            p.click("#keep-plan-submit")
    if p.locator("#replan").get_attribute("open") is None:  # open already once the workspace has a fit
        p.click("#replan > summary")
    p.set_input_files("#replan-file", str(fit))
    with p.expect_navigation():
        p.click("#replan-upload-submit")
    assert "/replan/" in p.url
    return str(p.url)


def test_replan_from_the_plan_page_draws_day_one_beside_now(browser: Any, replan_server: str, tmp_path: Path) -> None:
    fit, _ = _files(tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    w = Watched(context.new_page(), replan_server)
    try:
        _replan_from_plan_page(w, replan_server, fit, "en")
        p = w.page
        assert p.locator("#replan h2, section#replan h2, h2:has-text('Day one beside now')").first.is_visible()
        assert p.locator("#chart-replan_moves svg").is_visible()
        band = p.locator("#chart-curve_social_ads svg polygon.band")
        assert band.count() == 1 and band.bounding_box()["height"] > 5  # type: ignore[index]
        rows = p.locator("#table-replan tbody tr")
        assert rows.count() >= 2
        assert "SAR" in p.locator("#table-replan").inner_text()
        w.shot("replan-en")
        p.goto(p.url.replace("lang=en", "lang=ar"))
        assert p.locator("html").get_attribute("dir") == "rtl"
        assert "يوم البداية والآن" in p.content()
        w.shot("replan-ar")
    finally:
        context.close()
    assert not w.errors and not w.foreign


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_replan_fit_and_test_pages_fit_a_phone(browser: Any, replan_server: str, tmp_path: Path, lang: str) -> None:
    fit, lift = _files(tmp_path)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    w = Watched(context.new_page(), replan_server)
    p = w.page
    try:
        pages = [_replan_from_plan_page(w, replan_server, fit, lang)]
        for path in (lift, fit):
            p.goto(f"{replan_server}/workspace?lang={lang}")
            p.set_input_files("#result-file", str(path))
            with p.expect_navigation():
                p.click("#result-upload-submit")
            assert re.search(r"/(fits|tests)/", p.url)
            pages.append(p.url)
        for url in pages:
            p.goto(url)
            p.wait_for_load_state("load")
            got = p.evaluate(MEASURE)
            assert got["scroll"] <= got["client"], (url, got)
            assert not got["wide"], (url, got)
            assert got["smallest"] >= MIN_CHART_TEXT_PX, (url, got)
            assert p.locator("svg.chart").count() >= 1
        w.shot(f"replan-phone-{lang}")
    finally:
        context.close()
    assert not w.errors and not w.foreign
