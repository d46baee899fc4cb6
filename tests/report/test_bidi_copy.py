"""Mixed-direction copy in the reports: an English source cited inside an Arabic line is isolated (Unicode
first-strong isolate … pop isolate), so the PDF's right-to-left line does not reorder its words and
brackets; the measurement's headline names its window in natural words in both languages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from mizaan.measure import DuckDBEngine, measure
from mizaan.present import make_plan
from mizaan.profile import load_profile
from mizaan.report import measurement_summary, plan_print_html
from tests.measure.stores import shop_store

ROOT = Path(__file__).parents[2]
FSI, PDI = "\u2068", "\u2069"


@pytest.mark.parametrize("name", ["perfume-store-riyadh", "b2b-erp-cairo", "dental-clinic-dubai"])
def test_every_cited_source_in_an_arabic_pdf_is_isolated(name: str) -> None:
    profile = load_profile(ROOT / "examples" / f"{name}.yaml")
    html = plan_print_html(make_plan(profile, lang="ar", samples=200), None)
    cited = re.findall(f"— {FSI}([^{PDI}]*){PDI} \\(", html)
    assert len(cited) >= 5 and all(re.search("[A-Za-z]", c) for c in cited)
    assert not re.search(f"— (?!{FSI})[A-Za-z]", html)  # no source or note left bare
    sources = re.findall(r'<td><bdi dir="ltr">([^<]+)</bdi></td>', html)  # the benchmarks' sources
    notes = re.findall(r'<strong>[^<]+</strong> — <bdi dir="ltr">([^<]+)</bdi>', html)  # assumptions' notes
    assert len(sources) >= 5 and len(notes) >= 5
    assert html.count(FSI) == html.count(PDI)
    english = plan_print_html(make_plan(profile, lang="en", samples=200), None)
    assert FSI not in english  # left-to-right text needs no isolates


def test_the_measurement_headline_names_its_window_naturally(tmp_path: Path) -> None:
    store = shop_store(tmp_path / "shop.duckdb")
    with DuckDBEngine.open(store) as engine:
        both = measure(engine, start=dt.date(2025, 3, 3), end=dt.date(2025, 3, 9), period="week")
        everything = measure(engine, period="week")
    ar, en = measurement_summary(both, "ar", "latn"), measurement_summary(both, "en")
    assert ar.startswith("في المدة بين ") and " و" in ar.split(":")[0] and "من " not in ar.split(":")[0]
    assert en.startswith("Between ") and " and " in en.split(":")[0]
    assert "…" not in ar + en
    if everything.start is None:
        assert measurement_summary(everything, "en").startswith("Over all the dates")
