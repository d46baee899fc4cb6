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


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(b: Table) -> list[str]:
    md = [
        "| " + " | ".join(_cell(c.label) for c in b.columns) + " |",
        "|" + "|".join("---:" if c.kind in NUMERIC_KINDS else "---" for c in b.columns) + "|",
    ]
    for row in b.rows:
        cells = []
        for col, cell in zip(b.columns, row.cells, strict=True):
            text = ("✓ " if cell.mark else "") + cell.text
            if col.kind == "url" and cell.text:
                text = f"`{cell.text}`"
            if cell.note:
                text += f" — {cell.note}"
            cells.append(_cell(text))
        md.append("| " + " | ".join(cells) + " |")
    if b.footer is not None:
        md.append("| " + " | ".join(f"*{_cell(c.text)}*" if c.text else "" for c in b.footer.cells) + " |")
    if b.caption:
        md += ["", b.caption]
    return md


def _block(b: Block) -> list[str]:
    if isinstance(b, Paragraph):
        return [f"**{b.text}**" if b.strong else b.text]
    if isinstance(b, Bullets):
        md = [f"**{b.title}**", ""] if b.title else []
        for item in b.items:
            text = f"[{item.text}]({item.href})" if item.href else item.text
            md.append(("1. " if b.ordered else "- ") + text)
        return md
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Chart):
        return []  # the table beside every chart carries its numbers
    if isinstance(b, Notes):
        return [f"- **{n.rule} · {n.severity_label}** — {n.text} {b.action_label}: {n.action}" for n in b.items]
    if isinstance(b, Steps):
        return [f"1. **{s.when}** — {s.text} ({' '.join(s.rules)})" for s in b.items]
    if isinstance(b, Details):
        md = [f"### {b.title}", ""] if b.title else []
        for d in b.items:
            md.append(f"**{d.title}**" + (f" — {d.text}" if d.text else ""))
            md += [f"- {r.text}" for r in d.reasons]
            md.append("")
        return md[:-1] if md else md
    if isinstance(b, Definitions):
        return [f"- **{d.term}** — {d.text}" + (f" *{d.small}*" if d.small else "") for d in b.items]
    raise TypeError(f"no Markdown rendering for {type(b).__name__}")


def document_markdown(doc: Document) -> str:
    md = [f"# {doc.title}", "", doc.summary]
    for section in doc.sections:
        md += ["", f"## {section.title}"]
        for b in section.blocks:
            lines = _block(b)
            if lines:
                md += ["", *lines]
    md += ["", doc.footer, ""]
    return "\n".join(md)


def plan_markdown(plan: Plan, digits: DigitStyle | None = None) -> str:
    return document_markdown(plan_document(plan, digits, explain=True))
