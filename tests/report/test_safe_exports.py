"""Exports that are safe to open: no CSV cell runs as a formula in a spreadsheet (numbers stay numbers), CSV
downloads carry the byte-order mark Excel needs for Arabic, and user text in Markdown stays text."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from mizaan.present import make_plan
from mizaan.profile import load_profile
from mizaan.report import excel_csv, md_text, render_plan, safe_cell
from mizaan.report.safe import FORMULA_START, NUMBER, csv_writer
from mizaan.web import create_app
from tests.web.clients import web_client

ROOT = Path(__file__).parents[2]
HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "＝1+1"]


@given(st.text(max_size=40))
def test_no_text_cell_starts_a_formula_and_nothing_is_lost(text: str) -> None:
    out = safe_cell(text)
    assert not out.startswith(FORMULA_START) or NUMBER.fullmatch(out)
    assert out == text or (out == "'" + text and text.startswith(FORMULA_START))


@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
def test_numbers_stay_numbers(n: float) -> None:
    assert safe_cell(repr(n)) == repr(n) and safe_cell(n) == n


def test_a_hostile_row_is_written_as_text() -> None:
    out = io.StringIO()
    csv_writer(out).writerow([*HOSTILE, "-12.5", "ميزان"])
    cells = next(csv.reader(io.StringIO(out.getvalue())))
    assert all(c.startswith("'") for c in cells[: len(HOSTILE)]) and cells[-2:] == ["-12.5", "ميزان"]


def test_the_vetting_download_neutralises_an_uploaded_formula_and_has_a_bom(tmp_path: Path) -> None:
    rows = (ROOT / "examples" / "vetting" / "candidates.csv").read_text("utf-8").splitlines()
    head, first, *rest = rows
    cells = next(csv.reader([first]))
    cells[1] = HOSTILE[0]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    sheet = "\n".join([head, buf.getvalue().strip(), *rest]).encode("utf-8")
    client = web_client(create_app(example=ROOT / "examples" / "perfume-store-riyadh.yaml", data=tmp_path))
    r = client.post(
        "/vet?lang=ar",
        files=[("candidates", ("candidates.csv", sheet))],
        data={"profile_source": "example"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[-500:]
    rid = r.headers["location"].split("/")[2].split("?")[0]
    body = client.get(f"/vet/{rid}/download/csv?lang=ar").content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    rows_out = list(csv.reader(io.StringIO(text)))
    names = [c for row in rows_out for c in row if "HYPERLINK" in c]
    assert names and all(c.startswith("'=") for c in names)


def test_plan_csv_download_has_a_bom_and_reads_back(tmp_path: Path) -> None:
    client = web_client(create_app(example=ROOT / "examples" / "perfume-store-riyadh.yaml", data=tmp_path))
    plan_url = client.get("/example?lang=ar", follow_redirects=False).headers["location"].split("?")[0]
    body = client.get(f"{plan_url}/download/csv?lang=ar").content
    assert body.startswith(excel_csv("")) and len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) > 2


def test_user_text_in_markdown_stays_text() -> None:
    profile = load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml")
    hostile = "<img src=x onerror=alert(1)> [win](javascript:alert(1)) &copy;"
    plan = make_plan(profile.model_copy(update={"business_name": hostile}), lang="en", what_if=False)
    md = render_plan(plan, "md")
    assert "<img" not in md and "&copy;" not in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # the brackets are escaped: no link
    assert md_text(hostile) in md  # shown, escaped: the user's words are still there
