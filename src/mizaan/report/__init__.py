"""Plans (and later evidence) rendered for people and tools: terminal text, JSON, Markdown, HTML, PDF, CSV.

A plan is turned once into a ``Document`` (``plan_document``): its sections, tables, charts and notes in the
plan's language, every number formatted by the one ``mizaan.i18n.NumberFormatter`` (``plan_formatter``).
Each format only renders that document, so every format shows the same figures the same way."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from mizaan.report.document import Bullets, Chart, Document, Item, Section
from mizaan.report.html import document_context
from mizaan.report.pdf import FLAGS as CHROMIUM_FLAGS
from mizaan.report.pdf import PdfError, chromium, fonts_dir, plan_print_html
from mizaan.report.plan_document import influencer_headline, plan_document, plan_formatter
from mizaan.report.render import BINARY_FORMATS, FORMATS, render_plan, render_plan_bytes
from mizaan.report.safe import excel_csv, md_text, safe_cell
from mizaan.report.text import print_plan

if TYPE_CHECKING:
    from mizaan.report.attribution import FORMATS as ATTRIBUTION_FORMATS
    from mizaan.report.attribution import model_label, print_attribution, render_attribution
    from mizaan.report.design import FORMATS as DESIGN_FORMATS
    from mizaan.report.design import design_text, render_design
    from mizaan.report.evidence import LiftSummary, fit_document, lift_document, read_lift
    from mizaan.report.lift import FORMATS as LIFT_FORMATS
    from mizaan.report.lift import lift_text, render_lift
    from mizaan.report.measurement import FORMATS as MEASUREMENT_FORMATS
    from mizaan.report.measurement import measurement_context, print_measurement, render_measurement
    from mizaan.report.measurement import summary_line as measurement_summary
    from mizaan.report.mmm import FORMATS as MMM_FORMATS
    from mizaan.report.mmm import mmm_text, render_mmm
    from mizaan.report.table_parts import Fmt, channel_label
    from mizaan.report.vetting import COLUMNS as VETTING_COLUMNS
    from mizaan.report.vetting import FORMATS as VETTING_FORMATS
    from mizaan.report.vetting import Cells, render_vetting

# The measurement, attribution and vetting reports load the measurement engines and the vetting models
# (DuckDB, Arrow, SciPy, scikit-learn): they are imported on first use, so rendering a plan never pays
# for them (``mizaan plan`` starts in a third of the time).
_LAZY: dict[str, tuple[str, str]] = {
    "ATTRIBUTION_FORMATS": ("attribution", "FORMATS"),
    "DESIGN_FORMATS": ("design", "FORMATS"),
    "design_text": ("design", "design_text"),
    "render_design": ("design", "render_design"),
    "LIFT_FORMATS": ("lift", "FORMATS"),
    "lift_text": ("lift", "lift_text"),
    "render_lift": ("lift", "render_lift"),
    "model_label": ("attribution", "model_label"),
    "print_attribution": ("attribution", "print_attribution"),
    "render_attribution": ("attribution", "render_attribution"),
    "MEASUREMENT_FORMATS": ("measurement", "FORMATS"),
    "measurement_context": ("measurement", "measurement_context"),
    "print_measurement": ("measurement", "print_measurement"),
    "render_measurement": ("measurement", "render_measurement"),
    "measurement_summary": ("measurement", "summary_line"),
    "MMM_FORMATS": ("mmm", "FORMATS"),
    "mmm_text": ("mmm", "mmm_text"),
    "render_mmm": ("mmm", "render_mmm"),
    "Fmt": ("measurement_tables", "Fmt"),
    "channel_label": ("measurement_tables", "channel_label"),
    "VETTING_COLUMNS": ("vetting", "COLUMNS"),
    "VETTING_FORMATS": ("vetting", "FORMATS"),
    "Cells": ("vetting", "Cells"),
    "render_vetting": ("vetting", "render_vetting"),
    "LiftSummary": ("evidence", "LiftSummary"),
    "fit_document": ("evidence", "fit_document"),
    "lift_document": ("evidence", "lift_document"),
    "read_lift": ("evidence", "read_lift"),
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attr = _LAZY[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    globals()[name] = value
    return value


__all__ = [
    "ATTRIBUTION_FORMATS",
    "BINARY_FORMATS",
    "CHROMIUM_FLAGS",
    "DESIGN_FORMATS",
    "FORMATS",
    "LIFT_FORMATS",
    "MEASUREMENT_FORMATS",
    "MMM_FORMATS",
    "VETTING_COLUMNS",
    "VETTING_FORMATS",
    "Bullets",
    "Cells",
    "Chart",
    "Document",
    "Fmt",
    "Item",
    "LiftSummary",
    "PdfError",
    "Section",
    "channel_label",
    "chromium",
    "design_text",
    "document_context",
    "excel_csv",
    "fit_document",
    "fonts_dir",
    "influencer_headline",
    "lift_document",
    "lift_text",
    "md_text",
    "measurement_context",
    "measurement_summary",
    "mmm_text",
    "model_label",
    "plan_document",
    "plan_formatter",
    "plan_print_html",
    "print_attribution",
    "print_measurement",
    "print_plan",
    "read_lift",
    "render_attribution",
    "render_design",
    "render_lift",
    "render_measurement",
    "render_mmm",
    "render_plan",
    "render_plan_bytes",
    "render_vetting",
    "safe_cell",
]
