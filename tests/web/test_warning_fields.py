"""A warning that names a profile field takes the reader to the form, filled with the plan's profile, at
that field (issue 12: the web form highlights the field a warning names)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from mizaan.profile import load_profile
from mizaan.web import create_app, tokens
from tests.web.clients import web_client

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r'<a class="fix" href="([^"]+)"')


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_field_warning_links_to_the_form_at_that_field(lang: str) -> None:
    profile = load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml")
    # a yearly budget over a three-month horizon: the plan warns on budget.period
    profile = profile.model_copy(
        update={"horizon_months": 3, "budget": profile.budget.model_copy(update={"period": "year"})}
    )
    client = web_client(create_app())
    token = tokens.encode(profile)
    page = client.get(f"/plan/{token}?lang={lang}")
    assert page.status_code == 200
    links = [h.replace("&amp;", "&") for h in LINK.findall(page.text)]
    assert links, "a warning on a field links to the form"
    targets = {parse_qs(urlparse(h).query)["focus"][0]: h for h in links}
    assert "budget.period" in targets
    form = client.get(targets["budget.period"])
    assert form.status_code == 200
    html = form.text
    assert 'id="f-budget-period-warning"' in html and "has-warning" in html
    # the form is filled with the plan's profile
    assert re.search(r'name="horizon_months" value="3"', html)
    # no other field is marked
    assert html.count("has-warning") == 1


def test_the_form_refuses_a_profile_link_it_cannot_read() -> None:
    client = web_client(create_app())
    page = client.get("/?profile=not-a-plan&focus=budget.amount")
    assert page.status_code in (200, 400) and "has-warning" not in page.text
