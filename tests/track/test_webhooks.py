"""Webhooks over HTTP with real signatures: each source's own scheme, refusals that store nothing,
redeliveries that change nothing, refunds and cancellations that reverse, and matching by click ID, UTM
tags and promo code, in that order."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mizaan.track.api import create_api
from tests.track.orders_fixture import (
    SECRETS,
    WS,
    add_click,
    add_link,
    dumps,
    open_db,
    postback_headers,
    salla_event,
    salla_headers,
    shopify_headers,
    shopify_order,
    shopify_refund,
    zid_order,
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, TestClient]]:
    path = tmp_path / "track.db"
    con = open_db(path)
    add_link(con, "lnkNoura1", creator="noura", campaign="spring", code="NOURA10")
    add_link(con, "lnkFahad1", creator="fahad", campaign="spring", code="FAHAD10")
    with TestClient(create_api(path)) as client:
        yield con, client


def rows(con: sqlite3.Connection, table: str) -> list[dict[str, object]]:
    return [dict(r) for r in con.execute(f"SELECT * FROM {table} ORDER BY rowid")]


def test_a_signed_shopify_order_is_stored_and_matched_by_its_click(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    click = add_click(con, "lnkNoura1")
    body = dumps(shopify_order(1001, "250.00", click=click, codes=("FAHAD10",)))
    got = client.post(f"/hooks/shopify/{WS}", content=body, headers=shopify_headers(body, "orders/create"))
    assert got.status_code == 200, got.text
    assert got.json() == {"outcome": "stored", "kind": "order", "order_id": "#1001"}
    (conv,) = rows(con, "conversions")
    assert conv["amount"] == "250.00" and conv["currency"] == "SAR" and conv["status"] == "paid"
    # the click names Noura's link although Fahad's code was used: the click ID comes first
    assert (conv["link_id"], conv["matched_by"], conv["click_id"]) == ("lnkNoura1", "click_id", click)
    assert conv["at"] == "2026-03-02T10:05:00Z"


def test_the_click_id_also_rides_on_shopifys_landing_site(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    click = add_click(con, "lnkFahad1")
    landing = f"/products/coffee?utm_source=instagram&utm_campaign=spring&mz_click={click}"
    body = dumps(shopify_order(1002, "90", landing=landing))
    assert (
        client.post(f"/hooks/shopify/{WS}", content=body, headers=shopify_headers(body, "orders/paid")).status_code
        == 200
    )
    (conv,) = rows(con, "conversions")
    assert (conv["link_id"], conv["matched_by"]) == ("lnkFahad1", "click_id")


@pytest.mark.parametrize("header", ["X-Shopify-Hmac-Sha256", None])
def test_a_wrong_or_missing_shopify_signature_is_refused_in_both_languages(
    db: tuple[sqlite3.Connection, TestClient], header: str | None
) -> None:
    con, client = db
    body = dumps(shopify_order(1003, "10.00"))
    headers = shopify_headers(body, "orders/create")
    if header:
        headers[header] = shopify_headers(body + b" ", "orders/create")[header]
    else:
        del headers["X-Shopify-Hmac-Sha256"]
    got = client.post(f"/hooks/shopify/{WS}", content=body, headers=headers)
    assert got.status_code == 401
    error = got.json()["error"]
    assert "شوبيفاي" in error["ar"] and "لم يُحفظ شيء" in error["ar"]
    assert "Shopify" in error["en"] and "Nothing was stored" in error["en"]
    assert rows(con, "conversions") == [] and rows(con, "conversion_events") == []


def test_another_workspaces_secret_does_not_open_this_one(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    body = dumps(shopify_order(1004, "10.00"))
    got = client.post("/hooks/shopify/other", content=body, headers=shopify_headers(body, "orders/create"))
    assert got.status_code == 401 and "mizaan track secret" in got.json()["error"]["en"]
    assert rows(con, "conversion_events") == []


def test_a_redelivered_event_changes_nothing(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    body = dumps(shopify_order(1005, "120.00", codes=("NOURA10",)))
    headers = shopify_headers(body, "orders/create", delivery="delivery-1")
    first = client.post(f"/hooks/shopify/{WS}", content=body, headers=headers)
    before = (rows(con, "conversions"), rows(con, "conversion_events"))
    again = client.post(f"/hooks/shopify/{WS}", content=body, headers=headers)
    assert first.json()["outcome"] == "stored" and again.json()["outcome"] == "duplicate"
    assert (rows(con, "conversions"), rows(con, "conversion_events")) == before


def test_partial_then_full_refunds_reduce_then_reverse_and_are_kept_as_events(
    db: tuple[sqlite3.Connection, TestClient],
) -> None:
    con, client = db
    order = dumps(shopify_order(1006, "300.00", codes=("NOURA10",)))
    client.post(f"/hooks/shopify/{WS}", content=order, headers=shopify_headers(order, "orders/create"))
    partial = dumps(shopify_refund(1006, ["100.00"], refund_id=1))
    client.post(f"/hooks/shopify/{WS}", content=partial, headers=shopify_headers(partial, "refunds/create"))
    (conv,) = rows(con, "conversions")
    assert (conv["amount"], conv["status"], conv["matched_by"]) == ("200.00", "paid", "promo_code")
    rest = dumps(shopify_refund(1006, ["150.00", "50.00"], refund_id=2))
    client.post(f"/hooks/shopify/{WS}", content=rest, headers=shopify_headers(rest, "refunds/create"))
    (conv,) = rows(con, "conversions")
    assert (conv["amount"], conv["status"]) == ("0.00", "refunded")
    kinds = [e["kind"] for e in rows(con, "conversion_events")]
    assert kinds == ["order", "refund", "refund"]


def test_a_refund_before_its_order_counts_once_the_order_arrives(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    refund = dumps(shopify_refund(1007, ["40.00"]))
    got = client.post(f"/hooks/shopify/{WS}", content=refund, headers=shopify_headers(refund, "refunds/create"))
    assert got.json() == {"outcome": "stored", "kind": "refund", "order_id": None}
    assert rows(con, "conversions") == []
    order = dumps(shopify_order(1007, "100.00"))
    client.post(f"/hooks/shopify/{WS}", content=order, headers=shopify_headers(order, "orders/create"))
    (conv,) = rows(con, "conversions")
    assert conv["amount"] == "60.00"


def test_a_cancelled_order_is_reversed(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    order = dumps(shopify_order(1008, "80.00"))
    client.post(f"/hooks/shopify/{WS}", content=order, headers=shopify_headers(order, "orders/create"))
    client.post(f"/hooks/shopify/{WS}", content=order, headers=shopify_headers(order, "orders/cancelled"))
    (conv,) = rows(con, "conversions")
    assert (conv["amount"], conv["status"]) == ("0", "cancelled")


def test_salla_signature_and_token_strategies(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    body = dumps(salla_event("order.created", 41027662, "196.00", codes=("fahad10",)))
    assert client.post(f"/hooks/salla/{WS}", content=body, headers=salla_headers(body)).status_code == 200
    (conv,) = rows(con, "conversions")
    assert (conv["order_id"], conv["amount"], conv["link_id"], conv["matched_by"]) == (
        "41027662",
        "196.00",
        "lnkFahad1",
        "promo_code",
    )
    assert conv["at"] == "2026-03-02T10:05:00Z"  # Riyadh's 13:05
    refunded = dumps(salla_event("order.refunded", 41027662, "196.00"))
    token = {"X-Salla-Security-Strategy": "Token", "Authorization": f"Bearer {SECRETS['salla']}"}
    assert client.post(f"/hooks/salla/{WS}", content=refunded, headers=token).status_code == 200
    (conv,) = rows(con, "conversions")
    assert (conv["amount"], conv["status"]) == ("0.00", "refunded")
    wrong = {"X-Salla-Security-Strategy": "Token", "Authorization": "Bearer not-the-secret-at-all"}
    cancelled = dumps(salla_event("order.cancelled", 41027662, "196.00"))
    assert client.post(f"/hooks/salla/{WS}", content=cancelled, headers=wrong).status_code == 401
    assert rows(con, "conversions")[0]["status"] == "refunded"


def test_salla_utm_tags_from_the_landing_url_match_a_link(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    landing = "https://shop.example/?utm_source=instagram&utm_medium=influencer&utm_campaign=spring&utm_content=noura"
    body = dumps(salla_event("order.created", 5, "50", landing=landing, codes=("FAHAD10",)))
    client.post(f"/hooks/salla/{WS}", content=body, headers=salla_headers(body))
    (conv,) = rows(con, "conversions")
    assert (conv["link_id"], conv["matched_by"]) == ("lnkNoura1", "utm")  # UTM before the promo code


def test_zid_is_verified_by_the_token_in_its_target_url(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    click = add_click(con, "lnkFahad1")
    body = dumps(zid_order(39018491, "100.00000000000000", coupon="NOURA10", click=click))
    assert client.post(f"/hooks/zid/{WS}", content=body).status_code == 401
    assert client.post(f"/hooks/zid/{WS}?token=wrong-token-wrong", content=body).status_code == 401
    got = client.post(f"/hooks/zid/{WS}", params={"token": SECRETS["zid"]}, content=body)
    assert got.status_code == 200, got.text
    (conv,) = rows(con, "conversions")
    assert (conv["order_id"], conv["amount"], conv["link_id"], conv["matched_by"]) == (
        "39018491",
        "100",  # Zid's 14 places: only zeros are dropped
        "lnkFahad1",
        "click_id",
    )
    cancelled = dumps(zid_order(39018491, "100", status="cancelled"))
    client.post(f"/hooks/zid/{WS}", params={"token": SECRETS["zid"]}, content=cancelled)
    assert rows(con, "conversions")[0]["status"] == "cancelled"


def test_a_postback_is_signed_with_a_timestamp_and_a_stale_one_is_refused(
    db: tuple[sqlite3.Connection, TestClient],
) -> None:
    con, client = db
    body = dumps(
        {
            "event": "conversion",
            "event_id": "crm-1",
            "order_id": "A-17",
            "at": "2026-03-02T13:05:00+03:00",
            "amount": "١٢٠٫٥٠",
            "currency": "SAR",
            "utm_source": "instagram",
            "utm_campaign": "spring",
            "utm_content": "fahad",
        }
    )
    old = client.post(f"/hooks/postback/{WS}", content=body, headers=postback_headers(body, at=int(time.time()) - 3600))
    assert old.status_code == 401 and "5 minutes" in old.json()["error"]["en"]
    ok = client.post(f"/hooks/postback/{WS}", content=body, headers=postback_headers(body))
    assert ok.status_code == 200, ok.text
    (conv,) = rows(con, "conversions")
    assert (conv["amount"], conv["link_id"], conv["matched_by"]) == ("120.50", "lnkFahad1", "utm")


def test_a_postback_with_bad_fields_names_each_field_in_both_languages(
    db: tuple[sqlite3.Connection, TestClient],
) -> None:
    con, client = db
    body = dumps(
        {
            "event": "conversion",
            "event_id": "x",
            "order_id": "A",
            "at": "2026-03-02T13:05:00",
            "amount": "-3",
            "colour": 1,
        }
    )
    got = client.post(f"/hooks/postback/{WS}", content=body, headers=postback_headers(body))
    assert got.status_code == 422
    problems = {p["field"]: p for p in got.json()["problems"]}
    assert {"at", "amount", "colour"} <= set(problems)
    assert "منطقة زمنية" in problems["at"]["ar"] and "zone" in problems["at"]["en"]
    assert rows(con, "conversion_events") == []


def test_a_body_over_the_limit_is_refused_before_it_is_read(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    body = b"{" + b" " * (1 << 20) + b"}"
    got = client.post(f"/hooks/shopify/{WS}", content=body, headers=shopify_headers(body, "orders/create"))
    assert got.status_code == 413 and rows(con, "conversion_events") == []


def test_topics_that_are_not_about_orders_money_are_ignored(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    body = dumps({"id": 1, "title": "product"})
    got = client.post(f"/hooks/shopify/{WS}", content=body, headers=shopify_headers(body, "products/update"))
    assert got.json()["outcome"] == "ignored" and rows(con, "conversion_events") == []


def test_money_is_read_exactly(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    raw = b'{"event":"order.created","data":{"reference_id":9,"amounts":{"total":{"amount":0.1,"currency":"SAR"}},'
    raw += b'"date":{"date":"2026-03-02 13:05:00","timezone":"Asia/Riyadh"}}}'
    client.post(f"/hooks/salla/{WS}", content=raw, headers=salla_headers(raw))
    assert Decimal(rows(con, "conversions")[0]["amount"]) == Decimal("0.1")  # type: ignore[arg-type]
    assert json.loads(raw)["data"]["amounts"]["total"]["amount"] == 0.1


def test_concurrent_deliveries_each_keep_their_own_transaction(db: tuple[sqlite3.Connection, TestClient]) -> None:
    """Deliveries from many connections at once: each is kept, none is lost to another's transaction."""
    import threading

    con, client = db
    failures: list[int] = []

    def send(start: int) -> None:
        for n in range(start, start + 15):
            body = dumps(shopify_order(n, "10.00"))
            got = client.post(f"/hooks/shopify/{WS}", content=body, headers=shopify_headers(body, "orders/create"))
            if got.status_code != 200:
                failures.append(got.status_code)

    threads = [threading.Thread(target=send, args=(2000 + 100 * i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert failures == []
    assert con.execute("SELECT COUNT(*) FROM conversions").fetchone()[0] == 120


def test_a_workspace_named_in_arabic_as_the_web_app_allows(tmp_path: Path) -> None:
    from mizaan.track.orders import set_secret

    path = tmp_path / "track.db"
    con = open_db(path)
    set_secret(con, "متجر-نورة", "postback", SECRETS["postback"])
    body = dumps({"event": "conversion", "event_id": "e1", "order_id": "٧٧", "at": "2026-03-02T10:00:00Z",
                  "amount": "٥٠", "currency": "SAR"})  # fmt: skip
    with TestClient(create_api(path)) as client:
        got = client.post("/hooks/postback/متجر-نورة", content=body, headers=postback_headers(body))
    assert got.status_code == 200, got.text
    assert tuple(con.execute("SELECT workspace, order_id, amount FROM conversions").fetchone()) == (
        "متجر-نورة",
        "77",
        "50",
    )


def test_an_order_without_its_currency_is_refused_not_guessed(db: tuple[sqlite3.Connection, TestClient]) -> None:
    con, client = db
    order = shopify_order(1010, "40.00")
    del order["currency"]
    body = dumps(order)
    got = client.post(f"/hooks/shopify/{WS}", content=body, headers=shopify_headers(body, "orders/create"))
    assert got.status_code == 422 and got.json()["problems"][0]["field"] == "currency"
    assert "شوبيفاي" in got.json()["error"]["ar"]
    assert rows(con, "conversion_events") == []
