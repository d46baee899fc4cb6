"""GA4's BigQuery export (events with event_params, collected_traffic_source, ecommerce) and the ad
servers' exposure log, both as Arrow record batches written chunk by chunk to Parquet."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_VALUE = pa.struct(
    [
        ("string_value", pa.string()),
        ("int_value", pa.int64()),
        ("float_value", pa.float64()),
        ("double_value", pa.float64()),
    ]
)
_PARAM = pa.struct([("key", pa.string()), ("value", _VALUE)])
GA4_SCHEMA = pa.schema(
    [
        ("event_date", pa.string()),
        ("event_timestamp", pa.int64()),
        ("event_name", pa.string()),
        ("event_params", pa.list_(_PARAM)),
        ("user_pseudo_id", pa.string()),
        (
            "collected_traffic_source",
            pa.struct(
                [
                    ("manual_campaign_name", pa.string()),
                    ("manual_source", pa.string()),
                    ("manual_medium", pa.string()),
                    ("manual_content", pa.string()),
                    ("gclid", pa.string()),
                ]
            ),
        ),
        ("ecommerce", pa.struct([("transaction_id", pa.string()), ("purchase_revenue", pa.float64())])),
    ]
)
EXPOSURE_SCHEMA = pa.schema(
    [
        ("touch_id", pa.string()),
        ("user", pa.string()),
        ("ts", pa.timestamp("us", tz="UTC")),
        ("channel", pa.string()),
        ("campaign", pa.string()),
        ("kind", pa.string()),
        ("utm_source", pa.string()),
        ("utm_medium", pa.string()),
        ("utm_content", pa.string()),
    ]
)
EXPOSURE_MAPPING = {
    "table": "touchpoints",
    "columns": {
        "touchpoint_id": "touch_id",
        "user_id": "user",
        "time": "ts",
        "channel": "channel",
        "campaign": "campaign",
        "kind": "kind",
        "source": "utm_source",
        "medium": "utm_medium",
        "content": "utm_content",
    },
    "constants": {"system": "exposure_log"},
}


def _params(keys: list[str], columns: dict[str, tuple[str, pa.Array]], n: int) -> pa.Array:
    """``event_params`` for n events that all carry the parameters ``keys``: a list of (key, value)."""
    k = len(keys)
    key = pa.array(np.tile(np.array(keys, dtype=object), n), pa.string())
    fields: dict[str, list[pa.Array]] = {
        "string_value": [],
        "int_value": [],
        "float_value": [],
        "double_value": [],
    }
    for name in keys:
        kind, arr = columns[name]
        for f in fields:
            fields[f].append(arr if f == kind else pa.nulls(n, _VALUE.field(f).type))
    # interleave: event i's parameters sit at i*k .. i*k+k-1
    inter = {}
    for f, arrs in fields.items():
        stacked = pa.concat_arrays([a.cast(_VALUE.field(f).type) for a in arrs])
        order = (np.arange(n)[:, None] + np.arange(k)[None, :] * n).ravel()
        inter[f] = stacked.take(pa.array(order))
    value = pa.StructArray.from_arrays(list(inter.values()), fields=list(_VALUE))
    flat = pa.StructArray.from_arrays([key, value], fields=list(_PARAM))
    return pa.ListArray.from_arrays(pa.array(np.arange(0, n * k + 1, k, dtype=np.int32)), flat)


def ga4_visits(
    users: pa.Array, time: np.ndarray, attrs: dict[str, np.ndarray], tag_idx: np.ndarray, site: str
) -> pa.Table:
    """session_start and page_view events of visits; ``attrs`` holds each tag's source, medium, campaign,
    content and platform as object arrays indexed by tag."""
    n = len(time)
    src, med, camp, cont = (
        pa.array(attrs[k][tag_idx], pa.string()) for k in ("source", "medium", "campaign", "content")
    )
    google = pa.array(attrs["platform"][tag_idx] == "google_ads", pa.bool_())
    ts = pc.cast(pa.array(time), pa.string())
    gclid = pc.if_else(google, pc.binary_join_element_wise("Cj0K", ts, ""), pa.scalar(None, pa.string()))
    has = pc.is_valid(src)
    cts = pa.StructArray.from_arrays(
        [camp, src, med, cont, gclid],
        fields=list(GA4_SCHEMA.field("collected_traffic_source").type),
        mask=pc.invert(has),
    )
    sid = pa.array(time // 1_000_000)
    page = pa.array(np.full(n, site + "/", dtype=object), pa.string())
    date = pc.strftime(pa.array(time, pa.timestamp("us", tz="UTC")), "%Y%m%d")
    params = _params(
        ["ga_session_id", "page_location"],
        {"ga_session_id": ("int_value", sid), "page_location": ("string_value", page)},
        n,
    )
    out = []
    for name, shift in (("session_start", 0), ("page_view", 1)):
        out.append(
            pa.table(
                {
                    "event_date": date,
                    "event_timestamp": pa.array(time + shift),
                    "event_name": pa.array(np.full(n, name, dtype=object), pa.string()),
                    "event_params": params,
                    "user_pseudo_id": users,
                    "collected_traffic_source": cts if name == "session_start" else pa.nulls(n, cts.type),
                    "ecommerce": pa.nulls(n, GA4_SCHEMA.field("ecommerce").type),
                },
                schema=GA4_SCHEMA,
            )
        )
    return pa.concat_tables(out)


def ga4_purchases(
    users: pa.Array, time: np.ndarray, order_ids: list[str], revenue: np.ndarray, currency: str
) -> pa.Table:
    n = len(time)
    value = pa.array(revenue / 100.0)
    params = _params(
        ["ga_session_id", "currency", "value", "transaction_id"],
        {
            "ga_session_id": ("int_value", pa.array(time // 1_000_000)),
            "currency": ("string_value", pa.array([currency] * n, pa.string())),
            "value": ("double_value", value),
            "transaction_id": ("string_value", pa.array(order_ids)),
        },
        n,
    )
    eco = pa.StructArray.from_arrays(
        [pa.array(order_ids, pa.string()), value], fields=list(GA4_SCHEMA.field("ecommerce").type)
    )
    return pa.table(
        {
            "event_date": pc.strftime(pa.array(time, pa.timestamp("us", tz="UTC")), "%Y%m%d"),
            "event_timestamp": pa.array(time),
            "event_name": pa.array(["purchase"] * n, pa.string()),
            "event_params": params,
            "user_pseudo_id": users,
            "collected_traffic_source": pa.nulls(n, GA4_SCHEMA.field("collected_traffic_source").type),
            "ecommerce": eco,
        },
        schema=GA4_SCHEMA,
    )
