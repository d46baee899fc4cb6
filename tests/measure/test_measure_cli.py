"""``mizaan measure`` on a hand-made store: formats, options, and errors without a traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mizaan.cli.main import app
from tests.measure.stores import shop_store

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(shop_store(tmp_path_factory.mktemp("shop") / "shop.duckdb"))


def test_text_tables_in_arabic(store: str) -> None:
    r = runner.invoke(app, ["measure", "--store", store, "--lang", "ar", "--no-progress"])
    assert r.exit_code == 0, r.output
    assert "القمع لكل عائلة" in r.output and "التسويق بالمؤثرين" in r.output


def test_json_keeps_money_exact_and_the_models_keyed_by_channel(store: str) -> None:
    r = runner.invoke(app, ["measure", "--store", store, "-f", "json", "--by", "week"])
    data = json.loads(r.stdout)
    social = next(c for c in data["channels"] if c["channel"] == "social_ads")
    assert social["funnel"]["spend"] == "150.00" and social["platform_value"] == "1000.00"
    assert data["attribution"]["models"]["last_touch"]["social_ads"]["conversions"] == 1.0
    assert data["accuracy"] is None and data["currency"] == "SAR"


def test_csv_has_one_number_a_row(store: str) -> None:
    r = runner.invoke(app, ["measure", "--store", store, "-f", "csv", "-m", "last_non_direct"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    spend = next(
        x for x in rows if x["section"] == "channel" and x["channel"] == "search_ads" and x["metric"] == "spend"
    )
    assert spend["value"] == "60.00"
    conv = next(
        x
        for x in rows
        if x["section"] == "channel" and x["channel"] == "influencer_micro" and x["metric"] == "conversions"
    )
    assert (conv["model"], float(conv["value"])) == ("last_non_direct", 1.0)


def test_errors_are_messages_not_tracebacks(tmp_path: Path, store: str) -> None:
    r = runner.invoke(app, ["measure", "--store", str(tmp_path / "none.duckdb"), "--lang", "en"])
    assert r.exit_code == 2 and "does not exist" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["measure", "--store", store, "--from", "March", "--lang", "ar"])
    assert r.exit_code == 2 and "ليس تاريخًا" in r.output
    r = runner.invoke(app, ["measure", "--store", store, "-m", "markov_1", "--lang", "en"])
    assert r.exit_code == 2 and "cannot credit the funnel" in r.output
    r = runner.invoke(app, ["measure", "--store", store, "--by", "year"])
    assert r.exit_code == 2


def test_a_store_too_short_for_the_creator_lift_says_so_in_both_languages(store: str) -> None:
    r = runner.invoke(app, ["measure", "--store", store, "-f", "json"])
    lift = json.loads(r.stdout)["creator_lift"]
    assert (lift["method"], lift["reason"], lift["days"], lift["tiers"]) == ("none", "few_days", 8, [])
    assert all(i["lift"] is None for i in json.loads(r.stdout)["influencers"])
    for lang, words in (("en", "8 days are too few for the regression"), ("ar", "عدد الأيام (8) لا يكفي للانحدار")):
        r = runner.invoke(app, ["measure", "--store", store, "--lang", lang, "--no-progress"])
        assert r.exit_code == 0 and words in r.output, r.output
