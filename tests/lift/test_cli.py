"""``mizaan lift``: both forms, the JSON fields, Eastern Arabic digits, and located bilingual errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from mizaan.cli.main import app
from mizaan.i18n import to_eastern_digits
from mizaan.simulate import geo_world, write_geo_world

runner = CliRunner()


def _world(tmp_path: Path, **kw: object) -> tuple[Path, dict[str, object]]:
    w = geo_world(11, **kw)  # type: ignore[arg-type]
    panel, truth = write_geo_world(w, tmp_path)
    return panel, json.loads(truth.read_text(encoding="utf-8"))


def test_panel_json_has_the_effect_its_interval_and_the_daily_counterfactual(tmp_path: Path) -> None:
    panel, truth = _world(tmp_path, lift=0.2, treated=2)
    args = ["lift", str(panel), "--unit-col", "geo", "--metric", "sales", "--treated", ",".join(truth["treated"])]  # type: ignore[arg-type]
    result = runner.invoke(app, [*args, "--start", str(truth["start"]), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["method"] == "synthetic_control" and data["method_reason"]["ar"] and data["method_reason"]["en"]
    assert data["effect_low"] <= truth["effect"] <= data["effect_high"]  # type: ignore[operator]
    assert data["effect_low"] <= data["effect"] <= data["effect_high"]
    assert abs(data["relative_effect"] - data["effect"] / data["counterfactual_total"]) < 1e-9
    post = [d for d in data["daily"] if d["period"] == "post"]
    assert len(post) == data["post_period_dates"] == 30
    assert abs(sum(d["effect"] for d in post) - data["effect"]) < 1e-6 * abs(data["counterfactual_total"])
    assert all(d["counterfactual_low"] <= d["counterfactual_high"] for d in post)
    assert abs(sum(data["weights"].values()) - 1) < 1e-3


def test_single_series_with_controls_runs_bsts(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    n, first = 100, 80
    organic = 200 + np.cumsum(rng.normal(0, 2, n))
    sales = 0.5 * organic + rng.normal(0, 2, n)
    sales[first:] += 15
    lines = ["date,sales,organic"] + [
        f"2025-01-{1 + i:02d},{sales[i]:.2f},{organic[i]:.2f}"
        if i < 31
        else f"{(np.datetime64('2025-01-01') + i)!s},{sales[i]:.2f},{organic[i]:.2f}"
        for i in range(n)
    ]
    f = tmp_path / "series.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = str(np.datetime64("2025-01-01") + first)
    result = runner.invoke(
        app, ["lift", str(f), "--metric", "sales", "--controls", "organic", "--start", start, "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["method"] == "bsts" and "organic" in data["coefficients"]
    assert data["effect_low"] > 0 and data["effect_low"] <= 15 * (n - first) <= data["effect_high"]


def test_eastern_arabic_digits_read_as_the_same_numbers(tmp_path: Path) -> None:
    panel, truth = _world(tmp_path, lift=0.1, treated=1)
    eastern = tmp_path / "eastern.csv"
    eastern.write_text(to_eastern_digits(panel.read_text(encoding="utf-8")), encoding="utf-8")
    outs = []
    for f, start in ((panel, str(truth["start"])), (eastern, to_eastern_digits(str(truth["start"])))):
        r = runner.invoke(
            app,
            [
                "lift",
                str(f),
                "--unit-col",
                "geo",
                "--metric",
                "sales",
                "--treated",
                str(truth["treated"][0]),
                "--start",
                start,
                "--json",
            ],
        )  # type: ignore[index]
        assert r.exit_code == 0, r.output
        outs.append(json.loads(r.stdout)["effect"])
    assert outs[0] == outs[1]


def test_text_output_in_both_languages(tmp_path: Path) -> None:
    panel, truth = _world(tmp_path, lift=0.1, treated=1)
    base = [
        "lift",
        str(panel),
        "--unit-col",
        "geo",
        "--metric",
        "sales",
        "--treated",
        str(truth["treated"][0]),
        "--start",
        str(truth["start"]),
    ]  # type: ignore[index]
    ar = runner.invoke(app, [*base, "--lang", "ar"])
    en = runner.invoke(app, [*base, "--lang", "en"])
    assert ar.exit_code == en.exit_code == 0
    assert "التحكم التركيبي" in ar.stdout and "فترة الثقة 95٪" in ar.stdout
    assert "Synthetic control" in en.stdout and "95% interval" in en.stdout


def test_bad_cells_are_named_by_row_and_column_in_both_languages(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    rows = [
        "date,geo,sales",
        "2025-01-01,A,10",
        "2025-01-01,B,abc",
        "2025-02-30,A,3",
        "2025-01-01,A,4",
        "2025-01-02,B,",
    ]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = runner.invoke(
        app, ["lift", str(f), "--unit-col", "geo", "--metric", "sales", "--treated", "A", "--start", "2025-01-02"]
    )
    assert r.exit_code == 2
    err = r.stderr
    assert "row 3, column 3" in err and "«abc» is not a number" in err
    assert "row 4, column 1" in err and "«2025-02-30» is not a date" in err
    assert "row 5" in err and "first on line 2" in err
    assert "row 6, column 3" in err
    assert "السطر 3" in err


def test_a_unit_missing_a_date_is_an_error_not_filled(tmp_path: Path) -> None:
    f = tmp_path / "gap.csv"
    rows = ["date,geo,sales"] + [
        f"2025-01-{d:02d},{u},5" for d in range(1, 29) for u in "ABCD" if not (u == "C" and d == 9)
    ]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = runner.invoke(
        app,
        [
            "lift",
            str(f),
            "--unit-col",
            "geo",
            "--metric",
            "sales",
            "--treated",
            "A",
            "--start",
            "2025-01-20",
            "--lang",
            "en",
        ],
    )
    assert r.exit_code == 2 and "«C» lacks 1 date (2025-01-09)" in r.stderr


def test_unknown_unit_short_history_and_mixed_forms_are_refused(tmp_path: Path) -> None:
    panel, truth = _world(tmp_path, lift=0.1, treated=1)
    base = ["lift", str(panel), "--metric", "sales", "--lang", "en"]
    r = runner.invoke(app, [*base, "--unit-col", "geo", "--treated", "Jeddah", "--start", str(truth["start"])])
    assert r.exit_code == 2 and "«Jeddah» is not in the data" in r.stderr
    r = runner.invoke(app, [*base, "--unit-col", "geo", "--treated", "G01", "--start", "2025-01-05"])
    assert r.exit_code == 2 and "only 4 dates come before" in r.stderr
    r = runner.invoke(app, [*base, "--unit-col", "geo", "--treated", "G01", "--controls", "x", "--start", "2025-03-01"])
    assert r.exit_code == 2 and "either --unit-col" in r.stderr
