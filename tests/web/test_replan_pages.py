"""The re-plan in the web app: fits and lift results kept in the workspace, their pages (response curves and
returns with intervals, the counterfactual band), and a plan re-planned on a kept fit with the workspace's
day one beside it, in Arabic and English; the same store a CLI project writes."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mizaan.plan import HillCurve, fit_from_curves
from mizaan.web import create_app
from tests.web.clients import web_client

ROOT = Path(__file__).parents[2]
CAFE = ROOT / "examples" / "cafe-jeddah-local.yaml"
FORM = {"business_type": "local", "goal": "sales", "budget.amount": "٥٠٠٠", "budget.currency": "SAR",
        "budget.period": "month", "location.country": "SA", "business_name": "Qahwa"}  # fmt: skip


def fit_body(ok: bool = True) -> bytes:
    curves = {
        "meta": HillCurve("social_ads", beta=4000, half=3000, observed_max=600),
        "google": HillCurve("search_ads", beta=2000, half=3000, observed_max=2500),
    }
    doc = fit_from_curves(curves, currency="SAR", ok=ok)
    weeks = [dt.date(2025, 1, 6) + dt.timedelta(weeks=k) for k in range(20)]
    spend = [300.0 + 250.0 * (k % 4 == 0) for k in range(20)]
    doc["contribution_over_time"] = {  # optional: what the fit page draws over time when a fit carries it
        "dates": [d.isoformat() for d in weeks],
        "channels": {
            name: {
                "median": [c.outcome(x) for x in spend],
                "low": [0.8 * c.outcome(x) for x in spend],
                "high": [1.25 * c.outcome(x) for x in spend],
            }
            for name, c in curves.items()
        },
    }
    return json.dumps(doc).encode()


def lift_body() -> bytes:
    start = dt.date(2026, 3, 1)
    daily = [
        {
            "date": (start + dt.timedelta(days=k)).isoformat(),
            "period": "pre" if k < 20 else "post",
            "actual": 100.0 + (15.0 if k >= 20 else 0.0),
            "counterfactual": 100.0,
            "counterfactual_low": 95.0,
            "counterfactual_high": 105.0,
            "effect": 15.0 if k >= 20 else 0.0,
        }
        for k in range(30)
    ]
    return json.dumps(
        {
            "method": "synthetic_control",
            "metric": "sales",
            "treated": ["Jeddah"],
            "start": "2026-03-21",
            "end": "2026-03-30",
            "effect": 150.0,
            "effect_low": 60.0,
            "effect_high": 240.0,
            "relative_effect": 0.15,
            "relative_effect_low": 0.06,
            "relative_effect_high": 0.24,
            "daily": daily,
        }
    ).encode()


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return web_client(create_app(example=CAFE, data=tmp_path))


def _plan(client: TestClient) -> str:
    r = client.post("/form?lang=en", data=FORM, follow_redirects=False)
    assert r.status_code == 303
    return str(r.headers["location"].split("/plan/")[1].split("?")[0])


def _upload(client: TestClient, body: bytes, name: str, **fields: Any) -> Any:
    return client.post(
        "/results?lang=en", files={"result": (name, body, "application/json")}, data=fields, follow_redirects=False
    )


def test_a_fit_uploaded_from_the_plan_page_replans_it_with_day_one_beside_now(client: TestClient) -> None:
    token = _plan(client)
    page = client.get(f"/plan/{token}?lang=en").text
    assert 'id="replan"' in page and "Re-plan from your data" in page
    r = _upload(client, fit_body(), "weekly-fit.json", token=token)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/replan/{token}?fit=fit-")
    html = client.get(r.headers["location"]).text
    assert "Day one beside now" in html and "Every amount here is a month, in SAR" in html
    assert 'id="chart-replan_moves"' in html and 'id="chart-curve_social_ads"' in html
    assert 'class="band"' in html  # the response curve's interval, drawn
    assert "Day one is the first plan this project kept" in html
    # the plan page now offers the kept fit; the re-plan downloads as JSON with its section
    assert "weekly-fit.json" in client.get(f"/plan/{token}?lang=en").text
    query = r.headers["location"].split("?", 1)[1]
    data = client.get(f"/replan/{token}/download/json?{query}").json()
    assert data["replan"]["basis"] == "day_one"
    assert {c["channel"] for c in data["replan"]["channels"] if c["origin"] == "fitted"} == {"social_ads", "search_ads"}


def test_the_replan_page_reads_right_to_left_in_arabic(client: TestClient) -> None:
    token = _plan(client)
    r = _upload(client, fit_body(), "fit.json", token=token)
    html = client.get(r.headers["location"].replace("lang=en", "lang=ar")).text
    assert 'dir="rtl"' in html and "يوم البداية والآن" in html and "شهري وبعملة SAR" in html


def test_a_failed_fit_is_refused_unless_accepted(client: TestClient) -> None:
    token = _plan(client)
    r = _upload(client, fit_body(ok=False), "bad.json", token=token)
    page = client.get(r.headers["location"])
    assert page.status_code == 400 and "--accept-failed-fit" in page.text and "bad.json" in page.text
    accepted = client.get(r.headers["location"] + "&accept=1")
    assert accepted.status_code == 200 and "failed its diagnostics and was used anyway" in accepted.text


def test_a_malformed_file_is_refused_by_field_and_keeps_nothing(client: TestClient, tmp_path: Path) -> None:
    doc = json.loads(fit_body())
    del doc["channels"]["meta"]["response"]["outcome_low"]
    r = _upload(client, json.dumps(doc).encode(), "broken.json")
    assert r.status_code == 400
    assert "channels.meta.response.outcome_low" in r.text and "broken.json" in r.text
    runs = tmp_path / "runs"
    assert not runs.exists() or not [p for p in runs.iterdir() if not p.name.startswith(".")]


def test_fit_and_test_pages_show_their_intervals(client: TestClient) -> None:
    r = _upload(client, fit_body(), "fit.json")
    assert r.status_code == 303 and r.headers["location"].startswith("/fits/")
    html = client.get(r.headers["location"]).text
    assert 'id="chart-fit_roas"' in html and 'id="chart-curve_meta"' in html and 'id="chart-fit_contribution"' in html
    assert 'id="chart-over_time_meta"' in html and "Contribution over time" in html
    r = _upload(client, lift_body(), "lift.json")
    assert r.status_code == 303 and r.headers["location"].startswith("/tests/")
    html = client.get(r.headers["location"]).text
    assert 'id="chart-lift_band"' in html and 'class="actual"' in html and "The campaign raised the outcome" in html
    ar = client.get(r.headers["location"].replace("lang=en", "lang=ar")).text
    assert "الحملة زادت النتيجة" in ar
    listing = client.get("/workspace?lang=en").text
    assert listing.count('href="/fits/') == 1 and listing.count('href="/tests/') == 1


def test_a_cli_project_is_a_workspace_the_app_shows(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mizaan.cli.main import app

    fit = tmp_path / "fit.json"
    fit.write_bytes(fit_body())
    result = CliRunner().invoke(
        app, ["plan", str(CAFE), "--project", str(tmp_path), "--curves", str(fit), "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    c = web_client(create_app(example=CAFE, data=tmp_path))
    html = c.get("/workspace?lang=en").text
    assert "Qahwat Al Balad" in html and re.search(r'href="/fits/fit-[^"]+"', html)


def test_a_cli_projects_imports_are_measured_by_the_app(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mizaan.cli.main import app
    from mizaan.simulate import simulate

    world = tmp_path / "world"
    simulate(world, seed=7, touchpoints=3000)
    exports = sorted(p for p in world.rglob("*") if p.is_file() and p.name != "truth.json")
    project = tmp_path / "project"
    result = CliRunner().invoke(app, ["import", *map(str, exports), "--project", str(project), "-f", "json"])
    assert result.exit_code in (0, 1), result.stderr  # 1: some records rejected, each reported
    summary = json.loads((project / "uploads" / "project-imports" / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["files"]) == {p.name for p in exports} and sum(summary["read"].values()) > 0
    c = web_client(create_app(example=CAFE, data=project))
    page = c.get("/measure?upload=project-imports&lang=en")
    assert page.status_code == 200 and 'id="upload-summary"' in page.text and 'id="keep-run"' in page.text
    assert 'id="measure-missing"' not in page.text and 'id="measure-error"' not in page.text
    assert "project-imports" in c.get("/workspace?lang=en").text


def test_a_replan_link_without_fits_or_with_a_deleted_fit_says_so(client: TestClient) -> None:
    token = _plan(client)
    r = client.get(f"/replan/{token}?lang=en", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/plan/{token}")
    r = client.get(f"/replan/{token}/download/json?lang=en", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/plan/{token}/download/json")
    gone = client.get(f"/replan/{token}?fit=fit-AAAAAAAAAAAAAAAAAAAA&lang=en")
    assert gone.status_code == 404 and "no longer kept" in gone.text


def test_a_replan_is_planned_once_per_content_and_shown_in_either_language(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page, its other language and its downloads present one re-plan; a fit with other content or a
    failed fit accepted is another re-plan."""
    import mizaan.web.evidence_pages as pages

    calls: list[int] = []
    real = pages.plan

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pages, "plan", counted)
    token = _plan(client)
    where = _upload(client, fit_body(), "fit.json", token=token).headers["location"]
    en = client.get(where)
    ar = client.get(where.replace("lang=en", "lang=ar"))
    data = client.get(f"/replan/{token}/download/json?{where.split('?', 1)[1]}").json()
    assert en.status_code == ar.status_code == 200 and "Day one beside now" in en.text and 'dir="rtl"' in ar.text
    assert data["replan"]["basis"] == "day_one" and len(calls) == 1
    assert client.get(where).text == en.text and len(calls) == 1  # the same page again: the same re-plan
    other = json.loads(fit_body())
    other["channels"]["meta"]["beta"] = other["channels"]["meta"]["beta"] * 2  # another fit's content
    second = _upload(client, json.dumps(other).encode(), "other.json", token=token).headers["location"]
    assert client.get(second).status_code == 200 and len(calls) == 2
    failed = _upload(client, fit_body(ok=False), "bad.json", token=token).headers["location"]
    assert client.get(failed + "&accept=1").status_code == 200 and len(calls) == 3
