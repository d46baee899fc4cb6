"""The plan as Markdown: the document's sections in order, with every reason written out."""

from __future__ import annotations

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
from mizaan.report.safe import md_text


def _cell(text: str) -> str:
    return md_text(text).replace("|", "\\|").replace("\n", " ")


def _t(text: str) -> str:
    """Text of the document (it may quote the user's words) as Markdown text: never HTML, never a link."""
    return md_text(text)


def _table(b: Table) -> list[str]:
    md = [
        "| " + " | ".join(_cell(c.label) for c in b.columns) + " |",
        "|" + "|".join("---:" if c.kind in NUMERIC_KINDS else "---" for c in b.columns) + "|",
    ]
    for row in b.rows:
        cells = []
        for col, cell in zip(b.columns, row.cells, strict=True):
            text = ("✓ " if cell.mark else "") + _cell(cell.text)
            if col.kind == "url" and cell.text:
                text = "`" + cell.text.replace("`", "").replace("|", "%7C") + "`"
            if cell.note:
                text += f" — {_cell(cell.note)}"
            cells.append(text)
        md.append("| " + " | ".join(cells) + " |")
    if b.footer is not None:
        md.append("| " + " | ".join(f"*{_cell(c.text)}*" if c.text else "" for c in b.footer.cells) + " |")
    if b.caption:
        md += ["", _t(b.caption)]
    return md


def _block(b: Block) -> list[str]:
    if isinstance(b, Paragraph):
        return [f"**{_t(b.text)}**" if b.strong else _t(b.text)]
    if isinstance(b, Bullets):
        md = [f"**{_t(b.title)}**", ""] if b.title else []
        for item in b.items:
            text = f"[{_t(item.text)}]({item.href})" if item.href else _t(item.text)
            md.append(("1. " if b.ordered else "- ") + text)
        return md
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Chart):
        return []  # the table beside every chart carries its numbers
    if isinstance(b, Notes):
        return [
            f"- **{n.rule} · {_t(n.severity_label)}** — {_t(n.text)} {_t(b.action_label)}: {_t(n.action)}"
            for n in b.items
        ]
    if isinstance(b, Steps):
        return [f"1. **{_t(s.when)}** — {_t(s.text)} ({' '.join(s.rules)})" for s in b.items]
    if isinstance(b, Details):
        md = [f"### {_t(b.title)}", ""] if b.title else []
        for d in b.items:
            md.append(f"**{_t(d.title)}**" + (f" — {_t(d.text)}" if d.text else ""))
            md += [f"- {_t(r.text)}" for r in d.reasons]
            md.append("")
        return md[:-1] if md else md
    if isinstance(b, Definitions):
        return [f"- **{_t(d.term)}** — {_t(d.text)}" + (f" *{_t(d.small)}*" if d.small else "") for d in b.items]
    raise TypeError(f"no Markdown rendering for {type(b).__name__}")


def document_markdown(doc: Document) -> str:
    md = [f"# {_t(doc.title)}", "", _t(doc.summary)]
    for section in doc.sections:
        md += ["", f"## {_t(section.title)}"]
        for b in section.blocks:
            lines = _block(b)
            if lines:
                md += ["", *lines]
    md += ["", _t(doc.footer), ""]
    return "\n".join(md)


def plan_markdown(plan: Plan, digits: DigitStyle | None = None) -> str:
    return document_markdown(plan_document(plan, digits, explain=True))
