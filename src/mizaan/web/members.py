"""The members page of a workspace (accounts mode, owners only): who is in it with which role; an owner
adds a member (an existing user, or a new one with a password), changes a role or removes a member. Every
form carries the CSRF token; the workspace always keeps an owner."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mizaan.web.accounts import ROLES, AccountError, Accounts
from mizaan.web.locale import prefs
from mizaan.web.render import render
from mizaan.web.security import guard
from mizaan.web.work import heavy

router = APIRouter()


def _page(request: Request, problem: str | None = None, status: int = 200) -> HTMLResponse:
    accounts = guard(request).accounts
    workspace: str | None = getattr(request.state, "workspace", None)
    if accounts is None or workspace is None:
        return render(request, "error.html.j2", status=404, message_key="web.members.no_accounts", details=[])
    return render(
        request,
        "members.html.j2",
        status=status,
        members=accounts.members(workspace),
        roles=ROLES,
        workspace=workspace,
        problem=problem,
        done=request.query_params.get("done") == "1",
    )


@router.get("/workspace/members", response_class=HTMLResponse)
def members_page(request: Request) -> HTMLResponse:
    return _page(request)


async def _change(request: Request, action: str, user: str, role: str = "", password: str = "") -> Response:
    accounts = guard(request).accounts
    workspace: str | None = getattr(request.state, "workspace", None)
    if accounts is None or workspace is None:
        return _page(request)

    def apply(a: Accounts, ws: str) -> None:
        if action == "add":
            if password:
                a.create_user(user, password)  # Argon2: in the worker pool
            a.grant(user, ws, role)
        elif action == "role":
            a.change_role(user, ws, role)
        else:
            a.revoke(user, ws)

    try:
        await heavy(request, apply, accounts, workspace)
    except AccountError as exc:
        return _page(request, problem=exc.key, status=200)  # an ordinary page: a browser logs 4xx as errors
    return RedirectResponse(f"/workspace/members?lang={prefs(request).lang}&done=1", status_code=303)


@router.post("/workspace/members")
async def add_member(
    request: Request, name: str = Form(...), role: str = Form(...), password: str = Form("")
) -> Response:
    return await _change(request, "add", name.strip(), role, password)


@router.post("/workspace/members/{member}/role")
async def change_role(request: Request, member: str, role: str = Form(...)) -> Response:
    return await _change(request, "role", member, role)


@router.post("/workspace/members/{member}/remove")
async def remove_member(request: Request, member: str) -> Response:
    return await _change(request, "remove", member)


__all__ = ["router"]
