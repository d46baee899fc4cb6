"""Receiving an upload: the multipart body streamed straight into a folder, with the limits enforced as the
bytes arrive (``python-multipart``'s parser, fed chunk by chunk), not after the whole body is spooled.

A request over ``Limits.request_bytes`` is refused as soon as its ``Content-Length`` says so, or, when it
sends none (chunked), as soon as that many bytes have come; a file over ``file_bytes``, and a text file
over ``rows`` lines, as soon as its part passes the limit. The caller removes the folder on any error, so a
refused upload leaves nothing behind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from fastapi import Request
from python_multipart import MultipartParser
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import parse_options_header

from mizaan.errors import InputError, Problem
from mizaan.web.limits import TEXT_SUFFIXES, Limits, RowCounter
from mizaan.web.security import CSRF_FIELD, CSRF_HEADER, CsrfError, guard

SAFE_NAME = re.compile(r"[^\w.\-]+", re.UNICODE)
MAX_FIELDS = 200
MAX_FIELD_BYTES = 64 * 1024


@dataclass
class Received:
    """The form's text fields and the files it carried: (form key, the file's own name, where it is)."""

    fields: dict[str, str] = field(default_factory=dict)
    files: list[tuple[str, str, Path]] = field(default_factory=list)

    def get(self, key: str) -> str:
        return self.fields.get(key, "").strip()

    def file(self, key: str) -> tuple[str, Path] | None:
        for k, name, path in self.files:
            if k == key:
                return name, path
        return None


def safe_name(name: str | None) -> str | None:
    """A plain file name (no folders, no odd characters; Arabic letters kept), or None when nothing is left."""
    base = Path((name or "").replace("\\", "/")).name
    base = SAFE_NAME.sub("_", base).strip("._")
    return base[:120] or None


class _Parts:
    """The parser's callbacks: one part at a time, fields kept in memory, files written as they arrive."""

    def __init__(self, folder: Path, limits: Limits, got: Received, csrf: Callable[[str | None], bool]) -> None:
        self.folder, self.limits, self.got = folder, limits, got
        self.csrf = csrf
        self.csrf_checked = csrf(None)
        self.header_name = b""
        self.header_value = b""
        self.headers: dict[bytes, bytes] = {}
        self.key = ""
        self.out: IO[bytes] | None = None
        self.name = ""
        self.size = 0
        self.rows: RowCounter | None = None
        self.data = bytearray()
        self.is_file = False

    def on_part_begin(self) -> None:
        self.headers = {}
        self.data = bytearray()
        self.out, self.rows, self.size, self.is_file = None, None, 0, False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header_name.lower()] = self.header_value
        self.header_name, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.key = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            if len(self.got.fields) >= MAX_FIELDS:
                raise InputError([Problem("web.upload.malformed", {})])
            return
        self.is_file = True
        if not self.csrf_checked:  # no file is written for a form that did not prove where it came from
            raise CsrfError
        name = safe_name(options[b"filename"].decode("utf-8", "replace"))
        if name is None:  # an empty file input: the browser sends a part with no name
            return
        self.name = name
        path = self.folder / name
        n = 1
        while path.exists():
            n += 1
            path = self.folder / f"{n}-{name}"
        self.out = path.open("wb")
        self.got.files.append((self.key, name, path))
        if path.suffix.lower() in TEXT_SUFFIXES:
            self.rows = RowCounter(name, self.limits)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if not self.is_file:
            self.data += chunk
            if len(self.data) > MAX_FIELD_BYTES:
                raise InputError([Problem("web.upload.malformed", {})])
            return
        if self.out is None:
            return
        self.size += len(chunk)
        if self.size > self.limits.file_bytes:
            raise self.limits.refuse("file", self.name)
        if self.rows is not None:
            self.rows.feed(chunk)
        self.out.write(chunk)

    def on_part_end(self) -> None:
        if self.is_file:
            self.close()
        else:
            value = self.data.decode("utf-8", "replace")
            if self.key == CSRF_FIELD:
                self.csrf_checked = self.csrf_checked or self.csrf(value)
            else:
                self.got.fields[self.key] = value

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None


async def receive(request: Request, folder: Path, limits: Limits) -> Received:
    """Stream the request's multipart body into ``folder``; raises ``LimitError`` at the first limit passed,
    ``InputError`` for a body that is not a form upload, and ``CsrfError`` for a form without this
    browser's CSRF token before its first file (nothing of such a form is written)."""
    too_large = limits.refuse("request")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.request_bytes:
        raise too_large
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise InputError([Problem("web.upload.malformed", {})])
    got = Received()
    g = guard(request)
    header = request.headers.get(CSRF_HEADER)
    parts = _Parts(folder, limits, got, lambda given: g.csrf_ok(request, given or header))
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": parts.on_part_begin,
            "on_header_field": parts.on_header_field,
            "on_header_value": parts.on_header_value,
            "on_header_end": parts.on_header_end,
            "on_headers_finished": parts.on_headers_finished,
            "on_part_data": parts.on_part_data,
            "on_part_end": parts.on_part_end,
        },
    )
    total = 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > limits.request_bytes:
                raise too_large
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError:
        raise InputError([Problem("web.upload.malformed", {})]) from None
    finally:
        parts.close()
    if not parts.csrf_checked:
        raise CsrfError
    return got


__all__ = ["Received", "receive", "safe_name"]
