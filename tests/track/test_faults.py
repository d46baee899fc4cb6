"""Faults, in bounded time: the server killed with SIGKILL under load twenty times, a full disk and a
read-only database. An acknowledged click (a 302 that names it in ``mz_click``) is never lost; a click the
store refused is redirected without ``mz_click`` and counted as lost in ``/healthz``, never claimed."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mizaan.track import RedirectApp, open_store
from tests.track.track_links_support import (
    Client,
    click_id_of,
    free_port,
    kill_hard,
    links_for_creators,
    plan_line,
    start_server,
)
from tests.web.conftest import serving

LINE = plan_line()
KILLS = 20


def _load(port: int, ids: list[str], acked: list[str], stop: threading.Event, sent: list[int]) -> None:
    """One keep-alive client clicking until the server dies or ``stop``; every click ID it received."""
    try:
        client = Client(port, timeout=5)
    except OSError:
        return
    i = 0
    try:
        while not stop.is_set():
            status, headers, _ = client.request(f"/{ids[i % len(ids)]}", {"User-Agent": f"Mozilla/5.0 client {i}"})
            assert status == 302
            click = click_id_of(headers)
            assert click is not None  # a healthy store acknowledges every click
            acked.append(click)
            sent[0] += 1
            i += 1
    except (ConnectionError, OSError):
        pass  # killed mid-request: that click was never acknowledged
    finally:
        client.close()


@pytest.mark.slow
def test_kill_9_under_load_loses_no_acknowledged_click_and_leaves_a_consistent_store(tmp_path: Path) -> None:
    db, ids = links_for_creators(tmp_path)
    acked: list[str] = []
    for _ in range(KILLS):
        port = free_port()
        proc = start_server(str(db), port)
        stop = threading.Event()
        sent = [0]
        threads = [threading.Thread(target=_load, args=(port, ids, acked, stop, sent)) for _ in range(8)]
        for th in threads:
            th.start()
        deadline = time.monotonic() + 5
        while sent[0] < 50 and time.monotonic() < deadline:  # under load: requests in flight when it dies
            time.sleep(0.01)
        kill_hard(proc)
        stop.set()
        for th in threads:
            th.join(timeout=10)
    assert len(acked) >= KILLS * 50  # the load was real
    conn = sqlite3.connect(db)  # opens after twenty hard kills: the WAL is recovered
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = [r[0] for r in conn.execute("SELECT click_id FROM clicks")]
    assert len(stored) == len(set(stored))  # no duplicate click
    assert len(acked) == len(set(acked))
    missing = set(acked) - set(stored)
    assert not missing, f"{len(missing)} acknowledged clicks lost"
    assert {r[0] for r in conn.execute("SELECT DISTINCT link_id FROM clicks")} <= set(ids)
    conn.close()


def _health(client: Client) -> tuple[int, dict[str, object]]:
    status, _, body = client.request("/healthz")
    figures: dict[str, object] = json.loads(body)
    return status, figures


def test_a_full_disk_degrades_keeps_redirecting_and_claims_only_stored_clicks(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db, ids = links_for_creators(tmp_path)
    with open_store(db) as probe:
        pages = probe.conn.execute("PRAGMA page_count").fetchone()[0]
    store = open_store(db, max_pages=pages)  # the file may not grow: a disk with no room left
    with caplog.at_level(logging.ERROR, logger="mizaan.track"), serving(RedirectApp(store)) as url:
        client = Client(int(url.rsplit(":", 1)[1]))
        claimed, unclaimed = [], 0
        for i in range(300):
            status, headers, _ = client.request(f"/{ids[i % 3]}", {"User-Agent": f"Mozilla/5.0 n{i}"})
            assert status == 302 and urlsplit(headers["location"]).netloc == "shop.example"  # still redirecting
            click = click_id_of(headers)
            if click is None:
                unclaimed += 1
            else:
                claimed.append(click)
        status, figures = _health(client)
        assert status == 503 and figures["status"] == "degraded"
        assert figures["lost"] == unclaimed > 0 and figures["stored"] == len(claimed)
        assert "full" in str(figures["reason"])
        assert "لا تُحفظ" in str(figures["message"]["ar"])  # type: ignore[index]
        assert any("DEGRADED" in r.getMessage() for r in caplog.records)

        store.max_pages = None  # room again: the service recovers by itself
        status, headers, _ = client.request(f"/{ids[0]}")
        recovered = click_id_of(headers)
        assert recovered is not None
        claimed.append(recovered)
        status, figures = _health(client)
        assert status == 200 and figures["status"] == "ok" and figures["lost"] == unclaimed
        client.close()
    with sqlite3.connect(db) as conn:
        stored = {r[0] for r in conn.execute("SELECT click_id FROM clicks")}
    assert stored == set(claimed)  # exactly the clicks it claimed: none lost, none invented


def test_a_read_only_database_degrades_and_keeps_redirecting(tmp_path: Path) -> None:
    db, ids = links_for_creators(tmp_path)
    with serving(RedirectApp(open_store(db, read_only=True))) as url:
        client = Client(int(url.rsplit(":", 1)[1]))
        for i in range(20):
            status, headers, _ = client.request(f"/{ids[i % 3]}")
            assert status == 302 and click_id_of(headers) is None
            assert headers["location"] == LINE["url"]
        status, figures = _health(client)
        assert status == 503 and figures["status"] == "degraded"
        assert figures["lost"] == 20 and figures["stored"] == 0 and "readonly" in str(figures["reason"])
        client.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM clicks").fetchone()[0] == 0


def test_a_store_that_hangs_does_not_hold_visitors(tmp_path: Path) -> None:
    """Another process holds the database's write lock (a backup, a long migration): clicks wait at most the
    write timeout, then go out without mz_click; once the lock is gone they are stored, never claimed."""
    db, ids = links_for_creators(tmp_path)
    blocker = sqlite3.connect(db, isolation_level=None)
    with serving(RedirectApp(open_store(db), write_timeout=0.3)) as url:
        client = Client(int(url.rsplit(":", 1)[1]))
        claimed = click_id_of(client.request(f"/{ids[0]}")[1])
        assert claimed is not None
        blocker.execute("BEGIN EXCLUSIVE")
        for _ in range(3):
            status, headers, _ = client.request(f"/{ids[1]}")
            assert status == 302 and click_id_of(headers) is None
        status, figures = _health(client)
        assert status == 503 and figures["status"] == "degraded" and figures["timeouts"] == 3
        blocker.execute("ROLLBACK")
        after = click_id_of(client.request(f"/{ids[2]}")[1])
        assert after is not None
        client.close()
    blocker.close()
    with sqlite3.connect(db) as conn:
        stored = {r[0] for r in conn.execute("SELECT click_id FROM clicks")}
    assert {claimed, after} <= stored  # every claimed click is stored
    assert len(stored) == 5  # the three that timed out were stored late, and never claimed
