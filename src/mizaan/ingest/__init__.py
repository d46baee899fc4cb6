"""Real exports -> canonical tables in a project store.

Importers for ad platforms (Google Ads, Meta, TikTok, Snapchat), shops (Shopify, Salla, Zid,
WooCommerce), GA4's BigQuery export, influencer-deals sheets and any CSV / Parquet with a column-mapping
file; a channel taxonomy with an explicit influencer channel; and the store, one DuckDB file per project.
"""

from mizaan.ingest.channels import CANONICAL_CHANNELS, CanonicalChannel, Taxonomy, load_taxonomy
from mizaan.ingest.importers.base import ImportOptions
from mizaan.ingest.importing import import_paths
from mizaan.ingest.report import ImportReport
from mizaan.ingest.store import DEFAULT_STORE, Engine, Store
from mizaan.ingest.tables import TABLE_NAMES, TABLES, arrow_schema, columns

__all__ = [
    "CANONICAL_CHANNELS",
    "DEFAULT_STORE",
    "TABLES",
    "TABLE_NAMES",
    "CanonicalChannel",
    "Engine",
    "ImportOptions",
    "ImportReport",
    "Store",
    "Taxonomy",
    "arrow_schema",
    "columns",
    "import_paths",
    "load_taxonomy",
]
