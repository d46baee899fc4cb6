"""The web app's one running Chromium: PDFs printed by a pool of pages, several at once, each a whole
plan whose Arabic reads back in order; the browser is started once, not per PDF."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mizaan.present import make_plan
from mizaan.profile import load_profile
from mizaan.report import plan_print_html
from mizaan.web.pdf_pool import PdfPool
from tests.web.test_pdf import pdf_text

ROOT = Path(__file__).parents[2]


def test_one_browser_prints_many_pdfs_at_once(tmp_path: Path) -> None:
    ar = make_plan(load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml"), lang="ar", what_if=False)
    en = make_plan(load_profile(ROOT / "examples" / "dental-clinic-dubai.yaml"), lang="en", what_if=False)
    pool = PdfPool(pages=2)
    try:
        first = pool.print(plan_print_html(ar))
        browser = pool._browser
        with ThreadPoolExecutor(5) as ex:  # more PDFs than pages: they wait their turn in the queue
            pdfs = list(ex.map(pool.print, [plan_print_html(p) for p in (ar, en, ar, en, ar)]))
        assert pool._browser is browser  # the same browser: none started per PDF
    finally:
        pool.close()
    assert not pool.started
    for i, (data, lang) in enumerate(zip([first, *pdfs], ["ar", "ar", "en", "ar", "en", "ar"], strict=True)):
        assert data.startswith(b"%PDF")
        (tmp_path / str(i)).mkdir()
        text = pdf_text(data, tmp_path / str(i))
        assert ("توزيع الميزانية" if lang == "ar" else "Budget split") in text


def test_the_plan_page_downloads_a_pdf_from_the_running_browser(tmp_path: Path) -> None:
    from mizaan.web import create_app
    from tests.web.clients import web_client

    app = create_app(example=ROOT / "examples" / "perfume-store-riyadh.yaml", data=tmp_path / "data")
    with web_client(app) as client:
        plan = client.get("/example?lang=ar", follow_redirects=False).headers["location"].split("?")[0]
        r = client.get(f"{plan}/download/pdf?lang=ar")
        assert r.status_code == 200 and r.content.startswith(b"%PDF") and app.state.pdf.started
        assert "توزيع الميزانية" in pdf_text(r.content, tmp_path)
    assert not app.state.pdf.started  # gone with the app
