"""The command line, run in-process with Typer's runner on the bundled examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mizaan.cli.main import app

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_plan_prints_the_plan_in_the_profiles_language() -> None:
    code, out, _ = invoke("plan", ROOT / "examples/perfume-store-riyadh.yaml")
    assert code == 0
    assert "توزيع الميزانية" in out and "المؤثرون" in out and "ر.س" in out


def test_plan_in_english_with_reasons() -> None:
    code, out, _ = invoke("plan", ROOT / "examples/dental-clinic-dubai.yaml", "--lang", "en", "--explain")
    assert code == 0
    assert "Budget split" in out and "What would change this plan most" in out
    assert "C5 ·" in out  # reasons written out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_json_of_every_example_carries_the_documented_fields(example: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "plan.json"
    code, _, err = invoke("plan", example, "--format", "json", "-o", out_file, "--samples", "300")
    assert code == 0, err
    plan = json.loads(out_file.read_text(encoding="utf-8"))
    for key in (
        "allocation",
        "family_share",
        "influencer",
        "warnings",
        "blueprint",
        "kpis",
        "measurement",
        "forecast",
        "rules_applied",
        "what_would_change",
        "assumptions",
        "benchmarks",
    ):
        assert key in plan
    for line in plan["allocation"]:
        assert {"channel", "family", "amount", "share", "stages", "reasons"} <= set(line)
    assert {"recommended", "tier", "count", "budget_each", "reasons"} <= set(plan["influencer"])
    assert set(plan["family_share"]) == {"e_marketing", "influencer"}
    for w in plan["warnings"]:
        assert {"rule", "severity", "text"} <= set(w)
    assert {"links"} <= set(plan["measurement"])


def test_examples_produce_visibly_different_plans(tmp_path: Path) -> None:
    splits = {}
    for example in EXAMPLES:
        out_file = tmp_path / f"{example.stem}.json"
        invoke("plan", example, "-f", "json", "-o", out_file, "--samples", "200")
        plan = json.loads(out_file.read_text(encoding="utf-8"))
        splits[example.stem] = {line["channel"]: line["share"] for line in plan["allocation"]}
    names = list(splits)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            channels = set(splits[a]) | set(splits[b])
            distance = 0.5 * sum(abs(splits[a].get(c, 0) - splits[b].get(c, 0)) for c in channels)
            assert distance > 0.05, (a, b, distance)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_markdown_and_html_outputs(fmt: str, tmp_path: Path) -> None:
    out_file = tmp_path / f"plan.{fmt}"
    code, _, _ = invoke("plan", ROOT / "examples/cafe-jeddah-local.yaml", "-f", fmt, "-o", out_file)
    assert code == 0
    text = out_file.read_text(encoding="utf-8")
    assert "مؤثرو النانو" in text
    if fmt == "html":
        assert '<html lang="ar" dir="rtl">' in text and "http://" not in text.replace("https://example.com", "")


def test_a_bad_profile_gives_a_bilingual_error_and_exit_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "business_type: shop\ngoal: sales\nbudget: {amount: 10, currency: SAR}\nlocation: {country: SA}\n",
        encoding="utf-8",
    )
    code, out, err = invoke("plan", bad)
    assert code == 2
    assert "business_type" in err and "القيم المقبولة" in err and "allowed values" in err
    assert "Traceback" not in out + err
    code, _, err = invoke("plan", bad, "--lang", "en")
    assert code == 2 and "allowed values" in err and "القيم" not in err


def test_unknown_options_are_refused_clearly() -> None:
    code, _, err = invoke("plan", ROOT / "examples/perfume-store-riyadh.yaml", "--format", "pdfx")
    assert code == 2 and "--format" in err
    code, _, err = invoke("plan", ROOT / "examples/perfume-store-riyadh.yaml", "--without", "Z9")
    assert code == 2 and "Z9" in err


def test_switching_a_rule_off_changes_the_plan(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    invoke("plan", ROOT / "examples/b2b-erp-cairo.yaml", "-f", "json", "-o", a, "--samples", "200")
    invoke("plan", ROOT / "examples/b2b-erp-cairo.yaml", "-f", "json", "-o", b, "--samples", "200", "--without", "B4")
    share = lambda p: json.loads(p.read_text())["family_share"]["influencer"]  # noqa: E731
    assert share(a) <= share(b)


def test_kb_commands() -> None:
    code, out, _ = invoke("kb", "check")
    assert code == 0 and "59 rules" in out
    code, out, _ = invoke("kb", "rules", "--lang", "en", "--group", "mistakes")
    assert code == 0 and "M1" in out and "M3" in out and "B1" not in out
    code, out, _ = invoke("kb", "channels", "--lang", "ar")
    assert code == 0 and "مؤثرو النانو" in out
    code, out, _ = invoke("kb", "benchmarks", "--subject", "social_ads", "--lang", "en")
    assert code == 0 and "social_ads.cpm.SA" in out


def test_kb_export_gives_an_editable_copy_that_plans_use(tmp_path: Path) -> None:
    folder = tmp_path / "agency-kb"
    code, _, _ = invoke("kb", "export", folder)
    assert code == 0 and (folder / "rules.yaml").exists()
    text = (folder / "rules.yaml").read_text(encoding="utf-8")
    (folder / "rules.yaml").write_text(text.replace("max_share: 0.5}", "max_share: 0.1}"), encoding="utf-8")
    out_file = tmp_path / "plan.json"
    code, _, _ = invoke(
        "plan",
        ROOT / "examples/awareness-launch-fashion.yaml",
        "--kb",
        folder,
        "-f",
        "json",
        "-o",
        out_file,
        "--samples",
        "200",
    )
    assert code == 0
    assert json.loads(out_file.read_text())["family_share"]["influencer"] <= 0.1 + 1e-9


@pytest.mark.parametrize("lang,heading", [("en", "Could not go on (1 problem)"), ("ar", "تعذّر المتابعة")])
def test_an_error_naming_no_file_never_leaves_a_blank_for_one(tmp_path: Path, lang: str, heading: str) -> None:
    data = tmp_path / "g.csv"
    data.write_text("Day,Campaign,Currency code,Cost\n2025-07-08,A,SAR,1\n", encoding="utf-8")
    store = str(tmp_path / "s.duckdb")
    code, out, err = invoke("import", data, "--store", store, "--lang", lang, "--timezone", "Mars/Olympus")
    assert code != 0
    assert heading in out + err and "Mars/Olympus" in out + err
    assert "Could not use  (" not in out + err and "الملف  (" not in out + err
