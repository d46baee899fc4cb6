"""The store on both engines: SQLite in WAL mode with durable commits, and PostgreSQL (a throwaway cluster
started here) behind the same ``TrackStore`` and the same redirect service."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from mizaan.track import (
    Click,
    GroupCommitWriter,
    Made,
    RedirectApp,
    TrackStore,
    create_links,
    new_click_id,
    open_store,
    read_plan,
    update_link,
)
from tests.track.track_links_support import Client, pg_bin, postgres_cluster, write_example_plan
from tests.web.conftest import serving


def test_sqlite_store_is_in_wal_mode_with_full_sync(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        _check_sqlite(store)


def _check_sqlite(store: TrackStore) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"links", "clicks", "track_salts"} <= tables


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    from mizaan.track import StoreError

    with pytest.raises(StoreError) as err:
        open_store(tmp_path / "no" / "t.db")
    assert "does not exist" in err.value.message("en") and "غير موجود" in err.value.message("ar")


def _click(link_id: str, visitor: str = "v1", at: dt.datetime | None = None) -> Click:
    return Click(new_click_id(), link_id, at or dt.datetime.now(dt.UTC), visitor, False, None, False, None, None)


def _write_many(target: str | Path, clicks: list[Click]) -> list[bool]:
    async def go() -> list[bool]:
        with open_store(target) as store:
            writer = GroupCommitWriter(store, asyncio.get_running_loop())
            try:
                return list(await asyncio.gather(*(writer.write(c) for c in clicks)))
            finally:
                writer.close()

    return asyncio.run(go())


def test_group_commit_writes_every_click_once_and_flags_repeats(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    clicks = [_click("abcdef1", visitor=f"v{i % 50}") for i in range(500)]
    assert all(_write_many(db, clicks))
    with open_store(db) as store:
        stored = store.clicks()
    assert sorted(c.click_id for c in stored) == sorted(c.click_id for c in clicks)
    assert sum(not c.duplicate for c in stored) == 50  # the first click of each visitor
    # a restart the same day still knows today's visitors
    again = _click("abcdef1", visitor="v3")
    assert _write_many(db, [again]) == [True]
    with open_store(db) as store:
        assert {c.click_id: c.duplicate for c in store.clicks()}[again.click_id] is True


needs_postgres = pytest.mark.skipif(
    pg_bin("initdb") is None or pg_bin("pg_ctl") is None,
    reason="PostgreSQL's initdb and pg_ctl are not installed (make install adds Debian's postgresql package)",
)


@pytest.fixture(scope="module")
def pg() -> Iterator[str]:
    with postgres_cluster() as dsn:
        yield dsn


@needs_postgres
def test_postgres_store_links_clicks_and_the_redirect_service(pg: str, tmp_path: Path) -> None:
    plan = read_plan(write_example_plan(tmp_path))
    with open_store(pg) as store:
        made = create_links(store, plan, workspace="pg-test")
        _check_links(store, made)
    with open_store(pg) as store:
        again = create_links(store, plan, workspace="pg-test")
    assert [m.link.link_id for m in again] == [m.link.link_id for m in made] and not any(m.created for m in again)
    link = made[0].link

    with serving(RedirectApp(open_store(pg))) as url:
        client = Client(int(url.rsplit(":", 1)[1]))
        ids = []
        for _ in range(3):
            status, headers, _ = client.request(f"/{link.link_id}")
            assert status == 302
            ids.append(parse_qs(urlsplit(headers["location"]).query)["mz_click"][0])
        client.request(f"/{link.link_id}", {"User-Agent": "TelegramBot (like TwitterBot)"})
        client.close()
    with open_store(pg) as store:
        clicks = store.clicks(link.link_id)
        summary = store.click_summary()
    assert [c.click_id for c in clicks[:3]] == ids
    assert [c.duplicate for c in clicks[:3]] == [False, True, True]
    assert clicks[3].is_bot and clicks[3].bot_reason == "preview"
    assert summary["per_link"][link.link_id]["total"] == 4 and summary["bots"] == 1
    assert isinstance(clicks[0].at, dt.datetime) and clicks[0].at.tzinfo is not None


def _check_links(store: TrackStore, made: list[Made]) -> None:
    link = made[0].link
    assert store.link(link.link_id) == link
    later = update_link(store, link.link_id, expires_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    assert later.expires_at is not None
    assert store.link(link.link_id) == later
    update_link(store, link.link_id, clear_expiry=True)


@needs_postgres
def test_postgres_group_commit_under_concurrency(pg: str) -> None:
    clicks = [_click("pgbatch1", visitor=f"w{i % 7}") for i in range(300)]
    assert all(_write_many(pg, clicks))
    with open_store(pg) as store:
        stored = store.clicks("pgbatch1")
    assert len(stored) == 300 and len({c.click_id for c in stored}) == 300
    assert sum(not c.duplicate for c in stored) == 7
