"""The measurement's queries over GA4's BigQuery export: run in DuckDB's form on a GA4-shaped table (the
simulator's export with the columns it leaves out, a day's ``_TABLE_SUFFIX`` as BigQuery's wildcard table
gives it, and hand-made awkward events), they give what importing the same export and measuring the store
gives; and their BigQuery text parses back with sqlglot with the same structure and BigQuery's own forms."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
import sqlglot
from sqlglot import exp

from mizaan.measure import DuckDBEngine
from mizaan.measure import ga4_sql as g
from mizaan.measure import queries as q
from mizaan.measure.journeys_sql import aggregate_journeys

TABLE = "my-project.analytics_123456.events_*"
EMPTY_RATES = pa.table({"currency": pa.array([], pa.string()), "rate": pa.array([], pa.float64())})


def _param(key: str, s: str | None = None, i: int | None = None, d: float | None = None) -> dict[str, Any]:
    return {"key": key, "value": {"string_value": s, "int_value": i, "float_value": None, "double_value": d}}


def _event(name: str, ts: int, user: str | None, params: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"event_name": name, "event_timestamp": ts, "user_pseudo_id": user, "event_params": params, **extra}


def awkward_events(day_us: int) -> list[dict[str, Any]]:
    """What real exports hold beside clean events: a source only in the parameters, a Google Ads click, a
    purchase repeated, a value only in the parameters (an integer), events without a user, other events."""
    h = 3_600_000_000
    return [
        _event(
            "session_start",
            day_us + h,
            "zz-1",
            [
                _param("ga_session_id", i=1),
                _param("source", "instagram"),
                _param("medium", "influencer"),
                _param("campaign", "micro-x"),
            ],
        ),
        _event("page_view", day_us + h + 5, "zz-1", []),
        _event(
            "session_start",
            day_us + 2 * h,
            "zz-1",
            [_param("ga_session_id", i=2)],
            collected_traffic_source={"manual_source": "google", "manual_medium": "cpc", "gclid": "abc"},
        ),
        _event(
            "purchase",
            day_us + 3 * h,
            "zz-1",
            [_param("currency", "SAR"), _param("transaction_id", "T-zz")],
            ecommerce={"transaction_id": "T-zz", "purchase_revenue": 120.5},
        ),
        _event(
            "purchase",
            day_us + 3 * h + 9,
            "zz-1",
            [_param("currency", "SAR")],
            ecommerce={"transaction_id": "T-zz", "purchase_revenue": 120.5},
        ),  # GA4 repeats purchases
        _event("purchase", day_us + 4 * h, "zz-2", [_param("currency", "sar"), _param("value", i=80)]),
        _event("session_start", day_us + 5 * h, None, [_param("ga_session_id", i=3)]),
        _event("purchase", day_us + 5 * h, "", [_param("currency", "SAR"), _param("value", d=10.0)]),
    ]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The simulator's GA4 export with the columns GA4 has and it leaves out, and awkward events; and the
    store the GA4 importer makes of the same file."""
    from mizaan.ingest import import_paths
    from mizaan.simulate import simulate

    out = tmp_path_factory.mktemp("ga4")
    simulate(out, seed=5, touchpoints=5000, truth_tables=False)
    events = pq.read_table(out / "exports" / "ga4" / "events.parquet").to_pylist()
    first = min(e["event_timestamp"] for e in events)
    day = first - first % 86_400_000_000 + 3 * 86_400_000_000
    rows = events + awkward_events(day)
    for e in rows:
        when = dt.datetime.fromtimestamp(e["event_timestamp"] / 1e6, dt.UTC)
        e["event_date"] = when.strftime("%Y%m%d")
        e["user_id"] = None
        # the user's first source (not the session's): the queries must not read it
        e["traffic_source"] = {"name": "(referral)", "medium": "referral", "source": "first.example"}
        e.setdefault("collected_traffic_source", None)
        e.setdefault("ecommerce", None)
        if e["ecommerce"] is not None:
            e["ecommerce"] = {"total_item_quantity": 1, "purchase_revenue_in_usd": None, **e["ecommerce"]}
    path = out / "events.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    store = out / "store.duckdb"
    import_paths([path], store, wait=0)
    return path, store


def ga4_connection(path: Path) -> duckdb.DuckDBPyConnection:
    """DuckDB with the export as BigQuery's wildcard table shows it: every column and ``_TABLE_SUFFIX``."""
    con = duckdb.connect()
    DuckDBEngine(con, memory_limit=None)  # UTC and the unix_micros macro, as the engine sets them
    con.execute(f"CREATE VIEW {g.GA4_TABLE} AS SELECT *, event_date AS _TABLE_SUFFIX FROM read_parquet('{path}')")
    return con


def rows(table: pa.Table) -> list[tuple[Any, ...]]:
    def norm(v: Any) -> Any:
        if isinstance(v, float | Decimal):
            return round(float(v), 6)  # the store keeps decimals, BigQuery's FLOAT64 the same value
        return str(v) if isinstance(v, dt.date) else v

    return sorted((tuple(norm(v) for v in r.values()) for r in table.to_pylist()), key=repr)


def traffic(con: duckdb.DuckDBPyConnection, window: q.Window) -> list[g.Traffic]:
    found = con.sql(g.traffic_sql(window)).fetchall()
    return g.classify_traffic([(s, m, c, t, k) for s, m, c, t, k, _ in found])


@pytest.mark.parametrize(
    ("window", "period"),
    [(q.Window(), "month"), (q.Window(dt.date(2025, 2, 1), dt.date(2025, 5, 31)), "week")],
)
def test_the_ga4_queries_measure_what_the_imported_export_measures(
    export: tuple[Path, Path], window: q.Window, period: q.Period
) -> None:
    path, store = export
    con = ga4_connection(path)
    queries = g.ga4_queries(window, period, traffic(con, window), half_life_days=5.0)
    with DuckDBEngine.open(store) as duck:
        duck.register(q.RATES_TABLE, EMPTY_RATES)
        want = aggregate_journeys(duck.query, window, period, 5.0, "duckdb")
        want_touches = duck.query(
            f"SELECT channel, period, SUM(touches) AS touches FROM ({q.touches_sql(window, period)}) t "
            "GROUP BY channel, period"
        )
        want_conversions = duck.query(q.conversions_sql(window, period))
    got_paths = con.sql(queries["paths"]).to_arrow_table()
    assert want.journeys > 100
    assert rows(got_paths.filter(pc.is_valid(got_paths["path"])).select(want.paths.column_names)) == rows(want.paths)
    assert sum(got_paths["journeys"].to_pylist()) >= want.journeys
    assert sum(got_paths["events"].to_pylist()) == want.events
    decay = {
        r["channel"]: (r["credit"], r["value_credit"])
        for r in con.sql(queries["time_decay"]).to_arrow_table().to_pylist()
    }
    assert set(decay) == set(want.time_decay)
    for ch, (credit, value) in decay.items():
        assert math.isclose(credit, want.time_decay[ch], rel_tol=1e-9, abs_tol=1e-9)
        assert math.isclose(value, want.time_decay_value[ch], rel_tol=1e-9, abs_tol=1e-6)
    assert rows(con.sql(queries["touches"]).to_arrow_table()) == rows(want_touches)
    assert rows(con.sql(queries["conversions"]).to_arrow_table()) == rows(want_conversions)
    table = con.sql(queries["path_table"]).to_arrow_table()
    assert math.isclose(sum(table["total_conversions"].to_pylist()), want.conversions - want.unattributed)
    assert "unmapped" not in str(table["path"].to_pylist())


def test_a_source_the_traffic_list_lacks_is_unmapped_not_guessed(export: tuple[Path, Path]) -> None:
    con = ga4_connection(export[0])
    known = [t for t in traffic(con, q.Window()) if t.channel != "search_ads"]
    touches = con.sql(g.ga4_queries(q.Window(), "month", known)["touches"]).to_arrow_table().to_pylist()
    channels = {r["channel"] for r in touches}
    assert g.UNMAPPED in channels and "search_ads" not in channels


def structure(tree: exp.Expr) -> dict[str, Any]:
    return {
        "ctes": [c.alias for c in tree.find_all(exp.CTE)],
        "columns": tree.named_selects,
        "windows": len(list(tree.find_all(exp.Window))),
        "aggregates": sorted(type(a).__name__ for a in tree.find_all(exp.AggFunc)),
        "joins": len(list(tree.find_all(exp.Join))),
        "unions": len(list(tree.find_all(exp.Union))),
        "tables": sorted({t.name for t in tree.find_all(exp.Table)}),
    }


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_the_bigquery_text_parses_back_with_the_same_structure(export: tuple[Path, Path], period: q.Period) -> None:
    window = q.Window(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    con = ga4_connection(export[0])
    queries = {"traffic": g.traffic_sql(window)} | g.ga4_queries(window, period, traffic(con, window))
    for name, sql in queries.items():
        text = g.to_bigquery(sql, TABLE)
        tree = sqlglot.parse_one(text, read="bigquery", error_level=sqlglot.ErrorLevel.RAISE)
        source = structure(sqlglot.parse_one(sql, read="duckdb"))
        source["tables"] = sorted(t if t != g.GA4_TABLE else "events_*" for t in source["tables"])
        assert structure(tree) == source, name
        wildcard = [t for t in tree.find_all(exp.Table) if t.name == "events_*"]
        assert wildcard and all(t.catalog == "my-project" and t.db == "analytics_123456" for t in wildcard)
        assert "`my-project`.`analytics_123456`.`events_*`" in text
        assert "_TABLE_SUFFIX >= '20241231'" in text and "_TABLE_SUFFIX <= '20250401'" in text
        # instants stay TIMESTAMP: BigQuery will not compare them with DATETIME
        assert all(not d.is_type("datetime") for d in tree.find_all(exp.DataType)), name
        assert "UNNEST(event_params)" in text
        truncs = list(tree.find_all(exp.TimestampTrunc))
        assert bool(truncs) == (name not in ("traffic", "time_decay")), name
        for trunc in truncs:
            unit = trunc.args["unit"]
            if period == "week":
                assert isinstance(unit, exp.WeekStart) and unit.name.upper() == "MONDAY", name
            else:
                assert unit.name.upper() == period.upper(), name
    time_decay = g.to_bigquery(queries["time_decay"], TABLE)
    assert "UNIX_MICROS(converted_at)" in time_decay and "POWER(2.0" in time_decay
    assert "STRING_AGG(IF(is_conversion = 0, channel, NULL), ' > '" in g.to_bigquery(queries["paths"], TABLE)


def test_print_sql_prints_the_two_steps(export: tuple[Path, Path], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mizaan.cli.main import app

    runner = CliRunner()
    first = runner.invoke(app, ["measure", "--print-sql", "bigquery", "--ga4-table", TABLE, "--from", "٢٠٢٥-٠١-٠١"])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("-- mizaan: traffic") and "`events_*`" in first.output
    con = ga4_connection(export[0])
    found = con.sql(g.traffic_sql(q.Window(dt.date(2025, 1, 1)))).to_arrow_table()
    csv_path = tmp_path / "traffic.csv"
    pacsv.write_csv(found, csv_path)
    second = runner.invoke(
        app, ["measure", "--print-sql", "bigquery", "--ga4-table", TABLE, "--traffic", str(csv_path), "--by", "week"]
    )
    assert second.exit_code == 0, second.output
    for name in g.QUERY_NAMES:
        assert f"-- mizaan: {name}\n" in second.output
    for chunk in second.output.split(";\n"):
        if chunk.strip():
            sqlglot.parse_one(chunk, read="bigquery", error_level=sqlglot.ErrorLevel.RAISE)
    bad = tmp_path / "bad.csv"
    bad.write_text("source,medium,campaign,content,click,sessions\ngoogle,cpc,,,maybe,3\n", encoding="utf-8")
    third = runner.invoke(
        app, ["measure", "--print-sql", "bigquery", "--ga4-table", TABLE, "--traffic", str(bad), "--lang", "ar"]
    )
    assert third.exit_code == 2
    assert "bad.csv" in third.output and "maybe" in third.output
    missing = runner.invoke(app, ["measure", "--print-sql", "bigquery"])
    assert missing.exit_code == 2 and "--ga4-table" in missing.output
