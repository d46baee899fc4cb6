"""The PDF: Arabic shaped, right-to-left, and its text extractable in reading order (read back with
poppler's pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from mizaan.present import make_plan
from mizaan.profile import load_profile
from mizaan.report import plan_formatter
from mizaan.report.pdf import plan_pdf

ROOT = Path(__file__).parents[2]
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(data: bytes, tmp: Path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is missing: run `make install`"
    path = tmp / "plan.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return " ".join(BIDI_CONTROLS.sub("", out).split())


def test_arabic_pdf_text_is_extractable_in_logical_order(tmp_path: Path) -> None:
    plan = make_plan(load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml"), lang="ar", what_if=False)
    text = pdf_text(plan_pdf(plan), tmp_path)
    # whole phrases in reading order, ligatures included (lam-alef in إعلانات, الاجتماعي)
    for phrase in ("توزيع الميزانية", "إعلانات وسائل التواصل الاجتماعي", "مؤثرو المايكرو", "الحملة المدمجة خطوة بخطوة"):
        assert phrase in text, phrase
    f = plan_formatter(plan)
    top = plan.allocation[0]
    amount = BIDI_CONTROLS.sub("", f.money(top.amount)).replace("\xa0", " ")
    assert amount.split(" ")[0] in text  # the plan's numbers, in the plan's Eastern digits


def test_english_pdf_has_the_plans_numbers(tmp_path: Path) -> None:
    plan = make_plan(load_profile(ROOT / "examples" / "dental-clinic-dubai.yaml"), lang="en", what_if=False)
    text = pdf_text(plan_pdf(plan), tmp_path)
    assert "Budget split" in text
    f = plan_formatter(plan)
    for line in plan.allocation[:3]:
        assert line.name in text
        assert f.pct(line.share, 1) in text
