"""From bytes to records: the encoding (UTF-8 with or without BOM, UTF-16 as Excel writes it, Windows-1256
as Arabic Windows writes it), the separator (``,`` ``;`` tab ``|``), and records that remember the line
where they start, so every problem can name its row.
"""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass

from mizaan.ingest.values import CellError

DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    guessed: bool  # True when the encoding was a fallback the file did not declare (reported as a note)


def decode(raw: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``raw``: the given encoding, else a BOM, else UTF-16 by its zero bytes, else UTF-8, else
    Windows-1256 (noted, so the user can say otherwise). Binary content raises ``CellError``."""
    if encoding:
        try:
            return Decoded(raw.decode(encoding), encoding, False)
        except (UnicodeDecodeError, LookupError):
            raise CellError("ingest.file.encoding_given", encoding=encoding) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        return _checked(raw, "utf-8-sig")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(raw, "utf-16")
    sample = raw[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) / 4 and even == 0:
            return _checked(raw, "utf-16-le")
        if even > len(sample) / 4 and odd == 0:
            return _checked(raw, "utf-16-be")
    with suppress(UnicodeDecodeError):  # not UTF-8: try Windows-1256 below
        return _binary_check(Decoded(raw.decode("utf-8"), "utf-8", False))
    try:
        return _binary_check(Decoded(raw.decode("cp1256"), "windows-1256", True))
    except UnicodeDecodeError:
        raise CellError("ingest.file.encoding") from None


def _checked(raw: bytes, encoding: str) -> Decoded:
    try:
        return _binary_check(Decoded(raw.decode(encoding), encoding, False))
    except UnicodeDecodeError as exc:
        raise CellError("ingest.file.bad_bytes", encoding=encoding, position=exc.start) from None


def _binary_check(d: Decoded) -> Decoded:
    head = d.text[:8192]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\r\n\t\f")
    if "\x00" in head or (head and controls > len(head) / 20):
        raise CellError("ingest.file.binary")
    return d


@dataclass(frozen=True)
class Record:
    """One CSV record: the line it starts on (1-based) and its cells."""

    line: int
    cells: list[str]

    def blank(self) -> bool:
        return all(not c.strip() for c in self.cells)


@dataclass
class Records:
    records: list[Record]
    delimiter: str
    broken_at: int | None = None  # a line from which the file could not be read (reported by the importer)


def sniff_delimiter(text: str) -> str:
    """The separator giving the most lines with the same number (>1) of fields among the first lines."""
    lines = [ln for ln in text.splitlines()[:60] if ln.strip()]
    best, best_score = ",", -1
    for d in DELIMITERS:
        try:
            counts = Counter(len(r) for r in csv.reader(lines, delimiter=d) if len(r) > 1)
        except csv.Error:
            continue
        if not counts:
            continue
        width, freq = counts.most_common(1)[0]
        score = freq * 1000 + width
        if score > best_score:
            best, best_score = d, score
    return best


# no field-size cliff: Python's csv module stops at 131,072 characters a cell by default, and a longer cell
# (a long note, a pasted description) would end the file there
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_records(text: str, delimiter: str | None = None) -> Records:
    """Every non-blank record of ``text`` with the line it starts on."""
    delim = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    out: list[Record] = []
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            return Records(out, delim, broken_at=start)
        if cells and any(c.strip() for c in cells):
            out.append(Record(start, [c.strip() for c in cells]))
        start = reader.line_num + 1
    return Records(out, delim)
