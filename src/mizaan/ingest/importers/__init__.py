"""The importers, and the detection that picks one for a file.

Detection looks at what a file holds, not its name: a mapping file beside it (generic), the columns of a
Parquet file (GA4 or generic), the shape of a JSON document (Salla, Zid, WooCommerce, GA4 newline
JSON), or the header of a CSV / XLSX (matched in any interface language against ``data/headers.yaml``,
after any preamble lines). ``--format`` overrides it.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from mizaan.ingest.importers.ads import import_ads
from mizaan.ingest.importers.base import Context, ImportOptions, Table, find_header, read_table
from mizaan.ingest.importers.ga4 import import_ga4, looks_like_ga4
from mizaan.ingest.importers.generic import import_generic, load_mapping, mapping_for
from mizaan.ingest.importers.influencers import import_influencer_deals
from mizaan.ingest.importers.shop_csv import import_shopify, import_woocommerce_csv
from mizaan.ingest.importers.shops import import_json_orders, json_orders, load_json
from mizaan.ingest.values import CellError

TABULAR = {
    "google_ads": import_ads,
    "meta": import_ads,
    "tiktok": import_ads,
    "snapchat": import_ads,
    "shopify": import_shopify,
    "woocommerce_csv": import_woocommerce_csv,
    "influencer_deals": import_influencer_deals,
}
JSON_SUFFIXES = (".json", ".ndjson", ".jsonl")
LOOK = 12  # records searched for a header (preamble lines may come first)


@dataclass(frozen=True)
class Detected:
    format: str  # one of FORMATS (woocommerce_csv is reported as woocommerce)
    how: str  # tabular, json, ga4_parquet, ga4_ndjson, generic


def detect(path: Path, options: ImportOptions) -> Detected:
    """The format of ``path``; raises ``CellError`` when it is none we know."""
    if mapping_for(path, options.mapping) is not None or options.format == "generic":
        return Detected("generic", "generic")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            names = pq.read_schema(path).names
        except Exception:  # pyarrow raises several kinds for a file that is not Parquet
            raise CellError("ingest.file.parquet", detail="not a Parquet file") from None
        if looks_like_ga4(names):
            return Detected("ga4", "ga4_parquet")
        raise CellError("ingest.file.unknown_parquet")
    if suffix in JSON_SUFFIXES:
        with path.open("rb") as fh:
            first = fh.readline(1 << 20)
        try:
            head = json.loads(first.decode("utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            head = None
        if isinstance(head, dict) and looks_like_ga4(list(head)):
            return Detected("ga4", "ga4_ndjson")
        return Detected("json", "json")
    return Detected("tabular", "tabular")


def run_importer(ctx: Context) -> str:
    """Read ``ctx.path`` into ``ctx.batch``; returns the format it was read as. File-level problems
    raise ``CellError`` (or ``InputError`` for a bad mapping file)."""
    found = detect(ctx.path, ctx.options)
    if found.how == "generic":
        mapping_path = mapping_for(ctx.path, ctx.options.mapping)
        if mapping_path is None:
            raise CellError("ingest.mapping.none")
        import_generic(ctx, load_mapping(mapping_path))
        return "generic"
    if found.how == "ga4_parquet":
        import_ga4(ctx, "parquet")
        return "ga4"
    if found.how == "ga4_ndjson":
        import_ga4(ctx, "ndjson")
        return "ga4"
    if found.how == "json":
        shop = json_orders(load_json(ctx))
        if shop is None:
            raise CellError("ingest.file.unknown_json")
        import_json_orders(ctx, *shop)
        return shop[0]
    table = read_table(ctx)
    names = None
    if ctx.options.format:
        names = ("woocommerce_csv",) if ctx.options.format == "woocommerce" else (ctx.options.format,)
        if names[0] not in TABULAR:
            raise CellError("ingest.file.format_mismatch", format=ctx.options.format)
    assert table.sheet is not None
    with table.sheet as sheet:
        first = list(islice(sheet.records(), LOOK + 1))  # the header is among the first LOOK records
        header = find_header(first, names, LOOK)
        if header is None:
            _broken(ctx, table, to_end=True)
            if not first:
                raise CellError("ingest.file.empty")
            raise CellError("ingest.file.unknown")
        if header.duplicates:
            _broken(ctx, table, to_end=True)
            name, first_col, second_col = header.duplicates[0]
            raise CellError("ingest.file.duplicate_header", header=name, first=first_col, second=second_col)
        table.head, table.preamble = first[header.index], first[: header.index]
        if len(first) == header.index + 1:
            ctx.batch.note("ingest.note.header_only")
        TABULAR[header.format](ctx, table, header)
        _broken(ctx, table)
    return "woocommerce" if header.format == "woocommerce_csv" else header.format


def _broken(ctx: Context, table: Table, *, to_end: bool = False) -> None:
    """The line from which the file could not be read (an unclosed quote), if any: known once a reading
    has reached it (``to_end``: read to the end to find it, for a file refused before its rows are)."""
    if table.sheet is None:
        return
    if to_end and table.sheet.broken_at is None and table.sheet.encoding != "xlsx":
        deque(table.sheet.records(), maxlen=0)  # read to the end, keeping nothing
    if table.sheet.broken_at is not None:
        ctx.batch.reject(table.sheet.broken_at, "ingest.file.broken_csv")


__all__ = ["Context", "Detected", "ImportOptions", "detect", "run_importer"]
