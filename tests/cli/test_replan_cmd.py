"""mizaan plan --curves FIT [--project DIR]: the re-plan from the command line, day one kept in a project
and compared with from one run to the next, failed fits refused in both languages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mizaan.cli.main import app
from mizaan.plan import HillCurve, fit_from_curves

ROOT = Path(__file__).parents[2]
CAFE = ROOT / "examples/cafe-jeddah-local.yaml"
runner = CliRunner()


def invoke(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def _fit(tmp_path: Path, name: str = "fit.json", **kwargs: Any) -> Path:
    curves = {
        "meta": HillCurve("social_ads", beta=4000, half=3000, observed_max=600),
        "google": HillCurve("search_ads", beta=2000, half=3000, observed_max=2500),
        "tv": HillCurve(None, beta=100, half=100, observed_max=100),
    }
    path = tmp_path / name
    path.write_text(json.dumps(fit_from_curves(curves, currency="SAR", **kwargs)), encoding="utf-8")
    return path


def test_curves_give_day_one_beside_now_in_json(tmp_path: Path) -> None:
    code, out, err = invoke("plan", CAFE, "--curves", _fit(tmp_path), "-f", "json", "--samples", "200", "-l", "en")
    assert code == 0, err
    replan = json.loads(out)["replan"]
    assert replan["basis"] == "prior" and replan["currency"] == "SAR"
    assert "a month, in SAR" in replan["money"]
    origins = {c["channel"]: c["origin"] for c in replan["channels"]}
    assert origins["social_ads"] == origins["search_ads"] == "fitted"
    assert all(o == "prior" for c, o in origins.items() if c not in ("social_ads", "search_ads"))
    assert any("«tv»" in n for n in replan["notes"])  # a column with no channel is said, not dropped


def test_text_and_markdown_show_the_section_in_arabic(tmp_path: Path) -> None:
    code, out, err = invoke("plan", CAFE, "--curves", _fit(tmp_path), "-f", "md", "--samples", "200")
    assert code == 0, err
    assert "يوم البداية والآن" in out and "شهري وبعملة SAR" in out


def test_a_failed_fit_is_refused_unless_accepted(tmp_path: Path) -> None:
    bad = _fit(tmp_path, "bad.json", ok=False)
    code, _, err = invoke("plan", CAFE, "--curves", bad)
    assert code == 2 and "bad.json" in err and "diagnostics.ok" in err
    assert "--accept-failed-fit" in err and "فشل النموذج" in err
    code, out, err = invoke("plan", CAFE, "--curves", bad, "--accept-failed-fit", "-f", "json", "--samples", "200")
    assert code == 0, err
    assert json.loads(out)["replan"]["fits"][0]["accepted_failed"]


def test_a_project_keeps_day_one_and_compares_later_replans_with_it(tmp_path: Path) -> None:
    project = tmp_path / "project"
    code, _, err = invoke("plan", CAFE, "--project", project, "-f", "json", "--samples", "200")
    assert code == 0, err
    kept = list((project / "plans").iterdir())
    assert len(kept) == 1
    first_at = json.loads((kept[0] / "summary.json").read_text(encoding="utf-8"))["at"]
    # a later day: a bigger budget and a fit; day one is still the first plan
    bigger = tmp_path / "bigger.yaml"
    bigger.write_text(CAFE.read_text(encoding="utf-8").replace('"٥٠٠٠"', '"٨٠٠٠"'), encoding="utf-8")
    code, out, err = invoke(
        "plan", bigger, "--project", project, "--curves", _fit(tmp_path), "-f", "json", "--samples", "200"
    )
    assert code == 0, err
    replan = json.loads(out)["replan"]
    assert replan["basis"] == "day_one" and replan["day_one_at"] == first_at
    assert replan["then_monthly_budget"] == "5000.00" and replan["now_monthly_budget"] == "8000.00"
    assert len(list((project / "runs").iterdir())) == 1  # the fit is kept
    # and the next day the kept fit is used without giving it again
    code, out, err = invoke("plan", bigger, "--project", project, "--kept-fits", "-f", "json", "--samples", "200")
    assert code == 0, err
    assert json.loads(out)["replan"]["basis"] == "day_one"


def test_a_bad_fit_keeps_nothing_in_the_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, _, err = invoke("plan", CAFE, "--project", project, "--curves", broken)
    assert code == 2 and "broken.json" in err
    assert not (project / "plans").exists() or not any((project / "plans").iterdir())


def test_a_lift_test_is_kept_in_the_project_and_its_page_reads_it(tmp_path: Path) -> None:
    from mizaan.simulate import geo_world, write_geo_world
    from mizaan.web import DataDir, tests

    panel, truth_path = write_geo_world(geo_world(11, lift=0.2, treated=2), tmp_path)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    project = tmp_path / "project"
    args = ["lift", panel, "--unit-col", "geo", "--metric", "sales", "--treated", ",".join(truth["treated"])]
    code, out, err = invoke(*args, "--start", truth["start"], "--json", "--project", project)
    assert code == 0, err
    (kept,) = tests(DataDir(project))
    assert json.loads(kept.path("result.json").read_text(encoding="utf-8"))["effect"] == json.loads(out)["effect"]
