"""Plans (and later evidence) rendered for people and tools: terminal text, JSON, Markdown, HTML, PDF, CSV.

A plan is turned once into a ``Document`` (``plan_document``): its sections, tables, charts and notes in the
plan's language, every number formatted by the one ``mizaan.i18n.NumberFormatter`` (``plan_formatter``).
Each format only renders that document, so every format shows the same figures the same way."""

from mizaan.report.document import Chart, Document, Section
from mizaan.report.plan_document import influencer_headline, plan_document, plan_formatter
from mizaan.report.render import BINARY_FORMATS, FORMATS, render_plan, render_plan_bytes

__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "Chart",
    "Document",
    "Section",
    "influencer_headline",
    "plan_document",
    "plan_formatter",
    "render_plan",
    "render_plan_bytes",
]
