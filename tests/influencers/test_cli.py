"""``mizaan vet`` end to end on the bundled examples, and its errors (never a traceback)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from mizaan.cli.main import app

ROOT = Path(__file__).parents[2]
EX = ROOT / "examples" / "vetting"
PROFILE = str(ROOT / "examples" / "perfume-store-riyadh.yaml")
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["vet", *args])
    return result.exit_code, result.output


def test_the_readme_example_runs_and_shortlists_within_budget() -> None:
    code, out = run(
        str(EX / "candidates.csv"), "--posts", str(EX / "posts.csv"), "--profile", PROFILE, "--format", "json"
    )
    assert code == 0, out
    report = json.loads(out)
    assert len(report["influencers"]) == 50
    s = report["shortlist"]
    assert s["handles"] and float(s["spent"]) <= float(s["budget"])


def test_every_input_together_in_csv_and_markdown(tmp_path: Path) -> None:
    extra = [
        "--history",
        str(EX / "history.csv"),
        "--audience",
        str(EX / "audience.csv"),
        "--followers",
        str(EX / "followers.csv"),
    ]
    out_file = tmp_path / "vet.csv"
    code, out = run(str(EX / "candidates.csv"), "--posts", str(EX / "posts.csv"), "--profile", PROFILE, *extra,
                    "--format", "csv", "-o", str(out_file))  # fmt: skip
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out_file.read_text("utf-8"))))
    sara = next(r for r in rows if r["handle"] == "sara_glam")
    assert sara["eligible"] == "no" and float(sara["fake_share"]) > 0.25
    code, md = run(
        str(EX / "candidates.csv"),
        "--posts",
        str(EX / "posts.csv"),
        "--profile",
        PROFILE,
        "--format",
        "md",
        "--lang",
        "en",
    )
    assert code == 0 and md.startswith("# Influencer vetting")


def test_arabic_text_output_by_default_for_an_arabic_profile() -> None:
    code, out = run(
        str(EX / "candidates.csv"), "--posts", str(EX / "posts.csv"), "--profile", PROFILE, "--budget", "5000"
    )
    assert code == 0 and "القائمة المختصرة" in out


def test_errors_are_messages_with_their_place_not_tracebacks(tmp_path: Path) -> None:
    bad = tmp_path / "c.csv"
    bad.write_text("handle,followers\nnoura,-3\n", encoding="utf-8")
    code, out = run(str(bad), "--profile", PROFILE, "--lang", "en")
    assert code == 2 and "row 2" in out and "Traceback" not in out
    code, out = run(str(EX / "candidates.csv"), "--profile", PROFILE, "--budget", "lots", "--lang", "en")
    assert code == 2 and "--budget" in out
