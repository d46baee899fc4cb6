"""Invariants of the conversions ledger, as Hypothesis properties: a tampered body or signature is always
refused, redelivery never changes anything, refunds never leave more than was paid (nor less than zero),
and matching always prefers the click ID to UTM tags, and UTM tags to a promo code."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.track.orders import OrderEvent, SignatureError, Utm, record, verify
from tests.track.orders_fixture import (
    SECRETS,
    WS,
    add_click,
    add_link,
    dumps,
    open_db,
    postback_headers,
    salla_headers,
    shopify_headers,
)

QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def signed(source: str, body: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """(headers with lower-case names, query) that prove ``body`` came from ``source``."""
    if source == "shopify":
        headers = shopify_headers(body, "orders/create")
    elif source == "salla":
        headers = salla_headers(body)
    elif source == "postback":
        headers = postback_headers(body)
    else:
        return {}, {"token": SECRETS["zid"]}
    return {k.lower(): v for k, v in headers.items()}, {}


SIGNATURE = {"shopify": "x-shopify-hmac-sha256", "salla": "x-salla-signature", "postback": "x-mizaan-signature"}


@given(
    source=st.sampled_from(["shopify", "salla", "postback"]),
    body=st.binary(min_size=1, max_size=300),
    where=st.integers(min_value=0),
    flip=st.integers(min_value=1, max_value=255),
)
@settings(max_examples=300, deadline=None)
def test_any_tampered_body_is_refused(source: str, body: bytes, where: int, flip: int) -> None:
    headers, query = signed(source, body)
    verify(source, SECRETS[source], body, headers, query)  # the untouched body passes
    i = where % len(body)
    tampered = body[:i] + bytes([body[i] ^ flip]) + body[i + 1 :]
    with pytest.raises(SignatureError):
        verify(source, SECRETS[source], tampered, headers, query)


@given(
    source=st.sampled_from(["shopify", "salla", "postback", "zid"]),
    body=st.binary(max_size=200),
    forged=st.text(max_size=120),
)
@settings(max_examples=300, deadline=None)
def test_any_other_signature_is_refused(source: str, body: bytes, forged: str) -> None:
    headers, query = signed(source, body)
    if source == "zid":
        query = {"token": forged}
        genuine = SECRETS["zid"]
    else:
        genuine = headers[SIGNATURE[source]]
        headers[SIGNATURE[source]] = forged
    if forged.strip() == genuine:
        return
    with pytest.raises(SignatureError):
        verify(source, SECRETS[source], body, headers, query)


def test_a_postback_signed_for_another_time_is_refused() -> None:
    body = b'{"event":"cancel"}'
    headers = {k.lower(): v for k, v in postback_headers(body).items()}
    headers["x-mizaan-timestamp"] = str(int(headers["x-mizaan-timestamp"]) + 1)
    with pytest.raises(SignatureError):
        verify("postback", SECRETS["postback"], body, headers, {}, now=time.time())


# ---- the ledger ----------------------------------------------------------------------------------------

AT = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def histories(draw: st.DrawFn) -> list[OrderEvent]:
    """Events of a few orders: orders (perhaps edited), partial and whole refunds, cancellations."""
    events = []
    for n in range(draw(st.integers(1, 3))):
        order = f"#{n}"
        for k in range(draw(st.integers(0, 6))):
            kind = draw(st.sampled_from(["order", "order", "refund", "refund", "cancel"]))
            amount = draw(amounts) if kind == "order" else (draw(st.none() | amounts) if kind == "refund" else None)
            events.append(
                OrderEvent("postback", kind, kind, f"{order}-{k}", order, order, AT, amount, "SAR")  # type: ignore[arg-type]
            )
    return draw(st.permutations(events))


def state(con: sqlite3.Connection) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    conv = [tuple(r) for r in con.execute("SELECT * FROM conversions ORDER BY order_id")]
    events = [tuple(r) for r in con.execute("SELECT * FROM conversion_events ORDER BY event_key")]
    return conv, events


def fresh() -> sqlite3.Connection:
    from mizaan.track.orders import connect

    return connect(":memory:")


@given(history=histories(), again=st.lists(st.integers(0, 100), max_size=10))
@QUICK
def test_redelivery_is_idempotent(history: list[OrderEvent], again: list[int]) -> None:
    once, twice = fresh(), fresh()
    for e in history:
        record(once, WS, e, "sha", "2026-03-02T10:00:00Z")
    for i, e in enumerate(history):
        record(twice, WS, e, "sha", "2026-03-02T10:00:00Z")
        for j in again:  # redeliver some earlier events in between
            if history and j % len(history) <= i:
                assert record(twice, WS, history[j % len(history)], "sha").outcome == "duplicate"
    assert state(once) == state(twice)


@given(history=histories())
@QUICK
def test_totals_after_refunds_never_exceed_what_was_paid(history: list[OrderEvent]) -> None:
    con = fresh()
    for e in history:
        record(con, WS, e, "sha")
    for row in con.execute("SELECT * FROM conversions"):
        events = [e for e in history if e.order_id == row["order_id"]]
        paid = [e.amount for e in events if e.kind == "order"][-1]
        assert paid is not None
        left = Decimal(row["amount"])
        assert Decimal(0) <= left <= paid
        if any(e.kind == "cancel" for e in events):
            assert (left, row["status"]) == (0, "cancelled")
        elif any(e.kind == "refund" for e in events) and left == 0 and paid > 0:
            assert row["status"] == "refunded"
        else:
            refunded = sum((paid if e.amount is None else e.amount for e in events if e.kind == "refund"), Decimal(0))
            assert left == max(paid - refunded, Decimal(0))
    ordered = {e.order_id for e in history if e.kind == "order"}
    assert {r[0] for r in con.execute("SELECT order_id FROM conversions")} == ordered


@given(
    has_click=st.booleans(),
    has_utm=st.booleans(),
    has_code=st.booleans(),
    unknown_click=st.booleans(),
)
@settings(max_examples=40, deadline=None)
def test_matching_prefers_the_click_then_utm_then_the_code(
    has_click: bool, has_utm: bool, has_code: bool, unknown_click: bool
) -> None:
    con = open_db(":memory:")  # type: ignore[arg-type]
    add_link(con, "byClick1", creator="a", campaign="c1", code="AAAA1")
    add_link(con, "byUtm001", creator="b", campaign="c2", code="BBBB2")
    add_link(con, "byCode01", creator="c", campaign="c3", code="CCCC3")
    click = add_click(con, "byClick1") if has_click else ("Z" * 22 if unknown_click else None)
    utm = Utm("instagram", "influencer", "c2", "b") if has_utm else Utm()
    codes = ("NOTACODE", "CCCC3") if has_code else ("NOTACODE",)
    event = OrderEvent("postback", "t", "order", "e1", "o1", "o1", AT, Decimal(10), "SAR", None, click, utm, codes)
    record(con, WS, event, "sha")
    row = con.execute("SELECT link_id, matched_by FROM conversions").fetchone()
    expected = (
        ("byClick1", "click_id")
        if has_click
        else ("byUtm001", "utm")
        if has_utm
        else ("byCode01", "promo_code")
        if has_code
        else (None, None)
    )
    assert tuple(row) == expected


def test_a_link_of_another_workspace_is_never_matched() -> None:
    con = open_db(":memory:")  # type: ignore[arg-type]
    add_link(con, "theirs01", workspace="other", code="THEIRS")
    click = add_click(con, "theirs01")
    event = OrderEvent(
        "postback", "t", "order", "e1", "o1", "o1", AT, Decimal(10), "SAR", None, click, Utm(), ("THEIRS",)
    )
    record(con, WS, event, "sha")
    assert tuple(con.execute("SELECT link_id, matched_by FROM conversions").fetchone()) == (None, None)


def test_the_fixture_bodies_are_json() -> None:
    assert dumps({"a": Decimal("1.5")}) == b'{"a": "1.5"}'


@given(
    source=st.sampled_from(["shopify", "salla", "postback"]),
    where=st.integers(min_value=0),
    flip=st.integers(min_value=1, max_value=255),
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_over_http_a_tampered_body_is_refused_and_nothing_is_stored(
    tmp_path_factory: pytest.TempPathFactory, source: str, where: int, flip: int
) -> None:
    from fastapi.testclient import TestClient

    from mizaan.track.api import create_api
    from tests.track.orders_fixture import salla_event, shopify_order

    path = tmp_path_factory.mktemp("http") / "track.db"
    con = open_db(path)
    body = dumps(
        shopify_order(1, "10.00")
        if source == "shopify"
        else salla_event("order.created", 1, "10.00")
        if source == "salla"
        else {"event": "conversion", "event_id": "e", "order_id": "1", "at": "2026-03-02T10:00:00Z",
              "amount": "10", "currency": "SAR"}
    )  # fmt: skip
    headers, _ = signed(source, body)
    i = where % len(body)
    tampered = body[:i] + bytes([body[i] ^ flip]) + body[i + 1 :]
    with TestClient(create_api(path)) as client:
        got = client.post(f"/hooks/{source}/{WS}", content=tampered, headers=headers)
    assert got.status_code == 401 and set(got.json()["error"]) == {"ar", "en"}
    assert con.execute("SELECT COUNT(*) FROM conversion_events").fetchone()[0] == 0
