"""The fit file read with located errors, and a fit's response turned into the planner's curve: currency and
period conversions, the cap at the observed spend, failed fits refused unless accepted."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest

from mizaan.errors import InputError
from mizaan.knowledge import KnowledgeBase
from mizaan.plan import HillCurve, allocate, fit_from_curves, parse_fit, plan
from mizaan.plan.fitted import fit_family
from mizaan.present import present
from mizaan.profile import Profile

META = HillCurve("social_ads", beta=4000.0, half=3000.0, observed_max=600.0)


def _doc(**kwargs: Any) -> dict[str, Any]:
    curves = kwargs.pop("curves", {"meta": META})
    return fit_from_curves(curves, currency=kwargs.pop("currency", "SAR"), **kwargs)


def _read(doc: dict[str, Any], accept: bool = False) -> Any:
    fit = parse_fit(json.dumps(doc).encode(), "fit.json")
    return type(fit)(fit.doc, fit.source, fit.sha256, accept)


def _problems(doc: Any) -> list[tuple[str, str | None, str | None]]:
    body = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    with pytest.raises(InputError) as info:
        parse_fit(body, "fit.json")
    return [(p.key, p.field, p.file) for p in info.value.problems]


def test_the_family_is_recovered_from_its_own_curve() -> None:
    x = np.linspace(0, 1000, 40)
    a, h, gap = fit_family(x, 2.5 * 700 * (1 - np.exp(-x / 700)), 1000)
    assert a == pytest.approx(2.5, rel=0.02) and h == pytest.approx(700, rel=0.02) and gap < 0.01


def test_malformed_files_name_the_field_and_the_file() -> None:
    assert _problems(b"{not json") == [("fit.not_json", None, "fit.json")]
    assert _problems({**_doc(), "schema": "other/2"}) == [("fit.bad_schema", "schema", "fit.json")]
    doc = _doc()
    del doc["channels"]["meta"]["response"]["outcome_low"]
    assert _problems(doc) == [("fit.missing", "channels.meta.response.outcome_low", "fit.json")]
    doc = _doc()
    doc["channels"]["meta"]["response"]["outcome_high"][3] = 0.0
    assert _problems(doc)[0][0] == "fit.response_order"
    doc = _doc()
    doc["channels"]["meta"]["response"]["spend_per_period"][0] = 5.0
    assert _problems(doc)[0][0] == "fit.response_grid"
    doc = _doc()
    doc["period"] = "fortnight"
    assert _problems(doc)[0][:2] == ("fit.bad_value", "period")


def test_a_failed_fit_is_refused_in_both_languages_unless_accepted(make_profile: Any, kb: KnowledgeBase) -> None:
    p: Profile = make_profile()
    with pytest.raises(InputError) as info:
        plan(p, kb, fits=[_read(_doc(ok=False))], what_if=False)
    (problem,) = info.value.problems
    assert problem.field == "diagnostics.ok" and problem.file == "fit.json"
    assert "--accept-failed-fit" in info.value.message("en") and "--accept-failed-fit" in info.value.message("ar")
    result = plan(p, kb, fits=[_read(_doc(ok=False), accept=True)], what_if=False, samples=200)
    shown = present(result, "en")
    assert shown.replan is not None and shown.replan.fits[0].accepted_failed
    assert any("failed its diagnostics" in n for n in shown.replan.notes)


def test_an_unknown_channel_and_a_channel_in_two_files_are_errors(make_profile: Any, kb: KnowledgeBase) -> None:
    p: Profile = make_profile()
    with pytest.raises(InputError) as info:
        allocate(p, kb, [_read(_doc(curves={"tv": HillCurve("tv_ads", 10, 10, 10)}))])
    assert [(x.key, x.field) for x in info.value.problems] == [("fit.unknown_channel", "channels.tv.mizaan_channel")]
    other = parse_fit(json.dumps(_doc()).encode(), "other.json")
    with pytest.raises(InputError) as info:
        allocate(p, kb, [_read(_doc()), other])
    assert info.value.problems[0].key == "fit.channel_twice"


def test_currency_and_period_do_not_change_the_curve(make_profile: Any, kb: KnowledgeBase) -> None:
    """The same business measured in SAR by week, in USD by week and in SAR by day: one fitted curve."""
    p: Profile = make_profile()
    rate = kb.per_usd("SAR")
    days = 7.0
    weekly = _doc()
    in_usd = _doc(
        currency="USD",
        curves={"meta": HillCurve("social_ads", META.beta / rate, META.half / rate, META.observed_max / rate)},
    )
    daily = _doc(
        period="day",
        curves={"meta": HillCurve("social_ads", META.beta / days, META.half / days, META.observed_max / days)},
    )
    curves = [allocate(p, kb, [_read(d)]).prior.curves["social_ads"] for d in (weekly, in_usd, daily)]
    for c in curves[1:]:
        assert c.scale_usd == pytest.approx(curves[0].scale_usd, rel=1e-3)
        assert c.per_usd["conversion"] == pytest.approx(curves[0].per_usd["conversion"], rel=1e-3)
        assert c.max_spend_usd == pytest.approx(curves[0].max_spend_usd, rel=1e-9)
    # the observed maximum, a month in dollars: per period x periods a month / rate
    assert curves[0].max_spend_usd == pytest.approx(600 * (30.4375 / 7) / rate)


def test_spend_never_passes_what_the_data_saw_and_the_plan_says_so(make_profile: Any, kb: KnowledgeBase) -> None:
    strong = HillCurve("social_ads", beta=2e7, half=1e6, observed_max=200.0)  # a return of 20, little data
    p: Profile = make_profile()
    result = plan(p, kb, fits=[_read(_doc(curves={"meta": strong}))], what_if=False, samples=200)
    cap = result.allocation.fitted["social_ads"].observed_max_usd
    assert result.allocation.monthly_usd["social_ads"] == pytest.approx(cap, rel=1e-6)
    shown = present(result, "en")
    assert shown.replan is not None
    line = shown.replan.channel("social_ads")
    assert line is not None and line.capped and "extrapolation" in (line.how_sure or "")
    ar = present(result, "ar").replan
    assert ar is not None and "استقراء" in (ar.channel("social_ads").how_sure or "")  # type: ignore[union-attr]


def test_day_one_beside_now_says_money_is_monthly_in_the_profiles_currency(
    make_profile: Any, kb: KnowledgeBase
) -> None:
    p: Profile = make_profile(budget__period="quarter", budget__amount=60000)
    result = plan(p, kb, fits=[_read(_doc())], what_if=False, samples=200)
    prior = plan(p, kb, what_if=False, samples=200)
    shown = present(result, "en")
    r = shown.replan
    assert r is not None and r.currency == "SAR" and "a month" in r.money and "SAR" in r.money
    assert r.then_monthly_budget == prior.monthly_budget
    for line in r.channels:
        before = prior.line(line.channel)
        assert line.then_monthly == (before.monthly_amount if before else 0)
        now = result.line(line.channel)
        assert line.now_monthly == (now.monthly_amount if now else 0)
        assert line.change_monthly == line.now_monthly - line.then_monthly
        assert (line.origin == "fitted") == (line.channel == "social_ads")
    assert sum(line.now_monthly for line in r.channels) == sum(x.monthly_amount for x in result.lines)
    fitted = r.channel("social_ads")
    assert fitted is not None and fitted.roas is not None and fitted.roas_low <= fitted.roas <= fitted.roas_high  # type: ignore[operator]
    assert fitted.curve is not None and len(fitted.curve.spend_monthly) == len(fitted.curve.outcome)
    assert math.isclose(fitted.interval or 0, 0.94)


def test_a_plan_without_fits_has_no_replan_section(make_profile: Any, kb: KnowledgeBase) -> None:
    shown = present(plan(make_profile(), kb, what_if=False, samples=200), "en")
    assert shown.replan is None and "replan" not in json.loads(shown.model_dump_json())


def test_the_models_own_shape_reads_and_its_bilingual_messages_are_shown_in_each_language(
    make_profile: Any, kb: KnowledgeBase
) -> None:
    """What mizaan mmm writes beyond the contract (messages in both languages, no R-hat for MAP, the prior
    block, the sampler) reads, and a failed fit's messages reach the user in the user's language."""
    doc = _doc(ok=False)
    doc["sampler"] = {"method": "map", "seed": 0}
    doc["diagnostics"].update(
        max_rhat=None,
        min_ess_bulk=None,
        messages=[{"key": "mmm.diag.rhat", "en": "R-hat too high", "ar": "مؤشر التقارب مرتفع"}],
    )
    doc["channels"]["meta"].update(contribution_low=1.0, contribution_high=2.0, lift_tests=0, prior={"roas": 2.0})
    p: Profile = make_profile()
    with pytest.raises(InputError) as info:
        plan(p, kb, fits=[_read(doc)], what_if=False)
    assert "R-hat too high" in info.value.message("en") and "مؤشر التقارب مرتفع" in info.value.message("ar")
    assert "R-hat too high" not in info.value.message("ar")
    shown = present(plan(p, kb, fits=[_read(doc, accept=True)], what_if=False, samples=200), "ar")
    assert shown.replan is not None and shown.replan.fits[0].messages == ["مؤشر التقارب مرتفع"]
