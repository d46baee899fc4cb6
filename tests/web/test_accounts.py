"""Accounts mode: Argon2 passwords and sessions; every route × every role × another workspace's IDs reads
nothing of the other workspace; each role may do only what it may (viewer < editor < owner)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mizaan.cli.main import app as cli
from mizaan.profile import load_profile
from mizaan.web import Accounts, Guard, accounts_of, create_app, tokens
from mizaan.web.workspace import plan_id
from tests.web.clients import csrf_of
from tests.web.test_security import _api_routes

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "perfume-store-riyadh.yaml"
PASSWORD = "correct horse battery"
SECRET = "secret-of"  # in each workspace's kept plan name and upload file name
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
        sheet = (f"{SECRET}-{owner}.csv", b"a,b\n1,2\n")
        r = c.post("/measure/upload", files=[("files", sheet)], follow_redirects=False)
        ids[f"upload-{owner}"] = r.headers["location"].split("upload=")[1]
        profile = load_profile(EXAMPLE, app.state.kb).model_copy(update={"business_name": f"{SECRET} {owner}"})
        r = c.post("/workspace/plans", data={"token": tokens.encode(profile)}, follow_redirects=False)
        ids[f"plan-{owner}"] = plan_id(tokens.encode(profile))
        ids[f"link-{owner}"] = tokens.encode(profile)
        assert c.post("/measure/keep", data={"upload": ids[f"upload-{owner}"]}, follow_redirects=False).is_redirect
        runs = data / "workspaces" / PEOPLE[owner][0] / "runs"
        ids[f"run-{owner}"] = next(p.name for p in runs.iterdir() if not p.name.startswith("."))
    return TestClient(app, base_url="http://127.0.0.1"), clients, ids


def test_signing_in_is_needed_and_a_wrong_password_is_refused(team: tuple[TestClient, dict, dict]) -> None:
    stranger, _, _ = team
    r = stranger.get("/measure?lang=en", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    form = stranger.get("/login?lang=en").text
    r = stranger.post("/login", data={"name": "alia", "password": "wrong password", "csrf": csrf_of(form)})
    assert 'id="login-error"' in r.text and "mizaan_session" not in stranger.cookies


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_route_and_no_role_reads_or_changes_another_workspace(team: tuple[TestClient, dict, dict]) -> None:
    """Every route, every method, every role, asked for by the other workspace's IDs (and its name in
    ``?ws=``): nothing of the other workspace is shown, kept into it, or deleted from it."""
    _, clients, ids = team
    app = clients["alia"].app
    routes = _api_routes(app.routes)  # type: ignore[attr-defined]
    example = tokens.encode(load_profile(EXAMPLE, app.state.kb))  # type: ignore[attr-defined]
    root = app.state.data.root / "workspaces"  # type: ignore[attr-defined]
    before = {ws: _tree(root / ws) for ws in ("gulf-perfumes", "cairo-clinic")}
    checked = 0
    for user, (workspace, _) in PEOPLE.items():
        c = clients[user]
        theirs = "dana" if workspace == "gulf-perfumes" else "alia"
        their_ws = PEOPLE[theirs][0]
        params = {"rid": ids[f"vet-{theirs}"], "upload_id": ids[f"upload-{theirs}"], "pid": ids[f"plan-{theirs}"],
                  "run_id": ids[f"run-{theirs}"], "token": example, "fmt": "csv", "member": theirs}  # fmt: skip
        # what a page showing the other workspace's data would carry (its IDs are in the request itself)
        marks = [f"{SECRET} {theirs}", f"{SECRET}-{theirs}", ids[f"link-{theirs}"]]
        # a page asked for by one of their IDs shows no vetting, upload or run (the same example files)
        their_ids = [ids[f"{kind}-{theirs}"] for kind in ("vet", "upload", "plan", "run")]
        structure = ['id="vet-table"', 'id="upload-summary"', '"totals"']
        for asked_ws in ("", workspace, their_ws):  # asking for a workspace is not joining it
            for route in routes:
                if route.path == "/logout":  # signs this client out; it reads nothing
                    continue
                path = re.sub(r"\{(\w+)\}", lambda m, p=params: p[m.group(1)], route.path)
                query = {"lang": "en", "upload": ids[f"upload-{theirs}"], "a": example, "b": example}
                if asked_ws:
                    query["ws"] = asked_ws
                form = {"upload": ids[f"upload-{theirs}"], "token": example, "name": "no-such-user", "role": "viewer",
                        "a": example, "field": "budget.amount", "value": "9000", "text": "x"}  # fmt: skip
                for method in route.methods:
                    r = c.request(method, path, params=query, data=form if method == "POST" else None)
                    shown = r.text + "".join(h.headers.get("location", "") for h in r.history)
                    asked_theirs = any(i in str(r.url) for i in their_ids)
                    for mark in marks + (structure if asked_theirs else []):
                        assert mark not in shown, (user, method, path, asked_ws, mark)
                    assert r.status_code in (200, 204, 400, 403, 404, 429), (user, method, path, r.status_code)
                    checked += 1
    assert checked > 300
    # nothing was deleted from or changed in either workspace, and what was kept in one, its members kept
    for ws, tree in before.items():
        after = _tree(root / ws)
        assert {k: after.get(k) for k in tree} == tree, ws
        members = {u for u, (w, _) in PEOPLE.items() if w == ws}
        for name in set(after) - set(tree):
            if name.startswith(("plans/", "runs/")) and name.endswith("summary.json"):
                assert json.loads(after[name])["by"] in members, (ws, name)


def test_members_see_their_own_workspace(team: tuple[TestClient, dict, dict]) -> None:
    _, clients, ids = team
    for user, (workspace, _) in PEOPLE.items():
        c = clients[user]
        mine = "alia" if workspace == "gulf-perfumes" else "dana"
        assert 'id="vet-table"' in c.get(f"/vet/{ids['vet-' + mine]}").text
        assert 'id="upload-summary"' in c.get(f"/measure?upload={ids['upload-' + mine]}").text
        page = c.get("/workspace?lang=en").text
        assert f"{SECRET} {mine}" in page and f"{SECRET}-{mine}.csv" in page and ids[f"run-{mine}"] in page
        r = c.get(f"/workspace/plans/{ids['plan-' + mine]}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/plan/")
        assert c.get(f"/workspace/runs/{ids['run-' + mine]}").json()["totals"] is not None


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
