"""``mizaan mmm``: JSON with each channel's return, interval, contribution and curve; the Arabic and
English tables; priors named by their source; the fit file; and located bilingual errors (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mizaan.cli.main import app
from mizaan.mmm import simulate_mmm

runner = CliRunner()
FAST = ["--method", "map", "--chains", "1", "--draws", "200"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "weekly.csv"
    simulate_mmm(3).write_csv(path)
    return path


def _args(data: Path, *more: str, check: bool = False) -> list[str]:
    fast = FAST if check else [*FAST, "--no-shape-check"]
    return ["mmm", str(data), "--target", "sales", "--channels", "search,social", "--controls", "promo", *fast, *more]


def test_json_prints_each_channels_return_interval_contribution_and_curve(data: Path, tmp_path: Path) -> None:
    fit = tmp_path / "fit.json"
    result = runner.invoke(
        app, _args(data, "--json", "--map", "search=search_ads", "--country", "SA", "--save", str(fit), check=True)
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert json.loads(fit.read_text(encoding="utf-8"))["channels"].keys() == doc["channels"].keys()
    search, social = doc["channels"]["search"], doc["channels"]["social"]
    for ch in (search, social):
        assert ch["roas_low"] <= ch["roas"] <= ch["roas_high"] and ch["contribution"] > 0
        assert {"kind", "alpha", "theta", "l_max"} <= ch["adstock"].keys() and ch["saturation"]["params"]
    assert search["mizaan_channel"] == "search_ads" and search["prior"]["roas"]["source"] == "figure"
    assert "outcome.roas" in search["prior"]["text_en"] and "C5" in search["prior"]["text_ar"]
    assert social["mizaan_channel"] is None and social["prior"]["roas"]["source"] == "weak"
    assert doc["diagnostics"]["ok"] is True and doc["method"] == "map"
    assert len(doc["shape_check"]["candidates"]) == 4 and doc["shape_check"]["warning"] is None


def test_the_table_reads_in_arabic_with_eastern_digits_and_in_english(data: Path) -> None:
    ar = runner.invoke(app, _args(data, "--lang", "ar", "--digits", "arab"))
    en = runner.invoke(app, _args(data, "--lang", "en"))
    assert ar.exit_code == 0 and en.exit_code == 0, ar.output + en.output
    assert "العائد على الإنفاق" in ar.stdout and "١٠٤ أسابيع" in ar.stdout and "مصادر التوقعات الأولية" in ar.stdout
    assert "Return on spend" in en.stdout and "104 weeks" in en.stdout and "no peer builds its priors" in en.stdout


def test_bad_options_are_named_by_field_in_both_languages(data: Path) -> None:
    result = runner.invoke(
        app,
        [
            "mmm",
            str(data),
            "--target",
            "sales",
            "--channels",
            "search,social",
            "--method",
            "gibbs",
            "--map",
            "search=tv_ads",
            "--map",
            "nope",
            "--country",
            "ZZ",
        ],
    )
    assert result.exit_code == 2
    for text in ("--method", "gibbs", "tv_ads", "nope", "ZZ", "لا يمكن بناء نموذج مزيج التسويق"):
        assert text in result.output


def test_a_bad_cell_is_located_by_file_row_and_column(data: Path, tmp_path: Path) -> None:
    lines = data.read_text(encoding="utf-8").splitlines()
    cells = lines[4].split(",")
    cells[2] = "12x"
    lines[4] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, [*_args(bad), "--lang", "en"])
    assert result.exit_code == 2
    assert "bad.csv" in result.output and "row 5" in result.output and "column 3" in result.output
    assert "12x" in result.output
