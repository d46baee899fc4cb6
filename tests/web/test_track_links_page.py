"""The plan page's "Create tracking links" button (``mizaan serve --track-db``): shown only when the app has
a tracking database; a POST with the form's CSRF token makes one short link, promo code and QR code per
plan line and creator in the workspace's store, and pressing again makes none; the page lists them with
their codes and QR codes (Arabic right to left, English) and downloads them as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.errors import InputError
from mizaan.profile import load_profile
from mizaan.track import open_store, parse_plan
from mizaan.web import Guard, accounts_of, create_app, tokens
from mizaan.web.track_links_page import base_url
from tests.web.clients import csrf_of, web_client

ROOT = Path(__file__).parents[2]
PASSWORD = "correct horse battery"


def _token(name: str = "perfume-store-riyadh.yaml") -> str:
    return tokens.encode(load_profile(ROOT / "examples" / name))


def _links(db: Path) -> list[tuple[str, str | None, str, str | None]]:
    store = open_store(db)
    try:
        return sorted((x.line or "", x.creator, x.link_id, x.promo_code) for x in store.links())
    finally:
        store.close()


def test_the_button_is_there_only_with_a_tracking_database(tmp_path: Path) -> None:
    token = _token()
    without = web_client(create_app(data=tmp_path / "a"))
    page = without.get(f"/plan/{token}?lang=en").text
    assert 'id="track-links-form"' not in page and "mizaan serve --track-db FILE" in page
    assert without.post(f"/tracking/plan/{token}", data={"base": "https://go.example.sa"}).status_code == 404
    db = tmp_path / "track.db"
    with_db = web_client(create_app(data=tmp_path / "b", track=db))
    ar = with_db.get(f"/plan/{token}?lang=ar").text
    assert 'id="track-links-form"' in ar and "أنشئ روابط التتبع" in ar
    assert "Create tracking links" in with_db.get(f"/plan/{token}?lang=en").text


def test_pressing_makes_one_link_per_line_and_creator_and_pressing_again_makes_none(tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    app = create_app(data=tmp_path / "data", track=db)
    token = _token()
    forged = TestClient(app, base_url="http://127.0.0.1")  # a browser without this app's CSRF token
    assert forged.post(f"/tracking/plan/{token}", data={"base": "https://go.example.sa"}).status_code == 403
    assert not db.exists() or _links(db) == []
    client = web_client(app)
    plan_json = client.get(f"/plan/{token}/download/json?lang=en").text
    wanted = parse_plan(plan_json, "plan.json")
    expected = sorted({(x.line, x.creator) for x in wanted.lines}, key=lambda k: (k[0], k[1] or ""))
    pressed = client.post(
        f"/tracking/plan/{token}?lang=ar", data={"base": "https://go.example.sa/"}, follow_redirects=False
    )
    assert pressed.status_code == 303
    made = _links(db)
    assert sorted((x[0], x[1]) for x in made) == sorted(expected, key=lambda k: (k[0], k[1] or ""))
    assert len(made) >= 2 and all(code for *_, code in made)
    page = client.get(pressed.headers["location"])
    assert page.status_code == 200 and 'dir="rtl"' in page.text
    for _, _, slug, code in made:
        assert f"https://go.example.sa/{slug}" in page.text and str(code) in page.text
    assert page.text.count('class="qr"><svg') == len(made)
    again = client.post(f"/tracking/plan/{token}?lang=en", data={"base": "https://go.example.sa"})
    assert again.status_code == 200 and 'dir="ltr"' in again.text
    assert _links(db) == made  # no second link, the same slugs and codes
    assert "0 new links made" in again.text


def test_the_links_download_as_csv_and_bad_input_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    client = web_client(create_app(data=tmp_path / "data", track=db))
    token = _token()
    bad = client.post(f"/tracking/plan/{token}?lang=en", data={"base": "go example"})
    assert bad.status_code == 400 and "https://go.example.com" in bad.text
    assert not db.exists() or _links(db) == []
    damaged = client.post("/tracking/plan/not-a-plan?lang=en", data={"base": "https://go.example.sa"})
    assert damaged.status_code == 400
    client.post(f"/tracking/plan/{token}", data={"base": "https://go.example.sa"})
    made = _links(db)
    got = client.get(f"/tracking/plan/{token}/links.csv", params={"lang": "en"})  # the address kept at the press
    assert got.status_code == 200 and got.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[0] == ["Line", "Creator", "Short link", "Destination", "Promo code", "Status"]
    assert sorted((r[2], r[4]) for r in rows[1:]) == sorted((f"https://go.example.sa/{s}", c) for _, _, s, c in made)
    page = client.get(f"/plan/{token}?lang=en")
    assert csrf_of(page.text)


def test_an_editor_makes_the_links_in_their_workspace_and_a_viewer_only_sees_them(tmp_path: Path) -> None:
    accounts = accounts_of(tmp_path)
    for user, role in (("eman", "editor"), ("vera", "viewer")):
        accounts.add_user(user, PASSWORD)
        accounts.grant(user, "riyadh-oud", role)
    db = tmp_path / "track.db"
    app = create_app(data=tmp_path, track=db, guard=Guard(accounts=accounts))
    eman, vera = _sign_in(app, "eman"), _sign_in(app, "vera")
    token = _token("cafe-jeddah-local.yaml")
    seen = vera.get(f"/plan/{token}?lang=en").text
    assert 'id="track-links-form"' not in seen and 'id="track-links-view"' in seen
    assert vera.post(f"/tracking/plan/{token}", data={"base": "https://go.example.sa"}).status_code == 403
    assert not db.exists() or _links(db) == []
    assert 'id="track-links-form"' in eman.get(f"/plan/{token}?lang=en").text
    assert eman.post(f"/tracking/plan/{token}", data={"base": "https://go.example.sa"}).status_code == 200
    store = open_store(db)
    try:
        assert {x.workspace for x in store.links()} == {"riyadh-oud"}
    finally:
        store.close()
    assert _links(db)
    listed = vera.get(f"/tracking/plan/{token}?lang=en").text  # the address eman typed, kept for the workspace
    assert all(f"https://go.example.sa/{slug}" in listed for _, _, slug, _ in _links(db))
    assert 'value="https://go.example.sa"' in eman.get(f"/plan/{token}?lang=en").text


def test_the_short_link_address_is_kept_per_workspace_not_carried_in_the_address(tmp_path: Path) -> None:
    accounts = accounts_of(tmp_path)
    for user, workspace in (("eman", "riyadh-oud"), ("omar", "jeddah-cafe")):
        accounts.add_user(user, PASSWORD)
        accounts.grant(user, workspace, "editor")
    db = tmp_path / "track.db"
    app = create_app(data=tmp_path, track=db, guard=Guard(accounts=accounts))
    eman, omar = _sign_in(app, "eman"), _sign_in(app, "omar")
    token = _token("cafe-jeddah-local.yaml")
    assert 'value="http://127.0.0.1:8080"' in eman.get(f"/plan/{token}?lang=ar").text  # nothing typed yet
    pressed = eman.post(f"/tracking/plan/{token}?lang=en", data={"base": "https://go.oud.sa/"}, follow_redirects=False)
    assert pressed.status_code == 303 and "base=" not in pressed.headers["location"]
    assert 'value="https://go.oud.sa"' in eman.get(f"/plan/{token}?lang=en").text  # the form remembers it
    listed = eman.get(f"/tracking/plan/{token}?lang=en&base=https://evil.example").text  # a ?base= is not read
    assert "https://go.oud.sa/" in listed and "https://evil.example/" not in listed
    assert 'value="http://127.0.0.1:8080"' in omar.get(f"/plan/{token}?lang=en").text  # another workspace's own
    omar.post(f"/tracking/plan/{token}?lang=en", data={"base": "https://go.cafe.sa"})
    assert "https://go.cafe.sa/" in omar.get(f"/tracking/plan/{token}?lang=en").text
    assert "https://go.oud.sa/" in eman.get(f"/tracking/plan/{token}/links.csv?lang=en").text
    bad = eman.post(f"/tracking/plan/{token}?lang=en", data={"base": "not an address"})
    assert bad.status_code == 400
    assert 'value="https://go.oud.sa"' in eman.get(f"/plan/{token}?lang=en").text  # a refused one is not kept


def _sign_in(app: object, name: str) -> TestClient:
    c = TestClient(app, base_url="http://127.0.0.1")  # type: ignore[arg-type]
    r = c.post("/login", data={"name": name, "password": PASSWORD, "csrf": csrf_of(c.get("/login").text)},
               follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    c.headers["X-CSRF-Token"] = csrf_of(c.get("/").text)
    return c


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=60), st.from_regex(r"https?://[ -~]{0,40}", fullmatch=True)))
def test_a_short_link_address_is_a_plain_web_address_or_refused(text: str) -> None:
    try:
        base = base_url(text)
    except InputError as exc:
        assert [p.key for p in exc.problems] == ["track.error.bad_base_url"]
        return
    parts = urlsplit(base)
    assert parts.scheme in ("http", "https") and parts.hostname
    assert not parts.query and not parts.fragment and not base.endswith("/")
    assert not any(c.isspace() for c in base)
    assert urlsplit(f"{base}/AbC2345").hostname == parts.hostname  # a slug never moves the host
