"""Real exports -> canonical tables in a project store.

Importers for ad platforms (Google Ads, Meta, TikTok, Snapchat), shops (Shopify, Salla, Zid,
WooCommerce), GA4's BigQuery export, influencer-deals sheets and any CSV / Parquet with a column-mapping
file; a channel taxonomy with an explicit influencer channel; and the store, one DuckDB file per project.

Other packages read cells and files the way the importers do through the names exported here: the cell
parsers (``parse_decimal``, ``parse_date`` and the evidence that picks a file's decimal mark and day order),
the text decoding and record reading (``decode``, ``read_records``, ``xlsx_records``, ``header_key``), and
the currency rate table that converts money between currencies.
"""

from mizaan.ingest.channels import (
    CANONICAL_CHANNELS,
    TIER_CHANNEL,
    CanonicalChannel,
    Taxonomy,
    load_taxonomy,
    tier_for_followers,
)
from mizaan.ingest.currency import RateTable, load_rates
from mizaan.ingest.importers.base import ImportOptions, header_key, xlsx_records
from mizaan.ingest.importers.ga4 import classify_session
from mizaan.ingest.importing import import_paths
from mizaan.ingest.report import ImportReport, json_safe
from mizaan.ingest.store import DEFAULT_STORE, Engine, Store, StoreBusy, is_lock_error
from mizaan.ingest.tables import TABLE_NAMES, TABLES, arrow_schema, columns
from mizaan.ingest.text import Record, decode, read_records
from mizaan.ingest.values import (
    CellError,
    DecimalMark,
    Zone,
    date_evidence,
    evidence,
    is_missing,
    parse_date,
    parse_decimal,
    parse_instant,
)

__all__ = [
    "CANONICAL_CHANNELS",
    "DEFAULT_STORE",
    "TABLES",
    "TABLE_NAMES",
    "TIER_CHANNEL",
    "CanonicalChannel",
    "CellError",
    "DecimalMark",
    "Engine",
    "ImportOptions",
    "ImportReport",
    "RateTable",
    "Record",
    "Store",
    "StoreBusy",
    "Taxonomy",
    "Zone",
    "arrow_schema",
    "classify_session",
    "columns",
    "date_evidence",
    "decode",
    "evidence",
    "header_key",
    "import_paths",
    "is_lock_error",
    "is_missing",
    "json_safe",
    "load_rates",
    "load_taxonomy",
    "parse_date",
    "parse_decimal",
    "parse_instant",
    "read_records",
    "tier_for_followers",
    "xlsx_records",
]
