"""Uploads under limits: bytes counted as they stream (with or without Content-Length), workbooks refused by
their unpacked size and their rows before any importer reads them, and a refused upload leaves nothing."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.web import create_app
from mizaan.web.limits import LimitError, Limits, RowCounter, check_file
from tests.web.clients import web_client

SMALL = Limits(request_bytes=200_000, file_bytes=150_000, unpacked_bytes=1_000_000, rows=1_000)


def workbook(rows: int, prefix: str = "") -> bytes:
    """A minimal workbook whose first sheet has ``rows`` rows (tags written by hand, as a bomb would be)."""
    tag = f"{prefix}:" if prefix else ""
    ns = f' xmlns:{prefix}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' if prefix else ""
    cell = f'<{tag}c t="inlineStr"><{tag}is><{tag}t>x</{tag}t></{tag}is></{tag}c>'
    body = "".join(f'<{tag}row r="{i}">{cell}</{tag}row>' for i in range(1, rows + 1))
    sheet = f'<?xml version="1.0"?><{tag}worksheet{ns}><{tag}sheetData>{body}</{tag}sheetData></{tag}worksheet>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(lines=st.integers(0, 300), cuts=st.lists(st.integers(1, 4000), max_size=12))
def test_rows_are_counted_the_same_however_the_bytes_arrive(lines: int, cuts: list[int]) -> None:
    data = b"".join(b"a,b,\xd8\xb9\n" for _ in range(lines))
    counter = RowCounter("f.csv", Limits(rows=10**9))
    start = 0
    for cut in sorted(cuts):
        counter.feed(data[start:cut])
        start = max(start, cut)
    counter.feed(data[start:])
    assert counter.rows == lines


@settings(max_examples=25, deadline=None)
@given(rows=st.integers(0, 2500), prefix=st.sampled_from(["", "x"]))
def test_a_workbook_is_refused_exactly_when_its_rows_pass_the_limit(tmp_path_factory: pytest.TempPathFactory,
                                                                   rows: int, prefix: str) -> None:  # fmt: skip
    path = tmp_path_factory.mktemp("wb") / "sheet.xlsx"
    path.write_bytes(workbook(rows, prefix))
    if rows > SMALL.rows:
        with pytest.raises(LimitError) as exc:
            check_file(path, SMALL, "sheet.xlsx")
        assert exc.value.problems[0].file == "sheet.xlsx" and exc.value.problems[0].key == "web.limit.rows"
    else:
        check_file(path, SMALL, "sheet.xlsx")


def test_a_decompression_bomb_is_refused_by_what_it_unpacks_to(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b" " * 5_000_000)
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(out.getvalue())
    assert bomb.stat().st_size < 20_000
    with pytest.raises(LimitError) as exc:
        check_file(bomb, dataclasses.replace(SMALL, lang="ar"), "bomb.xlsx")
    message = exc.value.problems[0].message("ar")
    assert "bomb.xlsx" in message and "يتمدد" in message and "CSV" in message


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[object]:
    app = create_app(data=tmp_path / "data")
    app.state.measure_limits = SMALL
    yield web_client(app)


def _multipart(files: list[tuple[str, str, bytes]], boundary: str = "b0undary") -> bytes:
    parts = []
    for key, name, body in files:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{name}"\r\n\r\n'
        parts.append(head.encode() + body + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def _nothing_kept(tmp_path: Path) -> bool:
    return not any((tmp_path / "data" / "uploads").iterdir())


def test_a_chunked_upload_without_a_length_is_refused_as_it_streams(client: object, tmp_path: Path) -> None:
    body = _multipart([("files", "big.csv", b"x" * 120_000 + b"\n"), ("files", "more.csv", b"y" * 120_000)])

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is sent chunked
        for i in range(0, len(body), 8192):
            yield body[i : i + 8192]

    r = client.post(  # type: ignore[attr-defined]
        "/measure/upload?lang=en", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b0undary"}
    )
    assert r.status_code == 200 and "larger than" in r.text and "smaller batches" in r.text
    assert _nothing_kept(tmp_path)


def test_rows_and_file_sizes_are_refused_naming_the_file(client: object, tmp_path: Path) -> None:
    csv = b"date,spend\n" + b"2025-01-01,1\n" * 1_500
    r = client.post("/measure/upload?lang=ar&digits=arab", files=[("files", ("orders.csv", csv))])  # type: ignore[attr-defined]
    assert r.status_code == 200 and "orders.csv" in r.text and "١٬٠٠٠ صف" in r.text
    r = client.post("/measure/upload?lang=en&digits=latn", files=[("files", ("rows.xlsx", workbook(1_500)))])  # type: ignore[attr-defined]
    assert r.status_code == 200 and "rows.xlsx" in r.text and "more than 1,000 rows" in r.text
    r = client.post("/measure/upload?lang=en", files=[("files", ("huge.json", b"[" + b" " * 160_000 + b"]"))])  # type: ignore[attr-defined]
    assert r.status_code == 200 and "huge.json" in r.text and "larger than" in r.text
    assert _nothing_kept(tmp_path)
