"""Who may use the app: every route refuses another Host name (DNS rebinding) and, in single-user mode, a
browser without the start-up token, showing no data; every POST needs this browser's CSRF token and is
refused cross-site, writing nothing; ``mizaan serve`` will not listen on a public address."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mizaan.cli.main import app as cli
from mizaan.profile import load_profile
from mizaan.web import Guard, create_app, tokens
from mizaan.web.security import AUTH_COOKIE
from mizaan.web.workspace import plan_id
from tests.web.clients import csrf_of, web_client

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "perfume-store-riyadh.yaml"
TOKEN = "start-up-token-for-the-tests"
DATA_MARK = re.compile(r"ghala|@|<table|<svg class=\"chart")  # what a page with data shows


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, str]]:
    """A single-user app, a signed-in browser, and a real value for each path parameter."""
    app = create_app(example=EXAMPLE, data=tmp_path_factory.mktemp("data"), guard=Guard(token=TOKEN))
    client = TestClient(app, base_url="http://127.0.0.1")
    r = client.get(f"/?lang=en&token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?lang=en" and AUTH_COOKIE in r.cookies
    client.headers["X-CSRF-Token"] = csrf_of(client.get("/").text)
    vet = client.post("/vet/example", follow_redirects=False).headers["location"].split("/")[2].split("?")[0]
    profile = tokens.encode(load_profile(EXAMPLE, app.state.kb))
    assert client.post("/workspace/plans", data={"token": profile}, follow_redirects=False).status_code == 303
    params = {"token": profile, "fmt": "csv", "rid": vet, "upload_id": "A" * 24, "pid": plan_id(profile),
              "run_id": "B" * 24, "member": "someone"}  # fmt: skip
    return client, params


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    """Every route of the app, those of included routers too."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += _api_routes(route.original_router.routes)
    return found


def _routes(client: TestClient, params: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for route in _api_routes(client.app.routes):  # type: ignore[attr-defined]
        path = re.sub(r"\{(\w+)\}", lambda m: params[m.group(1)], route.path)
        if route.path == "/compare":
            path += f"?a={params['token']}&b={params['token']}"
        for method in sorted(route.methods):
            out.append((method, path))
    return out


def test_every_route_refuses_another_host_name(signed: tuple[TestClient, dict[str, str]]) -> None:
    client, params = signed
    routes = _routes(client, params)
    assert len(routes) >= 14
    for method, path in routes:
        r = client.request(method, path, headers={"host": "attacker.example"}, follow_redirects=False)
        assert r.status_code == 400, (method, path)
        assert not DATA_MARK.search(r.text), (method, path)


def test_without_the_start_up_token_no_route_shows_data(signed: tuple[TestClient, dict[str, str]]) -> None:
    client, params = signed
    stranger = TestClient(client.app, base_url="http://127.0.0.1")
    for method, path in _routes(client, params):
        if path in ("/health", "/favicon.ico", "/report.css"):  # no data: open to anyone on this machine
            continue
        r = stranger.request(method, path, follow_redirects=False)
        assert r.status_code == 401, (method, path)
        assert not DATA_MARK.search(r.text) and ("Sign in" in r.text or "سجّل الدخول" in r.text)
    assert stranger.get(f"/?token={TOKEN}x", follow_redirects=False).status_code == 401
    assert stranger.get("/health").json() == {"status": "ok"}


def test_signed_in_every_route_answers(signed: tuple[TestClient, dict[str, str]]) -> None:
    client, params = signed
    for method, path in _routes(client, params):
        if method == "GET":
            assert client.get(path).status_code in (200, 204, 404), path  # 404: the made-up upload ID


def test_every_post_needs_this_browsers_csrf_token(signed: tuple[TestClient, dict[str, str]], tmp_path: Path) -> None:
    client, params = signed
    forged = TestClient(client.app, base_url="http://127.0.0.1", cookies=client.cookies)
    kept = set((client.app.state.data.root / "vettings").iterdir())  # type: ignore[attr-defined]
    for method, path in _routes(client, params):
        if method != "POST":
            continue
        for headers in ({}, {"X-CSRF-Token": "0" * 64}):
            r = forged.post(path, headers=headers, data={"text": "x", "a": params["token"]}, follow_redirects=False)
            assert r.status_code == 403, (path, headers)
        r = client.post(path, headers={"origin": "https://attacker.example"}, follow_redirects=False)
        assert r.status_code == 403, path
        r = client.post(path, headers={"sec-fetch-site": "cross-site"}, follow_redirects=False)
        assert r.status_code == 403, path
    upload = forged.post("/measure/upload", files=[("files", ("a.csv", b"date,spend\n"))], data={"csrf": "bad"})
    assert upload.status_code == 403
    assert set((client.app.state.data.root / "vettings").iterdir()) == kept  # type: ignore[attr-defined]
    assert not [p for p in (client.app.state.data.root / "uploads").iterdir()]  # type: ignore[attr-defined]


def test_a_deleted_upload_is_gone_from_disk_and_from_the_page(tmp_path: Path) -> None:
    client = web_client(create_app(example=EXAMPLE, data=tmp_path))
    rid = client.post("/vet/example", follow_redirects=False).headers["location"].split("/")[2]
    assert (tmp_path / "vettings" / rid).is_dir() and client.get(f"/vet/{rid}?lang=en").status_code == 200
    assert client.post(f"/vet/{rid}/delete", follow_redirects=False).status_code == 303
    assert not (tmp_path / "vettings" / rid).exists() and list((tmp_path / "vettings").iterdir()) == []
    assert client.get(f"/vet/{rid}?lang=en").status_code == 404


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_serve_refuses_a_public_address(host: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", host])
    assert result.exit_code == 2 and "without accounts" in result.output and host in result.output
