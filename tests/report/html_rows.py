"""Reading a plan's allocation table back out of HTML (the report, the PDF's page, the web page)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Rows(HTMLParser):
    """The cells of the HTML allocation table's body rows."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_table = self._in_body = self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("id", "table-allocation") in attrs:
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag in ("th", "td"):
            self._in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = self._in_table = False
        elif tag in ("th", "td"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.rows[-1][-1] += data


def html_allocation(html: str) -> list[tuple[str, str, str]]:
    parser = _Rows()
    parser.feed(html)
    return [(r[0], r[1], r[2]) for r in parser.rows]
