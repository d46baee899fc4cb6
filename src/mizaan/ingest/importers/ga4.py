"""GA4's BigQuery export -> ``touchpoints`` (one visit per ``session_start``) and ``conversions`` (one per
``purchase``), read from Parquet or newline-delimited JSON with DuckDB, so millions of events are read
as columns, not one by one.

- ``event_timestamp`` is microseconds since the epoch, UTC.
- A session's source, medium and campaign come from ``collected_traffic_source`` (the event's own URL),
  else from the ``source`` / ``medium`` / ``campaign`` event parameters; a ``gclid`` means Google Ads; no
  source at all means ``(direct) / (none)``. (``traffic_source`` is the user's first touch, not the
  session's, and is not used.)
- A purchase's value is ``ecommerce.purchase_revenue`` (else the ``value`` parameter), its currency the
  ``currency`` parameter, its ID ``ecommerce.transaction_id`` (else the ``transaction_id`` parameter).
- Events that are neither are counted as skipped by name; events without a user or a time are rejected.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from mizaan.ingest.channels import Taxonomy
from mizaan.ingest.importers.base import Context
from mizaan.ingest.values import CellError

PARAM = "list_filter(event_params, lambda p: p.key = '{key}')[1].value"
_PARAM_VALUE = "STRUCT(string_value VARCHAR, int_value BIGINT, float_value DOUBLE, double_value DOUBLE)"
NDJSON_COLUMNS = {
    "event_date": "VARCHAR",
    "event_timestamp": "BIGINT",
    "event_name": "VARCHAR",
    "event_params": f"STRUCT(key VARCHAR, value {_PARAM_VALUE})[]",
    "user_pseudo_id": "VARCHAR",
    "user_id": "VARCHAR",
    "collected_traffic_source": "STRUCT(manual_campaign_id VARCHAR, manual_campaign_name VARCHAR, "
    "manual_source VARCHAR, manual_medium VARCHAR, manual_term VARCHAR, "
    "manual_content VARCHAR, gclid VARCHAR, dclid VARCHAR, srsltid VARCHAR)",
    "ecommerce": "STRUCT(transaction_id VARCHAR, purchase_revenue DOUBLE, purchase_revenue_in_usd DOUBLE)",
}


def classify_session(
    tax: Taxonomy, source: str | None, medium: str | None, campaign: str | None, content: str | None, click: bool
) -> str:
    """The channel of a GA4 session from its traffic source (the importer's rule; the BigQuery form of the
    measurement, ``measure/ga4_sql.py``, classifies the same way): no medium and no source is
    ``(direct) / (none)``."""
    src = source or "(direct)" if not medium else source
    return tax.classify(src, medium or "(none)", campaign, content, None, click)


def looks_like_ga4(names: list[str]) -> bool:
    return {"event_name", "event_timestamp", "user_pseudo_id"} <= set(names)


def _source(path: Path, fmt: str) -> str:
    quoted = str(path).replace("'", "''")
    if fmt == "parquet":
        return f"read_parquet('{quoted}')"
    cols = ", ".join(f"'{k}': '{v}'" for k, v in NDJSON_COLUMNS.items())
    return f"read_json('{quoted}', format='newline_delimited', columns={{{cols}}})"


def import_ga4(ctx: Context, fmt: str) -> None:
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        src = _source(ctx.path, fmt)
        try:
            names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
        except duckdb.Error as exc:
            raise CellError("ingest.file.ga4", detail=str(exc).splitlines()[0][:120]) from None
        cts = "collected_traffic_source" in names
        eco = "ecommerce" in names

        def pick(field: str, param: str, kind: str = "string_value") -> str:
            own = f"collected_traffic_source.{field}" if cts else "NULL"
            return f"COALESCE(NULLIF({own}, ''), {PARAM.format(key=param)}.{kind})"

        con.execute(f"""
            CREATE TEMP TABLE ev AS
            SELECT row_number() OVER () AS _row, event_name, event_timestamp, user_pseudo_id,
                   {pick("manual_source", "source")} AS source,
                   {pick("manual_medium", "medium")} AS medium,
                   {pick("manual_campaign_name", "campaign")} AS campaign,
                   {pick("manual_content", "content")} AS content,
                   {"collected_traffic_source.gclid" if cts else "NULL"} AS gclid,
                   {PARAM.format(key="ga_session_id")}.int_value AS session_id,
                   COALESCE({"ecommerce.transaction_id" if eco else "NULL"},
                            {PARAM.format(key="transaction_id")}.string_value) AS transaction_id,
                   COALESCE({"ecommerce.purchase_revenue" if eco else "NULL"},
                            {PARAM.format(key="value")}.double_value,
                            CAST({PARAM.format(key="value")}.int_value AS DOUBLE)) AS revenue,
                   {PARAM.format(key="currency")}.string_value AS currency
            FROM {src}""")
        _read(ctx, con)
    except duckdb.Error as exc:
        raise CellError("ingest.file.ga4", detail=str(exc).splitlines()[0][:120]) from None
    finally:
        con.close()


def _read(ctx: Context, con: duckdb.DuckDBPyConnection) -> None:
    batch = ctx.batch
    wanted = "event_name IN ('session_start', 'purchase')"
    for row, name, field in con.execute(f"""
            SELECT _row, event_name,
                   CASE WHEN user_pseudo_id IS NULL OR user_pseudo_id = '' THEN 'user_pseudo_id'
                        ELSE 'event_timestamp' END
            FROM ev
            WHERE {wanted} AND (user_pseudo_id IS NULL OR user_pseudo_id = '' OR event_timestamp IS NULL)
            ORDER BY _row""").fetchall():
        batch.reject(int(row), "ingest.cell.missing", field=str(field), event=name)
    for name, count in con.execute(
        f"SELECT COALESCE(event_name, '(none)'), COUNT(*) FROM ev WHERE NOT ({wanted}) "
        "OR event_name IS NULL GROUP BY 1 ORDER BY 1"
    ).fetchall():
        batch.skip("ingest.skip.ga4_event", str(name), int(count))
    good = f"{wanted} AND user_pseudo_id IS NOT NULL AND user_pseudo_id <> '' AND event_timestamp IS NOT NULL"

    # visits: classify each distinct (source, medium, campaign, content, gclid) once
    combos = con.execute(f"""SELECT DISTINCT source, medium, campaign, content, gclid IS NOT NULL FROM ev
                             WHERE {good} AND event_name = 'session_start'""").fetchall()
    tax = ctx.taxonomy
    channels = pa.table(
        {
            "k_source": [c[0] for c in combos],
            "k_medium": [c[1] for c in combos],
            "k_campaign": [c[2] for c in combos],
            "k_content": [c[3] for c in combos],
            "k_click": [bool(c[4]) for c in combos],
            "channel": [classify_session(tax, c[0], c[1], c[2], c[3], bool(c[4])) for c in combos],
        }
    )
    con.register("channels", channels)
    visits = con.sql(f"""
        SELECT 'ga4:' || e.user_pseudo_id || ':' || CAST(e.event_timestamp AS VARCHAR) || ':' ||
                   COALESCE(CAST(e.session_id AS VARCHAR), '') AS touchpoint_id,
               e.user_pseudo_id AS user_id, CAST(make_timestamp(e.event_timestamp) AS TIMESTAMPTZ) AS time,
               c.channel,
               e.campaign, NULLIF(e.content, '') AS content, 'visit' AS kind, COALESCE(e.source, '(direct)') AS source,
               COALESCE(e.medium, '(none)') AS medium, 'ga4' AS system,
               '{_lit(ctx.path.name)}' AS source_file, e._row AS source_row
        FROM ev e JOIN channels c
          ON c.k_source IS NOT DISTINCT FROM e.source AND c.k_medium IS NOT DISTINCT FROM e.medium
         AND c.k_campaign IS NOT DISTINCT FROM e.campaign AND c.k_content IS NOT DISTINCT FROM e.content
         AND c.k_click = (e.gclid IS NOT NULL)
        WHERE {
        good.replace("event_name", "e.event_name")
        .replace("user_pseudo_id", "e.user_pseudo_id")
        .replace("event_timestamp", "e.event_timestamp")
    } AND e.event_name = 'session_start'
        ORDER BY e._row""").to_arrow_table()
    visits = _dedupe(ctx, visits, "touchpoint_id")
    batch.add_arrow("touchpoints", visits)

    purchases = con.sql(f"""
        SELECT COALESCE(NULLIF(transaction_id, ''),
                        'ga4:' || user_pseudo_id || ':' || CAST(event_timestamp AS VARCHAR)) AS conversion_id,
               user_pseudo_id AS user_id, CAST(make_timestamp(event_timestamp) AS TIMESTAMPTZ) AS time,
               CAST(ROUND(revenue, 6) AS DECIMAL(38, 12)) AS value, UPPER(currency) AS currency,
               NULLIF(transaction_id, '') AS order_id, 'ga4' AS system,
               '{_lit(ctx.path.name)}' AS source_file, _row AS source_row
        FROM ev WHERE {good} AND event_name = 'purchase' ORDER BY _row""").to_arrow_table()
    purchases = _dedupe(ctx, purchases, "conversion_id")
    batch.add_arrow("conversions", purchases)


def _dedupe(ctx: Context, data: pa.Table, key: str) -> pa.Table:
    """Keep the first row of each key; later ones are rejected as duplicates (GA4 repeats purchases)."""
    if data.num_rows == 0:
        return data
    import pyarrow.compute as pc

    keys = data.column(key)
    if pc.count_distinct(keys).as_py() == data.num_rows:
        return data
    first: dict[str, int] = {}
    keep = []
    rows = data.column("source_row").to_pylist()
    for i, k in enumerate(keys.to_pylist()):
        if k in first:
            ctx.batch.reject(rows[i], "ingest.row.duplicate", first=first[k])
            keep.append(False)
        else:
            first[k] = rows[i]
            keep.append(True)
    return data.filter(pa.array(keep))


def _lit(text: str) -> str:
    return text.replace("'", "''")
