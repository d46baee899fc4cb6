"""Accounts mode: Argon2 passwords and sessions; every route × every role × another workspace's IDs reads
nothing of the other workspace; each role may do only what it may (viewer < editor < owner)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mizaan.cli.main import app as cli
from mizaan.web import Accounts, Guard, accounts_of, create_app
from tests.web.clients import csrf_of
from tests.web.test_security import _api_routes

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "perfume-store-riyadh.yaml"
PASSWORD = "correct horse battery"
# user: (workspace, role)
PEOPLE = {"alia": ("gulf-perfumes", "owner"), "badr": ("gulf-perfumes", "editor"),
          "chadi": ("gulf-perfumes", "viewer"), "dana": ("cairo-clinic", "owner")}  # fmt: skip


def test_passwords_are_argon2_and_sessions_are_kept_as_digests(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "accounts.sqlite")
    accounts.add_user("alia", PASSWORD)
    assert accounts.check("alia", PASSWORD) and not accounts.check("alia", PASSWORD + "x")
    assert not accounts.check("nobody", PASSWORD)
    token = accounts.start_session("alia")
    raw = (tmp_path / "accounts.sqlite").read_bytes()
    assert b"$argon2id$" in raw and PASSWORD.encode() not in raw and token.encode() not in raw
    assert accounts.session_user(token) == "alia"
    accounts.end_session(token)
    assert accounts.session_user(token) is None


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, TestClient], dict[str, str]]:
    data = tmp_path_factory.mktemp("data")
    accounts = accounts_of(data)
    for user, (workspace, role) in PEOPLE.items():
        accounts.add_user(user, PASSWORD)
        accounts.grant(user, workspace, role)
    app = create_app(example=EXAMPLE, data=data, guard=Guard(accounts=accounts))
    clients = {}
    for user in PEOPLE:
        c = TestClient(app, base_url="http://127.0.0.1")
        form = c.get("/login").text
        r = c.post("/login", data={"name": user, "password": PASSWORD, "csrf": csrf_of(form)}, follow_redirects=False)
        assert r.status_code == 303, user
        c.headers["X-CSRF-Token"] = csrf_of(c.get("/").text)
        clients[user] = c
    ids = {}
    for owner in ("alia", "dana"):
        c = clients[owner]
        ids[f"vet-{owner}"] = c.post("/vet/example", follow_redirects=False).headers["location"].split("/")[2]
        r = c.post("/measure/upload", files=[("files", ("sheet.csv", b"a,b\n1,2\n"))], follow_redirects=False)
        ids[f"upload-{owner}"] = r.headers["location"].split("upload=")[1]
    return TestClient(app, base_url="http://127.0.0.1"), clients, ids


def test_signing_in_is_needed_and_a_wrong_password_is_refused(team: tuple[TestClient, dict, dict]) -> None:
    stranger, _, _ = team
    r = stranger.get("/measure?lang=en", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    form = stranger.get("/login?lang=en").text
    r = stranger.post("/login", data={"name": "alia", "password": "wrong password", "csrf": csrf_of(form)})
    assert 'id="login-error"' in r.text and "mizaan_session" not in stranger.cookies


def test_no_role_reads_another_workspaces_data(team: tuple[TestClient, dict, dict]) -> None:
    _, clients, ids = team
    routes = _api_routes(clients["alia"].app.routes)  # type: ignore[attr-defined]
    for user, (workspace, _) in PEOPLE.items():
        c = clients[user]
        theirs = "dana" if workspace == "gulf-perfumes" else "alia"
        for asked_ws in ("", "gulf-perfumes", "cairo-clinic"):  # asking for a workspace is not joining it
            q = f"?lang=en&ws={asked_ws}" if asked_ws else "?lang=en"
            for route in routes:
                if "GET" not in route.methods or ("{" not in route.path and route.path != "/measure"):
                    continue
                path = route.path.replace("{rid}", ids[f"vet-{theirs}"]).replace("{fmt}", "csv")
                if route.path == "/measure":
                    path += q.replace("?", "?upload=" + ids[f"upload-{theirs}"] + "&")
                elif "{token}" in path:
                    continue  # a plan link carries its own profile: nothing of a workspace
                else:
                    path += q
                r = c.get(path)
                assert "upload-summary" not in r.text and "vet-table" not in r.text, (user, path)
                assert r.status_code in (200, 404), (user, path)
        # their own data they do see
        mine = "alia" if workspace == "gulf-perfumes" else "dana"
        assert 'id="vet-table"' in c.get(f"/vet/{ids['vet-' + mine]}").text
        assert 'id="upload-summary"' in c.get(f"/measure?upload={ids['upload-' + mine]}").text


def test_each_role_does_only_what_it_may(team: tuple[TestClient, dict, dict]) -> None:
    _, clients, ids = team
    assert clients["chadi"].post("/vet/example", follow_redirects=False).status_code == 403  # viewer
    assert clients["chadi"].get(f"/vet/{ids['vet-alia']}").status_code == 200
    assert clients["badr"].post("/vet/example", follow_redirects=False).status_code == 303  # editor
    assert clients["badr"].post(f"/vet/{ids['vet-alia']}/delete", follow_redirects=False).status_code == 403
    # an owner cannot delete another workspace's upload: it stays on disk
    data = clients["alia"].app.state.data.root  # type: ignore[attr-defined]
    theirs = data / "workspaces" / "cairo-clinic" / "uploads" / ids["upload-dana"]
    assert (
        clients["alia"].post(f"/measure/upload/{ids['upload-dana']}/delete", follow_redirects=False).status_code == 303
    )
    assert theirs.is_dir()
    mine = data / "workspaces" / "gulf-perfumes" / "vettings" / ids["vet-alia"]
    assert clients["alia"].post(f"/vet/{ids['vet-alia']}/delete", follow_redirects=False).status_code == 303
    assert not mine.exists()


def test_users_are_added_from_the_command_line(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["users", "add", "noor", "--workspace", "riyadh-oud", "--role", "owner",
                                 "--data", str(tmp_path), "--password-stdin"], input=PASSWORD + "\n")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert accounts_of(tmp_path).roles("noor") == {"riyadh-oud": "owner"}
    r = CliRunner().invoke(cli, ["users", "add", "x y", "--workspace", "w", "--data", str(tmp_path),
                                 "--password-stdin"], input="short\n")  # fmt: skip
    assert r.exit_code == 2
