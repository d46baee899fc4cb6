"""A generic CSV (a file with a column-mapping file), read in chunks in bounded memory.

Each chunk of records (``stream.py``) is read a column at a time (``vector.py``): the rows whose every cell
the column readers vouch for, and which meet every rule of their table (required values present, listed
values, patterns), are filled (channel from the taxonomy, identity key) and handed over as Arrow; every
other row goes through the one-by-one reading of ``generic_rows.read_row``, which reads or rejects it exactly as
before, naming its line, column and reason. A file's decimal mark and day order, when neither the user
nor the mapping says them, are settled first over the whole file, as for every other importer.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Literal, get_args, get_origin

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mizaan.ingest.importers.base import Context, ImportOptions, Table
from mizaan.ingest.importers.generic_rows import IDENTITY, read_row
from mizaan.ingest.stream import Chunk, Layout, chunks, layout
from mizaan.ingest.tables import TABLES, _base_type, arrow_schema, columns, nullable
from mizaan.ingest.text import Record
from mizaan.ingest.values import CellError
from mizaan.ingest.vector import Kind, date_order_evidence, number_evidence, read

_SEP = "\x1f"


def import_csv(ctx: Context, mapping: Any, kinds: dict[str, str]) -> None:
    """``mapping``: the file's ``Mapping``; ``kinds``: each mapped column's cell kind (``cell_kind``)."""
    lay = layout(ctx.path, ctx.options.encoding)
    if lay is None:
        return
    if lay.guessed:
        ctx.batch.note("ingest.note.cp1256")
    names = {c.lstrip("\ufeff"): i for i, c in enumerate(lay.header)}
    missing = [src for src in mapping.columns.values() if src not in names]
    if missing:
        raise CellError("ingest.mapping.missing_columns", columns=", ".join(missing))
    idx = {canon: names[src] for canon, src in mapping.columns.items()}
    options = ctx.options.model_copy(
        update={k: v for k, v in (("decimal", mapping.decimal), ("date_order", mapping.date_order)) if v}
    )
    tbl = Table(None, lay.encoding)
    _conventions(ctx, lay, tbl, idx, kinds, options)
    head = Record(lay.header_line, lay.header)
    for ch in chunks(ctx.path, lay):
        if isinstance(ch, int):
            ctx.batch.reject(ch, "ingest.file.broken_csv")
            break
        _chunk(ctx, mapping, ch, idx, kinds, tbl, head)


def _conventions(
    ctx: Context, lay: Layout, tbl: Table, idx: dict[str, int], kinds: dict[str, str], options: ImportOptions
) -> None:
    """``conventions`` over the whole file, one chunk at a time: cells whose form tells nothing or tells
    a decimal point on its face are settled in columns, the rest one distinct value at a time."""
    tbl.decimal, tbl.date_order = options.decimal, options.date_order
    numbers = [i for c, i in idx.items() if kinds[c] in ("decimal", "int")] if tbl.decimal is None else []
    dates = [i for c, i in idx.items() if kinds[c] == "date"] if tbl.date_order is None else []
    if not numbers and not dates:
        return
    seen: set[str] = set()
    seen_d: set[str] = set()
    for ch in chunks(ctx.path, lay):
        if isinstance(ch, int):
            break
        for i in numbers:
            number_evidence(ch.cells[i], seen)
        for i in dates:
            date_order_evidence(ch.cells[i], seen_d)
    if numbers:
        if len(seen) == 1:
            tbl.decimal = seen.pop()  # type: ignore[assignment]
        elif len(seen) > 1:
            ctx.batch.note("ingest.note.mixed_decimal")
    if dates:
        if len(seen_d) == 1:
            tbl.date_order = seen_d.pop()  # type: ignore[assignment]
        elif len(seen_d) > 1:
            ctx.batch.note("ingest.note.mixed_dates")


def _chunk(
    ctx: Context,
    mapping: Any,
    ch: Chunk,
    idx: dict[str, int],
    kinds: dict[str, str],
    tbl: Table,
    head: Record,
) -> None:
    table = mapping.table
    schema = arrow_schema(table)
    n = len(ch.lines)
    values: dict[str, pa.Array] = {}
    ok = pa.array(np.ones(n, dtype=bool))
    for canon, i in idx.items():
        got = read(
            _vector_kind(kinds[canon], canon),
            ch.cells[i],
            mark=tbl.decimal,
            zone=ctx.zone,
            target=schema.field(canon).type,
        )
        values[canon] = got.values
        ok = pc.and_(ok, got.ok)
    for canon, value in mapping.constants.items():
        if canon in idx:
            continue  # a mapped column wins over a constant
        const = _constant(table, canon, value, n)
        if const is None:
            ok = pa.array(np.zeros(n, dtype=bool))  # a constant the table cannot hold: every row says why
            const = pa.nulls(n, schema.field(canon).type)
        values[canon] = const
    values = _fill(ctx, table, values, n)
    ok = pc.and_(ok, _rules(table, values))
    ok = pc.fill_null(ok, False)
    fast = pc.sum(ok).as_py() or 0
    if fast:
        data = {name: values[name].filter(ok) for name in schema.names if name in values}
        data["source_file"] = pa.repeat(pa.scalar(ctx.batch.file, pa.string()), fast)
        data["source_row"] = ch.lines.filter(ok)
        cols = [data[f.name] if f.name in data else pa.nulls(fast, f.type) for f in schema]
        ctx.batch.add_arrow(table, pa.Table.from_arrays(cols, schema=schema))
    if fast < n:
        slow = np.flatnonzero(~ok.to_numpy(zero_copy_only=False))
        lines = ch.lines.take(slow).to_pylist()
        cols = [c.take(slow).to_pylist() for c in ch.cells]
        for j, line in enumerate(lines):
            read_row(ctx, mapping, Record(line, [c[j] for c in cols]), idx, kinds, tbl, head)


def _vector_kind(kind: str, canon: str) -> Kind:
    if kind == "text" and canon == "currency":
        return "currency"
    return kind  # type: ignore[return-value]


def _constant(table: str, canon: str, value: Any, n: int) -> pa.Array | None:
    """A mapping's constant as a column, when the table's type holds it as given (else None)."""
    base, _ = _base_type(TABLES[table].model_fields[canon].annotation)
    typ = arrow_schema(table).field(canon).type
    if (base is str or get_origin(base) is Literal) and not isinstance(value, str):
        return None
    if base is int and (not isinstance(value, int) or isinstance(value, bool)):
        return None
    if base in (dt.date, dt.datetime) or (base is not str and get_origin(base) is not Literal and base is not int):
        return None  # dates, instants and amounts as constants are read one by one
    return pa.repeat(pa.scalar(value, typ), n)


def _fill(ctx: Context, table: str, values: dict[str, pa.Array], n: int) -> dict[str, pa.Array]:
    """What ``generic_rows._fill`` adds to a row, a column at a time."""
    cols = columns(table)

    def get(*names: str) -> pa.Array:
        for name in names:
            if name in values:
                return values[name]
        return pa.nulls(n, pa.string())

    if "channel" in cols:
        given = get("channel")
        given = pc.if_else(pc.equal(given, ""), pa.scalar(None, pa.string()), given)
        need = pc.is_null(given)
        if table not in ("touchpoints", "orders"):
            src_med = pc.or_(pc.is_valid(get("source", "utm_source")), pc.is_valid(get("medium", "utm_medium")))
            need = pc.and_(need, src_med)
        if pc.any(need).as_py():
            parts = [
                get("source", "utm_source"),
                get("medium", "utm_medium"),
                get("campaign", "utm_campaign"),
                get("content", "utm_content"),
                get("discount_code"),
            ]
            made = _classify(ctx, parts)
            given = pc.if_else(need, made, given)
        values["channel"] = given
    if table in IDENTITY:
        key, parts_of = IDENTITY[table]
        have = get(key)
        have = pc.if_else(pc.equal(have, ""), pa.scalar(None, pa.string()), have)
        if have.null_count:
            pieces = [pc.fill_null(_as_text(get(p)), "") for p in parts_of]
            values[key] = pc.coalesce(have, pc.binary_join_element_wise(*pieces, "|"))
    if table == "spend":
        values.setdefault("date_end", values.get("date", pa.nulls(n, pa.date32())))
        for k in ("account", "ad_group", "ad"):
            values.setdefault(k, pa.repeat(pa.scalar("", pa.string()), n))
    return values


_AS_TEXT = (
    "SELECT strftime(t, '%Y-%m-%d %H:%M:%S') || CASE WHEN microsecond(t) % 1000000 = 0 THEN '' "
    "ELSE '.' || lpad(CAST(microsecond(t) % 1000000 AS VARCHAR), 6, '0') END || '+00:00' AS t FROM _t"
)


def _as_text(arr: pa.Array) -> pa.Array:
    """Values as ``str()`` writes them (an instant in UTC: ``2025-03-01 10:00:00+00:00``, with
    ``.ffffff`` when it has a fraction of a second). Instants are formatted by DuckDB (Arrow's formatting
    of zoned times is some fifty times slower)."""
    if not pa.types.is_timestamp(arr.type):
        return arr
    con = _formatter()
    _t = pa.table({"t": arr})
    return con.sql(_AS_TEXT).to_arrow_table().column(0).combine_chunks()


@lru_cache(maxsize=1)
def _formatter() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    return con


def _classify(ctx: Context, parts: list[pa.Array]) -> pa.Array:
    """The taxonomy's channel for each row, asked once per distinct (source, medium, campaign, content,
    code): each column's values are numbered, and the numbers combined."""
    combined = np.zeros(len(parts[0]), dtype=np.int64)
    dictionaries = []
    for part in parts:
        enc = pc.dictionary_encode(part, null_encoding="encode")
        dictionary = enc.dictionary.to_pylist()
        dictionaries.append(dictionary)
        combined = combined * (len(dictionary) + 1) + enc.indices.to_numpy(zero_copy_only=False)
    if max(len(d) + 1 for d in dictionaries) ** len(parts) >= 2**62:  # too many to number: by text
        return _classify_text(ctx, parts)
    distinct, where = np.unique(combined, return_inverse=True)
    out = []
    known = _known(ctx)
    for code in distinct.tolist():
        fields: list[str | None] = []
        for dictionary in reversed(dictionaries):
            code, i = divmod(code, len(dictionary) + 1)
            fields.append(dictionary[i])
        args = tuple(reversed(fields))
        if args not in known:
            known[args] = ctx.taxonomy.classify(*args)
        out.append(known[args])
    return pc.take(pa.array(out, pa.string()), pa.array(where.ravel()))


def _known(ctx: Context) -> dict[tuple[str | None, ...], str]:
    """The channels already given in this file (the taxonomy does not change while a file is read)."""
    cache: dict[tuple[str | None, ...], str] = ctx.__dict__.setdefault("_channels", {})
    return cache


def _classify_text(ctx: Context, parts: list[pa.Array]) -> pa.Array:
    marked = [pc.fill_null(pc.binary_join_element_wise("+", p, ""), "") for p in parts]  # None -> "", "x" -> "+x"
    enc = pc.dictionary_encode(pc.binary_join_element_wise(*marked, _SEP))
    out = []
    for key in enc.dictionary.to_pylist():
        fields = [None if f == "" else f[1:] for f in key.split(_SEP)]
        # a value holding the separator cannot be split back: its rows are read one by one
        out.append(ctx.taxonomy.classify(*fields) if len(fields) == 5 else _SEP)
    return pc.take(pa.array(out, pa.string()), enc.indices)


def _rules(table: str, values: dict[str, pa.Array]) -> pa.Array:
    """Rows meeting the table's rules (what its model checks): required values present, listed values,
    patterns."""
    ok: pa.Array | None = None
    for name, info in TABLES[table].model_fields.items():
        if name in ("source_file", "source_row"):
            continue
        arr = values.get(name)
        if arr is None:
            if not nullable(table, name):
                return pa.array(np.zeros(len(next(iter(values.values()))), dtype=bool))
            continue
        check = pc.is_valid(arr) if not nullable(table, name) else None
        base, _ = _base_type(info.annotation)
        if get_origin(base) is Literal:
            allowed = pa.array([str(a) for a in get_args(base)], pa.string())
            check = _and(check, pc.or_(pc.is_null(arr), pc.is_in(arr, value_set=allowed)))
        for meta in info.metadata:
            pattern = getattr(meta, "pattern", None)
            if pattern:
                check = _and(check, pc.or_(pc.is_null(arr), pc.match_substring_regex(arr, pattern)))
        if check is not None:
            ok = check if ok is None else pc.and_(ok, check)
    return ok if ok is not None else pa.array(np.ones(len(next(iter(values.values()))), dtype=bool))


def _and(a: pa.Array | None, b: pa.Array) -> pa.Array:
    return b if a is None else pc.and_(a, b)
