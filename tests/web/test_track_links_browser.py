"""On a 390 px phone in Arabic, in headless Chromium: the plan page's tracking-links button makes the links
and leads to their page, which lists a QR code per link, reads right to left and is no wider than the
screen (the table scrolls in its own box)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mizaan.profile import load_profile
from mizaan.track import open_store
from mizaan.web import create_app, tokens
from tests.web.conftest import ROOT, Watched, serving
from tests.web.test_phone import MEASURE, PHONE


def test_the_button_on_a_phone_makes_the_links_and_shows_their_qr_codes(browser: Any, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    token = tokens.encode(load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml"))
    with serving(create_app(data=tmp_path / "data", track=db)) as server:
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        watched = Watched(context.new_page(), server)
        p = watched.page
        try:
            p.goto(f"{server}/plan/{token}?lang=ar")
            p.fill("#track-base", "https://go.example.sa")
            with p.expect_navigation():
                p.click("#track-links-submit")
            p.wait_for_url(re.compile(r".*/tracking/plan/.*"))
            assert p.get_attribute("html", "dir") == "rtl"
            store = open_store(db)
            try:
                links = store.links()
            finally:
                store.close()
            assert links and p.locator("#track-links td.qr svg").count() == len(links)
            for link in links:
                assert p.locator(f"a.short-link[href='https://go.example.sa/{link.link_id}']").count() == 1
            got = p.evaluate(MEASURE)
            assert got["scroll"] <= got["client"] and not got["wide"], got
            watched.shot("track-links-phone-ar")
        finally:
            context.close()
    assert not watched.errors and not watched.foreign, (watched.errors, watched.foreign)
