"""Journeys as aggregations on the engine: what ``journeys.build_journeys`` adds up from the ordered event
stream, computed where the events are (Spark's executors, a cluster) so that only aggregates come back.

Three queries over the window's events (``queries.events_sql`` without its order):

1. journeys: each user's events numbered into journeys with window functions (a journey ends at a
   conversion; several conversions with no touch between them belong to one), then one row per journey
   (touches, conversions, value, time of the last conversion, its path of channels in order), then grouped
   by (period of conversion, path): the ChannelAttribution-style path table, with the journeys that had
   no touch (unattributed conversions) as the rows without a path;
2. time decay's credit per channel: each touch's weight ``2 ** (-age / half_life)`` shared within its
   journey, summed per channel (the one model that needs the times);
3. nothing else: every other model (rule-based, Markov, Shapley) reads the path table, an aggregate whose
   size is the number of distinct paths, not of touchpoints.

The SQL is written once with the few functions that differ named per engine (``Dialect``): Spark SQL and
DuckDB. ``tests/measure/test_journeys_sql.py`` checks the result against ``build_journeys`` on DuckDB's
stream, on Spark ``local[2]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mizaan.measure.journeys import PATH_SCHEMA, PATH_SEP, JourneyAggregate
from mizaan.measure.queries import Period, Window, events_sql

ORDER = "time, is_conversion, event_id"


@dataclass(frozen=True)
class Dialect:
    """How an engine writes the few things SQL engines write differently."""

    path: str  # the touches' channels of a journey, in order, joined by PATH_SEP (NULL without touches)
    micros: str  # an instant as microseconds since 1970 ({} is the instant)
    exp2: str  # 2 to the power {}


SPARK = Dialect(
    path=(
        "array_join(transform(array_sort(collect_list(CASE WHEN is_conversion = 0 THEN "
        f"named_struct('t', time, 'id', event_id, 'ch', channel) END)), x -> x.ch), '{PATH_SEP}')"
    ),
    micros="unix_micros({})",
    exp2="pow(2.0, {})",
)
DUCKDB = Dialect(
    path=f"string_agg(channel, '{PATH_SEP}' ORDER BY time, event_id) FILTER (WHERE is_conversion = 0)",
    micros="epoch_us({})",
    exp2="pow(2.0, {})",
)
# DuckDB's text in the functions sqlglot knows how to write for other engines (BigQuery: measure/ga4_sql.py);
# ``unix_micros`` is the macro the DuckDB engine defines.
PORTABLE = Dialect(path=DUCKDB.path, micros="unix_micros({})", exp2="pow(2.0, {})")
DIALECTS = {"spark": SPARK, "duckdb": DUCKDB, "portable": PORTABLE}


def numbered_cte(window: Window) -> str:
    """Every event with its journey: ``j`` counts the journeys begun so far in the user's events."""
    events = events_sql(window).rsplit("ORDER BY", 1)[0]
    return f"""
numbered AS (
  SELECT user_id, time, is_conversion, event_id, channel, value,
         SUM(starts) OVER (PARTITION BY user_id ORDER BY {ORDER} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
           AS j
  FROM (
    SELECT e.*, CASE WHEN is_conversion = 0 AND LAG(is_conversion) OVER (PARTITION BY user_id ORDER BY {ORDER}) = 1
                THEN 1 ELSE 0 END AS starts
    FROM ({events}) e
  ) s
)"""


def _journeys(d: Dialect) -> str:
    return f"""
journeys AS (
  SELECT user_id, j, COUNT(*) AS events, SUM(1 - is_conversion) AS touches, SUM(is_conversion) AS conversions,
         SUM(CASE WHEN is_conversion = 1 THEN value ELSE 0 END) AS value,
         MAX(CASE WHEN is_conversion = 1 THEN time END) AS converted_at,
         {d.path} AS path
  FROM numbered GROUP BY user_id, j
)"""


def paths_sql(window: Window, period: Period, dialect: str) -> str:
    """One row per (period, path): conversions, value, journeys that did not convert, journeys, touches
    and events; ``path`` NULL for the journeys without a touch (their conversions are unattributed)."""
    d = DIALECTS[dialect]
    unit = {"day": "DAY", "week": "WEEK", "month": "MONTH"}[period]
    return f"""
WITH {numbered_cte(window)},
{_journeys(d)}
SELECT CAST(date_trunc('{unit}', converted_at) AS DATE) AS period,
       CASE WHEN touches > 0 THEN path END AS path,
       CAST(SUM(conversions) AS DOUBLE) AS total_conversions,
       CAST(SUM(value) AS DOUBLE) AS total_conversion_value,
       CAST(SUM(CASE WHEN conversions = 0 THEN 1 ELSE 0 END) AS DOUBLE) AS total_null,
       COUNT(*) AS journeys, SUM(touches) AS touches, SUM(events) AS events
FROM journeys
GROUP BY CAST(date_trunc('{unit}', converted_at) AS DATE), CASE WHEN touches > 0 THEN path END"""


def time_decay_sql(window: Window, half_life_days: float, dialect: str) -> str:
    """Time decay's credit and value credit per channel, over the journeys that converted."""
    d = DIALECTS[dialect]
    age = f"GREATEST(({d.micros.format('converted_at')} - {d.micros.format('time')}) / 86400000000.0, 0.0)"
    return f"""
WITH {numbered_cte(window)},
ended AS (
  SELECT user_id, j, SUM(is_conversion) AS conversions,
         SUM(CASE WHEN is_conversion = 1 THEN value ELSE 0 END) AS value,
         MAX(CASE WHEN is_conversion = 1 THEN time END) AS converted_at
  FROM numbered GROUP BY user_id, j HAVING SUM(is_conversion) > 0
),
aged AS (
  SELECT n.user_id, n.j, n.channel, e.conversions, e.value, {age} AS age
  FROM numbered n JOIN ended e ON n.user_id = e.user_id AND n.j = e.j
  WHERE n.is_conversion = 0
),
weighted AS (
  SELECT user_id, j, channel, conversions, value,
         {d.exp2.format(f"-(age - MIN(age) OVER (PARTITION BY user_id, j)) / {float(half_life_days)!r}")} AS w
  FROM aged
)
SELECT channel, SUM(conversions * w / total) AS credit, SUM(value * w / total) AS value_credit
FROM (SELECT *, SUM(w) OVER (PARTITION BY user_id, j) AS total FROM weighted) t
GROUP BY channel"""


def aggregate_journeys(
    query: Callable[[str], pa.Table], window: Window, period: Period, half_life_days: float, dialect: str
) -> JourneyAggregate:
    """The ``JourneyAggregate`` of the window, from two aggregate queries run by ``query(sql) -> Arrow``."""
    rows = query(paths_sql(window, period, dialect))
    with_path = pc.is_valid(rows["path"])
    paths = rows.filter(with_path).select(PATH_SCHEMA.names).cast(PATH_SCHEMA)
    orphans = rows.filter(pc.and_(pc.invert(with_path), pc.greater(rows["total_conversions"], 0)))

    def total(t: pa.Table, column: str) -> float:
        return float(pc.sum(t[column]).as_py() or 0)

    agg = JourneyAggregate(paths, {}, {})
    agg.events = int(total(rows, "events"))
    agg.touches = int(total(rows, "touches"))
    agg.journeys = int(total(rows.filter(with_path), "journeys"))
    agg.conversions = total(rows, "total_conversions")
    agg.value = total(rows, "total_conversion_value")
    agg.unattributed = total(orphans, "total_conversions")
    agg.unattributed_value = total(orphans, "total_conversion_value")
    for day, conv in zip(orphans["period"].to_pylist(), orphans["total_conversions"].to_pylist(), strict=True):
        key = str(np.datetime64(day, "D"))
        agg.unattributed_by_period[key] = agg.unattributed_by_period.get(key, 0.0) + float(conv)
    decay = query(time_decay_sql(window, half_life_days, dialect))
    for ch, credit, value in zip(
        decay["channel"].to_pylist(), decay["credit"].to_pylist(), decay["value_credit"].to_pylist(), strict=True
    ):
        agg.time_decay[ch] = float(credit)
        agg.time_decay_value[ch] = float(value)
    return agg
