"""Ad reports, shop orders and influencer-deals sheets (CSV and XLSX) read a chunk at a time give exactly
what reading the whole file in one piece gives: the same rows, the same rejections (file, row, column,
reason) in the same order, the same skipped records and notes. The streamed reading here is pushed to its
extremes: two records a chunk, every key past the first looked up in DuckDB, every rejection past the
first written to the temporary file."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.i18n import to_eastern_digits
from mizaan.ingest import ImportOptions, Store, import_paths, sheet, spill
from mizaan.ingest.channels import load_taxonomy
from mizaan.ingest.importing import _read_one
from mizaan.ingest.report import Batch
from mizaan.ingest.values import Zone

TAX = load_taxonomy()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RIYADH = Zone.named("Asia/Riyadh")
SHOPIFY = "Name,Email,Financial Status,Currency,Total,Discount Code,Created at,Lineitem quantity"


@contextlib.contextmanager
def reading(chunk: int, keys: int, keep: int) -> Iterator[None]:
    saved = sheet.CHUNK_ROWS, spill.MEMORY_KEYS, spill.KEEP
    sheet.CHUNK_ROWS, spill.MEMORY_KEYS, spill.KEEP = chunk, keys, keep
    try:
        yield
    finally:
        sheet.CHUNK_ROWS, spill.MEMORY_KEYS, spill.KEEP = saved


def outcome(batch: Batch) -> dict[str, Any]:
    return {
        "format": batch.format,
        "rows": {t: data.to_pylist() for t, data in sorted(batch.tables().items())},
        "rejected": [(p.file, p.row, p.column, p.field, p.key, p.params) for p in batch.rejected],
        "count": len(batch.rejected),
        "skipped": dict(batch.skipped),
        "notes": [(p.key, p.params) for p in batch.notes],
    }


def both(path: Path, options: ImportOptions) -> tuple[dict[str, Any], dict[str, Any]]:
    with reading(chunk=10**9, keys=10**9, keep=10**9):
        whole = outcome(_read_one(path, options, TAX, RIYADH))
    with reading(chunk=2, keys=1, keep=1):
        streamed = outcome(_read_one(path, options, TAX, RIYADH))
    return whole, streamed


def write_xlsx(path: Path, lines: list[list[str]]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    for cells in lines:
        ws.append([c or None for c in cells])
    wb.save(path)


def check(lines: list[list[str]], xlsx: bool, options: ImportOptions | None = None) -> None:
    with tempfile.TemporaryDirectory() as d:
        if xlsx:
            path = Path(d) / "export.xlsx"
            write_xlsx(path, lines)
        else:
            path = Path(d) / "export.csv"
            path.write_text("\n".join(",".join(f'"{c}"' if "," in c else c for c in cells) for cells in lines))
        whole, streamed = both(path, options or ImportOptions())
    assert streamed == whole
    assert whole["count"] == len(whole["rejected"])


def money(draw: st.DrawFn) -> str:
    text = draw(
        st.sampled_from(["12.50", "1,234.5", "1,234", "0", "7", "SAR 9.99", "USD 3", "--", "", "abc", "3,5", "١٢٫٥"])
    )
    return to_eastern_digits(text) if draw(st.integers(0, 9)) == 0 else text


@st.composite
def ad_reports(draw: st.DrawFn) -> list[list[str]]:
    lines: list[list[str]] = []
    if draw(st.booleans()):
        lines.append(["Campaign performance report"])
    lines.append(["Day", "Campaign", "Currency code", "Cost", "Impr.", "Clicks", "Conversions"])
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.integers(0, 9))
        day = draw(st.sampled_from(["2025-03-01", "2025-03-02", "02/03/2025", "25/03/2025", "", "2025-13-01"]))
        if kind == 0:
            lines.append(["", draw(st.sampled_from(["Total: Campaigns", "المجموع", "Total"])), "SAR", money(draw)])
            lines[-1] += ["", "", ""]
            continue
        campaign = draw(st.sampled_from(["Spring", "Total Body Glow", "Retargeting", "", "Spring"]))
        row = [day, campaign, draw(st.sampled_from(["SAR", "SAR", "USD", "XX1"])), money(draw), "1,000", "5", "1"]
        if kind == 1:
            row = row[:-1]  # a short record
        lines.append(row)
    return lines


@st.composite
def shopify_orders(draw: st.DrawFn) -> list[list[str]]:
    lines = [
        ["Name", "Email", "Financial Status", "Currency", "Total", "Discount Code", "Created at", "Lineitem quantity"]
    ]
    for _ in range(draw(st.integers(0, 14))):
        name = draw(st.sampled_from(["#1001", "#1002", "#1003", "#1004", ""]))
        first = draw(st.booleans())
        total = money(draw) if first else ""
        time = draw(st.sampled_from(["2025-05-11 09:55:16 +0300", "2025-05-11", "bad"])) if first else ""
        row = [name, "a@b.c", "paid", draw(st.sampled_from(["SAR", "USD", ""])), total, "", time, "1"]
        if draw(st.integers(0, 9)) == 0:
            row = row[:-2]
        lines.append(row)
    return lines


@st.composite
def woo_orders(draw: st.DrawFn) -> list[list[str]]:
    lines = [["Order ID", "Order Total", "Currency", "date_created_gmt", "_wc_order_attribution_source_type"]]
    for _ in range(draw(st.integers(0, 12))):
        order = draw(st.sampled_from(["1", "2", "3", ""]))
        when = draw(st.sampled_from(["2025-05-11T09:55:16Z", "2025-05-11 09:55:16+03:00", "bad"]))
        lines.append([order, money(draw), draw(st.sampled_from(["SAR", "USD"])), when, "utm"])
    return lines


@st.composite
def deals(draw: st.DrawFn) -> list[list[str]]:
    lines = [["date", "influencer", "followers", "cost", "currency", "views", "promo code", "post id"]]
    for _ in range(draw(st.integers(0, 12))):
        lines.append(
            [
                draw(st.sampled_from(["2025-03-01", "03/04/2025", "25/03/2025", ""])),
                draw(st.sampled_from(["noura.style", "sara", ""])),
                draw(st.sampled_from(["12000", "250000", "", "many"])),
                money(draw),
                draw(st.sampled_from(["SAR", "AED", ""])),
                draw(st.sampled_from(["1,200", "900", ""])),
                draw(st.sampled_from(["NOURA10", ""])),
                draw(st.sampled_from(["p1", "p2", "p3", ""])),
            ]
        )
    return lines


@FUZZ
@given(ad_reports(), st.booleans(), st.sampled_from([None, "point", "comma"]))
def test_ad_reports_streamed_are_read_as_whole(lines: list[list[str]], xlsx: bool, decimal: Any) -> None:
    check(lines, xlsx, ImportOptions(decimal=decimal))


@FUZZ
@given(shopify_orders(), st.booleans())
def test_shopify_orders_streamed_are_read_as_whole(lines: list[list[str]], xlsx: bool) -> None:
    check(lines, xlsx)


@FUZZ
@given(woo_orders(), st.booleans())
def test_woocommerce_orders_streamed_are_read_as_whole(lines: list[list[str]], xlsx: bool) -> None:
    check(lines, xlsx)


@FUZZ
@given(deals(), st.booleans())
def test_deals_sheets_streamed_are_read_as_whole(lines: list[list[str]], xlsx: bool) -> None:
    check(lines, xlsx)


def test_every_rejection_is_kept_and_reported_however_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the few held in memory, rejections are read back from disk: the count is exact, the report
    holds the first ones, and every one is there when asked for, in order."""
    monkeypatch.setattr(spill, "KEEP", 5)
    monkeypatch.setattr(sheet, "CHUNK_ROWS", 7)
    lines = [SHOPIFY]
    lines += [f"#{i},a@b.c,paid,SAR,{'bad' if i % 3 == 0 else '10.00'},,2025-05-11 09:55:16 +0300,1" for i in range(60)]
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = import_paths([path], tmp_path / "s.duckdb", ImportOptions())
    bad_lines = [i + 2 for i in range(60) if i % 3 == 0]
    assert report.rejected_count == len(bad_lines) and not report.ok
    assert [r.row for r in report.all_rejected()] == bad_lines
    assert [r.row for r in report.rejected] == bad_lines  # fewer than the report holds
    with Store(tmp_path / "s.duckdb", read_only=True) as st_:
        assert st_.table("orders").num_rows == 40


def test_a_failure_part_way_through_a_large_export_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Shopify export that fails after several chunks were handed to the store writes nothing."""
    from mizaan.ingest.importers import shop_csv

    monkeypatch.setattr(sheet, "CHUNK_ROWS", 10)
    monkeypatch.setattr("mizaan.ingest.report.FLUSH_ROWS", 5)
    path = tmp_path / "orders.csv"
    head = SHOPIFY
    path.write_text(
        "\n".join([head, *(f"#{i},a@b.c,paid,SAR,10.00,,2025-05-11 09:55:16 +0300,1" for i in range(100))]),
        encoding="utf-8",
    )
    store = tmp_path / "s.duckdb"
    import_paths([path], store, ImportOptions())
    with Store(store, read_only=True) as st_:
        before = st_.table("orders")
    path.write_text(path.read_text().replace("10.00", "11.00"), encoding="utf-8")
    calls = {"n": 0}
    real = shop_csv._shopify_record

    def failing(*args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 80:
            raise RuntimeError("disk full")
        real(*args)

    monkeypatch.setattr(shop_csv, "_shopify_record", failing)
    with pytest.raises(RuntimeError):
        import_paths([path], store, ImportOptions())
    with Store(store, read_only=True) as st_:
        assert st_.table("orders").equals(before)
    assert calls["n"] == 80  # it failed after eight chunks, some of them handed to the store


@FUZZ
@given(st.lists(st.text(max_size=6), max_size=60), st.integers(1, 8), st.integers(1, 8))
def test_keys_met_earlier_are_found_exactly_with_few_held_in_memory(keys: list[str], bound: int, chunk: int) -> None:
    """A Seen holds at most its bound of keys in Python; past it they are in DuckDB, and every key is found
    with the line it was first met on, and no key that was not met."""
    with reading(chunk=10**9, keys=bound, keep=10**9), spill.Seen() as seen:
        first: dict[str, int] = {}
        for start in range(0, len(keys), chunk):
            part = keys[start : start + chunk]
            met = seen.earlier(part)
            assert met == {k: (first[k], False) for k in set(part) if k in first}
            new = {k: (start + i, False) for i, k in reversed(list(enumerate(part))) if k not in first}
            seen.remember(new)
            first.update({k: line for k, (line, _) in new.items()})
            assert len(seen.memory) <= bound
        assert seen.earlier(["\x00never"]) == {}


def test_rejections_past_the_few_in_memory_are_read_back_in_order() -> None:
    from mizaan.errors import Problem

    with reading(chunk=10**9, keys=10**9, keep=3):
        rejected = spill.Rejections()
        problems = [Problem("ingest.row.width", {"expected": 3, "got": i}, file="f.csv", row=i) for i in range(50)]
        rejected.extend(problems)
        assert len(rejected.head) == 3 and len(rejected) == 50
        assert list(rejected) == problems
        assert list(rejected) == problems  # read again
        rejected.close()
