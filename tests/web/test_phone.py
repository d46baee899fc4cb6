"""Phones first: at 390 px, in Arabic and in English, no page is wider than the screen (tables scroll in
their own box) and chart text stays legible; checked in headless Chromium on every page of the app."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from mizaan.profile import load_profile
from mizaan.web import create_app, tokens
from tests.measure.stores import shop_store
from tests.web.conftest import ROOT, Watched, serving

PHONE = {"width": 390, "height": 844}
EXAMPLE = ROOT / "examples" / "perfume-store-riyadh.yaml"
MIN_CHART_TEXT_PX = 9.5

# Widths of the page and of anything that sticks out of it, and the smallest chart text as it is drawn.
MEASURE = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || e.closest('.table-scroll, figure.chart, pre')) return false;
    return r.right > root.clientWidth + 1 || r.left < -1;
  }).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className);
  const texts = [...document.querySelectorAll('svg.chart text')].map(t =>
    parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  return {scroll: root.scrollWidth, client: root.clientWidth, wide, smallest: Math.min(...texts, 99)};
}"""


@pytest.fixture(scope="module")
def phone_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = shop_store(tmp_path_factory.mktemp("shop") / "shop.duckdb")
    with serving(create_app(example=EXAMPLE, store=store, data=tmp_path_factory.mktemp("data"))) as url:
        yield url


def _pages(server: str, page: Any) -> list[str]:
    """Every page of the app: home, plan, comparison, vetting form and result, measurement, the workspace
    (with a kept plan, run and vetting), errors."""
    profile = load_profile(EXAMPLE)
    a = tokens.encode(profile)
    b = tokens.encode(profile.model_copy(update={"has_landing_page": not profile.has_landing_page}))
    page.goto(f"{server}/vet")
    page.click("#vet-example")
    page.wait_for_url(re.compile(r".*/vet/[\w-]+.*"))
    vetting = page.url.split("?")[0].removeprefix(server)
    for path, button in ((f"/plan/{a}", "#keep-plan-submit"), ("/measure", "#keep-run-submit")):
        page.goto(f"{server}{path}")  # the workspace page then lists a plan, a run and a vetting
        if page.locator(button).count():  # not there once the plan is kept (the other language's run)
            with page.expect_navigation():
                page.click(button)
    return ["/", f"/plan/{a}", f"/compare?a={a}&b={b}", "/vet", vetting, "/measure", "/measure?upload=gone" + "x" * 20,
            "/workspace", "/no-such-page"]  # fmt: skip


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_no_page_is_wider_than_a_phone(browser: Any, phone_server: str, lang: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    watched = Watched(context.new_page(), phone_server)
    p = watched.page
    try:
        for path in _pages(phone_server, p):
            sep = "&" if "?" in path else "?"
            p.goto(f"{phone_server}{path}{sep}lang={lang}")
            p.wait_for_load_state("load")
            got = p.evaluate(MEASURE)
            assert got["scroll"] <= got["client"], (path, got)
            assert not got["wide"], (path, got)
            assert got["smallest"] >= MIN_CHART_TEXT_PX, (path, got)
    finally:
        context.close()
    expected = "status of 404"  # the one page that is a 404 on purpose
    assert [e for e in watched.errors if expected not in e] == [] and not watched.foreign


def test_the_plan_opens_on_its_title_in_right_to_left(browser: Any, phone_server: str) -> None:
    """An Arabic phone opens on the title, not on a blank strip: the page starts at its right edge."""
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    p = context.new_page()
    try:
        p.goto(f"{phone_server}/example?lang=ar")
        h1 = p.locator("h1").first.bounding_box()
        assert h1 is not None and 0 <= h1["x"] and h1["x"] + h1["width"] <= PHONE["width"] + 1
        assert p.evaluate("window.scrollX") == 0
    finally:
        context.close()
