"""Schemathesis fuzzes the tracking API from its own OpenAPI schema, in process: every operation, with
bodies, paths and queries made from the schema (valid and not), with and without a workspace's token.
Whatever it sends, the API never fails with a 5xx, and every answer has the status codes and the shape the
schema documents. Examples per operation are bounded, so the whole run takes well under a minute."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from mizaan.track.api import create_api
from mizaan.track.orders import connect, new_token
from mizaan.track.orders.throttle import Rate
from tests.track.orders_fixture import SECRETS, WS, add_link, open_db

DB = Path(tempfile.mkdtemp(prefix="mizaan-fuzz-")) / "track.db"


def _app() -> object:
    con = open_db(DB)
    add_link(con, "fuzzLink1", code="FUZZ1")
    con.close()
    generous = Rate(10_000, 10_000)  # the fuzzer is one fast caller: limits are tested elsewhere
    return create_api(DB, api_rate=generous, hook_rate=generous, address_rate=generous)


APP = _app()
TOKEN = new_token(connect(DB), WS, "fuzz")
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)  # type: ignore[arg-type]
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.response_schema_conformance]


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_holds_to_its_schema_whatever_it_is_sent(case: schemathesis.Case) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if case.path == "/hooks/{source}/{workspace}" and isinstance(case.query, dict):
        case.query.setdefault("token", SECRETS["zid"])
    case.call_and_validate(headers=headers, checks=CHECKS)


def test_the_schema_lists_every_operation() -> None:
    ops = {(r.ok().method.upper(), r.ok().path) for r in schema.get_all_operations()}
    assert ops == {
        ("GET", "/api/track/links"),
        ("POST", "/api/track/links"),
        ("PATCH", "/api/track/links/{link_id}"),
        ("POST", "/api/track/links/{link_id}/pause"),
        ("GET", "/api/track/conversions"),
        ("POST", "/hooks/{source}/{workspace}"),
    }
