"""Markov transition counts and Shapley coalition counts as aggregations on the engine, so that a
distributed engine (Spark) never sends paths to the driver for the data-driven models: the driver receives
the chain's counts (a row per transition between states and per state's exits) and the conversions per
channel set, and only solves the small model (``measure/counted.py``).

One query (``counts_sql``) over the journeys of ``journeys_sql`` (each user's events numbered into
journeys with window functions) returns rows of five kinds:

- ``channel``: every channel met in a journey (so that channels of non-converting journeys still appear),
  with the longest journey it is in;
- ``step``: order ``k``, state ``src`` (NULL: *start*) → state ``dst``, summed weight (conversions + 1
  for a journey that did not convert — the path table's ``total_conversions + total_null``);
- ``exit``: order ``k``, the last state of journeys, their conversions, non-conversions and value;
- ``set``: period of conversion, the sorted distinct channels of converting journeys, their conversions
  and value (the game's dividends ``R(T)``, Zhao et al. 2018);
- ``position``: a channel and a touch position (1-based), the ordered Shapley form's share at it.

States are built as ``mizaan.measure.chain`` builds them: windows of ``k`` consecutive touches (a journey
shorter than ``k`` is one window of all its touches), and a window equal to the one before it dropped. The
rows are few: transitions between states, not journeys.

Each journey makes all its records in one pass (an array of typed records, built with the engine's array
functions, exploded), and one aggregation sums them: the events are shuffled and sorted once, as for the
path table. (A ``UNION ALL`` of one aggregation per kind made Spark number the journeys once per branch,
3.4 times the cost.)
"""

from __future__ import annotations

from dataclasses import dataclass

from mizaan.measure.journeys_sql import numbered_cte
from mizaan.measure.queries import Period, Window


@dataclass(frozen=True)
class ListSQL:
    """How an engine writes the array functions the counts need."""

    channels: str  # a journey's touches' channels in order (an aggregate)
    each: str  # {f}(x) over the elements of array {a}: ``{x}`` is the element
    indexed: str  # {f}(i) over the positions 1..n of array {a}: ``{i}`` is the position
    at: str  # element {i} (1-based) of array {a}
    distinct: str  # the distinct elements of array {a}
    sort: str  # array {a} sorted
    size: str  # the length of array {a}
    where: str  # the elements of array {a} where {cond} holds, {x} the element
    slice: str  # {n} elements of array {a} from position {i}
    array: str  # an array of the comma-separated items {items}
    flatten: str  # an array of arrays made one
    record: str  # a struct of named fields {fields}: ``name`` → value pairs
    field: str  # one field: {name} and {value}
    array_type: str  # an array of strings, as a type name
    unnest: str  # FROM-clause: the records of array column ``r`` of table {t}, as ``x``


SPARK_LISTS = ListSQL(
    channels=(
        "transform(array_sort(collect_list(CASE WHEN is_conversion = 0 THEN "
        "named_struct('t', time, 'id', event_id, 'ch', channel) END)), x -> x.ch)"
    ),
    each="transform({a}, {x} -> {f})",
    indexed="transform(sequence(1, size({a})), {i} -> {f})",
    at="element_at({a}, {i})",
    distinct="array_distinct({a})",
    sort="array_sort({a})",
    size="size({a})",
    where="filter({a}, {x} -> {cond})",
    slice="slice({a}, {i}, {n})",
    array="array({items})",
    flatten="flatten({a})",
    record="named_struct({fields})",
    field="'{name}', {value}",
    array_type="ARRAY<STRING>",
    unnest="(SELECT explode(r) AS x FROM {t})",
)
DUCKDB_LISTS = ListSQL(
    channels="list(channel ORDER BY time, event_id) FILTER (WHERE is_conversion = 0)",
    each="list_transform({a}, lambda {x}: {f})",
    indexed="list_transform(range(1, len({a}) + 1), lambda {i}: {f})",
    at="{a}[{i}]",
    distinct="list_distinct({a})",
    sort="list_sort({a})",
    size="len({a})",
    where="list_filter({a}, lambda {x}: {cond})",
    slice="{a}[{i}:{i} + {n} - 1]",
    array="list_value({items})",
    flatten="flatten({a})",
    record="struct_pack({fields})",
    field="{name} := {value}",
    array_type="VARCHAR[]",
    unnest="(SELECT UNNEST(r) AS x FROM {t})",
)
LISTS = {"spark": SPARK_LISTS, "duckdb": DUCKDB_LISTS}
KINDS = ("channel", "step", "exit", "set", "position")
FIELDS = ("kind", "k", "period", "src", "dst", "weight", "conversions", "nulls", "value", "longest")


def _record(d: ListSQL, **values: str) -> str:
    """One output record with every field of ``FIELDS`` (typed, so that the arrays of records concatenate)."""
    none = {
        "period": "CAST(NULL AS DATE)",
        "src": f"CAST(NULL AS {d.array_type})",
        "dst": f"CAST(NULL AS {d.array_type})",
    }
    types = {
        "k": "INT",
        "weight": "DOUBLE",
        "conversions": "DOUBLE",
        "nulls": "DOUBLE",
        "value": "DOUBLE",
        "longest": "INT",
    }
    fields = []
    for name in FIELDS:
        v = values.get(name)
        if v is None:
            v = none.get(name, "CAST(0 AS " + types.get(name, "INT") + ")")
        elif name in types:
            v = f"CAST({v} AS {types[name]})"
        fields.append(d.field.format(name=name, value=v))
    return d.record.format(fields=", ".join(fields))


def counts_sql(window: Window, period: Period, orders: tuple[int, ...], positions: bool, dialect: str) -> str:
    """Rows ``(kind, k, period, src, dst, weight, conversions, nulls, value, longest)``: ``src``/``dst``
    arrays of channels; a ``set`` row's channels in ``dst``; a ``channel`` or ``position`` row's channel in
    ``dst`` as a one-element array, a position in ``k``, and for a channel the longest journey it is in in
    ``longest``. ``orders`` are the Markov orders counted (none: no steps). Each journey makes its records
    in one pass; one aggregation sums them."""
    d = LISTS[dialect]
    unit = {"day": "DAY", "week": "WEEK", "month": "MONTH"}[period]
    one = d.array.format(items="{}")
    parts = [
        d.each.format(
            a=d.distinct.format(a="chs"),
            x="c",
            f=_record(d, kind="'channel'", dst=one.format("c"), longest=d.size.format(a="chs")),
        )
    ]
    windows, states = [], []
    for k in orders:
        windows.append(f"{d.indexed.format(a=f'sequence_{k}', i='i', f=d.slice.format(a='chs', i='i', n=k))} AS ws{k}")
        prev = d.at.format(a=f"ws{k}", i="greatest(p.i - 1, 1)")
        keep = d.where.format(a=f"ws_i{k}", x="p", cond=f"p.i = 1 OR p.w <> {prev}")
        states.append(f"{d.each.format(a=keep, x='p', f='p.w')} AS s{k}")
        at = d.at.format(a=f"s{k}", i="i")
        before = f"CASE WHEN i > 1 THEN {d.at.format(a=f's{k}', i='greatest(i - 1, 1)')} END"
        parts.append(
            d.indexed.format(a=f"s{k}", i="i", f=_record(d, kind="'step'", k=str(k), src=before, dst=at, weight="w"))
        )
        last = d.at.format(a=f"s{k}", i=d.size.format(a=f"s{k}"))
        exit_ = _record(d, kind="'exit'", k=str(k), src=last, conversions="conversions", nulls="nulls", value="value")
        parts.append(d.array.format(items=exit_))
    members = d.sort.format(a=d.distinct.format(a="chs"))
    period_of = f"CAST(date_trunc('{unit}', converted_at) AS DATE)"
    a_set = _record(d, kind="'set'", period=period_of, dst=members, conversions="conversions", value="value")
    parts.append(d.array.format(items=a_set))
    if positions:
        ch = d.at.format(a="chs", i="i")
        repeats = d.size.format(a=d.where.format(a="chs", x="y", cond=f"y = {ch}"))
        share = f"(distinct_channels * {repeats})"
        parts.append(
            d.indexed.format(
                a="chs",
                i="i",
                f=_record(
                    d,
                    kind="'position'",
                    k="i",
                    dst=one.format(ch),
                    conversions=f"conversions / {share}",
                    value=f"value / {share}",
                ),
            )
        )
    return f"""
WITH {numbered_cte(window)},
walks AS (
  SELECT CAST(SUM(is_conversion) AS DOUBLE) AS conversions,
         CAST(CASE WHEN SUM(is_conversion) = 0 THEN 1 ELSE 0 END AS DOUBLE) AS nulls,
         CAST(SUM(is_conversion) AS DOUBLE) + CASE WHEN SUM(is_conversion) = 0 THEN 1 ELSE 0 END AS w,
         SUM(CASE WHEN is_conversion = 1 THEN value ELSE 0 END) AS value,
         MAX(CASE WHEN is_conversion = 1 THEN time END) AS converted_at,
         {d.channels} AS chs
  FROM numbered GROUP BY user_id, j HAVING SUM(1 - is_conversion) > 0
),
windowed AS (
  SELECT *, CAST({d.size.format(a=d.distinct.format(a="chs"))} AS DOUBLE) AS distinct_channels
         {"".join(", " + _sequence(d, k) for k in orders)}
  FROM walks
),
indexed AS (SELECT *{"".join(", " + w for w in windows)} FROM windowed),
numbered_windows AS (SELECT *{"".join(", " + _pairs(d, k) for k in orders)} FROM indexed),
records AS (
  SELECT *{"".join(", " + s for s in states)} FROM numbered_windows
),
flat AS (SELECT {d.flatten.format(a=d.array.format(items=", ".join(parts)))} AS r FROM records)
SELECT x.kind AS kind, x.k AS k, x.period AS period, x.src AS src, x.dst AS dst, SUM(x.weight) AS weight,
       SUM(x.conversions) AS conversions,
       SUM(x.nulls) AS nulls, SUM(x.value) AS value, MAX(x.longest) AS longest
FROM {d.unnest.format(t="flat")} u
WHERE x.kind NOT IN ('set', 'position') OR x.conversions > 0
GROUP BY x.kind, x.k, x.period, x.src, x.dst"""


def _sequence(d: ListSQL, k: int) -> str:
    """Positions 1 … (touches − k + 1, at least 1): where each window of ``k`` touches starts."""
    n = f"greatest({d.size.format(a='chs')} - {k} + 1, 1)"
    if d is SPARK_LISTS:
        return f"sequence(1, {n}) AS sequence_{k}"
    return f"range(1, {n} + 1) AS sequence_{k}"


def _pairs(d: ListSQL, k: int) -> str:
    """Each window of order ``k`` with its position (``i``, from 1), so a window can be compared with the
    one before it."""
    pair = d.record.format(
        fields=", ".join(
            [d.field.format(name="i", value="i"), d.field.format(name="w", value=d.at.format(a=f"ws{k}", i="i"))]
        )
    )
    return f"{d.indexed.format(a=f'ws{k}', i='i', f=pair)} AS ws_i{k}"
