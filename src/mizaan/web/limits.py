"""Limits on what an upload may make the server read: bytes on the wire (counted as they stream in, whether
or not the request said its length), bytes once unpacked (a workbook is a zip file: a small one can unpack
to gigabytes), and rows (counted while reading, so that a 48 KB workbook of 200,000 rows is refused before
an importer keeps them all).

A limit that is hit raises ``LimitError``, an ``InputError`` naming the file, the limit and what to do, in
the user's language. Nothing is kept of a refused upload.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from mizaan.errors import InputError, Problem
from mizaan.i18n import Counted, DigitStyle, Lang, NumberFormatter

MB = 1024 * 1024
ZIP_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".ndjson", ".jsonl")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CHUNK = 1 << 16
_TAG_SPAN = 24  # longer than any row tag with a namespace prefix


@dataclass(frozen=True)
class Limits:
    """What one request may carry: ``request_bytes`` in all, ``file_bytes`` a file, ``unpacked_bytes`` a
    workbook once unzipped, ``rows`` a table (lines of a text file, rows of a workbook's sheets, rows of a
    Parquet file)."""

    request_bytes: int = 256 * MB
    file_bytes: int = 256 * MB
    unpacked_bytes: int = 256 * MB
    rows: int = 1_000_000
    lang: Lang = "en"  # the language and digits of the refusal
    digits: DigitStyle | None = None

    def refuse(self, what: str, file: str | None = None) -> LimitError:
        """The refusal for passing the ``what`` limit (request, file, unpacked, rows), naming ``file``."""
        nf = NumberFormatter(self.lang, digits=self.digits)
        if what == "rows":
            return LimitError(Problem("web.limit.rows", {"count": Counted(self.rows, nf.num(self.rows))}, file=file))
        size = {"request": self.request_bytes, "file": self.file_bytes, "unpacked": self.unpacked_bytes}[what]
        return LimitError(
            Problem(f"web.limit.{what}", {"mb": nf.num(size / MB, 0 if size % MB == 0 else 1)}, file=file)
        )


class LimitError(InputError):
    """An upload over one of the limits (the file, the limit and what to do are in the problem)."""

    key = "web.limit.refused"

    def __init__(self, problem: Problem) -> None:
        super().__init__([problem])


class RowCounter:
    """Counts the rows of a text file as its bytes arrive (line ends, so a quoted line break counts too:
    the count is never below the file's true rows) and refuses the file at ``limit``."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.rows = 0

    def feed(self, data: bytes) -> None:
        self.rows += data.count(b"\n")
        if self.rows > self.limits.rows:
            raise self.limits.refuse("rows", self.name)


def check_file(path: Path, limits: Limits, name: str | None = None) -> None:
    """Refuse a saved upload that unpacks or reads past ``limits``: a workbook's unpacked size (as its zip
    directory declares it, then as it actually inflates) and its rows; a Parquet file's rows and
    uncompressed size; a text file's lines. Raises ``LimitError``."""
    shown = name or path.name
    suffix = path.suffix.lower()
    if suffix in ZIP_SUFFIXES:
        _check_workbook(path, limits, shown)
    elif suffix == ".parquet":
        _check_parquet(path, limits, shown)
    elif suffix in TEXT_SUFFIXES:
        counter = RowCounter(shown, limits)
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                counter.feed(chunk)


def _check_workbook(path: Path, limits: Limits, name: str) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip file: the importer says the workbook cannot be read
    with zf:
        infos = zf.infolist()
        declared = sum(i.file_size for i in infos)
        if declared > limits.unpacked_bytes:
            raise limits.refuse("unpacked", name)
        inflated = 0
        for info in infos:
            if not _is_sheet(info.filename):
                inflated += info.file_size
                continue
            try:
                with zf.open(info) as fh:
                    inflated = _count_sheet(fh, inflated, limits, name)
            except (zipfile.BadZipFile, OSError, EOFError):
                return  # a damaged member: the importer reports the workbook as unreadable


def _count_sheet(fh: IO[bytes], inflated: int, limits: Limits, name: str) -> int:
    """Inflate one sheet, counting its bytes (the real size, whatever the zip directory claims) and its
    ``<row>`` tags; a tag that starts in a chunk's last bytes is counted with the next chunk."""
    rows = 0
    tail = b""
    while chunk := fh.read(_CHUNK):
        inflated += len(chunk)
        if inflated > limits.unpacked_bytes:
            raise limits.refuse("unpacked", name)
        data = tail + chunk
        keep = max(0, len(data) - _TAG_SPAN)
        rows += sum(1 for m in _ROW_TAG.finditer(data) if m.start() < keep)
        tail = data[keep:]
        if rows > limits.rows:
            raise limits.refuse("rows", name)
    rows += len(_ROW_TAG.findall(tail))
    if rows > limits.rows:
        raise limits.refuse("rows", name)
    return inflated


def _is_sheet(member: str) -> bool:
    return member.startswith("xl/worksheets/") and member.endswith(".xml")


def _check_parquet(path: Path, limits: Limits, name: str) -> None:
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(path)
    except Exception:  # pyarrow raises several kinds for a file that is not Parquet; the importer says so
        return
    if meta.num_rows > limits.rows:
        raise limits.refuse("rows", name)
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unpacked > limits.unpacked_bytes:
        raise limits.refuse("unpacked", name)


__all__ = ["MB", "LimitError", "Limits", "RowCounter", "check_file"]
