"""Fuzzing the ad-report importer for silent misreads: generated exports whose campaigns are named like
totals, whose amounts carry currency markers (the row's or another's), with summary rows right or wrong,
in either decimal convention and digit style. For every export, each data row is read with exactly its
amount and currency or rejected with its line, every summary row is skipped, and when a summary row
disagrees with what was read a note says so: the difference is always accounted for, row by row.

``MIZAAN_FUZZ_EXAMPLES=10000`` runs it as the benchmark of issue 15 (``bench/import_fuzz.py``)."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizaan.i18n import to_eastern_digits
from mizaan.ingest import ImportOptions
from mizaan.ingest.channels import load_taxonomy
from mizaan.ingest.importing import _read_one
from mizaan.ingest.values import Zone

TAX = load_taxonomy()
EXAMPLES = int(os.environ.get("MIZAAN_FUZZ_EXAMPLES", "120"))
NAMES = st.one_of(
    st.sampled_from(["Total Body Glow", "Totals Promo", "المجموع الكامل", "الإجمالي رمضان", "Brand", "Total", "ok"]),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters='"'),
        min_size=1,
        max_size=12,
    ).filter(lambda s: s.strip() == s and s.strip()),
)
MARKERS = {"SAR": ["", "SAR {}", "{} SR", "﷼ {}", "{} ر.س"], "USD": ["", "USD {}", "${}", "{} USD"]}
FOREIGN = ["€{}", "{} EUR", "£{}"]


@st.composite
def export(draw: st.DrawFn) -> dict[str, Any]:
    currency = draw(st.sampled_from(["SAR", "USD"]))
    comma = draw(st.booleans())
    eastern = draw(st.booleans())
    rows = []
    for i in range(draw(st.integers(0, 6))):
        cents = draw(st.integers(0, 10_000_000))
        foreign = draw(st.integers(0, 9)) == 0
        marker = draw(st.sampled_from(FOREIGN if foreign else MARKERS[currency]))
        rows.append({"campaign": f"{draw(NAMES)} {i}", "cost": Decimal(cents) / 100, "marker": marker, "bad": foreign})
    total = sum((r["cost"] for r in rows), Decimal(0))
    summary = draw(st.sampled_from(["none", "right", "wrong"]))
    if summary == "wrong":
        total += Decimal(draw(st.integers(1, 10_000))) / 100
    return {"currency": currency, "comma": comma, "eastern": eastern, "rows": rows, "summary": summary, "total": total}


def amount(value: Decimal, comma: bool, eastern: bool) -> str:
    text = f"{value:.2f}".replace(".", "," if comma else ".")
    return to_eastern_digits(text) if eastern else text


def write(ex: dict[str, Any]) -> str:
    sep = ";" if ex["comma"] else ","
    lines = [sep.join(["Day", "Campaign", "Currency code", "Cost"])]
    for r in ex["rows"]:
        cost = (r["marker"] or "{}").format(amount(r["cost"], ex["comma"], ex["eastern"]))
        lines.append(sep.join(["2025-07-08", f'"{r["campaign"]}"', ex["currency"], f'"{cost}"']))
    if ex["summary"] != "none":
        lines.append(sep.join([" --", "Total:", "", f'"{amount(ex["total"], ex["comma"], ex["eastern"])}"']))
    return "\n".join(lines) + "\n"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(export())
def test_every_difference_is_accounted_for_row_by_row(ex: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "report.csv"
        path.write_text(write(ex), encoding="utf-8")
        options = ImportOptions(decimal="comma" if ex["comma"] else "point")
        batch = _read_one(path, options, TAX, Zone.named("Asia/Riyadh"))
    read = batch.tables().get("spend")
    got = read.to_pylist() if read is not None else []
    rejected = {p.row for p in batch.rejected}
    by_line = {r["source_row"]: r for r in got}
    for line, r in enumerate(ex["rows"], start=2):
        if r["bad"]:
            assert line in rejected and line not in by_line  # another currency: refused, with its line
        else:
            assert line in by_line, (r, batch.rejected)  # read, never dropped as a total
            stored = by_line[line]
            assert (stored["cost"], stored["currency"], stored["campaign"]) == (
                r["cost"],
                ex["currency"],
                r["campaign"],
            )
    assert len(got) + len(rejected) == len(ex["rows"])
    assert sum(batch.skipped.values()) == (0 if ex["summary"] == "none" else 1)
    read_sum = sum((r["cost"] for r in got), Decimal(0))
    if ex["summary"] != "none" and ex["rows"]:
        assert (read_sum == ex["total"]) or any(n.key == "ingest.note.total_mismatch" for n in batch.notes)
