"""The plan in the terminal, with Rich: the document's sections in order, tables as Rich tables, the
channel split as bars, warnings coloured by severity. Reasons show as rule IDs, or in full with
``explain`` (which also shows the appendix: rules applied and benchmark figures)."""

from __future__ import annotations

from io import StringIO

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from mizaan.i18n import DigitStyle
from mizaan.plan import Plan
from mizaan.report.document import (
    NUMERIC_KINDS,
    Block,
    Bullets,
    Chart,
    Definitions,
    Details,
    Document,
    Notes,
    Paragraph,
    Steps,
    Table,
)
from mizaan.report.plan_document import plan_document

SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow", "info": "cyan"}
BAR = "█"


def _bar(share: float, width: int = 24) -> str:
    return BAR * max(1 if share > 0 else 0, round(share * width))


def _chart(c: Chart) -> list[RenderableType]:
    """Only the channel bars: the other charts repeat a table beside them."""
    if c.chart != "bars":
        return []
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(overflow="fold")  # a long name wraps in a narrow terminal
    grid.add_column(no_wrap=True, overflow="crop")  # the bar gives way before the figure does
    grid.add_column(justify="right", no_wrap=True, min_width=max((len(i.text) for i in c.items), default=0))
    for item in c.items:
        grid.add_row(item.label, _bar(item.value / (item.high or 1.0)), item.text)
    return [grid]


def _table(b: Table, explain: bool) -> RichTable:
    rich = RichTable(caption=b.caption, show_lines=explain)
    for col in b.columns:
        rich.add_column(
            col.label,
            justify="right" if col.kind in NUMERIC_KINDS else "left",
            no_wrap=col.kind in NUMERIC_KINDS or col.kind == "code",
            overflow="fold" if col.kind == "url" else "ellipsis",
        )
    for row in b.rows:
        cells = []
        for cell in row.cells:
            text = ("✓ " if cell.mark else "") + cell.text
            if cell.note and explain:
                text += f" — {cell.note}"
            cells.append(text)
        rich.add_row(*cells)
    if b.footer is not None:
        rich.add_row(*(Text(c.text, style="dim") for c in b.footer.cells), end_section=True)
    return rich


class _Fitted:
    """A table at its natural width when the terminal has room, else row by row ("column: value" under
    each row's first cell), so a narrow terminal never truncates a number or drops a column."""

    def __init__(self, table: Table, explain: bool) -> None:
        self.table, self.explain = table, explain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rich = _table(self.table, self.explain)
        natural = Measurement.get(console, options.update_width(10_000), rich).maximum
        if natural <= options.max_width:
            yield rich
            return
        labels = [c.label for c in self.table.columns]
        rows = [*self.table.rows, *([self.table.footer] if self.table.footer is not None else [])]
        for i, row in enumerate(rows):
            head, *rest = row.cells
            yield Text(("\n" if i else "") + (head.text or "—"), style="bold")
            grid = RichTable.grid(padding=(0, 2))
            grid.add_column(style="dim")
            grid.add_column(overflow="fold")  # a long link breaks across lines, never cut
            for label, cell in zip(labels[1:], rest, strict=True):
                if cell.text:
                    grid.add_row(label, cell.text)
            yield grid
        if self.table.caption:
            yield Text(self.table.caption, style="dim")


def _block(b: Block, doc: Document) -> list[RenderableType]:
    explain = doc.explain
    if isinstance(b, Paragraph):
        return [Text(b.text, style="bold" if b.strong else "")]
    if isinstance(b, Bullets):
        out: list[RenderableType] = [Text(b.title, style="bold")] if b.title else []
        for i, item in enumerate(b.items, 1):
            out.append(Text(f"{i}. {item.text}" if b.ordered else f"• {item.text}", style="dim" if b.quiet else ""))
        return out
    if isinstance(b, Table):
        return [_Fitted(b, explain)]
    if isinstance(b, Chart):
        return _chart(b)
    if isinstance(b, Notes):
        nt = RichTable(show_lines=True)
        nt.add_column(doc.labels["rule"], no_wrap=True)
        nt.add_column(doc.labels["warning"])
        nt.add_column(b.action_label)
        for n in b.items:
            style = SEVERITY_STYLE[n.severity]
            nt.add_row(Text(f"{n.rule} · {n.severity_label}", style=style), Text(n.text, style=style), n.action)
        return [nt]
    if isinstance(b, Steps):
        st = RichTable(box=None)
        st.add_column("#", justify="right")
        st.add_column(doc.labels["when"], no_wrap=True)
        st.add_column(doc.labels["step"])
        st.add_column(doc.labels["rules"], style="dim")
        for s in b.items:
            st.add_row(s.number, s.when, s.text, " ".join(s.rules))
        return [st]
    if isinstance(b, Details):
        out = [Text(b.title, style="bold")] if b.title and explain else []
        for d in b.items:
            rules = " ".join(dict.fromkeys(r.rule for r in d.reasons if r.rule))
            if explain:
                out.append(Text(d.title + (f" — {d.text}" if d.text else ""), style="bold"))
                out.extend(Text(f"– {r.text}", style="dim") for r in d.reasons)
            elif rules:
                out.append(Text(f"{d.title} · {doc.labels['rules']}: {rules}", style="dim"))
        return out
    if isinstance(b, Definitions):
        return [Text(f"• {d.term} — {d.text}" + (f" ({d.small})" if d.small else "")) for d in b.items]
    raise TypeError(f"no terminal rendering for {type(b).__name__}")


def document_renderables(doc: Document) -> list[RenderableType]:
    out: list[RenderableType] = [Panel(Text(doc.summary), title=Text(doc.title, style="bold"))]
    for section in doc.sections:
        if section.appendix and not doc.explain:
            continue
        out.append(Text("\n" + section.title, style="bold underline"))
        for b in section.blocks:
            out.extend(_block(b, doc))
    out.append(Text(doc.footer, style="dim"))
    return out


def plan_renderables(plan: Plan, digits: DigitStyle | None = None, explain: bool = False) -> list[RenderableType]:
    return document_renderables(plan_document(plan, digits, explain))


def print_plan(plan: Plan, console: Console, digits: DigitStyle | None = None, explain: bool = False) -> None:
    for item in plan_renderables(plan, digits, explain):
        console.print(item)


def plan_text(plan: Plan, digits: DigitStyle | None = None, explain: bool = False, width: int = 110) -> str:
    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False, soft_wrap=False)
    print_plan(plan, console, digits, explain)
    return buffer.getvalue()
