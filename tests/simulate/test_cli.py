"""``mizaan simulate`` then ``mizaan import``: a newcomer sees the truth file's totals in the summary."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mizaan.cli.main import app


def test_simulate_then_import_shows_the_truths_totals(tmp_path: Path) -> None:
    runner = CliRunner()
    sim = runner.invoke(
        app,
        ["simulate", "--out", str(tmp_path / "w"), "--touchpoints", "2000", "--seed", "2", "--no-progress"],
    )
    assert sim.exit_code == 0, sim.output
    res = runner.invoke(
        app,
        [
            "import",
            str(tmp_path / "w" / "exports"),
            "--store",
            str(tmp_path / "p.duckdb"),
            "--format",
            "json",
            "--timezone",
            "Asia/Riyadh",
        ],
    )
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)
    truth = json.loads((tmp_path / "w" / "truth.json").read_text(encoding="utf-8"))
    assert summary["totals"] == truth["totals"]
    assert summary["rejected"] == [] and set(summary["read"]) >= {"spend", "orders", "touchpoints"}
    text = runner.invoke(
        app,
        ["import", str(tmp_path / "w" / "exports"), "--store", str(tmp_path / "p.duckdb"), "--lang", "ar"],
    )
    assert text.exit_code == 0 and "المجاميع" in text.output


def test_rejections_are_listed_with_file_row_column_and_reason(tmp_path: Path) -> None:
    bad = tmp_path / "g.csv"
    bad.write_text("Day,Campaign,Currency code,Cost,Impr.\n2025-01-01,Brand,SAR,abc,10\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["import", str(bad), "--store", str(tmp_path / "p.duckdb"), "--format", "json"])
    assert res.exit_code == 1
    (rejected,) = json.loads(res.output)["rejected"]
    assert rejected["file"] == "g.csv" and rejected["row"] == 2 and rejected["column"] == 4
    assert rejected["reason_ar"] and rejected["reason_en"]


def test_bad_simulate_options_are_refused_without_a_traceback(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["simulate", "--out", str(tmp_path), "--shop", "amazon"])
    assert res.exit_code == 2 and "Traceback" not in res.output
