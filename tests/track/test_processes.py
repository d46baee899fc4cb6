"""``mizaan track serve --processes N``: several server processes on one port (SO_REUSEPORT), each with
its own group-commit writer on the same SQLite file. Every acknowledged click is stored once, a visitor's
repeat click is flagged whichever process answered the first, and a parent killed with -9 leaves no
process serving."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mizaan.track import with_click
from mizaan.track.redirect import Target
from mizaan.track.store import Link, utc_now
from tests.track.track_links_support import (
    Client,
    click_id_of,
    free_port,
    kill_hard,
    links_for_creators,
    start_server,
)


def _pids_answering(port: int, tries: int = 40) -> int:
    """How many server processes answered /healthz on fresh connections (each names itself)."""
    seen = set()
    for _ in range(tries):
        client = Client(port)
        body = client.request("/healthz")[2]
        client.close()
        seen.add(json.loads(body)["process"])
    return len(seen)


@pytest.mark.slow
@pytest.mark.parametrize("writers", ["one", "each"])
def test_two_processes_store_every_click_once_and_flag_repeats_across_processes(tmp_path: Path, writers: str) -> None:
    db, ids = links_for_creators(tmp_path)
    port = free_port()
    proc = start_server(str(db), port, "--processes", "2", "--writers", writers)
    acked: list[str] = []
    lock = threading.Lock()

    def visitor(n: int) -> None:
        for _ in range(3):  # the same visitor (user agent, address, link) comes back on new connections
            client = Client(port)
            for i in range(5):
                status, headers, _ = client.request(f"/{ids[i % 3]}", {"User-Agent": f"Mozilla/5.0 visitor {n}"})
                assert status == 302
                click = click_id_of(headers)
                assert click is not None
                with lock:
                    acked.append(click)
            client.close()

    try:
        threads = [threading.Thread(target=visitor, args=(n,)) for n in range(12)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout=60)
        assert _pids_answering(port) >= 2  # both processes answered (their /healthz figures differ)
    finally:
        kill_hard(proc)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT click_id, link_id, visitor, duplicate FROM clicks").fetchall()
    assert sorted(r[0] for r in rows) == sorted(acked)  # every acknowledged click, once
    firsts = Counter((r[2], r[1]) for r in rows if not r[3])
    assert set(firsts.values()) == {1}  # one first click per visitor and link; every other one a repeat
    assert len(firsts) == 12 * 3


@pytest.mark.slow
@pytest.mark.parametrize("writers", ["one", "each"])
def test_kill_9_of_several_processes_loses_no_acknowledged_click_and_leaves_none_serving(
    tmp_path: Path, writers: str
) -> None:
    db, ids = links_for_creators(tmp_path)
    acked: list[str] = []
    for _ in range(5):
        port = free_port()
        proc = start_server(str(db), port, "--processes", "2", "--writers", writers)
        stop = threading.Event()

        def load(port: int = port, stop: threading.Event = stop) -> None:
            try:
                client = Client(port, timeout=5)
            except OSError:
                return
            i = 0
            try:
                while not stop.is_set():
                    click = click_id_of(client.request(f"/{ids[i % 3]}", {"User-Agent": f"Mozilla/5.0 n{i}"})[1])
                    assert click is not None
                    acked.append(click)
                    i += 1
            except (ConnectionError, OSError):
                pass  # killed mid-request: that click was never acknowledged
            finally:
                client.close()

        threads = [threading.Thread(target=load) for _ in range(6)]
        for th in threads:
            th.start()
        time.sleep(0.5)
        kill_hard(proc)  # the parent: its children die with it
        stop.set()
        for th in threads:
            th.join(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            except OSError:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("a server process outlived its killed parent")
    assert len(acked) > 100
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in conn.execute("SELECT click_id FROM clicks")}
    conn.close()
    assert len(acked) == len(set(acked)) and not set(acked) - stored


DESTINATIONS = st.builds(
    lambda path, query, fragment: f"https://shop.example/{path}{query}{fragment}",
    st.from_regex(r"[a-z0-9/_-]{0,20}", fullmatch=True),
    st.sampled_from(["", "?", "?a=1", "?utm_source=x&utm_content=y"]),
    st.sampled_from(["", "#", "#top", "#a?b=c"]),
)


@given(destination=DESTINATIONS, click=st.from_regex(r"[A-Za-z0-9_-]{22}", fullmatch=True))
def test_the_encoded_answer_sends_where_with_click_says(destination: str, click: str) -> None:
    now = utc_now()
    link = Link("abc123", "default", None, None, None, destination, None, None, None, None, None, "active", None,
                now, now)  # fmt: skip
    target = Target.of(link)
    stored = (target.head + click.encode() + target.tail).decode()
    plain = target.plain.decode()
    assert stored.startswith("HTTP/1.1 302 Found\r\nlocation: ") and plain.startswith("HTTP/1.1 302 Found\r\n")
    assert stored.split("\r\n")[1] == f"location: {with_click(destination, click)}"
    assert plain.split("\r\n")[1] == f"location: {destination}"
    for answer in (stored, plain):
        assert "cache-control: private, max-age=0\r\n" in answer and answer.endswith("content-length: 0\r\n")
