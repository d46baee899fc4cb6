"""The simulated world written as the files users really have (see each module), streams chunk by chunk,
day-level exports at the end."""

from mizaan.simulate.exports.ads import post_url, spend_rows, write_ad_exports, write_deals, write_invoices
from mizaan.simulate.exports.ga4 import EXPOSURE_MAPPING, EXPOSURE_SCHEMA, GA4_SCHEMA, ga4_purchases, ga4_visits
from mizaan.simulate.exports.shops import PRODUCTS, SHOPIFY_HEADER, SHOPS, OrderWriter
from mizaan.simulate.exports.text import grouped, iso_us, money, write_mapping

__all__ = [
    "EXPOSURE_MAPPING",
    "EXPOSURE_SCHEMA",
    "GA4_SCHEMA",
    "PRODUCTS",
    "SHOPIFY_HEADER",
    "SHOPS",
    "OrderWriter",
    "ga4_purchases",
    "ga4_visits",
    "grouped",
    "iso_us",
    "money",
    "post_url",
    "spend_rows",
    "write_ad_exports",
    "write_deals",
    "write_invoices",
    "write_mapping",
]
