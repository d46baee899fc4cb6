"""What the links, redirect, store and fault tests share: a real plan's JSON, plan files made to order, an
HTTP/1.1 keep-alive client on raw sockets, a redirect server in a child process (to be killed), and a
throwaway PostgreSQL cluster."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mizaan.track import create_links, open_store, read_plan

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


@lru_cache(maxsize=1)
def example_plan_text() -> str:
    """The plan JSON of the bundled perfume store (its measurement section has channel and creator lines)."""
    from mizaan import make_plan
    from mizaan.knowledge import load_knowledge_base
    from mizaan.profile import load_profile

    kb = load_knowledge_base()
    profile = load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml", kb)
    return make_plan(profile, kb, lang="en", what_if=False).model_dump_json()


def write_example_plan(folder: Path) -> Path:
    path = folder / "plan.json"
    path.write_text(example_plan_text(), encoding="utf-8")
    return path


def plan_line(**change: object) -> dict[str, object]:
    """One tracking link of the plan JSON (a search line without a creator), with ``change`` applied."""
    return {
        "channel": "search_ads",
        "label": "Search",
        "url": "https://shop.example/offer?utm_source=google&utm_medium=cpc&utm_campaign=c1",
        "utm_source": "google",
        "utm_medium": "cpc",
        "utm_campaign": "c1",
        "utm_content": None,
        "promo_code": None,
        **change,
    }


def plan_with_lines(folder: Path, lines: list[dict[str, Any]], name: str = "plan.json") -> Path:
    """A plan file whose measurement section has ``lines`` (each a tracking link of the plan JSON)."""
    raw = json.loads(example_plan_text())
    raw["measurement"]["links"] = lines
    path = folder / name
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def links_for_creators(folder: Path, n: int = 3) -> tuple[Path, list[str]]:
    """A store ``t.db`` in ``folder`` with one link per creator of ``n`` (one plan line each), and their IDs."""
    db = folder / "t.db"
    lines = [{**plan_line(), "utm_content": f"creator-{i}"} for i in range(n)]
    with open_store(db) as store:
        made = create_links(store, read_plan(plan_with_lines(folder, lines)))
    return db, [m.link.link_id for m in made]


def click_id_of(headers: dict[str, str]) -> str | None:
    """The click ID a redirect's Location carries (``mz_click``), or ``None``."""
    found = parse_qs(urlsplit(headers["location"]).query).get("mz_click")
    return found[0] if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    """One keep-alive HTTP/1.1 connection on a raw socket (what a browser holds open)."""

    def __init__(self, port: int, timeout: float = 10.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def request(
        self, path: str, headers: dict[str, str] | None = None, method: str = "GET"
    ) -> tuple[int, dict[str, str], bytes]:
        head = {"Host": "127.0.0.1", "User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"}
        head.update(headers or {})
        lines = [f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in head.items() if v is not None)]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        while b"\r\n\r\n" not in self.buf:
            self._more()
        raw_head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status_line, *header_lines = raw_head.decode("latin-1").split("\r\n")
        got = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
        size = 0 if method == "HEAD" else int(got.get("content-length", "0"))
        while len(self.buf) < size:
            self._more()
        body, self.buf = self.buf[:size], self.buf[size:]
        return int(status_line.split()[1]), got, body

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buf += chunk

    def close(self) -> None:
        self.sock.close()


def wait_for_port(port: int, deadline_s: float = 30.0) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise AssertionError(f"no server on port {port}")


def start_server(db: str, port: int, *options: str) -> subprocess.Popen[bytes]:
    """``mizaan track serve`` in a child process (the real command, with ``options``), ready when this
    returns."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    code = "from mizaan.cli.main import app; app()"
    cmd = [sys.executable, "-c", code, "track", "serve", "--db", db, "--port", str(port), "--lang", "en", *options]
    log = Path(tempfile.gettempdir()) / f"mizaan-track-serve-{port}.log"
    with log.open("wb") as err:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for_port(port)
    except AssertionError:
        proc.kill()
        proc.wait(timeout=10)
        raise AssertionError(log.read_text(encoding="utf-8", errors="replace")) from None
    return proc


def kill_hard(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    return None


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free loopback port: its DSN. Run as the ``postgres`` user when the
    tests run as root (initdb refuses root)."""
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    assert initdb and pg_ctl
    folder = Path(tempfile.mkdtemp(prefix="mizaan-pg-"))
    data = folder / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    run = lambda *args: subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=120)  # noqa: E731
    try:
        run(initdb, "-D", str(data), "-U", "mizaan", "--auth=trust", "-E", "UTF8", "--no-sync")
        opts = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=on"
        run(pg_ctl, "-D", str(data), "-o", opts, "-w", "-l", str(folder / "log"), "start")
        try:
            yield f"postgresql://mizaan@127.0.0.1:{port}/postgres"
        finally:
            run(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def serving_lean(app: Any) -> Iterator[str]:
    """``app`` (a ``RedirectApp``) served by the lean server on a free loopback port, in a thread."""
    import asyncio
    import threading

    from mizaan.track.lean import run_lean

    port = free_port()
    loop = asyncio.new_event_loop()
    ready = asyncio.Event()
    task: list[asyncio.Task[None]] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        task.append(loop.create_task(run_lean(app, "127.0.0.1", port, ready)))
        with contextlib.suppress(asyncio.CancelledError):
            loop.run_until_complete(task[0])
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    wait_for_port(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        loop.call_soon_threadsafe(task[0].cancel)
        thread.join(timeout=10)
