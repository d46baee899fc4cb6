"""Property-based fuzzing of the CSV importers: random bytes, truncated files, wrong encodings, BOMs,
Arabic-Indic digits and both separator conventions never crash the import and never drop a record
silently: every data record is read, rejected (with its row) or counted as skipped."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.i18n import to_eastern_digits
from mizaan.ingest import ImportOptions
from mizaan.ingest.channels import load_taxonomy
from mizaan.ingest.importing import _read_one
from mizaan.ingest.values import Zone

TAX = load_taxonomy()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADERS = {
    "google": "Day,Campaign,Currency code,Cost,Impr.,Clicks,Conversions",
    "meta": "Day;Campaign name;Amount spent (SAR);Impressions;Reach;Link clicks",
    "deals": "date,influencer,followers,cost,currency,views,promo code",
    "shopify": "Name,Email,Financial Status,Currency,Total,Discount Code,Created at,Lineitem quantity",
}


def read_bytes(data: bytes, name: str = "f.csv") -> tuple[int, int, int]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        batch = _read_one(path, ImportOptions(), TAX, Zone.named("Asia/Riyadh"))
    return sum(batch.counts().values()), len(batch.rejected), sum(batch.skipped.values())


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash_and_are_reported(data: bytes) -> None:
    read, rejected, skipped = read_bytes(data)
    assert read + rejected + skipped >= (1 if data.strip() else 0)


@FUZZ
@given(st.sampled_from(list(HEADERS)), st.binary(max_size=1500), st.integers(0, 400))
def test_a_known_header_with_garbage_or_truncated_body_never_crashes(fmt: str, body: bytes, cut: int) -> None:
    data = (HEADERS[fmt] + "\n").encode() + body
    read_bytes(data[: len(HEADERS[fmt]) + 1 + cut])


number = st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2, allow_nan=False)


def render(value: Decimal, mark: str, group: bool, eastern: bool) -> str:
    whole, frac = f"{value:.2f}".split(".")
    if group:
        whole = f"{int(whole):,}".replace(",", "." if mark == "comma" else ",")
    text = f"{whole}{',' if mark == 'comma' else '.'}{frac}"
    return to_eastern_digits(text) if eastern else text


@FUZZ
@given(
    st.lists(st.tuples(number, st.integers(0, 10**7), st.booleans()), min_size=1, max_size=25),
    st.sampled_from(["comma", "point"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"]),
    st.sampled_from([",", ";", "\t"]),
)
def test_every_record_of_a_google_export_is_read_or_reported(
    rows: list[tuple[Decimal, int, bool]], mark: str, group: bool, eastern: bool, encoding: str, sep: str
) -> None:
    if encoding == "cp1256":
        eastern = False  # Windows-1256 has no Arabic-Indic digits
    if sep == "," and mark == "comma":
        sep = ";"
    lines = [sep.join(["Day", "Campaign", "Currency code", "Cost", "Impr."])]
    for i, (cost, impr, broken) in enumerate(rows):
        cells = [
            f"2025-01-{i % 28 + 1:02d}",
            f"حملة {i}",
            "SAR",
            render(cost, mark, group, eastern),
            to_eastern_digits(str(impr)) if eastern else str(impr),
        ]
        if broken:
            cells[3] = "12x"
        lines.append(sep.join(f'"{c}"' for c in cells))
    read, rejected, skipped = read_bytes(("\n".join(lines) + "\n").encode(encoding))
    assert read + rejected + skipped == len(rows)
    assert rejected >= sum(1 for _, _, b in rows if b)
