"""A plan as a document: the one list of sections and blocks every plan output renders.

``plan_document`` (in ``mizaan.report.plan_document``) builds a ``Document`` once from a ``Plan``, in the
plan's language and digits, with every label from the catalogues and every number formatted by the one
``NumberFormatter``. The terminal, Markdown, HTML (and so PDF and the web page) and CSV renderers only
render it: they decide layout, never what to show or how a number reads.

Blocks are small frozen dataclasses: ``Paragraph``, ``Bullets``, ``Table`` (typed columns, cells that keep
their raw value and the reasons behind them), ``Chart`` (share, interval or timeline data the web and the
HTML report draw), ``Notes`` (warnings with a severity), ``Steps`` (the campaign's ordered steps),
``Details`` (reasons shown on demand) and ``Definitions`` (terms and their statements)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from mizaan.knowledge import Severity

ColumnKind = Literal["text", "money", "percent", "number", "count", "range", "code", "url", "figure", "source"]
NUMERIC_KINDS = ("money", "percent", "number", "count", "range")  # formatted numbers, aligned to the end
# "code" is an ID or promo code, "url" a link, "figure" a benchmark's raw figures: left-to-right text;
# "source" a benchmark's cited source (English, as published): isolated left to right inside Arabic
ChartKind = Literal["bars", "split", "intervals", "timeline", "band", "grouped"]
Raw = Decimal | float | int | str | None


@dataclass(frozen=True)
class Reason:
    """One reason behind a number: its text, the rule it came from (if any) and its kind."""

    text: str
    rule: str | None = None
    kind: str = "rule"


@dataclass(frozen=True)
class Cell:
    """A table cell: ``text`` as shown; ``value`` the raw number (or ID) behind it, for tools; ``note`` a
    second, smaller line; ``mark`` a chosen option."""

    text: str
    value: Raw = None
    note: str | None = None
    mark: bool = False


@dataclass(frozen=True)
class Column:
    """A column: ``id`` names it for tools (CSV), ``label`` for people; ``header`` marks the column whose
    cells name their row."""

    id: str
    label: str
    kind: ColumnKind = "text"
    header: bool = False


@dataclass(frozen=True)
class Row:
    """A table row: ``key`` identifies it (a channel ID, a tier), ``group`` classes it (a family, a
    stage); ``reasons`` say why its numbers are what they are."""

    key: str
    cells: tuple[Cell, ...]
    group: str = ""
    reasons: tuple[Reason, ...] = ()

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule IDs among the reasons, each once, in order."""
        return tuple(dict.fromkeys(r.rule for r in self.reasons if r.rule))


@dataclass(frozen=True)
class Table:
    id: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: str | None = None
    footer: Row | None = None
    kind: Literal["table"] = "table"

    def column(self, column_id: str) -> int:
        """The index of a column by its ID."""
        return next(i for i, c in enumerate(self.columns) if c.id == column_id)


@dataclass(frozen=True)
class Paragraph:
    text: str
    strong: bool = False
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Item:
    """A list item; ``href`` where a page links it somewhere (a what-if comparison)."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Bullets:
    items: tuple[Item, ...]
    title: str | None = None
    ordered: bool = False
    quiet: bool = False  # notes and assumptions: shown smaller or dimmer
    id: str = ""
    kind: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Note:
    """A warning: its rule, severity (and the severity's label), what is wrong and what to do."""

    rule: str
    severity: Severity
    severity_label: str
    text: str
    action: str
    field: str | None = None  # the profile field the warning concerns, when it concerns one
    href: str | None = None  # where a page lets the reader change that field (the web app's form)


@dataclass(frozen=True)
class Notes:
    items: tuple[Note, ...]
    action_label: str
    fix_label: str = ""  # the words of a note's link to its field
    kind: Literal["notes"] = "notes"


@dataclass(frozen=True)
class Step:
    number: str
    when: str
    text: str
    rules: tuple[str, ...]
    stage: str


@dataclass(frozen=True)
class Steps:
    items: tuple[Step, ...]
    kind: Literal["steps"] = "steps"


@dataclass(frozen=True)
class Detail:
    """Reasons shown on demand: a heading (``title`` bold, ``text`` after it) and the reasons."""

    title: str
    text: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Details:
    items: tuple[Detail, ...]
    title: str | None = None
    kind: Literal["details"] = "details"


@dataclass(frozen=True)
class Definition:
    term: str
    text: str
    small: str = ""


@dataclass(frozen=True)
class Definitions:
    items: tuple[Definition, ...]
    kind: Literal["definitions"] = "definitions"


@dataclass(frozen=True)
class ChartItem:
    """One bar, part, interval, span or point: ``value`` a share (bars, split), the P50 (intervals) or a
    band's median at the point ``label``; ``text`` the value as shown; ``low``/``high`` an interval's or a
    band's bounds or a span's first and last week; ``group`` of a band's point: ``observed`` or
    ``extrapolated`` (past the data), ``pre`` or ``post`` (a lift's periods)."""

    label: str
    value: float
    text: str
    group: str = ""
    low: float = 0.0
    high: float = 0.0
    actual: float | None = None  # a band's point: what happened beside the band (a lift's actual metric)
    values: tuple[float, ...] = ()  # a grouped row: one value per series (0..1 of the chart's scale)
    texts: tuple[str, ...] = ()  # and each shown as


@dataclass(frozen=True)
class Chart:
    """Data for a chart: ``bars`` (shares, one bar each), ``split`` (shares of one whole), ``intervals``
    (P10-P90 with the P50), ``timeline`` (spans of weeks up to ``scale``), ``band`` (a line with its
    interval over ordered points: a response curve, a lift's counterfactual) or ``grouped`` (rows of one
    bar per series: a channel then and now)."""

    id: str
    chart: ChartKind
    title: str
    items: tuple[ChartItem, ...]
    scale: int = 0
    series: tuple[str, ...] = ()  # a grouped chart's series; a band chart's names of the median, band and actual
    kind: Literal["chart"] = "chart"


Block = Paragraph | Bullets | Table | Chart | Notes | Steps | Details | Definitions


@dataclass(frozen=True)
class Section:
    """A titled part of the document; ``appendix`` sections (rules, benchmarks) are reference material a
    short output (the terminal without ``--explain``) may leave out."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    appendix: bool = False

    def table(self, table_id: str) -> Table:
        return next(b for b in self.blocks if isinstance(b, Table) and b.id == table_id)


@dataclass(frozen=True)
class Document:
    """A plan, ready to render: ``lang``/``direction`` for the page, ``explain`` whether reasons are
    written out in full where an output would otherwise abbreviate them to rule IDs."""

    title: str
    summary: str
    sections: tuple[Section, ...]
    footer: str
    lang: str
    digits: str
    explain: bool = False
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def direction(self) -> str:
        return "rtl" if self.lang == "ar" else "ltr"

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def with_field_links(self, href: Callable[[str], str]) -> Document:
        """The document with each warning that names a profile field linked to where it can be changed."""
        sections = []
        for s in self.sections:
            blocks = tuple(
                replace(b, items=tuple(replace(n, href=href(n.field)) if n.field else n for n in b.items))
                if isinstance(b, Notes)
                else b
                for b in s.blocks
            )
            sections.append(replace(s, blocks=blocks))
        return replace(self, sections=tuple(sections))

    def with_links(self, section_id: str, hrefs: list[str]) -> Document:
        """The document with the items of a section's bullets linked (the web page's what-if links)."""
        sections = []
        for s in self.sections:
            if s.id == section_id:
                blocks = tuple(
                    replace(b, items=tuple(replace(i, href=h) for i, h in zip(b.items, hrefs, strict=True)))
                    if isinstance(b, Bullets)
                    else b
                    for b in s.blocks
                )
                s = replace(s, blocks=blocks)
            sections.append(s)
        return replace(self, sections=tuple(sections))
