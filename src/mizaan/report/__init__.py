"""Plans (and later evidence) rendered for people and tools: terminal text, JSON, Markdown, HTML, PDF, CSV.

A plan is turned once into a ``Document`` (``plan_document``): its sections, tables, charts and notes in the
plan's language, every number formatted by the one ``mizaan.i18n.NumberFormatter`` (``plan_formatter``).
Each format only renders that document, so every format shows the same figures the same way."""

from mizaan.report.attribution import FORMATS as ATTRIBUTION_FORMATS
from mizaan.report.attribution import model_label, print_attribution, render_attribution
from mizaan.report.document import Chart, Document, Section
from mizaan.report.html import document_context
from mizaan.report.measurement import FORMATS as MEASUREMENT_FORMATS
from mizaan.report.measurement import measurement_context, print_measurement, render_measurement
from mizaan.report.measurement_tables import Fmt, channel_label
from mizaan.report.pdf import fonts_dir
from mizaan.report.plan_document import influencer_headline, plan_document, plan_formatter
from mizaan.report.render import BINARY_FORMATS, FORMATS, render_plan, render_plan_bytes
from mizaan.report.text import print_plan
from mizaan.report.vetting import COLUMNS as VETTING_COLUMNS
from mizaan.report.vetting import FORMATS as VETTING_FORMATS
from mizaan.report.vetting import Cells, render_vetting

__all__ = [
    "ATTRIBUTION_FORMATS",
    "BINARY_FORMATS",
    "FORMATS",
    "MEASUREMENT_FORMATS",
    "VETTING_COLUMNS",
    "VETTING_FORMATS",
    "Cells",
    "Chart",
    "Document",
    "Fmt",
    "Section",
    "channel_label",
    "document_context",
    "fonts_dir",
    "influencer_headline",
    "measurement_context",
    "model_label",
    "plan_document",
    "plan_formatter",
    "print_attribution",
    "print_measurement",
    "print_plan",
    "render_attribution",
    "render_measurement",
    "render_plan",
    "render_plan_bytes",
    "render_vetting",
]
