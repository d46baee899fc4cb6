"""Simulate -> real-format exports -> import -> the canonical tables equal the simulated ones."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mizaan.ingest import ImportReport, Store
from mizaan.ingest.report import json_safe
from mizaan.simulate import simulate

KEYS = {
    "spend": ["channel", "date", "platform", "campaign"],
    "influencer_posts": ["post_id"],
    "touchpoints": ["touchpoint_id"],
    "conversions": ["conversion_id"],
    "orders": ["order_id"],
}


def _rows(table: pa.Table, keys: list[str]) -> list[dict[str, Any]]:
    drop = [c for c in ("source_file", "source_row") if c in table.column_names]
    rows = table.drop_columns(drop).to_pylist()
    return sorted(rows, key=lambda r: tuple(str(r[k]) for k in keys))


def _normal(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: (v.normalize() if isinstance(v, Decimal) else v) for k, v in r.items()} for r in rows]


@pytest.fixture(scope="module")
def imported(world: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportReport, Path]:
    from mizaan.ingest import ImportOptions, import_paths

    store = tmp_path_factory.mktemp("store") / "project.duckdb"
    return import_paths([world / "exports"], store, ImportOptions(timezone="Asia/Riyadh")), store


def test_importing_a_simulated_world_rejects_nothing(imported: tuple[ImportReport, Path]) -> None:
    report, _ = imported
    assert report.rejected == []
    assert set(report.read) == {"spend", "influencer_posts", "orders", "touchpoints", "conversions"}


def test_the_import_summary_shows_the_truth_files_totals(
    imported: tuple[ImportReport, Path], truth: dict[str, Any]
) -> None:
    report, _ = imported
    assert json_safe(report.totals) == truth["totals"]


@pytest.mark.parametrize("table", list(KEYS))
def test_every_canonical_table_equals_the_simulated_one(
    imported: tuple[ImportReport, Path], world: Path, table: str
) -> None:
    _, store = imported
    expected = pq.read_table(world / "truth" / f"{table}.parquet")
    with Store(store, read_only=True) as st:
        got = st.table(table)
    exp_rows, got_rows = _normal(_rows(expected, KEYS[table])), _normal(_rows(got, KEYS[table]))
    if table == "orders":  # landing pages are the shop's own record; the truth does not keep them
        for r in got_rows:
            r["landing_page"] = None
    assert len(got_rows) == len(exp_rows)
    assert got_rows == exp_rows


def test_spend_by_channel_and_day_matches_to_the_cent(imported: tuple[ImportReport, Path], world: Path) -> None:
    from mizaan.ingest.queries import SPEND_BY_CHANNEL_DAY

    _, store = imported
    expected: dict[tuple[str, Any], Decimal] = {}
    for r in pq.read_table(world / "truth" / "spend.parquet").to_pylist():
        key = (r["channel"], r["date"])
        expected[key] = expected.get(key, Decimal(0)) + r["cost"]
    with Store(store, read_only=True) as st:
        got = {(r["channel"], r["day"]): r["cost"] for r in st.query(SPEND_BY_CHANNEL_DAY).to_pylist()}
    assert got == expected


@pytest.mark.parametrize("shop", ["salla", "zid", "woocommerce"])
def test_every_shop_format_round_trips(shop: str, tmp_path: Path, run_import: Callable[..., ImportReport]) -> None:
    import json

    simulate(tmp_path / "w", seed=3, touchpoints=2500, shop=shop, truth_tables=True)
    report = run_import(tmp_path / "w" / "exports", timezone="Asia/Riyadh")
    truth = json.loads((tmp_path / "w" / "truth.json").read_text(encoding="utf-8"))
    assert report.rejected == []
    assert json_safe(report.totals) == truth["totals"]
    expected = pq.read_table(tmp_path / "w" / "truth" / "orders.parquet")
    with Store(tmp_path / "store.duckdb", read_only=True) as st:
        got = st.table("orders")
    assert _normal(_rows(got.drop_columns(["landing_page"]), ["order_id"])) == _normal(
        _rows(expected.drop_columns(["landing_page"]), ["order_id"])
    )
