"""An in-process client of the app as a browser on this machine uses it: the loopback host name (the app
answers to no other) and this browser's CSRF token, read from a page's form and sent with every request."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def web_client(app: FastAPI, with_csrf: bool = True) -> TestClient:
    client = TestClient(app, base_url="http://127.0.0.1")
    if with_csrf:
        client.headers["X-CSRF-Token"] = csrf_of(client.get("/").text)
    return client
