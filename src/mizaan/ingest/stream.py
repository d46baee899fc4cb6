"""A large CSV file read in chunks, in bounded memory, with every record's line.

Two readers give the same chunks: the records of one chunk as a column of 1-based line numbers and one
column of stripped cell texts per header column (a short record's missing cells are empty, blank records
are left out, as ``read_records`` does).

- **Fast** (Arrow's multithreaded CSV reader): used when a scan of the bytes proves the file *regular*:
  an ASCII-compatible encoding, the header on line 1, every later line exactly one record with the
  header's number of fields, quotes only around whole fields, no quoted line breaks, no blank line but at
  the end. Then record ``i`` is on line ``i + 2``, so line numbers need no per-record work.
- **Exact** (Python's ``csv`` module over the decoded stream): every other file; the same records and
  lines as ``read_records``, without holding the text.

The scan also settles the encoding the way ``decode`` does (a BOM, UTF-16 by its zero bytes, UTF-8, else
Windows-1256, noted), reading the file in blocks.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mizaan.ingest.text import DELIMITERS, sniff_delimiter
from mizaan.ingest.values import CellError

BLOCK = 4 << 20  # bytes read at a time by the scan and the fast reader (Arrow reads a few blocks ahead)
CHUNK_ROWS = 131_072  # records per chunk from the exact reader
HEAD = 1 << 16
# what str.strip() removes: Python's whitespace, so both readers strip cells alike
WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


@dataclass(frozen=True)
class Chunk:
    lines: pa.Array  # int64, the line each record starts on
    cells: list[pa.Array]  # one string column per header column, stripped


@dataclass(frozen=True)
class Layout:
    encoding: str
    guessed: bool  # Windows-1256 read because the file is not UTF-8 (noted)
    delimiter: str
    header: list[str]  # the first record's cells, stripped
    header_line: int
    regular: bool


def layout(path: Path, encoding: str | None) -> Layout | None:
    """How ``path`` is written; None when it holds no record at all."""
    raw_head = _head(path)
    enc, guessed = _encoding(path, raw_head, encoding)
    text_head = raw_head.decode(enc, errors="ignore") if raw_head else ""
    _binary(text_head)
    delim = sniff_delimiter(text_head)
    header, header_line = _first_record(path, enc, delim)
    if header is None:
        return None
    regular = (
        header_line == 1
        and len(header) > 1
        and enc in ("utf-8", "utf-8-sig", "windows-1256")
        and delim in DELIMITERS
        and _regular(path, delim, len(header), enc)
    )
    return Layout(enc, guessed, delim, header, header_line, regular)


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(HEAD)


def _encoding(path: Path, head: bytes, given: str | None) -> tuple[str, bool]:
    if given:
        try:
            codecs.lookup(given)
            _check_stream(path, given)
        except (LookupError, UnicodeDecodeError):
            raise CellError("ingest.file.encoding_given", encoding=given) from None
        return given, False
    if head.startswith(b"\xef\xbb\xbf"):
        return _checked(path, "utf-8-sig"), False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(path, "utf-16"), False
    sample = head[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) / 4 and even == 0:
            return _checked(path, "utf-16-le"), False
        if even > len(sample) / 4 and odd == 0:
            return _checked(path, "utf-16-be"), False
    with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: Windows Arabic is the other encoding read
        _check_stream(path, "utf-8")
        return "utf-8", False
    try:
        _check_stream(path, "cp1256")
    except UnicodeDecodeError:
        raise CellError("ingest.file.encoding") from None
    return "windows-1256", True


def _checked(path: Path, encoding: str) -> str:
    try:
        _check_stream(path, encoding)
    except UnicodeDecodeError as exc:
        raise CellError("ingest.file.bad_bytes", encoding=encoding, position=exc.start) from None
    return encoding


def _check_stream(path: Path, encoding: str) -> None:
    """Decode the whole file in blocks (raises ``UnicodeDecodeError``), holding one block at a time."""
    dec = codecs.getincrementaldecoder(encoding)()
    done = 0  # bytes before this block, so that a bad byte's position is the file's
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            held = len(dec.getstate()[0])
            try:
                dec.decode(block)
            except UnicodeDecodeError as exc:
                raise UnicodeDecodeError(
                    exc.encoding, exc.object, exc.start + done - held, exc.end, exc.reason
                ) from None
            done += len(block)
    dec.decode(b"", final=True)


def _binary(head: str) -> None:
    head = head[:8192]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\r\n\t\f")
    if "\x00" in head or (head and controls > len(head) / 20):
        raise CellError("ingest.file.binary")


def _text(path: Path, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, newline="")


def _first_record(path: Path, encoding: str, delim: str) -> tuple[list[str] | None, int]:
    with _text(path, encoding) as fh:
        reader = csv.reader(fh, delimiter=delim)
        start = 1
        while True:
            try:
                cells = next(reader)
            except (StopIteration, csv.Error):
                return None, 0
            if cells and any(c.strip() for c in cells):
                return [c.strip() for c in cells], start
            start = reader.line_num + 1


def _regular(path: Path, delim: str, width: int, encoding: str) -> bool:
    """Whether every line after the first is one record of ``width`` fields (see the module's text)."""
    d, quote, nl, cr = ord(delim), ord('"'), ord("\n"), ord("\r")
    carry = b""
    first = True
    blank_seen = False
    with path.open("rb") as fh:
        while True:
            block = fh.read(BLOCK)
            data = carry + block
            if not block:
                if not data:
                    return True
                data += b"\n"  # the last line, without its line break
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                carry = data
                continue
            seg, carry = data[:cut], data[cut:]
            b = np.frombuffer(seg, dtype=np.uint8)
            if first:  # the header line is not checked
                start = int(np.flatnonzero(b == nl)[0]) + 1
                b, first = b[start:], False
            ok, blank_seen = _regular_lines(b, d, quote, nl, cr, width, blank_seen)
            if not ok:
                return False
            if not block:
                return True


def _regular_lines(
    b: np.ndarray, d: int, quote: int, nl: int, cr: int, width: int, blank_seen: bool
) -> tuple[bool, bool]:
    if b.size == 0:
        return True, blank_seen
    ends = np.flatnonzero(b == nl)
    starts = np.concatenate(([0], ends[:-1] + 1))
    crs = np.flatnonzero(b == cr)
    if crs.size and not np.all(b[np.minimum(crs + 1, b.size - 1)] == nl):
        return False, blank_seen  # a lone carriage return ends a record too
    length = ends - starts - np.isin(ends - 1, crs)
    blank = length == 0
    if blank_seen and not np.all(blank):
        return False, blank_seen
    if blank.any():
        # blank lines only at the end: after the first one, every line must be blank
        first_blank = int(np.argmax(blank))
        if not np.all(blank[first_blank:]):
            return False, blank_seen
        blank_seen = True
    q = np.flatnonzero(b == quote)
    if q.size:
        if np.any(np.searchsorted(q, ends) % 2):
            return False, blank_seen  # a quoted line break, or an unbalanced quote
        order = np.arange(q.size)  # quotes alternate open / close within each line (parity resets at ends)
        before = np.searchsorted(ends, q)  # line of each quote
        first_q = np.searchsorted(q, starts)
        parity = (order - first_q[before]) % 2
        prev = b[np.maximum(q - 1, 0)]
        nxt = b[np.minimum(q + 1, b.size - 1)]
        at_start = np.isin(q, starts)
        opens_ok = at_start | (prev == d) | (prev == quote)
        closes_ok = (nxt == d) | (nxt == nl) | (nxt == cr) | (nxt == quote)
        if not np.all(np.where(parity == 0, opens_ok, closes_ok)):
            return False, blank_seen  # a quote inside an unquoted field
    ds = np.flatnonzero(b == d)
    if q.size and ds.size:
        ds = ds[np.searchsorted(q, ds) % 2 == 0]  # separators inside quotes are text
    per_line = np.bincount(np.searchsorted(ends, ds), minlength=ends.size)
    fields_ok = (per_line == width - 1) | blank
    return bool(np.all(fields_ok)), blank_seen


def chunks(path: Path, lay: Layout) -> Iterator[Chunk | int]:
    """The file's records after the header, chunk by chunk; a line number (int) at the end when the file
    cannot be read from that line on (an unclosed quote)."""
    if lay.regular:
        yield from _fast(path, lay)
    else:
        yield from _exact(path, lay)


def strip(arr: pa.Array) -> pa.Array:
    return pc.utf8_trim(arr, characters=WHITESPACE)


def _fast(path: Path, lay: Layout) -> Iterator[Chunk]:
    import pyarrow.csv as pcsv

    names = [f"c{i}" for i in range(len(lay.header))]
    reader = pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(
            column_names=names,
            skip_rows=1,
            block_size=BLOCK,
            encoding="utf8" if lay.encoding == "utf-8" else lay.encoding,
        ),
        parse_options=pcsv.ParseOptions(delimiter=lay.delimiter, newlines_in_values=False),
        convert_options=pcsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
        ),
    )
    line = 2
    for batch in reader:
        n = batch.num_rows
        lines = pa.array(np.arange(line, line + n, dtype=np.int64))
        line += n
        cells = [strip(batch.column(i)) for i in range(len(names))]
        yield _without_blank(Chunk(lines, cells))


def _exact(path: Path, lay: Layout) -> Iterator[Chunk | int]:
    width = len(lay.header)
    with _text(path, lay.encoding) as fh:
        reader = csv.reader(fh, delimiter=lay.delimiter)
        start = 1
        header_done = False
        lines: list[int] = []
        rows: list[list[str]] = []
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error:
                if rows:
                    yield _from_rows(lines, rows, width)
                yield start
                return
            if cells and any(c.strip() for c in cells):
                if not header_done:
                    header_done = True
                else:
                    lines.append(start)
                    rows.append(cells)
                    if len(rows) >= CHUNK_ROWS:
                        yield _from_rows(lines, rows, width)
                        lines, rows = [], []
            start = reader.line_num + 1
        if rows:
            yield _from_rows(lines, rows, width)


def _from_rows(lines: list[int], rows: list[list[str]], width: int) -> Chunk:
    cols = [pa.array([r[i] if i < len(r) else "" for r in rows], pa.string()) for i in range(width)]
    return Chunk(pa.array(lines, pa.int64()), [strip(c) for c in cols])


def _without_blank(chunk: Chunk) -> Chunk:
    """Records whose every cell is empty are not records (as ``read_records`` has it)."""
    empty = None
    for col in chunk.cells:
        e = pc.equal(pc.utf8_length(col), 0)
        empty = e if empty is None else pc.and_(empty, e)
    if empty is None or not pc.any(empty).as_py():
        return chunk
    keep = pc.invert(empty)
    return Chunk(chunk.lines.filter(keep), [c.filter(keep) for c in chunk.cells])
