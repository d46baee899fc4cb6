"""Into measurement: the tracker's clicks and conversions feed the store ``mizaan measure`` reads, so the
models see click -> order journeys; reversals reach the store; feeding twice changes nothing; the side by
side report puts the platforms', the tracker's and the models' figures per channel and creator, with
imported shop orders joined by promo code; and the CLI says it in Arabic and English."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import typer
from typer.testing import CliRunner

from mizaan.cli.track_orders_cmd import register
from mizaan.ingest import Store, arrow_schema
from mizaan.measure import DuckDBEngine, measure
from mizaan.track.orders import IMPORTED_ORDERS_SQL, OrderEvent, Utm, feed, record, side_by_side
from tests.track.orders_fixture import WS, add_click, add_link, open_db

DAY = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


def _write(store: Store, table: str, rows: list[dict[str, Any]]) -> None:
    schema = arrow_schema(table)
    with store.transaction():
        store.write(table, pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema))


def order(
    order_id: str, amount: str, click: str | None = None, codes: tuple[str, ...] = (), kind: str = "order"
) -> OrderEvent:
    return OrderEvent(
        "shopify", kind, kind, f"{order_id}-{kind}-{amount}", order_id, order_id, DAY,  # type: ignore[arg-type]
        Decimal(amount) if amount else None, "SAR", "cust-" + order_id, click, Utm(), codes,
    )  # fmt: skip


@pytest.fixture
def world(tmp_path: Path) -> tuple[sqlite3.Connection, Path]:
    con = open_db(tmp_path / "track.db")
    add_link(con, "lnkNoura1", creator="noura", code="NOURA10")
    add_link(con, "lnkFahad1", creator="fahad", code="FAHAD10")
    clicks = [add_click(con, "lnkNoura1", at=f"2026-03-0{d}T08:00:00Z", visitor=f"v{d}") for d in (1, 2)]
    add_click(con, "lnkNoura1", bot=True)
    con.execute("UPDATE clicks SET duplicate = 1 WHERE visitor = 'v1'")
    add_click(con, "lnkFahad1", at="2026-03-01T09:00:00Z", visitor="f1")
    record(con, WS, order("#1", "200.00", click=clicks[1]), "s")
    record(con, WS, order("#2", "150.00", codes=("FAHAD10",)), "s")
    record(con, WS, order("#2", "50.00", kind="refund"), "s")
    record(con, WS, order("#3", "90.00", codes=("NOURA10",)), "s")
    record(con, WS, order("#3", "", kind="cancel"), "s")
    store_path = tmp_path / "store.duckdb"
    with Store(store_path) as store:
        base = {"source_file": "posts.csv", "source_row": 1, "platform": "instagram", "currency": "SAR"}
        _write(store, "influencer_posts", [
            {**base, "post_id": "p1", "date": dt.date(2026, 3, 1), "influencer": "noura", "tier": "micro",
             "channel": "influencer_micro", "cost": Decimal(500), "link_clicks": 40, "promo_code": "NOURA10"},
        ])  # fmt: skip
        _write(store, "orders", [
            {"source_file": "shop.csv", "source_row": 2, "shop": "salla", "order_id": "9001", "time": DAY,
             "revenue": Decimal("70.50"), "currency": "SAR", "discount_code": "noura10", "status": "completed"},
            {"source_file": "shop.csv", "source_row": 3, "shop": "salla", "order_id": "9002",
             "time": DAY, "revenue": Decimal("30"), "currency": "SAR", "discount_code": "NOURA10", "status": "ملغي"},
        ])  # fmt: skip
    return con, store_path


def test_feeding_the_store_is_complete_reversible_and_idempotent(world: tuple[sqlite3.Connection, Path]) -> None:
    con, store_path = world
    with Store(store_path) as store:
        fed = feed(con, store, WS)
        before = {t: store.table(t).to_pylist() for t in ("touchpoints", "orders", "conversions")}
        again = feed(con, store, WS)
        assert {t: store.table(t).to_pylist() for t in before} == before and again == fed
        tracked = store.query(
            "SELECT order_id, revenue, channel, discount_code FROM orders "
            "WHERE source_file = 'mizaan-track' ORDER BY order_id"
        ).to_pylist()
        touches = store.query("SELECT user_id, kind, channel, content FROM touchpoints ORDER BY time").to_pylist()
        conv = store.query("SELECT conversion_id, user_id FROM conversions ORDER BY conversion_id").to_pylist()
    assert (fed.touchpoints, fed.skipped_bots, fed.skipped_repeats, fed.removed) == (2, 1, 1, 1)
    assert [(r["order_id"], r["revenue"], r["channel"]) for r in tracked] == [
        ("#1", Decimal("200.00"), "influencer_micro"),
        ("#2", Decimal("100.00"), "influencer_micro"),  # after its 50.00 refund
    ]  # the cancelled #3 never reaches the store
    assert {t["user_id"] for t in touches} == {"mz:v2", "mz:f1"} and {t["kind"] for t in touches} == {"click"}
    assert {"noura", "fahad"} == {t["content"] for t in touches}
    # the order matched by its click belongs to the clicker: a journey from the click to the order
    assert {c["conversion_id"]: c["user_id"] for c in conv} == {"shopify:#1": "mz:v2", "shopify:#2": "customer:cust-#2"}


def test_a_cancellation_after_feeding_takes_the_order_out_of_the_store(world: tuple[sqlite3.Connection, Path]) -> None:
    con, store_path = world
    with Store(store_path) as store:
        feed(con, store, WS)
        record(con, WS, order("#1", "", kind="cancel"), "s")
        feed(con, store, WS)
        left = store.query("SELECT order_id FROM orders WHERE source_file = 'mizaan-track'").to_pylist()
        assert left == [{"order_id": "#2"}]
        assert store.query("SELECT COUNT(*) AS n FROM conversions WHERE order_id = '#1'").to_pylist() == [{"n": 0}]


def test_the_report_puts_the_three_views_side_by_side(world: tuple[sqlite3.Connection, Path]) -> None:
    con, store_path = world
    with Store(store_path) as store:
        feed(con, store, WS)
    engine = DuckDBEngine.open(store_path)
    try:
        m = measure(engine)
        imported = engine.query(IMPORTED_ORDERS_SQL).to_pylist()
    finally:
        engine.close()
    report = side_by_side(con, WS, m, imported).to_json_dict()
    creators = {c["key"]: c for c in report["creators"]}
    noura, fahad = creators["noura"], creators["fahad"]
    assert noura["platform"] == {"spend": "500.00", "conversions": None, "clicks": 40}
    assert noura["tracker"]["clicks"] == 2 and noura["tracker"]["bots"] == 1  # a repeat is still a human click
    # #1 by its click, 9001 imported with Noura's code; #3 cancelled and 9002 cancelled in the export
    assert noura["tracker"]["matched_by"] == {"click_id": 1, "import_code": 1}
    assert noura["tracker"]["revenue"] == {"SAR": "270.50"} and noura["tracker"]["reversed"] == 2
    assert fahad["tracker"]["orders"] == 1 and fahad["tracker"]["revenue"] == {"SAR": "100.00"}
    micro = {c["key"]: c for c in report["channels"]}["influencer_micro"]
    assert micro["platform"]["spend"] == "500.00"
    assert micro["models"] and all(v >= 0 for v in micro["models"].values())
    assert sum(micro["models"].values()) > 0  # the models credit the channel whose clicks led to orders
    assert report["funnel_model"] == m.funnel_model


def test_the_cli_report_in_arabic_and_english_and_conversions_as_json(
    world: tuple[sqlite3.Connection, Path], tmp_path: Path
) -> None:
    _, store_path = world
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    db = str(tmp_path / "track.db")
    ar = runner.invoke(
        app, ["report", "--db", db, "--store", str(store_path), "--workspace", WS, "--lang", "ar", "--digits", "arab"]
    )
    assert ar.exit_code == 0, ar.output
    assert "حسب المؤثر" in ar.output and "ما تقوله الروابط والرموز" in ar.output and "noura" in ar.output
    assert "٢٠٠" in ar.output or "٢٧٠" in ar.output
    en = runner.invoke(app, ["report", "--db", db, "--workspace", WS, "--lang", "en"])
    assert en.exit_code == 0 and "By creator" in en.output and "no measurement store" in en.output
    got = runner.invoke(app, ["conversions", "--db", db, "--json"])
    data = json.loads(got.output)
    assert data["orders"] == 3 and data["by_status"] == {"paid": 2, "cancelled": 1}
    assert data["matched_by"] == {"click_id": 1, "promo_code": 2}
    bad = runner.invoke(app, ["report", "--db", db, "--workspace", "no spaces!", "--lang", "ar"])
    assert bad.exit_code == 2 and "اسم المساحة" in bad.output


def test_the_cli_makes_secrets_and_tokens(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    db = str(tmp_path / "t.db")
    made = runner.invoke(app, ["secret", "--workspace", WS, "--db", db, "--source", "zid"])
    assert made.exit_code == 0 and f"/hooks/zid/{WS}?token=" in made.output
    kept = runner.invoke(
        app, ["secret", "--workspace", WS, "--db", db, "--source", "shopify", "--set"], input="shpss_" + "x" * 20 + "\n"
    )
    assert kept.exit_code == 0 and "shpss_" not in kept.stdout
    short = runner.invoke(app, ["secret", "--workspace", WS, "--db", db, "--source", "salla", "--set"], input="short\n")
    assert short.exit_code == 2
    tok = runner.invoke(app, ["token", "--workspace", WS, "--db", db])
    assert tok.exit_code == 0 and tok.stdout.strip().splitlines()[-1].startswith("mzt_")
