"""The plan as PDF: the HTML report printed by headless Chromium, with the bundled Noto fonts. Chromium
shapes Arabic with HarfBuzz, lays out right-to-left text, and writes text that copies out in reading
order (ligatures included), so a partner can search and quote the PDF.

Chromium is a system package the project's ``make`` targets install (``chromium`` on Debian); set
``MIZAAN_CHROMIUM`` to use another binary."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

from mizaan.errors import MizaanError
from mizaan.i18n import DigitStyle
from mizaan.plan import Plan
from mizaan.report.html import environment, plan_context

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--no-pdf-header-footer",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--run-all-compositor-stages-before-draw",
)
TIMEOUT_S = 120


class PdfError(MizaanError):
    """Raised when the PDF cannot be made (no Chromium on this machine, or Chromium failed)."""

    key = "pdf.failed"


def fonts_dir() -> Path:
    return Path(str(resources.files("mizaan.report").joinpath("fonts")))


def font_faces(base_url: str) -> str:
    """``@font-face`` rules for the bundled fonts, with ``base_url`` ending in a slash."""
    rules = []
    for family, stem in (("Noto Naskh Arabic", "NotoNaskhArabic"), ("Noto Sans", "NotoSans")):
        for weight, style in (("normal", "Regular"), ("bold", "Bold")):
            rules.append(
                f"@font-face {{ font-family: '{family}'; font-weight: {weight}; "
                f"src: url('{base_url}{stem}-{style}.ttf') format('truetype'); }}"
            )
    return "\n".join(rules)


def chromium() -> str:
    given = os.environ.get("MIZAAN_CHROMIUM")
    if given:
        return given
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError("pdf.no_chromium")


def html_to_pdf(html: str) -> bytes:
    """Print an HTML document to PDF with headless Chromium."""
    binary = chromium()
    with tempfile.TemporaryDirectory(prefix="mizaan-pdf-") as tmp:
        page = Path(tmp) / "plan.html"
        out = Path(tmp) / "plan.pdf"
        page.write_text(html, encoding="utf-8")
        args = [binary, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
        try:
            subprocess.run([*args, page.as_uri()], capture_output=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError("pdf.failed", detail=str(exc)) from None
        if not out.exists() or out.stat().st_size == 0:
            raise PdfError("pdf.failed", detail="no output")
        return out.read_bytes()


def plan_print_html(plan: Plan, digits: DigitStyle | None = None) -> str:
    """The HTML page a PDF of the plan is printed from (print styles, the bundled fonts as local files)."""
    context = plan_context(plan, digits)
    context["print"] = True
    context["font_faces"] = font_faces(fonts_dir().as_uri() + "/")
    return environment().get_template("plan_report.html.j2").render(**context)


def plan_pdf(plan: Plan, digits: DigitStyle | None = None) -> bytes:
    """The plan as PDF bytes (one Chromium started for it; the web app keeps one running instead)."""
    return html_to_pdf(plan_print_html(plan, digits))
