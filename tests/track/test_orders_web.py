"""The tracking service in the web app (``mizaan serve --track-db``): webhooks and the API answer before
the app's sign-in (they carry their own proof) but not for a host the app does not answer to; the
side-by-side page in Arabic (right to left) and English; feeding the store is a POST that needs the
form's CSRF token."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mizaan.ingest import Store
from mizaan.track.orders import new_token
from mizaan.web import Guard, create_app
from tests.track.orders_fixture import WS, add_click, add_link, dumps, open_db, shopify_headers, shopify_order
from tests.web.clients import csrf_of


@pytest.fixture
def served(tmp_path: Path) -> tuple[sqlite3.Connection, Path, Path]:
    db = tmp_path / "track.db"
    con = open_db(db)
    add_link(con, "lnkNoura1", creator="noura", code="NOURA10")
    add_click(con, "lnkNoura1", visitor="v1")
    store = tmp_path / "store.duckdb"
    Store(store).close()
    return con, db, store


def test_hooks_and_the_api_answer_without_signing_in_but_pages_do_not(
    served: tuple[sqlite3.Connection, Path, Path], tmp_path: Path
) -> None:
    con, db, store = served
    app = create_app(store=store, track=db, data=tmp_path / "data", guard=Guard(token="start-up-token"))
    client = TestClient(app, base_url="http://127.0.0.1")
    assert client.get("/measure/tracking").status_code == 401  # a page needs the start-up token
    body = dumps(shopify_order(1001, "75.00", codes=("NOURA10",)))
    got = client.post(f"/hooks/shopify/{WS}", content=body, headers=shopify_headers(body, "orders/create"))
    assert got.status_code == 200 and got.json()["outcome"] == "stored"
    token = new_token(con, WS)
    listed = client.get("/api/track/conversions", headers={"Authorization": f"Bearer {token}"})
    assert [c["matched_by"] for c in listed.json()] == ["promo_code"]
    assert client.get("/api/track/conversions").status_code == 401
    other = TestClient(app, base_url="http://evil.example")
    refused = other.post(f"/hooks/shopify/{WS}", content=body, headers=shopify_headers(body, "orders/create"))
    assert refused.status_code == 400 and "ar" in refused.json()["error"]


def test_the_page_in_arabic_and_english_and_a_feed_that_needs_the_csrf_token(
    served: tuple[sqlite3.Connection, Path, Path], tmp_path: Path
) -> None:
    _, db, store = served
    client = TestClient(create_app(store=store, track=db, data=tmp_path / "data"), base_url="http://127.0.0.1")
    ar = client.get("/measure/tracking", params={"workspace": WS, "lang": "ar"})
    assert ar.status_code == 200
    assert 'dir="rtl"' in ar.text and "حسب المؤثر" in ar.text and "ما تقوله الروابط والرموز" in ar.text
    assert "noura" in ar.text and 'id="track-feed"' in ar.text
    en = client.get("/measure/tracking", params={"workspace": WS, "lang": "en"})
    assert 'dir="ltr"' in en.text and "By creator" in en.text and "What the models say" in en.text
    forged = client.post("/measure/tracking/feed", data={"workspace": WS})
    assert forged.status_code == 403
    with Store(store) as s:
        assert s.counts()["touchpoints"] == 0
    fed = client.post(
        "/measure/tracking/feed", data={"workspace": WS, "csrf": csrf_of(en.text)}, follow_redirects=False
    )
    assert fed.status_code == 303
    with Store(store) as s:
        assert s.counts()["touchpoints"] == 1
    after = client.get(fed.headers["location"])
    assert 'id="track-fed"' in after.text
    bad = client.get("/measure/tracking", params={"workspace": "no spaces", "lang": "en"})
    assert "not valid" in bad.text and 'id="track-error"' in bad.text


def test_without_a_tracking_database_the_page_says_how_to_give_one(tmp_path: Path) -> None:
    client = TestClient(create_app(data=tmp_path / "data"), base_url="http://127.0.0.1")
    page = client.get("/measure/tracking", params={"lang": "en"})
    assert page.status_code == 200 and "--track-db" in page.text
    assert client.post("/hooks/shopify/acme", content=b"{}").status_code != 200
