"""`mizaan brief` and `mizaan plan --brief`, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mizaan.cli.main import app

runner = CliRunner()
THREE_LINES = (
    "عندنا متجر عبايات أونلاين في الرياض\n"
    "ميزانيتنا ١٥ ألف ريال شهريا ونبغى مبيعات سريعة\n"
    "ما عندنا تتبع وعندنا كود خصم\n"
)


def test_brief_shows_each_field_with_its_words_and_the_open_fields_as_assumptions() -> None:
    result = runner.invoke(app, ["brief", THREE_LINES])
    assert result.exit_code == 0, result.output
    assert "«الرياض»" in result.output and "«١٥ ألف»" in result.output
    assert "ما لم يذكره الملخص" in result.output and "افتراض" in result.output
    assert "M2" in result.output


def test_brief_speaks_english_when_asked() -> None:
    result = runner.invoke(app, ["brief", THREE_LINES, "--lang", "en"])
    assert result.exit_code == 0
    assert "Not in the brief" in result.output and "an assumption" in result.output


def test_brief_json_has_the_four_parts() -> None:
    result = runner.invoke(app, ["brief", "Coffee shop in Jeddah, budget 8k SAR a month", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"profile", "evidence", "missing", "assumptions"} <= set(data)
    assert data["profile"]["location"]["country"] == "SA"


def test_brief_reads_a_file_and_standard_input(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(THREE_LINES, encoding="utf-8")
    from_file = runner.invoke(app, ["brief", str(path), "-f", "json"])
    from_stdin = runner.invoke(app, ["brief", "-", "-f", "json"], input=THREE_LINES.encode())
    assert json.loads(from_file.stdout)["profile"] == json.loads(from_stdin.stdout)["profile"]


def test_bad_briefs_give_a_bilingual_error_and_no_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)))
    for args in (["brief", "   "], ["brief", str(binary)], ["brief", "كلام " * 1200]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        assert "ملخص" in result.output and "brief" in result.output


def test_plan_from_a_three_line_arabic_brief() -> None:
    result = runner.invoke(app, ["plan", "--brief", THREE_LINES, "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["profile"]["business_type"] == "ecommerce"
    assert plan["profile"]["budget"]["currency"] == "SAR"
    assert plan["allocation"]
    assert plan["lang"] == "ar"


def test_plan_from_an_incomplete_brief_names_what_is_needed() -> None:
    result = runner.invoke(app, ["plan", "--brief", "متجر عطور أونلاين", "--format", "json"])
    assert result.exit_code == 2
    assert "budget.amount" in result.output


def test_plan_needs_a_profile_or_a_brief_but_not_both(tmp_path: Path) -> None:
    assert runner.invoke(app, ["plan"]).exit_code == 2
    assert runner.invoke(app, ["plan", str(tmp_path / "p.yaml"), "--brief", "x"]).exit_code == 2


def test_interactive_asks_only_the_open_questions_and_takes_answers_in_either_language() -> None:
    brief = "متجر عطور أونلاين في الرياض، نبغى مبيعات"
    # budget (required) answered with Eastern digits; everything else kept with Enter
    answers = "\n".join(["", "٢٠ ألف", *[""] * 20]) + "\n"
    result = runner.invoke(app, ["plan", "--brief", brief, "--interactive", "--format", "json"], input=answers)
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout[result.stdout.index("{") :])
    assert plan["profile"]["budget"]["amount"] == "20000"
    assert "الميزانية" in result.output
    assert "نوع المشروع" not in result.output  # already known: not asked


def test_interactive_repeats_a_question_it_cannot_read() -> None:
    brief = "Perfume store in Riyadh, budget 20k SAR a month"
    answers = "\n".join(["banana", "leads", *[""] * 20]) + "\n"  # the first open question is the goal
    result = runner.invoke(app, ["brief", brief, "--interactive", "-f", "json", "--lang", "en"], input=answers)
    assert result.exit_code == 0, result.output
    assert "I could not read «banana»" in result.output
    data = json.loads(result.stdout[result.stdout.index("{") :])
    assert data["profile"]["goal"] == "leads"


def test_brief_says_fields_left_unknown_as_not_known_never_as_assumed_values() -> None:
    for lang, unknown, not_known in (
        ("en", "assumed unknown", "not known, so the plan"),
        ("ar", "نفترض غير معروف", "غير معروف، فلا"),
    ):
        result = runner.invoke(app, ["brief", THREE_LINES, "--lang", lang])
        assert result.exit_code == 0, result.output
        assert unknown not in result.output and not_known in result.output
