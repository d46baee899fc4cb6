"""A workspace keeps a client's plans (made from the form or a brief, or kept from a plan page) and
measurement runs beside its uploads and vettings, lists them, reopens them and deletes them from disk;
owners manage members; failed sign-ins are limited per account and per address; cookies are Secure over
HTTPS."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mizaan.profile import load_profile
from mizaan.web import Guard, accounts_of, create_app, tokens
from mizaan.web.accounts import ACCOUNT_FAILURES, ADDRESS_FAILURES
from mizaan.web.workspace import plan_id
from tests.web.clients import csrf_of, web_client

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "perfume-store-riyadh.yaml"
PASSWORD = "correct horse battery"
FORM = {"business_type": "ecommerce", "goal": "sales", "budget.amount": "٧٥٠٠", "budget.currency": "SAR",
        "budget.period": "month", "location.country": "SA", "business_name": "Oud Al Nakheel"}  # fmt: skip


def _sign_in(app: object, name: str, base: str = "http://127.0.0.1") -> TestClient:
    c = TestClient(app, base_url=base)  # type: ignore[arg-type]
    r = c.post("/login", data={"name": name, "password": PASSWORD, "csrf": csrf_of(c.get("/login").text)},
               follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    c.headers["X-CSRF-Token"] = csrf_of(c.get("/").text)
    return c


@pytest.fixture()
def team(tmp_path: Path) -> tuple[Path, object]:
    accounts = accounts_of(tmp_path)
    for user, role in (("omar", "owner"), ("eman", "editor"), ("vera", "viewer")):
        accounts.add_user(user, PASSWORD)
        accounts.grant(user, "riyadh-oud", role)
    return tmp_path, create_app(example=EXAMPLE, data=tmp_path, guard=Guard(accounts=accounts))


def test_a_plan_made_by_an_editor_is_kept_listed_reopened_and_deleted(team: tuple[Path, object]) -> None:
    data, app = team
    eman, omar, vera = _sign_in(app, "eman"), _sign_in(app, "omar"), _sign_in(app, "vera")
    r = eman.post("/form?lang=en", data=FORM, follow_redirects=False)
    assert r.status_code == 303
    token = r.headers["location"].split("/plan/")[1].split("?")[0]
    folder = data / "workspaces" / "riyadh-oud" / "plans" / plan_id(token)
    assert tokens.decode_data(token)["business_name"] == "Oud Al Nakheel"
    assert (folder / "profile.json").is_file() and "Oud Al Nakheel" in (folder / "profile.json").read_text()
    assert 'id="plan-kept"' in eman.get(f"/plan/{token}?lang=en").text
    page = vera.get("/workspace?lang=en").text  # every member sees it; only an owner may delete it
    assert "Oud Al Nakheel" in page and f"/workspace/plans/{plan_id(token)}/delete" not in page
    r = vera.get(f"/workspace/plans/{plan_id(token)}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/plan/{token}")
    assert vera.post(f"/workspace/plans/{plan_id(token)}/delete").status_code == 403 and folder.is_dir()
    assert f"/workspace/plans/{plan_id(token)}/delete" in omar.get("/workspace?lang=en").text
    r = omar.post(f"/workspace/plans/{plan_id(token)}/delete", follow_redirects=False)
    assert r.status_code == 303 and "deleted=1" in r.headers["location"] and not folder.exists()
    assert "Oud Al Nakheel" not in omar.get("/workspace?lang=en").text
    assert omar.get(f"/workspace/plans/{plan_id(token)}").status_code == 404


def test_a_viewers_plan_is_not_kept_and_a_plan_page_keeps_one_on_request(team: tuple[Path, object]) -> None:
    data, app = team
    vera, eman = _sign_in(app, "vera"), _sign_in(app, "eman")
    token = vera.post("/form", data=FORM, follow_redirects=False).headers["location"].split("/plan/")[1]
    token = token.split("?")[0]
    plans = data / "workspaces" / "riyadh-oud" / "plans"
    assert not plans.exists() or not list(plans.iterdir())
    page = vera.get(f"/plan/{token}?lang=en").text
    assert 'id="keep-plan"' not in page and 'id="plan-kept"' not in page
    assert 'id="keep-plan"' in eman.get(f"/plan/{token}?lang=en").text
    r = eman.post("/workspace/plans", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303 and (plans / plan_id(token) / "profile.json").is_file()
    assert eman.post("/workspace/plans", data={"token": "not-a-plan"}).status_code == 400


def test_a_measurement_run_is_kept_with_its_result_and_outlives_its_upload(team: tuple[Path, object]) -> None:
    data, app = team
    omar = _sign_in(app, "omar")
    sheet = ("orders.csv", b"a,b\n1,2\n")
    upload = omar.post("/measure/upload", files=[("files", sheet)], follow_redirects=False)
    uid = upload.headers["location"].split("upload=")[1]
    assert 'id="keep-run"' in omar.get(f"/measure?lang=en&upload={uid}").text
    r = omar.post("/measure/keep", data={"upload": uid, "by": "week"}, follow_redirects=False)
    assert r.status_code == 303 and "kept=1" in r.headers["location"]
    runs = data / "workspaces" / "riyadh-oud" / "runs"
    (rid,) = [p.name for p in runs.iterdir()]
    page = omar.get("/workspace?lang=en").text
    assert "orders.csv" in page and f"upload={uid}" in page and "by=week" in page
    omar.post(f"/measure/upload/{uid}/delete")
    result = omar.get(f"/workspace/runs/{rid}")
    assert result.status_code == 200 and "totals" in result.json()
    assert omar.post("/measure/keep", data={"upload": uid}).status_code == 404  # its upload is gone
    omar.post(f"/workspace/runs/{rid}/delete")
    assert list(runs.iterdir()) == [] and omar.get(f"/workspace/runs/{rid}").status_code == 404


def test_an_owner_manages_members_and_the_workspace_keeps_an_owner(team: tuple[Path, object]) -> None:
    data, app = team
    omar, eman = _sign_in(app, "omar"), _sign_in(app, "eman")
    accounts = accounts_of(data)
    assert eman.get("/workspace/members").status_code == 403  # an editor does not manage members
    assert eman.post("/workspace/members", data={"name": "x", "role": "owner"}).status_code == 403
    page = omar.get("/workspace/members?lang=en").text
    assert 'id="members-table"' in page and "vera" in page
    forged = TestClient(app, base_url="http://127.0.0.1", cookies=omar.cookies)
    assert forged.post("/workspace/members", data={"name": "zaid", "role": "owner"}).status_code == 403
    r = omar.post("/workspace/members?lang=en", data={"name": "zaid", "role": "editor", "password": PASSWORD})
    assert r.status_code == 200 and 'id="members-done"' in r.text
    assert accounts.roles("zaid") == {"riyadh-oud": "editor"} and accounts.check("zaid", PASSWORD)
    r = omar.post("/workspace/members?lang=en", data={"name": "vera", "role": "owner", "password": "x" * 12})
    assert "leave the password empty" in r.text and not accounts.check("vera", "x" * 12)
    omar.post("/workspace/members/vera/role", data={"role": "editor"})
    assert accounts.roles("vera") == {"riyadh-oud": "editor"}
    r = omar.post("/workspace/members/omar/role?lang=ar", data={"role": "viewer"})
    assert "مالك واحد على الأقل" in r.text and accounts.roles("omar") == {"riyadh-oud": "owner"}
    assert "at least one owner" in omar.post("/workspace/members/omar/remove?lang=en").text
    omar.post("/workspace/members/zaid/remove")
    assert accounts.roles("zaid") == {} and accounts.check("zaid", PASSWORD)  # out of the workspace, still a user


def test_failed_sign_ins_are_limited_per_account_and_per_address(team: tuple[Path, object]) -> None:
    _, app = team
    c = TestClient(app, base_url="http://127.0.0.1")  # type: ignore[arg-type]
    csrf = csrf_of(c.get("/login").text)
    for _ in range(ACCOUNT_FAILURES):
        r = c.post("/login?lang=en", data={"name": "vera", "password": "wrong guess!", "csrf": csrf})
        assert r.status_code == 200 and 'id="login-error"' in r.text
    r = c.post("/login?lang=en", data={"name": "vera", "password": PASSWORD, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 429 and "try again in 15 minutes" in r.text and int(r.headers["Retry-After"]) > 800
    assert "mizaan_session" not in r.cookies  # the right password waits too
    r = c.post("/login?lang=ar", data={"name": "vera", "password": PASSWORD, "csrf": csrf})
    assert "حاول مرة أخرى بعد 15 دقيقة" in r.text
    # another account from this address still may, until the address has failed too often
    r = c.post("/login", data={"name": "eman", "password": PASSWORD, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    for i in range(ADDRESS_FAILURES - ACCOUNT_FAILURES):
        c.post("/login", data={"name": f"guess{i}", "password": "wrong guess!", "csrf": csrf})
    r = c.post("/login", data={"name": "omar", "password": PASSWORD, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 429


def test_cookies_are_secure_over_https_or_behind_an_https_proxy(tmp_path: Path) -> None:
    def cookie_lines(app: object, base: str) -> list[str]:
        r = TestClient(app, base_url=base).get("/?lang=en")  # type: ignore[arg-type]
        return [v for k, v in r.headers.multi_items() if k == "set-cookie"]

    plain = create_app(example=EXAMPLE, data=tmp_path)
    assert all("Secure" not in c for c in cookie_lines(plain, "http://127.0.0.1"))
    assert all("Secure" in c for c in cookie_lines(plain, "https://127.0.0.1"))
    proxied = create_app(example=EXAMPLE, data=tmp_path, guard=Guard(secure=True))
    lines = cookie_lines(proxied, "http://127.0.0.1")
    assert len(lines) >= 2 and all("Secure" in c and "HttpOnly" in c for c in lines)


def test_single_user_mode_keeps_plans_in_the_data_folder(tmp_path: Path) -> None:
    client = web_client(create_app(example=EXAMPLE, data=tmp_path))
    token = tokens.encode(load_profile(EXAMPLE, client.app.state.kb))  # type: ignore[attr-defined]
    client.post("/workspace/plans", data={"token": token})
    assert (tmp_path / "plans" / plan_id(token) / "profile.json").is_file()
    assert 'id="to-members"' not in client.get("/workspace").text
    assert client.get("/workspace/members").status_code == 404
