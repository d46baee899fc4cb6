"""The measurement's queries over GA4's BigQuery export, written once (DuckDB's dialect, run by the tests on a
GA4-shaped table) and transpiled to BigQuery's with sqlglot, for an analyst to run where the export lives.

GA4 exports events (``events_YYYYMMDD`` tables: ``event_name``, ``event_timestamp`` in µs UTC,
``user_pseudo_id``, ``event_params`` as an array of key/value structs, ``collected_traffic_source``,
``ecommerce`` …), not our canonical tables. The queries read them as the GA4 importer does
(``ingest/importers/ga4.py``): a ``session_start`` is a visit touch whose source, medium, campaign and content
come from ``collected_traffic_source`` (else the event parameters; a ``gclid`` is a click), a ``purchase`` is a
conversion (``ecommerce.transaction_id``, ``purchase_revenue``, else the parameters), a repeated transaction
ID counts once (the earliest). The ``touchpoints`` and ``conversions`` they build as CTEs are what the
measurement's own queries (``queries.events_sql``, ``journeys_sql.paths_sql`` and ``time_decay_sql``) read,
unchanged.

A session's channel is the taxonomy's (``ingest.classify_session``), a Python rule over folded text that no
SQL engine has: so there are two steps. ``traffic_sql`` lists the window's distinct traffic sources (a few
hundred rows, whatever the events); the analyst saves its result as CSV; mizaan classifies each row and
writes the channel of each into the measurement queries as a small inline table. A source the list does not
hold is the channel ``unmapped`` (never guessed): run the first step again over the same window.

BigQuery differs from DuckDB where sqlglot's translation is not enough, and ``to_bigquery`` fixes it: weeks
start on Monday (``WEEK(MONDAY)``; BigQuery's ``WEEK`` is Sunday's), the export's wildcard table is named
with backticks, and ordering keys inside windows and aggregates are never null (so the null order sqlglot
cannot write there does not matter). Instants are ``TIMESTAMP`` (UTC) on both, never ``DATETIME``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import sqlglot
from sqlglot import exp

from mizaan.errors import InputError, Problem
from mizaan.ingest import RateTable, Taxonomy, classify_session, load_taxonomy
from mizaan.measure.journeys_sql import paths_sql, time_decay_sql
from mizaan.measure.queries import PERIODS, Period, Window

GA4_TABLE = "ga4_events"  # the export's table in the DuckDB form; the user's wildcard table in BigQuery's
UNMAPPED = "unmapped"
TRAFFIC_COLUMNS = ("source", "medium", "campaign", "content", "click")
QUERY_NAMES = ("touches", "conversions", "paths", "path_table", "time_decay")
DIALECTS = ("bigquery", "duckdb")

_PARAM = "(SELECT p.value.{kind} FROM UNNEST(event_params) AS p WHERE p.key = '{key}' LIMIT 1)"


def _param(key: str, kind: str = "string_value") -> str:
    return _PARAM.format(key=key, kind=kind)


def _lit(text: str | None) -> str:
    return "NULL" if text is None else "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass(frozen=True)
class UtcWindow(Window):
    """A window whose bounds are UTC instants (``TIMESTAMPTZ`` in DuckDB, ``TIMESTAMP`` in BigQuery): GA4's
    event times are instants, and BigQuery refuses to compare a ``TIMESTAMP`` with a ``DATETIME``."""

    def instants(self, column: str = "time") -> str:
        parts = ["1 = 1"]
        if self.start is not None:
            parts.append(f"{column} >= TIMESTAMPTZ '{self.start.isoformat()} 00:00:00+00'")
        if self.end is not None:
            after = self.end + dt.timedelta(days=1)
            parts.append(f"{column} < TIMESTAMPTZ '{after.isoformat()} 00:00:00+00'")
        return " AND ".join(parts)

    def suffixes(self) -> str:
        """The daily tables that can hold the window's events (``_TABLE_SUFFIX`` is the day in the
        property's time zone: a day's margin either side), so BigQuery scans only those."""
        parts = ["1 = 1"]
        if self.start is not None:
            parts.append(f"_TABLE_SUFFIX >= '{(self.start - dt.timedelta(days=1)).strftime('%Y%m%d')}'")
        if self.end is not None:
            parts.append(f"_TABLE_SUFFIX <= '{(self.end + dt.timedelta(days=1)).strftime('%Y%m%d')}'")
        return " AND ".join(parts)


def _sessions(window: UtcWindow) -> str:
    def pick(field: str, param: str) -> str:
        return f"COALESCE(NULLIF(collected_traffic_source.{field}, ''), {_param(param)}, '')"

    return f"""
ga4_sessions AS (
  SELECT 'ga4:' || user_pseudo_id || ':' || CAST(event_timestamp AS VARCHAR) || ':' ||
           COALESCE(CAST({_param("ga_session_id", "int_value")} AS VARCHAR), '') AS touchpoint_id,
         user_pseudo_id AS user_id, event_timestamp,
         CAST(make_timestamp(event_timestamp) AS TIMESTAMPTZ) AS time,
         {pick("manual_source", "source")} AS source, {pick("manual_medium", "medium")} AS medium,
         {pick("manual_campaign_name", "campaign")} AS campaign, {pick("manual_content", "content")} AS content,
         collected_traffic_source.gclid IS NOT NULL AS click
  FROM {GA4_TABLE}
  WHERE event_name = 'session_start' AND user_pseudo_id IS NOT NULL AND user_pseudo_id <> ''
    AND event_timestamp IS NOT NULL AND {window.suffixes()}
)"""


def traffic_sql(window: Window) -> str:
    """Step 1: the window's distinct traffic sources of sessions (what ``read_traffic`` reads back), with how
    many sessions each had."""
    w = UtcWindow(window.start, window.end)
    return f"""
WITH {_sessions(w).strip()}
SELECT source, medium, campaign, content, click, COUNT(*) AS sessions
FROM ga4_sessions WHERE {w.instants()}
GROUP BY source, medium, campaign, content, click
ORDER BY sessions DESC, source, medium, campaign, content, click"""


@dataclass(frozen=True)
class Traffic:
    """A traffic source of sessions and its channel."""

    source: str
    medium: str
    campaign: str
    content: str
    click: bool
    channel: str


def classify_traffic(
    rows: Iterable[tuple[str, str, str, str, bool]], taxonomy: Taxonomy | None = None
) -> list[Traffic]:
    """Each traffic source's channel, by the rule the GA4 importer applies."""
    tax = taxonomy or load_taxonomy()
    return [Traffic(s, m, c, t, k, classify_session(tax, s, m, c, t, k)) for s, m, c, t, k in rows]


def read_traffic(path: str | Path) -> list[tuple[str, str, str, str, bool]]:
    """The result of ``traffic_sql`` saved as CSV (BigQuery's download: a header, ``true``/``false``)."""
    name = str(path)
    p = Path(path)
    if not p.is_file():
        raise InputError([Problem("v.no_file", {"path": name}, file=name)], file=name)
    with p.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in TRAFFIC_COLUMNS if c not in header]
        if missing:
            raise InputError(
                [Problem("measure.ga4.traffic_columns", {"columns": ", ".join(missing)}, file=name, row=1)],
                file=name,
            )
        at = [header.index(c) for c in TRAFFIC_COLUMNS]
        rows: list[tuple[str, str, str, str, bool]] = []
        problems: list[Problem] = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < len(header):
                problems.append(Problem("measure.ga4.traffic_short", {"cells": len(cells)}, file=name, row=number))
                continue
            s, m, c, t, k = (cells[i] for i in at)
            click = k.strip().lower()
            if click not in ("true", "false", "1", "0"):
                problems.append(
                    Problem(
                        "measure.ga4.traffic_click",
                        {"value": k},
                        file=name,
                        row=number,
                        column=at[4] + 1,
                        field="click",
                    )
                )
                continue
            rows.append((s, m, c, t, click in ("true", "1")))
        if problems:
            raise InputError(problems, file=name)
    return rows


def _channels(traffic: Sequence[Traffic]) -> str:
    rows = [
        f"SELECT {_lit(r.source)} AS source, {_lit(r.medium)} AS medium, {_lit(r.campaign)} AS campaign, "
        f"{_lit(r.content)} AS content, {'TRUE' if r.click else 'FALSE'} AS click, {_lit(r.channel)} AS channel"
        for r in traffic
    ]
    if not rows:  # no session in the window: an empty map with its columns
        rows = [
            "SELECT '' AS source, '' AS medium, '' AS campaign, '' AS content, FALSE AS click, "
            "'' AS channel FROM (SELECT 1 AS one) z WHERE 1 = 0"
        ]
    return "\n  UNION ALL ".join(rows)


def _rates(rates: RateTable | None) -> str:
    given = sorted((rates.rates if rates else {}).items())
    rows = [f"SELECT {_lit(c)} AS currency, CAST({r} AS DOUBLE) AS rate" for c, r in given]
    if rates is not None:
        rows.append(f"SELECT {_lit(rates.target)} AS currency, CAST(1 AS DOUBLE) AS rate")
    if not rows:  # no conversion: every value as GA4 gives it
        rows = [
            "SELECT CAST(NULL AS VARCHAR) AS currency, CAST(NULL AS DOUBLE) AS rate FROM (SELECT 1 AS one) z "
            "WHERE 1 = 0"
        ]
    return "\n  UNION ALL ".join(rows)


def _tables(window: UtcWindow, traffic: Sequence[Traffic], rates: RateTable | None) -> str:
    """The CTEs that turn the export into the canonical ``touchpoints`` and ``conversions``."""
    return f"""{_sessions(window).strip()},
ga4_channels AS (
  {_channels(traffic)}
),
touchpoints AS (
  SELECT touchpoint_id, user_id, time, channel FROM (
    SELECT s.touchpoint_id, s.user_id, s.time, COALESCE(c.channel, '{UNMAPPED}') AS channel,
           ROW_NUMBER() OVER (PARTITION BY s.touchpoint_id ORDER BY s.event_timestamp) AS nth
    FROM ga4_sessions s LEFT JOIN ga4_channels c
      ON c.source = s.source AND c.medium = s.medium AND c.campaign = s.campaign AND c.content = s.content
     AND c.click = s.click
  ) v WHERE nth = 1
),
ga4_purchases AS (
  SELECT COALESCE(NULLIF(COALESCE(ecommerce.transaction_id, {_param("transaction_id")}), ''),
                  'ga4:' || user_pseudo_id || ':' || CAST(event_timestamp AS VARCHAR)) AS conversion_id,
         user_pseudo_id AS user_id, CAST(make_timestamp(event_timestamp) AS TIMESTAMPTZ) AS time,
         ROUND(COALESCE(ecommerce.purchase_revenue, {_param("value", "double_value")},
                        CAST({_param("value", "int_value")} AS DOUBLE)), 6) AS value,
         UPPER({_param("currency")}) AS currency, event_timestamp
  FROM {GA4_TABLE}
  WHERE event_name = 'purchase' AND user_pseudo_id IS NOT NULL AND user_pseudo_id <> ''
    AND event_timestamp IS NOT NULL AND {window.suffixes()}
),
conversions AS (
  SELECT conversion_id, user_id, time, value, currency FROM (
    SELECT conversion_id, user_id, time, value, currency,
           ROW_NUMBER() OVER (PARTITION BY conversion_id ORDER BY event_timestamp, user_id) AS nth
    FROM ga4_purchases
  ) once WHERE nth = 1
),
mizaan_rates AS (
  {_rates(rates)}
)"""


def _with(ctes: str, body: str) -> str:
    body = body.strip()
    if body.upper().startswith("WITH "):
        return f"WITH {ctes},\n{body[5:].lstrip()}"
    return f"WITH {ctes}\n{body}"


def _period(expr: str, period: Period) -> str:
    return f"CAST(date_trunc('{period}', {expr}) AS DATE)"


def ga4_queries(
    window: Window,
    period: Period,
    traffic: Sequence[Traffic],
    *,
    half_life_days: float = 7.0,
    rates: RateTable | None = None,
) -> dict[str, str]:
    """Step 2: the measurement's queries over the export (DuckDB's dialect, over ``GA4_TABLE``), by name:
    touches and conversions per period, the path table per period of conversion (``paths``, with the
    unattributed conversions as the rows without a path), the same summed over periods in ChannelAttribution's
    columns (``path_table``, for ``mizaan attribute``), and time decay's credit per channel."""
    w = UtcWindow(window.start, window.end)
    ctes = _tables(w, traffic, rates)
    touches = f"""
SELECT channel, {_period("time", period)} AS period, COUNT(*) AS touches
FROM touchpoints WHERE {w.instants()}
GROUP BY channel, {_period("time", period)}
ORDER BY channel, period"""
    conversions = f"""
SELECT {_period("time", period)} AS period, currency, COUNT(*) AS conversions, SUM(value) AS value
FROM conversions WHERE {w.instants()}
GROUP BY {_period("time", period)}, currency
ORDER BY period, currency NULLS LAST"""
    paths = paths_sql(w, period, "portable")
    path_table = f"""
SELECT path, SUM(total_conversions) AS total_conversions, SUM(total_conversion_value) AS total_conversion_value,
       SUM(total_null) AS total_null
FROM ({paths}) by_period
WHERE path IS NOT NULL
GROUP BY path
ORDER BY path"""
    return {
        "touches": _with(ctes, touches),
        "conversions": _with(ctes, conversions),
        "paths": _with(ctes, paths + "\nORDER BY period, path NULLS LAST"),
        "path_table": _with(ctes, path_table),
        "time_decay": _with(ctes, time_decay_sql(w, half_life_days, "portable") + "\nORDER BY channel"),
    }


def to_bigquery(sql: str, table: str) -> str:
    """One query of this module in BigQuery's dialect, reading ``table`` (the export's wildcard table,
    ``project.analytics_123.events_*``) for ``GA4_TABLE``. Raises ``sqlglot`` errors rather than writing a
    query BigQuery would run differently."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    parts = [part for part in table.replace("`", "").split(".") if part]
    names = [exp.to_identifier(part, quoted=True) for part in parts]
    target = exp.Table(
        this=names[-1], db=names[-2] if len(names) > 1 else None, catalog=names[-3] if len(names) > 2 else None
    )
    for node in list(tree.find_all(exp.Table)):
        if node.name == GA4_TABLE and not node.db:
            swapped = target.copy()
            if node.alias:
                swapped.set("alias", node.args["alias"])
            node.replace(swapped)
    for trunc in tree.find_all(exp.TimestampTrunc, exp.DateTrunc):
        unit = trunc.args.get("unit")
        if unit is not None and unit.name.upper() == "WEEK":  # ISO weeks, as DuckDB's: BigQuery's WEEK is Sunday's
            trunc.set("unit", exp.WeekStart(this=exp.var("MONDAY")))
    for select in tree.find_all(exp.Select):
        # a grouped expression named in the select list is grouped by its position: sqlglot would name it by
        # its alias, and an alias that is also a column of the FROM (``path``) is ambiguous in BigQuery
        group = select.args.get("group")
        if group is None:
            continue
        where = {s.this: i for i, s in enumerate(select.selects, start=1) if isinstance(s, exp.Alias)}
        for grouped in group.expressions:
            if not isinstance(grouped, exp.Column) and grouped in where:
                grouped.replace(exp.Literal.number(where[grouped]))
    for ordered in tree.find_all(exp.Ordered):
        # inside a window or an aggregate every ordering key (user, time, kind, ID) is never null, so BigQuery's
        # null order (which it cannot be told there) gives the same rows
        if ordered.find_ancestor(exp.Window, exp.AggFunc) is not None:
            ordered.set("nulls_first", not ordered.args.get("desc"))
    return tree.sql(dialect="bigquery", pretty=True, unsupported_level=sqlglot.ErrorLevel.RAISE)


def script(
    dialect: str,
    table: str,
    window: Window,
    period: Period,
    traffic: Sequence[Traffic] | None,
    *,
    half_life_days: float = 7.0,
    rates: RateTable | None = None,
) -> str:
    """What ``mizaan measure --print-sql`` prints: without ``traffic``, step 1 (the traffic sources to save as
    CSV); with it, every query of step 2, each after a comment naming it."""

    def render(sql: str) -> str:
        if dialect == "bigquery":
            return to_bigquery(sql, table)
        return sql.strip().replace(f"FROM {GA4_TABLE}", f"FROM {table}")

    if traffic is None:
        return f"-- mizaan: traffic\n{render(traffic_sql(window))};\n"
    queries = ga4_queries(window, period, traffic, half_life_days=half_life_days, rates=rates)
    return "\n".join(f"-- mizaan: {name}\n{render(sql)};\n" for name, sql in queries.items())


def ga4_script(
    dialect: str,
    table: str | None,
    start: dt.date | None,
    end: dt.date | None,
    period: str,
    *,
    traffic: str | Path | None = None,
    taxonomy: str | Path | None = None,
    half_life_days: float = 7.0,
    rates: RateTable | None = None,
) -> str:
    """``mizaan measure --print-sql``: step 1 without ``traffic`` (the CSV of step 1's result), step 2 with it;
    the options checked, each problem an ``InputError`` naming the option or the file, row and column."""
    problems = []
    if dialect not in DIALECTS:
        problems.append(Problem("measure.ga4.dialect", {"value": dialect}, field="--print-sql"))
    if not table:
        problems.append(Problem("measure.ga4.no_table", {}, field="--ga4-table"))
    if period not in PERIODS:
        problems.append(Problem("measure.bad_period", {"value": period, "expected": ", ".join(PERIODS)}, field="--by"))
    if start is not None and end is not None and end < start:
        problems.append(Problem("measure.bad_window", {"start": start.isoformat(), "end": end.isoformat()}))
    if problems or table is None:
        raise InputError(problems)
    sources = None
    if traffic is not None:
        sources = classify_traffic(read_traffic(traffic), load_taxonomy(taxonomy))
    return script(
        dialect,
        table,
        Window(start, end),
        cast(Period, period),  # checked above
        sources,
        half_life_days=half_life_days,
        rates=rates,
    )
