"""A real server on a free local port, and a headless Chromium that fails the test on any console error
or any request to another host."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from mizaan.web import create_app

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session", autouse=True)
def data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Uploads of every app the tests make go to a folder of the test session (``MIZAAN_DATA``)."""
    folder = tmp_path_factory.mktemp("mizaan-data")
    before = os.environ.get("MIZAAN_DATA")
    os.environ["MIZAAN_DATA"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("MIZAAN_DATA", None)
    else:
        os.environ["MIZAAN_DATA"] = before


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by a real uvicorn server on a free loopback port, in a thread: its address."""
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the test server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(data_folder: Path) -> Iterator[str]:
    with serving(create_app(example=ROOT / "examples" / "perfume-store-riyadh.yaml")) as url:
        yield url


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium is missing: run `make install` (it installs the system packages the tests need)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page whose console errors and off-host requests are collected; the test fails on any."""

    def __init__(self, page: Any, origin: str):
        self.page = page
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(origin) or url.startswith("data:") or url.startswith("blob:"):
                r.continue_()
            else:
                self.foreign.append(url)
                r.abort()

        page.route("**/*", route)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    watched = Watched(context.new_page(), server)
    yield watched
    context.close()
    assert not watched.errors, f"console errors: {watched.errors}"
    assert not watched.foreign, f"requests to other hosts: {watched.foreign}"
