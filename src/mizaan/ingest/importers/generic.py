"""Any CSV or Parquet file, with a column-mapping file saying which of its columns are which canonical
columns, and the constants the file lacks.

A mapping file (YAML) sits beside the data as ``<data file>.mapping.yaml`` or is given with ``--mapping``::

    table: touchpoints          # spend, influencer_posts, orders, touchpoints or conversions
    columns:                    # canonical column: the file's column
      user_id: visitor
      time: ts
      kind: kind
      source: utm_source
      medium: utm_medium
      campaign: utm_campaign
    constants:                  # canonical column: a value for every row
      system: tracking
    timezone: Asia/Riyadh       # for times written without an offset
    decimal: point              # or comma, when numbers are ambiguous
    date_order: day             # or month, for 03/04/2025

A ``channel`` column (or constant) must hold our channel IDs; without one the channel comes from the
taxonomy (source, medium, campaign). IDs that the file does not give (``touchpoint_id``,
``conversion_id``) are made from the row's identifying fields. CSV rows are read one by one with the
same cell rules as every other importer, in chunks (``generic_csv.py``: bounded memory, a column at a
time where the cells' form allows); Parquet is read in columns with DuckDB.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, ValidationError

from mizaan.errors import InputError
from mizaan.ingest.channels import CANONICAL_CHANNELS
from mizaan.ingest.importers.base import Context, Table, conventions, read_table
from mizaan.ingest.importers.generic_csv import import_csv
from mizaan.ingest.importers.generic_rows import IDENTITY, cell_kind, read_row
from mizaan.ingest.tables import arrow_schema, columns
from mizaan.ingest.values import CellError, DecimalMark, Zone
from mizaan.validation import problems_from_validation, read_document

MAPPING_SUFFIX = ".mapping.yaml"


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    table: Literal["spend", "influencer_posts", "orders", "touchpoints", "conversions"]
    columns: dict[str, str]
    constants: dict[str, Any] = {}
    timezone: str | None = None
    decimal: DecimalMark | None = None
    date_order: Literal["day", "month"] | None = None


def load_mapping(path: Path) -> Mapping:
    doc = read_document(path)
    try:
        m = Mapping.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, doc), file=str(path)) from None
    known = set(columns(m.table)) - {"source_file", "source_row"}
    from mizaan.errors import Problem

    bad = [c for c in [*m.columns, *m.constants] if c not in known]
    if bad:
        raise InputError(
            [
                Problem(
                    "ingest.mapping.unknown",
                    {"columns": ", ".join(bad), "known": ", ".join(sorted(known))},
                    file=str(path),
                )
            ],
            file=str(path),
        )
    return m


def mapping_for(path: Path, given: Path | None) -> Path | None:
    if given is not None:
        return given
    side = path.with_name(path.name + MAPPING_SUFFIX)
    return side if side.is_file() else None


def import_generic(ctx: Context, mapping: Mapping) -> None:
    if mapping.timezone:
        ctx.zone = Zone.named(mapping.timezone)
    if ctx.path.suffix.lower() == ".parquet":
        _parquet(ctx, mapping)
    else:
        _csv(ctx, mapping)


def _csv(ctx: Context, mapping: Mapping) -> None:
    kinds = {canon: cell_kind(mapping.table, canon) for canon in mapping.columns}
    if ctx.path.suffix.lower() in (".xlsx", ".xlsm"):
        import_records(ctx, mapping, read_table(ctx))
    else:
        import_csv(ctx, mapping, kinds)


def import_records(ctx: Context, mapping: Mapping, tbl: Table) -> None:
    """A sheet's records, one by one, a chunk at a time (a workbook, streamed by ``sheet.py``)."""
    sheet = tbl.sheet
    assert sheet is not None
    with sheet:
        head = next(sheet.records(), None)
        if head is None:
            return
        kinds = {canon: cell_kind(mapping.table, canon) for canon in mapping.columns}
        names = {c.strip().lstrip("\ufeff"): i for i, c in enumerate(head.cells)}
        missing = [src for src in mapping.columns.values() if src not in names]
        if missing:
            raise CellError("ingest.mapping.missing_columns", columns=", ".join(missing))
        idx = {canon: names[src] for canon, src in mapping.columns.items()}
        options = ctx.options.model_copy(
            update={k: v for k, v in (("decimal", mapping.decimal), ("date_order", mapping.date_order)) if v}
        )
        conventions(
            tbl,
            sheet.chunks(1),
            [i for c, i in idx.items() if kinds[c] in ("decimal", "int")],
            [i for c, i in idx.items() if kinds[c] == "date"],
            options,
            ctx.batch,
        )
        for chunk in sheet.chunks(1):
            for rec in chunk:
                read_row(ctx, mapping, rec, idx, kinds, tbl, head)


def _parquet(ctx: Context, mapping: Mapping) -> None:
    """Columnar path: cast in DuckDB; rows whose required values are missing or do not cast are rejected."""
    table = mapping.table
    schema = arrow_schema(table)
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        path = str(ctx.path).replace("'", "''")
        try:
            have = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}
        except duckdb.Error as exc:
            raise CellError("ingest.file.parquet", detail=str(exc).splitlines()[0][:120]) from None
        missing = [src for src in mapping.columns.values() if src not in have]
        if missing:
            raise CellError("ingest.mapping.missing_columns", columns=", ".join(missing))
        exprs, checks = [], []
        for canon in columns(table):
            if canon in ("source_file", "source_row"):
                continue
            sql_type = {
                "decimal": "DECIMAL(38, 12)",
                "int": "BIGINT",
                "instant": "TIMESTAMPTZ",
                "date": "DATE",
            }.get(cell_kind(table, canon), "VARCHAR")
            if canon in mapping.columns:
                src = '"' + mapping.columns[canon].replace('"', '""') + '"'
                exprs.append(f"TRY_CAST({src} AS {sql_type}) AS {canon}")
                checks.append(f"({src} IS NOT NULL AND TRY_CAST({src} AS {sql_type}) IS NULL)")
            elif canon in mapping.constants:
                value = str(mapping.constants[canon]).replace("'", "''")
                exprs.append(f"CAST('{value}' AS {sql_type}) AS {canon}")
            else:
                exprs.append(f"CAST(NULL AS {sql_type}) AS {canon}")
        con.execute(
            f"CREATE TEMP TABLE g AS SELECT row_number() OVER () AS source_row, {', '.join(exprs)}, "
            f"{' OR '.join(checks) or 'FALSE'} AS _bad FROM read_parquet('{path}')"
        )
        data = con.sql("SELECT * FROM g ORDER BY source_row").to_arrow_table()
    finally:
        con.close()
    _finish(ctx, mapping, data, schema)


def _finish(ctx: Context, mapping: Mapping, data: pa.Table, schema: pa.Schema) -> None:
    import pyarrow.compute as pc

    table = mapping.table
    required = [f.name for f in schema if not f.nullable and f.name not in ("source_file", "source_row")]
    derived = {IDENTITY[table][0]} if table in IDENTITY else set()
    if "channel" in columns(table):
        derived.add("channel")
    checked = [n for n in required if n not in derived]
    if pc.any(data.column("_bad")).as_py() or any(data.column(n).null_count for n in checked):
        # only a file with problems pays for the row-by-row report
        bad = data.column("_bad").to_pylist()
        rows = data.column("source_row").to_pylist()
        keep = [not b for b in bad]
        for i, b in enumerate(bad):
            if b:
                ctx.batch.reject(rows[i], "ingest.row.cast")
        for name in checked:
            nulls = pc.is_null(data.column(name)).to_pylist()
            for i, n in enumerate(nulls):
                if n and keep[i]:
                    keep[i] = False
                    ctx.batch.reject(rows[i], "ingest.cell.missing", field=name)
        data = data.filter(pa.array(keep))
    data = data.drop_columns(["_bad"])
    if "channel" in columns(table):
        data = _channels(ctx, table, data)
    if table in IDENTITY:
        key, parts = IDENTITY[table]
        if data.column(key).null_count:
            pieces = [pc.fill_null(pc.cast(data.column(p), pa.string()), "") for p in parts]
            made = pc.binary_join_element_wise(*pieces, "|")
            data = data.set_column(data.schema.get_field_index(key), key, pc.coalesce(data.column(key), made))
    data = data.append_column("source_file", pa.repeat(pa.scalar(ctx.path.name, pa.string()), data.num_rows))
    ctx.batch.add_arrow(table, data.select(schema.names))


def _channels(ctx: Context, table: str, data: pa.Table) -> pa.Table:
    """Check given channel IDs; classify rows without one from source / medium / campaign."""
    import pyarrow.compute as pc

    given = data.column("channel")
    known = pa.array(CANONICAL_CHANNELS)
    bad = pc.and_(pc.is_valid(given), pc.invert(pc.is_in(given, value_set=known))).to_pylist()
    if any(bad):
        rows = data.column("source_row").to_pylist()
        values = given.to_pylist()
        for i, b in enumerate(bad):
            if b:
                ctx.batch.reject(rows[i], "ingest.row.channel", field="channel", value=str(values[i]))
        data = data.filter(pc.invert(pa.array(bad)))
        given = data.column("channel")
    if given.null_count == 0:
        return data
    src = "source" if "source" in data.column_names else "utm_source"
    med = "medium" if "medium" in data.column_names else "utm_medium"
    camp = "campaign" if "campaign" in data.column_names else "utm_campaign"
    s, m, c = (data.column(n).to_pylist() for n in (src, med, camp))
    filled = [g if g is not None else ctx.taxonomy.classify(s[i], m[i], c[i]) for i, g in enumerate(given.to_pylist())]
    return data.set_column(data.schema.get_field_index("channel"), "channel", pa.array(filled, pa.string()))
