"""Exports that are safe to open: CSV cells that a spreadsheet would run as a formula are neutralised, CSV
for Excel starts with a byte-order mark (without one, Excel on Windows reads UTF-8 Arabic as mojibake), and
text in Markdown cannot become HTML or a link.

A cell is a formula to Excel, LibreOffice and Google Sheets when it starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return (OWASP's list, and their full-width forms); such a cell gets a leading apostrophe,
which the spreadsheet shows as text and does not run. Plain numbers (``-3``, ``+0.25``, ``1e-5``) are left
as they are, so tools still read them as numbers."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_MD_SPECIAL = re.compile(r"([\\\[\]])")


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet shows it but never runs it (non-text values are returned as they are)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START) or NUMBER.fullmatch(value):
        return value
    return "'" + value


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        options.setdefault("lineterminator", "\n")
        self._w = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._w.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: IO[str], **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)


def excel_csv(text: str) -> bytes:
    """CSV text as the bytes of a download: UTF-8 with a byte-order mark, which Excel needs to read Arabic."""
    return (text if text.startswith(BOM) else BOM + text).encode("utf-8")


def md_text(text: str) -> str:
    """Text for Markdown that stays text: no HTML tag or entity (``<``, ``>``, ``&`` written as entities)
    and no link (``[``, ``]`` and backslashes escaped)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


__all__ = ["BOM", "SafeWriter", "csv_writer", "excel_csv", "md_text", "safe_cell"]
