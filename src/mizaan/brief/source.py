"""Reading a brief: text given directly, a file, or standard input; refusing what is not a brief
(empty, binary, far too long) with a message in both languages."""

from __future__ import annotations

import unicodedata
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mizaan.brief.errors import BriefInputError
from mizaan.errors import Problem

MAX_CHARS = 5000  # about two pages: a summary, not a business plan (and the profile's notes limit)
_TEXT_SUFFIXES = {".txt", ".md", ".text", ".brief"}


@dataclass(frozen=True)
class BriefSource:
    """The brief's text and where it came from (a file name, or None for text given directly)."""

    text: str
    file: str | None = None


def check_text(text: str, file: str | None = None) -> str:
    """``text`` when it can be a brief; else ``BriefInputError`` saying why."""
    if not text.strip():
        raise BriefInputError([Problem("brief.empty", {}, file=file)], file=file)
    if len(text) > MAX_CHARS:
        raise BriefInputError(
            [Problem("brief.too_long", {"count": len(text), "limit": MAX_CHARS}, file=file)], file=file
        )
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise BriefInputError([Problem("brief.not_text", {}, file=file)], file=file)
    return text


def decode(raw: bytes, file: str | None = None) -> str:
    """Bytes of a file or of standard input as text (UTF-8, with or without BOM, or UTF-16 with BOM)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        with suppress(UnicodeDecodeError):  # a BOM that lies: try UTF-8 below
            return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise BriefInputError([Problem("brief.not_text", {}, file=file)], file=file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BriefInputError([Problem("brief.not_utf8", {"position": exc.start}, file=file)], file=file) from None


def read_source(arg: str, stdin: BinaryIO | None = None) -> BriefSource:
    """The brief named by a command-line argument: ``-`` for standard input, an existing file's path,
    or else the text itself. A path-like argument (one word ending in .txt or .md) that names no file
    is an error rather than a one-word brief."""
    if arg == "-":
        if stdin is None:
            raise BriefInputError([Problem("brief.empty", {})])
        raw = stdin.read(MAX_CHARS * 4 + 1)
        return BriefSource(check_text(decode(raw, "-"), "-"), "-")
    candidate = arg.strip()
    if candidate and "\n" not in candidate and len(candidate) < 1024:
        path = Path(candidate).expanduser()
        try:
            is_file = path.is_file()
        except OSError:
            is_file = False
        if is_file:
            size = path.stat().st_size
            if size > MAX_CHARS * 4:
                raise BriefInputError(
                    [Problem("brief.too_long", {"count": size, "limit": MAX_CHARS}, file=str(path))],
                    file=str(path),
                )
            text = decode(path.read_bytes(), str(path))
            return BriefSource(check_text(text, str(path)), str(path))
        if " " not in candidate and path.suffix.lower() in _TEXT_SUFFIXES:
            raise BriefInputError([Problem("v.no_file", {"path": candidate}, file=candidate)], file=candidate)
    return BriefSource(check_text(arg), None)
