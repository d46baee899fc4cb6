"""The side-by-side tracking page (``/measure/tracking``) in headless Chromium, on a 390 px phone, in
Arabic (right to left) and in English: a click made through the real redirect service and an order
received by the real Shopify webhook show on the creator's row; the feed button (a form with the CSRF
token) feeds the measurement store; the page is no wider than the screen (tables scroll in their own box);
no console error and no request leaves the host."""

from __future__ import annotations

import http.client
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mizaan.ingest import Store
from mizaan.track import RedirectApp, create_links, open_store, orders, read_plan
from mizaan.web import create_app
from tests.track.orders_fixture import SECRETS, WS, dumps, shopify_headers, shopify_order
from tests.track.track_links_support import plan_line, plan_with_lines, serving_lean
from tests.web.conftest import Watched, serving
from tests.web.test_phone import MEASURE, PHONE


def _request(url: str, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, str]:
    """One request: the status and the Location header ('' without one)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers)
        answer = conn.getresponse()
        answer.read()
        return answer.status, answer.getheader("location") or ""
    finally:
        conn.close()


def test_the_tracking_report_on_a_phone_in_arabic_and_english(browser: Any, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    lines = [plan_line(utm_content="noura"), plan_line(utm_content="fahad")]
    with open_store(db) as store:
        made = create_links(store, read_plan(plan_with_lines(tmp_path, lines)), workspace=WS)
    noura = next(m.link for m in made if m.link.creator == "noura")
    con = orders.connect(db)
    orders.set_secret(con, WS, "shopify", SECRETS["shopify"])
    con.close()
    with serving_lean(RedirectApp(open_store(db))) as redirects:  # a visitor taps Noura's link
        status, location = _request(redirects, "GET", f"/{noura.link_id}", None, {"User-Agent": "Mozilla/5.0 Safari"})
        assert status == 302
        click = parse_qs(urlsplit(location).query)["mz_click"][0]
    measure_store = tmp_path / "store.duckdb"
    Store(measure_store).close()
    with serving(create_app(store=measure_store, track=db, data=tmp_path / "data")) as server:
        body = dumps(shopify_order(1001, "75.00", click=click))
        hook, _ = _request(server, "POST", f"/hooks/shopify/{WS}", body, shopify_headers(body, "orders/create"))
        assert hook == 200  # the order, tied to the click by mz_click
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        watched = Watched(context.new_page(), server)
        p = watched.page
        try:
            p.goto(f"{server}/measure/tracking?workspace={WS}&lang=ar")
            assert p.get_attribute("html", "dir") == "rtl" and p.get_attribute("html", "lang") == "ar"
            assert "المنصات والروابط والنماذج" in p.inner_text("#track-title")
            row = p.locator("table tbody tr", has=p.locator("th[scope=row]", has_text="noura")).first
            text = row.inner_text()
            assert "75" in text or "٧٥" in text, text  # Noura's order's revenue, in Western or Eastern digits
            assert p.locator("table tbody th[scope=row]", has_text="fahad").count() >= 1  # no orders: still listed
            got = p.evaluate(MEASURE)
            assert got["scroll"] <= got["client"] and not got["wide"], got
            watched.shot("track-report-phone-ar")
            with p.expect_navigation():
                p.click("#track-feed-submit")  # the form's CSRF token goes with it
            assert p.locator("#track-fed").is_visible()
            with Store(measure_store) as s:
                assert s.counts()["touchpoints"] >= 1
            with p.expect_navigation():
                p.click("#switch-lang")
            assert p.get_attribute("html", "dir") == "ltr" and p.get_attribute("html", "lang") == "en"
            assert "side by side" in p.inner_text("#track-title")
            assert p.locator("table tbody th[scope=row]", has_text="noura").count() >= 1
            got = p.evaluate(MEASURE)
            assert got["scroll"] <= got["client"] and not got["wide"], got
            watched.shot("track-report-phone-en")
        finally:
            context.close()
    assert not watched.errors and not watched.foreign, (watched.errors, watched.foreign)
