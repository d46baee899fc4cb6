"""A generic CSV read in chunks, a column at a time, gives exactly what reading it record by record gives:
the same rows, the same rejections (line, column, reason), whatever the cells look like and however the
file is written. The scan that lets the fast reader number lines by position refuses every file where
that would be wrong."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.i18n import to_eastern_digits
from mizaan.ingest import ImportOptions, Store, import_paths
from mizaan.ingest import stream as stream_module
from mizaan.ingest.channels import load_taxonomy
from mizaan.ingest.importers.base import Context, read_table
from mizaan.ingest.importers.generic import import_generic, import_records, load_mapping
from mizaan.ingest.report import Batch
from mizaan.ingest.stream import Chunk, chunks, layout
from mizaan.ingest.text import decode, read_records
from mizaan.ingest.values import CellError, Zone, parse_date, parse_decimal, parse_instant
from mizaan.ingest.vector import read

TAX = load_taxonomy()
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RIYADH = Zone.named("Asia/Riyadh")


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tiny blocks and chunks, so that every generated file is read in several of each."""
    monkeypatch.setattr(stream_module, "BLOCK", 256)
    monkeypatch.setattr(stream_module, "CHUNK_ROWS", 3)
    yield


# --- cells -------------------------------------------------------------------------------------

instants = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 12, 31))


def render_instant(when: dt.datetime, style: int, offset: int) -> str:
    base = when.strftime("%Y-%m-%d" + ("T" if style % 2 else " ") + "%H:%M:%S")
    if when.microsecond and style % 3 == 0:
        base += f".{when.microsecond:06d}"[: 1 + 1 + style % 6]
    tail = ["", "Z", f"{'+' if offset >= 0 else '-'}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"][style % 3]
    return base + tail


def one_by_one(kind: str, text: str, mark: Any = None) -> Any:
    try:
        if kind == "instant":
            return parse_instant(text, RIYADH)
        if kind == "date":
            return parse_date(text, None)
        return parse_decimal(text, mark, integer=kind == "int")
    except CellError:
        return CellError


@FUZZ
@given(st.lists(st.tuples(instants, st.integers(0, 11), st.integers(-14 * 60, 14 * 60)), min_size=1, max_size=20))
def test_instants_read_in_columns_are_the_instants_read_one_by_one(cases: list[tuple[dt.datetime, int, int]]) -> None:
    texts = [render_instant(w, s, o) for w, s, o in cases]
    got = read("instant", pa.array(texts), mark=None, zone=RIYADH, target=pa.timestamp("us", tz="UTC"))
    for text, value, ok in zip(texts, got.values.to_pylist(), got.ok.to_pylist(), strict=True):
        if ok:
            assert value == one_by_one("instant", text), text


numberish = st.from_regex(r"\A-?[0-9]{1,6}([.,][0-9]{1,14})?\Z|\A[0-9٠-٩.,$ ]{1,8}\Z|\A(--|n/a|)\Z")


@FUZZ
@given(st.lists(numberish, min_size=1, max_size=30), st.sampled_from([None, "point", "comma"]))
def test_numbers_read_in_columns_are_the_numbers_read_one_by_one(texts: list[str], mark: Any) -> None:
    texts = [t.strip() for t in texts]
    for kind, target in (("decimal", pa.decimal128(38, 12)), ("int", pa.int64())):
        got = read(kind, pa.array(texts), mark=mark, zone=RIYADH, target=target)  # type: ignore[arg-type]
        for text, value, ok in zip(texts, got.values.to_pylist(), got.ok.to_pylist(), strict=True):
            if ok:
                assert value == one_by_one(kind, text, mark), (kind, text, mark)


@FUZZ
@given(
    st.lists(st.from_regex(r"\A(19|20|30)[0-9]{2}-[0-9]{2}-[0-9]{2}\Z|\A[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}\Z"), min_size=1)
)
def test_dates_read_in_columns_are_the_dates_read_one_by_one(texts: list[str]) -> None:
    got = read("date", pa.array(texts), mark=None, zone=RIYADH, target=pa.date32())
    for text, value, ok in zip(texts, got.values.to_pylist(), got.ok.to_pylist(), strict=True):
        if ok:
            assert value == one_by_one("date", text), text
    assert not any(ok for t, ok in zip(texts, got.ok.to_pylist(), strict=True) if t.startswith("30"))


# --- whole files -------------------------------------------------------------------------------

TOUCH_MAPPING = (
    "table: touchpoints\ncolumns: {user_id: who, time: at, kind: what, source: src, medium: med, "
    "campaign: camp}\nconstants: {system: crm}\n"
)
ORDER_MAPPING = (
    "table: orders\ncolumns: {order_id: id, time: at, revenue: total, currency: cur, discount_code: code, "
    "utm_source: src}\nconstants: {shop: myshop}\n"
)

users = st.sampled_from(["u1", "U1", "ميزان", "", "u 2", 'q"uote'])
kinds = st.sampled_from(["visit", "click", "view", "impression", "Visit", "", "bad"])
sources = st.sampled_from(["google", "instagram", "", "(direct)", "noura.style", "news,letter"])
media = st.sampled_from(["cpc", "influencer", "", "(none)", "email"])
times = st.one_of(
    st.builds(render_instant, instants, st.integers(0, 11), st.integers(-600, 600)),
    st.builds(lambda w: to_eastern_digits(w.strftime("%Y-%m-%d %H:%M:%S")), instants),
    st.sampled_from(["", "--", "not a time", "2025-02-30 10:00:00", "2025-03-01", "2025-13-01T00:00:00Z"]),
)
amounts = st.one_of(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False).map(str),
    st.sampled_from(["1,234", "1.234", "12,5", "$12", "USD 12", "SAR 9", "١٢٫٥", "--", "", "1e5", "0.1234567890123"]),
)
currencies = st.sampled_from(["SAR", "sar", "USD", "", "RIAL", "AED"])


def cell(text: str, sep: str) -> str:
    if sep in text or '"' in text or "\n" in text or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def render(rows: list[list[str]], sep: str, eol: str, extras: list[str]) -> str:
    lines = [sep.join(cell(c, sep) for c in r) for r in rows]
    for i, extra in enumerate(extras):
        lines.insert(min(len(lines), 1 + i * 3), extra)
    return eol.join(lines) + eol


def both_ways(text: bytes, mapping: str, name: str = "f.csv") -> tuple[Batch, Batch]:
    """The file read in chunks, and read record by record (the reading every record had before)."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(text)
        (Path(d) / "m.yaml").write_text(mapping, encoding="utf-8")
        m = load_mapping(Path(d) / "m.yaml")
        out = []
        for how in ("chunks", "records"):
            batch = Batch(name, "generic")
            ctx = Context(path=path, options=ImportOptions(), taxonomy=TAX, batch=batch, zone=RIYADH)
            try:
                if how == "chunks":
                    import_generic(ctx, m)
                else:
                    tbl = read_table(ctx)
                    import_records(ctx, m, tbl)
                    if tbl.sheet is not None and tbl.sheet.broken_at is not None:
                        batch.reject(tbl.sheet.broken_at, "ingest.file.broken_csv")
            except CellError as err:
                batch.reject(None, err.key, **err.params)
            out.append(batch)
    return out[0], out[1]


def rows_of(batch: Batch) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for data in batch.tables().values():
        out.extend(data.to_pylist())
    return sorted(out, key=lambda r: (r["source_row"], str(r)))


def problems_of(batch: Batch) -> list[tuple[Any, ...]]:
    return sorted(
        (p.row or 0, p.column or 0, p.field or "", p.key, sorted((k, str(v)) for k, v in p.params.items()))
        for p in batch.rejected
    )


def assert_same(text: bytes, mapping: str) -> None:
    chunked, records = both_ways(text, mapping)
    assert rows_of(chunked) == rows_of(records)
    assert problems_of(chunked) == problems_of(records)
    assert sorted(p.key for p in chunked.notes) == sorted(p.key for p in records.notes)


@FUZZ
@given(
    st.lists(st.tuples(users, times, kinds, sources, media, sources), min_size=0, max_size=12),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\n", "\r\n"]),
    st.lists(st.sampled_from(["", "  ", "x", 'a,"b\nc",d', "a,b,c,d,e,f,g,h"]), max_size=2),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "utf-16"]),
)
def test_touchpoints_read_in_chunks_are_read_as_record_by_record(
    rows: list[tuple[str, ...]], sep: str, eol: str, extras: list[str], encoding: str
) -> None:
    body = [["who", "at", "what", "src", "med", "camp"], *[list(r) for r in rows]]
    text = render(body, sep, eol, extras)
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    assert_same(raw, TOUCH_MAPPING)


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(["1", "2", "3", "#4", ""]), times, amounts, currencies, sources, sources),
        max_size=12,
    ),
    st.sampled_from([None, "point", "comma"]),
)
def test_orders_read_in_chunks_are_read_as_record_by_record(rows: list[tuple[str, ...]], decimal: Any) -> None:
    body = [["id", "at", "total", "cur", "code", "src"], *[list(r) for r in rows]]
    mapping = ORDER_MAPPING + (f"decimal: {decimal}\n" if decimal else "")
    assert_same(render(body, ",", "\n", []).encode(), mapping)


def test_an_unclosed_quote_at_the_end_is_a_record_reported_at_its_line() -> None:
    text = b'who,at,what,src,med,camp\nu1,2025-01-01T10:00:00Z,visit,google,cpc,a\nu2,"2025-01-01\n'
    chunked, records = both_ways(text, TOUCH_MAPPING)
    assert [r["source_row"] for r in rows_of(chunked)] == [2]
    assert [p.row for p in chunked.rejected] == [3]
    assert problems_of(chunked) == problems_of(records)


# --- the scan ----------------------------------------------------------------------------------


def lines_of(path: Path) -> list[int]:
    lay = layout(path, None)
    assert lay is not None
    out: list[int] = []
    for ch in chunks(path, lay):
        assert isinstance(ch, Chunk)
        out.extend(ch.lines.to_pylist())
    return out


@pytest.mark.parametrize(
    "text,regular",
    [
        ("a,b\n1,2\n3,4\n", True),
        ("a,b\r\n1,2\r\n3,4", True),
        ('a,b\n"x, y",2\n"say ""hi""",4\n', True),
        ("a,b\n1,2\n\n\n", True),  # blank lines at the end only
        ("a,b\n1,2\n\n3,4\n", False),  # a blank line between records
        ('a,b\n"x\ny",2\n3,4\n', False),  # a line break inside quotes
        ("a,b\n1,2,3\n3,4\n", False),  # a record longer than the header
        ("a,b\n1\n3,4\n", False),  # shorter
        ('a,b\nx"y,2\n', False),  # a quote inside an unquoted field
        ("a,b\n1,2\r3,4\n", False),  # a lone carriage return
        ("\na,b\n1,2\n", False),  # the header not on line 1
    ],
)
def test_only_files_whose_lines_are_records_are_numbered_by_position(text: str, regular: bool) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "f.csv"
        path.write_bytes(text.encode())
        lay = layout(path, None)
        assert lay is not None and lay.regular is regular
        expected = [r.line for r in read_records(decode(text.encode()).text).records[1:]]
        assert lines_of(path) == expected


def test_chunks_are_bounded_whatever_the_file_size(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("a,b\n" + "".join(f"{i},x\n" for i in range(500)), encoding="utf-8")
    lay = layout(path, None)
    assert lay is not None and lay.regular
    sizes = [len(ch.lines) for ch in chunks(path, lay) if isinstance(ch, Chunk)]
    assert sum(sizes) == 500 and len(sizes) > 10 and max(sizes) <= 256 // 4  # one 256-byte block at most


# --- the store ---------------------------------------------------------------------------------


def tracking_file(tmp_path: Path, n: int, repeat: bool = False) -> Path:
    (tmp_path / "log.csv.mapping.yaml").write_text(TOUCH_MAPPING, encoding="utf-8")
    lines = ["who,at,what,src,med,camp"]
    for i in range(n):
        lines.append(
            f"u{i % 7},2025-01-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z,visit,google,cpc,c{i % 3}"
        )
    if repeat:
        lines.append(lines[5])
    path = tmp_path / "log.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_repeated_record_is_rejected_naming_the_first(tmp_path: Path) -> None:
    path = tracking_file(tmp_path, 40, repeat=True)
    report = import_paths([path], tmp_path / "s.duckdb")
    assert report.read == {"touchpoints": 40}
    assert [(r.row, r.reason_en) for r in report.rejected] == [(42, "a repeat: row 6 has the same key")]


def test_reimporting_unchanged_data_writes_nothing_and_the_store_does_not_grow(tmp_path: Path) -> None:
    path = tracking_file(tmp_path, 3000)
    store = tmp_path / "s.duckdb"
    import_paths([path], store)
    size = store.stat().st_size
    with Store(store, read_only=True) as st:
        before = st.table("touchpoints")
    for _ in range(3):
        import_paths([path], store)
    assert store.stat().st_size == size
    with Store(store, read_only=True) as st:
        assert st.table("touchpoints").equals(before)


def test_a_failure_part_way_through_a_large_file_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "s.duckdb"
    import_paths([tracking_file(tmp_path, 50)], store)
    with Store(store, read_only=True) as st:
        before = st.table("touchpoints")
    path = tracking_file(tmp_path, 400)
    from mizaan.ingest.importers import generic_csv

    real, seen = generic_csv._chunk, []

    def failing(*args: Any, **kwargs: Any) -> None:
        seen.append(1)
        if len(seen) == 5:  # several chunks are staged already
            raise RuntimeError("disk full")
        real(*args, **kwargs)

    monkeypatch.setattr(generic_csv, "_chunk", failing)
    with pytest.raises(RuntimeError):
        import_paths([path], store)
    with Store(store, read_only=True) as st:
        assert st.table("touchpoints").equals(before)


def test_a_clean_file_is_read_in_columns_and_an_odd_record_one_by_one(tmp_path: Path) -> None:
    text = "who,at,what,src,med,camp\nu1,2025-01-01T10:00:00Z,visit,google,cpc,a\n"
    text += "u2,٢٠٢٥-٠١-٠١T10:00:00Z,visit,google,cpc,a\n"  # Arabic-Indic digits: read one by one
    chunked, records = both_ways(text.encode(), TOUCH_MAPPING)
    assert sum(t.num_rows for t in chunked.arrow.values()) == 1
    assert sum(len(r) for r in chunked.rows.values()) == 1
    assert rows_of(chunked) == rows_of(records)
