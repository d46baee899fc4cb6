"""``mizaan attribute``: every model side by side, as text, JSON and CSV; friendly errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mizaan.cli.main import app
from mizaan.measure import MODEL_NAMES

TABLE = """path;total_conversions;total_conversion_value;total_null
search_ads > email;3;300;7
influencer_micro > search_ads > email;2;250;3
influencer_micro;1;90;12
email > email;1;40;2
"""

runner = CliRunner()


@pytest.fixture()
def table(tmp_path: Path) -> Path:
    f = tmp_path / "paths.csv"
    f.write_text(TABLE, encoding="utf-8")
    return f


def test_json_keeps_one_object_per_model_keyed_by_channel(table: Path) -> None:
    result = runner.invoke(app, ["attribute", str(table), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["models"]) == set(MODEL_NAMES) - {"time_decay"}
    assert "time_decay" in data["skipped"] and data["skipped"]["time_decay"]["reason"]["ar"]
    for model, channels in data["models"].items():
        assert set(channels) == {"email", "influencer_micro", "search_ads"}
        assert sum(c["conversions"] for c in channels.values()) == pytest.approx(7), model
        assert sum(c["value"] for c in channels.values()) == pytest.approx(680), model
    assert "removal_effect" in data["models"]["markov_1"]["email"]
    assert data["settings"]["markov_3"] == {"order": 3, "solver": "auto"}
    assert data["diagnostics"]["markov_1"]["conversion_probability"] == pytest.approx(7 / 31)
    assert data["input"]["total_null"] == 24


def test_csv_has_one_row_per_model_and_channel(table: Path, tmp_path: Path) -> None:
    out = tmp_path / "credit.csv"
    result = runner.invoke(app, ["attribute", str(table), "-f", "csv", "-m", "linear,markov_2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["model"], r["channel"]) for r in rows][:3] == [
        ("linear", "email"),
        ("linear", "influencer_micro"),
        ("linear", "search_ads"),
    ]
    assert rows[3]["removal_effect"] != "" and rows[0]["removal_effect"] == ""


def test_text_shows_the_models_side_by_side_in_arabic(table: Path) -> None:
    result = runner.invoke(app, ["attribute", str(table), "-m", "first_touch,shapley", "--lang", "ar"])
    assert result.exit_code == 0, result.output
    assert "أول نقطة" in result.stdout and "شابلي" in result.stdout and "influencer_micro" in result.stdout


def test_journeys_in_json_lines_run_time_decay_too(tmp_path: Path) -> None:
    f = tmp_path / "journeys.jsonl"
    lines = [
        {
            "user": "u1",
            "touches": [
                {"channel": "tiktok", "time": "2025-03-01T10:00:00+03:00"},
                {"channel": "email", "time": "2025-03-08T10:00:00+03:00"},
            ],
            "conversions": 1,
            "value": 90,
            "converted_at": "2025-03-08T10:00:00+03:00",
        },
        {"user": "u2", "touches": [{"channel": "tiktok", "time": "2025-03-02T10:00:00+03:00"}]},
    ]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["attribute", str(f), "-f", "json", "-m", "time_decay,last_touch"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["models"]["time_decay"]["email"]["conversions"] == pytest.approx(2 / 3)
    assert data["skipped"] == {}


def test_bad_journey_lines_are_named_by_line_and_field(tmp_path: Path) -> None:
    f = tmp_path / "journeys.jsonl"
    f.write_text(
        '{"user": "u1", "touches": [{"channel": "seo"}]}\n{"user": "u2", "touches": []}\nnot json\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["attribute", str(f), "--lang", "en"])
    assert result.exit_code == 2
    assert "row 2" in result.stderr and "touches" in result.stderr and "row 3" in result.stderr
    assert "Traceback" not in result.output


def test_bad_tables_and_unknown_models_exit_2_with_a_message_not_a_traceback(table: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("path,total_conversions\na > ,1\n", encoding="utf-8")
    result = runner.invoke(app, ["attribute", str(bad)])
    assert result.exit_code == 2
    assert "row 2" in result.stderr and "السطر 2" in result.stderr  # both languages when none is chosen
    result = runner.invoke(app, ["attribute", str(table), "-m", "markov_9", "--lang", "en"])
    assert result.exit_code == 2 and "markov_9" in result.stderr
    assert "Traceback" not in result.output
