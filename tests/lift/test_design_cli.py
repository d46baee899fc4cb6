"""``mizaan design-test``: JSON fields, both languages, and errors located by field in the user's language."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mizaan.cli.main import app
from mizaan.simulate import geo_world, write_geo_world

runner = CliRunner()


def _panel(tmp_path: Path) -> Path:
    panel, _ = write_geo_world(geo_world(4, units=24, days=120, lift=0.0), tmp_path)
    return panel


def test_json_has_units_controls_duration_mde_curve_and_budget(tmp_path: Path) -> None:
    args = ["design-test", str(_panel(tmp_path)), "--metric", "sales", "--durations", "14,21"]
    r = runner.invoke(app, [*args, "--effect", "٠٫٣", "--cost-per-unit", "2.5", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert len(d["treated"]) == 1 and d["duration_days"] in (14, 21)
    assert abs(sum(c["weight"] for c in d["controls"]) - 1) < 1e-3
    assert d["mde_absolute"] == d["mde_relative"] * d["baseline_total"]
    assert d["budget"] == d["mde_absolute"] * 2.5 and d["effect"] == 0.3
    assert [p["power"] for p in d["power_curve"]] == sorted(p["power"] for p in d["power_curve"])
    assert {m["days"] for m in d["mde_by_duration"]} == {14, 21}


def test_text_in_arabic_and_english(tmp_path: Path) -> None:
    base = ["design-test", str(_panel(tmp_path)), "--metric", "sales", "--durations", "14"]
    ar = runner.invoke(app, [*base, "--lang", "ar"])
    en = runner.invoke(app, [*base, "--lang", "en"])
    assert ar.exit_code == en.exit_code == 0
    assert "أصغر أثر يمكن كشفه" in ar.stdout and "14 يومًا" in ar.stdout
    assert "Minimum detectable effect" in en.stdout and "14 days" in en.stdout


def test_bad_options_and_short_history_are_named(tmp_path: Path) -> None:
    panel = str(_panel(tmp_path))
    r = runner.invoke(app, ["design-test", panel, "--metric", "sales", "--effect", "x", "--lang", "en"])
    assert r.exit_code == 2 and "field --effect" in r.stderr and "«x» is not a number" in r.stderr
    r = runner.invoke(app, ["design-test", panel, "--metric", "sales", "--durations", "90", "--lang", "ar"])
    assert r.exit_code == 2 and "--durations" in r.stderr and "قصير" in r.stderr
    r = runner.invoke(app, ["design-test", panel, "--metric", "sales", "--candidates", "Jeddah", "--lang", "en"])
    assert r.exit_code == 2 and "«Jeddah» is not in the data" in r.stderr
    r = runner.invoke(app, ["design-test", panel, "--metric", "sales", "--treated-count", "12", "--lang", "en"])
    assert r.exit_code == 2 and "too few" in r.stderr


def test_bad_cells_are_located_by_row_and_column(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("date,geo,sales\n2025-01-01,A,10\n2025-01-01,B,abc\n", encoding="utf-8")
    r = runner.invoke(app, ["design-test", str(f), "--metric", "sales", "--lang", "en"])
    assert r.exit_code == 2 and "row 3, column 3" in r.stderr
