"""A tabular file as a stream of records: a CSV (any of the encodings and separators ``text.py`` reads) or
the first sheet of an XLSX workbook, read from its start as often as an importer asks (once to settle the
file's conventions, once to read its rows), never held whole.

A CSV is decoded and split as it is read, with the encoding and separator settled first the way
``text.decode`` and ``text.sniff_delimiter`` settle them for a whole text, so its records, their lines and
the line of an unclosed quote are those ``text.read_records`` gives. A workbook is read once with
openpyxl's streaming reader (``read_only``), its records kept in a temporary file a chunk at a time, and
read back from there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pickle
import tempfile
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import IO

from mizaan.ingest.stream import HEAD, _binary, _encoding, _head
from mizaan.ingest.text import Record, sniff_delimiter
from mizaan.ingest.values import CellError

CHUNK_ROWS = 20_000  # records an importer reads at a time
SNIFF_LINES = 60  # lines the separator is guessed from (as sniff_delimiter reads them)
SNIFF_MAX = 16 << 20  # characters read at most to find them (a file of very long lines)
XLSX_SUFFIXES = (".xlsx", ".xlsm")


class Sheet:
    """One tabular file. ``records()`` reads it from the start; ``broken_at`` is the line from which a CSV
    could not be read (an unclosed quote), known once a reading has reached it."""

    def __init__(self, path: Path, encoding: str, guessed: bool, delimiter: str | None) -> None:
        self.path = path
        self.encoding = encoding  # "xlsx" for a workbook
        self.guessed = guessed  # Windows-1256 read because the file is not UTF-8 (noted)
        self.delimiter = delimiter
        self.broken_at: int | None = None
        self._spill: IO[bytes] | None = None

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def records(self) -> Iterator[Record]:
        """Every non-blank record from the file's start, with the line (or sheet row) it starts on."""
        if self.encoding == "xlsx":
            yield from self._xlsx()
        else:
            yield from self._csv()

    def chunks(self, skip: int) -> Iterator[list[Record]]:
        """The records after the first ``skip``, ``CHUNK_ROWS`` at a time."""
        it = islice(self.records(), skip, None)
        while chunk := list(islice(it, CHUNK_ROWS)):
            yield chunk

    def _csv(self) -> Iterator[Record]:
        assert self.delimiter is not None
        with _text(self.path, self.encoding) as fh:
            reader = csv.reader(fh, delimiter=self.delimiter)
            start = 1
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error:
                    self.broken_at = start
                    return
                if cells and any(c.strip() for c in cells):
                    yield Record(start, [c.strip() for c in cells])
                start = reader.line_num + 1

    def _xlsx(self) -> Iterator[Record]:
        if self._spill is None:
            self._spill = _spill_workbook(self.path)
        offset = 0
        while True:
            self._spill.seek(offset)
            try:
                chunk: list[Record] = pickle.load(self._spill)
            except EOFError:
                return
            offset = self._spill.tell()
            yield from chunk


def open_sheet(path: Path, encoding: str | None) -> Sheet:
    """``path`` as a sheet: a workbook by its suffix, else a CSV whose encoding (``encoding`` when given)
    and separator are settled here. Raises ``CellError`` for a file that is not text."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        return Sheet(path, "xlsx", False, None)
    raw_head = _head(path)
    enc, guessed = _encoding(path, raw_head, encoding)
    _binary(raw_head.decode(enc, errors="ignore") if raw_head else "")
    return Sheet(path, enc, guessed, sniff_delimiter(_first_lines(path, enc)))


def _text(path: Path, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, newline="")


def _first_lines(path: Path, encoding: str) -> str:
    """The file's text up to past its first ``SNIFF_LINES`` lines (as ``str.splitlines`` counts them)."""
    with _text(path, encoding) as fh:
        text = ""
        while len(text) < SNIFF_MAX:
            more = fh.read(HEAD)
            text += more
            if not more or len(text.splitlines()) > SNIFF_LINES:
                break
        return text


def _spill_workbook(path: Path) -> IO[bytes]:
    """The first sheet's non-blank records (cells as text, dates as ISO), numbered by sheet row, written to
    a temporary file in pickled chunks."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise CellError("ingest.file.xlsx", detail=type(exc).__name__) from None
    out = tempfile.TemporaryFile()
    try:
        ws = wb.worksheets[0]
        chunk: list[Record] = []
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in row]
            if any(c for c in cells):
                chunk.append(Record(n, cells))
                if len(chunk) >= CHUNK_ROWS:
                    pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
                    chunk = []
        if chunk:
            pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        out.close()
        raise
    finally:
        wb.close()
    return out


def cell_text(v: object) -> str:
    """A workbook cell as text: empty for none, a date as ISO (with its time when it has one), a whole
    float without its ``.0``."""
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v) if v != int(v) else str(int(v))
    return str(v).strip()
