"""The JSON API over HTTP: workspace tokens (hashed at rest), links made, edited and paused through the
``links`` table with a destination host that never changes, conversions listed, every field validated,
and rate limits that answer 429 with Retry-After."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mizaan.track.api import create_api
from mizaan.track.orders import new_token
from mizaan.track.orders.throttle import Rate
from tests.track.orders_fixture import WS, add_link, dumps, open_db, shopify_headers, shopify_order


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, TestClient, str]]:
    path = tmp_path / "track.db"
    con = open_db(path)
    token = new_token(con, WS, "tests")
    with TestClient(create_api(path)) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield con, client, token


NEW = {
    "destination": "https://Shop.Example/coffee?utm_source=old&mz_click=AAAAAAAAAAAAAAAAAAAAAA&size=l",
    "line": "influencer_micro",
    "creator": "نورة",
    "utm_source": "instagram",
    "utm_medium": "influencer",
    "utm_campaign": "spring",
    "utm_content": "noura",
    "promo_code": "noura10",
}


def test_tokens_are_kept_only_as_digests(api: tuple[sqlite3.Connection, TestClient, str]) -> None:
    con, _, token = api
    kept = [tuple(r) for r in con.execute("SELECT * FROM api_tokens")]
    assert len(kept) == 1 and token not in str(kept)
    assert kept[0][0] == hashlib.sha256(token.encode()).hexdigest()


@pytest.mark.parametrize("auth", [None, "Bearer mzt_not-a-token", "Basic abc"])
def test_no_token_or_a_wrong_one_is_refused(api: tuple[sqlite3.Connection, TestClient, str], auth: str | None) -> None:
    _, client, _ = api
    headers = {"Authorization": auth} if auth else {}
    if auth is None:
        del client.headers["Authorization"]
    got = client.get("/api/track/links", headers=headers)
    assert got.status_code == 401 and got.headers["WWW-Authenticate"] == "Bearer"
    assert "رمز الوصول" in got.json()["error"]["ar"] and "token" in got.json()["error"]["en"]


def test_a_link_is_made_with_its_utm_tags_and_no_click_id(api: tuple[sqlite3.Connection, TestClient, str]) -> None:
    con, client, _ = api
    got = client.post("/api/track/links", json=NEW)
    assert got.status_code == 201, got.text
    link = got.json()
    assert link["destination"] == (
        "https://shop.example/coffee?size=l&utm_source=instagram&utm_medium=influencer"
        "&utm_campaign=spring&utm_content=noura"
    )
    assert link["promo_code"] == "NOURA10" and link["status"] == "active" and link["workspace"] == WS
    assert con.execute("SELECT creator FROM links WHERE link_id = ?", [link["link_id"]]).fetchone()[0] == "نورة"
    listed = client.get("/api/track/links").json()
    assert [x["link_id"] for x in listed] == [link["link_id"]]
    again = client.post("/api/track/links", json={**NEW, "promo_code": "NOURA10"})
    assert again.status_code == 409 and "NOURA10" in again.json()["problems"][0]["en"]


@pytest.mark.parametrize(
    "destination",
    [
        "http://shop.example/",
        "https://user@evil.example/",
        "https://shop.example@evil.example/",
        "javascript:alert(1)//https://x",
        "https:///nohost",
        "https://shop.example/\\evil",
        "https://shop.example/ spaced",
    ],
)
def test_a_destination_that_is_not_a_plain_https_address_is_refused(
    api: tuple[sqlite3.Connection, TestClient, str], destination: str
) -> None:
    _, client, _ = api
    got = client.post("/api/track/links", json={**NEW, "destination": destination, "promo_code": None})
    assert got.status_code == 422
    assert got.json()["problems"][0]["field"] == "destination"


def test_an_edit_can_change_the_path_but_never_the_host(api: tuple[sqlite3.Connection, TestClient, str]) -> None:
    con, client, _ = api
    link = client.post("/api/track/links", json=NEW).json()
    lid = link["link_id"]
    moved = client.patch(f"/api/track/links/{lid}", json={"destination": "https://shop.example/tea"})
    assert moved.status_code == 200 and moved.json()["destination"].startswith("https://shop.example/tea?")
    assert "utm_content=noura" in moved.json()["destination"]
    for other in ("https://evil.example/tea", "https://shop.example:8443/tea", "https://shop.example.evil.example/"):
        got = client.patch(f"/api/track/links/{lid}", json={"destination": other})
        assert got.status_code == 422, other
        assert "shop.example" in got.json()["problems"][0]["en"]
    stored = con.execute("SELECT destination FROM links WHERE link_id = ?", [lid]).fetchone()[0]
    assert stored == moved.json()["destination"]
    # a field the model does not know is refused, not ignored
    got = client.patch(f"/api/track/links/{lid}", json={"host": "evil.example"})
    assert got.status_code == 422 and got.json()["problems"][0]["field"] == "body.host"


def test_pause_and_another_workspaces_links(api: tuple[sqlite3.Connection, TestClient, str]) -> None:
    con, client, _ = api
    add_link(con, "theirs01", workspace="other", code="THEIRS")
    assert client.post("/api/track/links/theirs01/pause").status_code == 404
    assert con.execute("SELECT status FROM links WHERE link_id = 'theirs01'").fetchone()[0] == "active"
    lid = client.post("/api/track/links", json=NEW).json()["link_id"]
    paused = client.post(f"/api/track/links/{lid}/pause")
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    assert [x["link_id"] for x in client.get("/api/track/links", params={"status": "paused"}).json()] == [lid]


def test_conversions_are_listed_per_workspace(api: tuple[sqlite3.Connection, TestClient, str]) -> None:
    _, client, _ = api
    body = dumps(shopify_order(1001, "99.50"))
    assert (
        client.post(f"/hooks/shopify/{WS}", content=body, headers=shopify_headers(body, "orders/create")).status_code
        == 200
    )
    got = client.get("/api/track/conversions").json()
    assert [(c["order_id"], c["amount"], c["matched_by"]) for c in got] == [("#1001", "99.50", None)]
    assert client.get("/api/track/conversions", params={"matched_by": "none"}).json() == got
    assert client.get("/api/track/conversions", params={"status": "refunded"}).json() == []
    bad = client.get("/api/track/conversions", params={"limit": 0, "status": "lost"})
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["problems"]} == {"query.limit", "query.status"}


def test_a_caller_past_its_rate_is_told_to_wait(tmp_path: Path) -> None:
    path = tmp_path / "track.db"
    con = open_db(path)
    token = new_token(con, WS)
    with TestClient(create_api(path, api_rate=Rate(0.01, 3))) as client:
        codes = [
            client.get("/api/track/links", headers={"Authorization": f"Bearer {token}"}).status_code for _ in range(5)
        ]
        assert codes == [200, 200, 200, 429, 429]
        got = client.get("/api/track/links", headers={"Authorization": f"Bearer {token}"})
        assert int(got.headers["Retry-After"]) >= 1 and "انتظر" in got.json()["error"]["ar"]
