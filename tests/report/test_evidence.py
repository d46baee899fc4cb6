"""The documents of a fit and of a lift test: a real lift result's counterfactual band and effect, a fit's
returns and curves with their intervals, in Arabic and English; a damaged lift file named by field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mizaan.errors import InputError
from mizaan.lift import lift_panel, read_panel
from mizaan.plan import HillCurve, fit_from_curves, parse_fit
from mizaan.report import fit_document, lift_document, read_lift
from mizaan.report.document import Chart, Table
from mizaan.simulate import geo_world, write_geo_world


def _lift_json(tmp_path: Path) -> dict[str, object]:
    panel, truth_path = write_geo_world(geo_world(11, lift=0.2, treated=2), tmp_path)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    data = read_panel(panel, date_col="date", unit_col="geo", metric="sales")
    result = lift_panel(data, truth["treated"], dt.date.fromisoformat(truth["start"]), None)
    return json.loads(json.dumps(result.to_json_dict(), default=str))  # as mizaan lift --json prints it


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_lift_result_shows_its_band_beside_what_happened(tmp_path: Path, lang: str) -> None:
    raw = _lift_json(tmp_path)
    doc = lift_document(read_lift(raw, "lift.json"), lang)  # type: ignore[arg-type]
    (chart,) = [b for s in doc.sections for b in s.blocks if isinstance(b, Chart)]
    assert chart.chart == "band" and len(chart.items) == len(raw["daily"])  # type: ignore[arg-type]
    assert all(i.low <= i.high and i.actual is not None for i in chart.items)
    assert {i.group for i in chart.items} == {"pre", "post"}
    (table,) = [b for s in doc.sections for b in s.blocks if isinstance(b, Table)]
    assert len(table.rows) == raw["post_period_dates"]
    assert doc.lang == lang and (
        "الأثر الإضافي" in doc.summary if lang == "ar" else "Incremental effect" in doc.summary
    )


def test_a_damaged_lift_file_is_named_by_field() -> None:
    with pytest.raises(InputError) as info:
        read_lift({"method": "bsts", "effect": "a lot"}, "lift.json")
    fields = {p.field for p in info.value.problems}
    assert {"effect", "daily", "start"} <= fields and all(p.file == "lift.json" for p in info.value.problems)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_fit_shows_returns_and_curves_with_their_intervals(lang: str) -> None:
    doc = fit_from_curves(
        {"meta": HillCurve("social_ads", 4000, 3000, 600), "radio": HillCurve(None, 900, 500, 300)}, currency="SAR"
    )
    fit = parse_fit(json.dumps(doc).encode(), "fit.json")
    page = fit_document(fit, lang)  # type: ignore[arg-type]
    charts = {b.id: b for s in page.sections for b in s.blocks if isinstance(b, Chart)}
    assert {"fit_roas", "fit_contribution", "curve_meta", "curve_radio"} <= set(charts)
    roas = {i.label: i for i in charts["fit_roas"].items}
    assert roas["meta"].low <= roas["meta"].value <= roas["meta"].high
    curve = charts["curve_meta"].items
    assert curve[0].value == 0 and {i.group for i in curve} == {"observed", "extrapolated"}
    assert all(i.low <= i.value <= i.high for i in curve)


def test_contribution_over_time_is_drawn_when_the_fit_carries_it_and_checked_when_it_does() -> None:
    from tests.web.test_replan_pages import fit_body

    raw = json.loads(fit_body())
    page = fit_document(parse_fit(json.dumps(raw).encode(), "fit.json"), "en")
    over = page.section("over_time")
    charts = [b for b in over.blocks if isinstance(b, Chart)]
    assert [c.id for c in charts] == ["over_time_meta", "over_time_google"]
    assert all(len(c.items) == len(raw["contribution_over_time"]["dates"]) for c in charts)
    raw["contribution_over_time"]["channels"]["meta"]["low"].pop()
    with pytest.raises(InputError) as info:
        parse_fit(json.dumps(raw).encode(), "fit.json")
    assert info.value.problems[0].key == "fit.series_lengths"
    assert info.value.problems[0].field == "contribution_over_time"
