"""The redirect service on a real uvicorn server on loopback: a click stored before its 302, the destination
from the store only, pages instead of redirects for links that do not redirect, bots kept with a reason,
repeat visitors flagged by a daily-salted hash, and no raw IP anywhere."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mizaan.cli.main import app as cli
from mizaan.track import (
    DailySalt,
    RedirectApp,
    bot_reason,
    choose_lang,
    create_links,
    open_store,
    read_plan,
    update_link,
    visitor_hash,
)
from tests.track.track_links_support import Client, plan_with_lines, serving_lean
from tests.web.conftest import serving

LINE = {
    "channel": "influencer_micro",
    "label": "Creator 1",
    "url": "https://shop.example/offer?utm_source=instagram&utm_medium=influencer&utm_campaign=c1&utm_content=m-01#buy",
    "utm_source": "instagram",
    "utm_medium": "influencer",
    "utm_campaign": "c1",
    "utm_content": "m-01",
    "promo_code": "SHOPM01",
}


@pytest.fixture(params=["lean", "uvicorn"])
def site(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, list[str], Client]]:
    db = tmp_path / "t.db"
    store = open_store(db)
    lines = [LINE, {**LINE, "utm_content": "m-02", "promo_code": "SHOPM02"}]
    made = create_links(store, read_plan(plan_with_lines(tmp_path, lines)))
    ids = [m.link.link_id for m in made]
    server = serving_lean if request.param == "lean" else serving
    with server(RedirectApp(open_store(db))) as url:
        client = Client(int(url.rsplit(":", 1)[1]))
        yield db, ids, client
        client.close()


def _clicks(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT * FROM clicks ORDER BY at").fetchall()


def test_a_click_is_stored_before_its_302_and_the_location_names_it(site: tuple[Path, list[str], Client]) -> None:
    db, ids, client = site
    status, headers, body = client.request(f"/{ids[0]}")
    assert status == 302 and body == b""
    assert headers["cache-control"] == "private, max-age=0"
    location = urlsplit(headers["location"])
    assert (location.scheme, location.netloc, location.path) == ("https", "shop.example", "/offer")
    assert location.fragment == "buy"
    click_id = parse_qs(location.query)["mz_click"][0]
    assert len(click_id) == 22
    rows = _clicks(db)  # read right after the answer: the click is already committed
    assert [r[0] for r in rows] == [click_id]
    assert rows[0][1] == ids[0] and rows[0][4] == 0 and rows[0][6] == 0


def test_no_request_parameter_or_header_chooses_the_destination(site: tuple[Path, list[str], Client]) -> None:
    _, ids, client = site
    for path, headers in [
        (f"/{ids[0]}?url=https://evil.example", {}),
        (f"/{ids[0]}?destination=//evil.example&next=https://evil.example", {}),
        (
            f"/{ids[0]}",
            {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "Referer": "https://evil.example/"},
        ),
        (f"/{ids[0]}/https://evil.example", {}),
        (f"//evil.example/{ids[0]}", {}),
    ]:
        status, got, _ = client.request(path, headers)
        if status == 302:
            assert urlsplit(got["location"]).netloc == "shop.example", path
        else:
            assert status == 404, path


def test_paused_expired_and_unknown_links_answer_a_page_in_the_readers_language(
    site: tuple[Path, list[str], Client],
) -> None:
    db, ids, client = site
    store = open_store(db)
    update_link(store, ids[0], status="paused")
    update_link(store, ids[1], expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    time.sleep(1.2)  # the service reloads changed links twice a second
    status, headers, body = client.request(f"/{ids[0]}")
    assert status == 404 and "location" not in headers and "غير متاح" in body.decode()
    assert 'dir="rtl"' in body.decode() and headers["content-language"] == "ar"
    status, headers, body = client.request(f"/{ids[1]}", {"Accept-Language": "en-GB,en;q=0.9,ar;q=0.5"})
    assert status == 410 and "location" not in headers and "expired" in body.decode()
    status, headers, body = client.request("/Nosuch9", {"Accept-Language": "fr, ar;q=0.2"})
    assert status == 404 and headers["content-language"] == "ar"
    status, _, _ = client.request("/x", {})
    assert status == 404
    assert _clicks(db) == []  # no redirect, no click
    update_link(store, ids[0], status="active")
    time.sleep(1.2)
    assert client.request(f"/{ids[0]}")[0] == 302


def test_bots_are_stored_with_a_reason_and_repeats_flagged(site: tuple[Path, list[str], Client]) -> None:
    db, ids, client = site
    browser = "Mozilla/5.0 (Linux; Android 14; Cubot X30) Chrome/120 Mobile"  # "bot" inside a phone's name
    client.request(f"/{ids[0]}", {"User-Agent": browser})
    client.request(f"/{ids[0]}", {"User-Agent": browser})  # the same visitor again today
    client.request(f"/{ids[1]}", {"User-Agent": browser})  # another link: not a repeat
    client.request(f"/{ids[0]}", {"User-Agent": "WhatsApp/2.23.20.0 A"})
    client.request(f"/{ids[0]}", {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    client.request(f"/{ids[0]}", {"User-Agent": None})
    client.request(f"/{ids[0]}", {"User-Agent": browser, "Sec-Purpose": "prefetch"})
    status, headers, _ = client.request(f"/{ids[0]}", method="HEAD")
    assert status == 302 and "mz_click=" in headers["location"]
    rows = _clicks(db)
    reasons = [r[5] for r in rows]
    assert reasons == [None, None, None, "preview", "crawler", "no_user_agent", "prefetch", "head"]
    assert [r[6] for r in rows[:3]] == [0, 1, 0]

    result = CliRunner().invoke(cli, ["track", "clicks", "--db", str(db), "--json"])
    summary = json.loads(result.stdout)
    assert (summary["total"], summary["humans"], summary["bots"], summary["duplicates"]) == (8, 3, 5, 1)
    first = summary["per_link"][ids[0]]
    assert (first["total"], first["humans"], first["bots"], first["duplicates"]) == (7, 2, 5, 1)
    assert first["bot_reasons"] == {"preview": 1, "crawler": 1, "no_user_agent": 1, "prefetch": 1, "head": 1}
    text = CliRunner().invoke(cli, ["track", "clicks", "--db", str(db), "--lang", "ar"]).stdout
    assert "النقرات: 8" in text


def test_no_raw_ip_is_stored(site: tuple[Path, list[str], Client]) -> None:
    db, ids, client = site
    for _ in range(3):
        client.request(f"/{ids[0]}")
    dump = "\n".join(sqlite3.connect(db).iterdump())
    assert "127.0.0.1" not in dump
    assert len(_clicks(db)) == 3


def test_health_says_ok_with_the_figures(site: tuple[Path, list[str], Client]) -> None:
    _, ids, client = site
    client.request(f"/{ids[0]}")
    status, _, body = client.request("/healthz")
    figures = json.loads(body)
    assert status == 200 and figures["status"] == "ok" and figures["stored"] == 1 and figures["lost"] == 0


ADDRESSES = st.one_of(
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(str),
)


@given(ip=ADDRESSES, ua=st.text(max_size=80), link=st.from_regex(r"[A-Za-z0-9]{6,12}", fullmatch=True))
def test_the_visitor_hash_never_contains_the_ip(ip: str, ua: str, link: str) -> None:
    salt = "a" * 64
    h = visitor_hash(salt, ip, ua, link)
    assert len(h) == 64 and set(h) <= set("0123456789abcdef")
    assert ip not in h
    assert h != visitor_hash("b" * 64, ip, ua, link)  # another day's salt: another visitor


def test_salts_rotate_daily_and_only_todays_is_kept(tmp_path: Path) -> None:
    store = open_store(tmp_path / "t.db")
    salts = DailySalt(store)
    day1 = dt.datetime(2026, 12, 1, 23, 59, tzinfo=dt.UTC)
    first = salts.today(day1)
    assert DailySalt(store).today(day1) == first  # a restart the same day keeps the salt
    second = salts.today(day1 + dt.timedelta(minutes=2))
    assert second != first
    rows = store.conn.execute("SELECT day, salt FROM track_salts").fetchall()
    assert rows == [("2026-12-02", second)]


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "ar"),
        ("en", "en"),
        ("en-US,ar;q=0.8", "en"),
        ("ar-SA,en;q=0.8", "ar"),
        ("de, en;q=0.1", "en"),
        ("fr", "ar"),
    ],
)
def test_the_page_language_follows_accept_language(header: str | None, lang: str) -> None:
    assert choose_lang(header) == lang


def test_bot_reasons() -> None:
    assert bot_reason("GET", "curl/8.5.0", None) == "library"
    assert bot_reason("GET", "Mozilla/5.0 (X11) HeadlessChrome/120", None) == "headless"
    assert bot_reason("GET", "Mozilla/5.0 (iPhone) Safari/604.1", "prefetch;anonymous-client-ip") == "prefetch"
    assert bot_reason("GET", "  ", None) == "no_user_agent"
    assert bot_reason("GET", "Mozilla/5.0 (Windows NT 10.0) Chrome/120 Safari/537.36", None) is None


def test_the_lean_server_answers_pipelined_requests_in_order_and_refuses_garbage(tmp_path: Path) -> None:
    import socket

    db = tmp_path / "t.db"
    with open_store(db) as store:
        made = create_links(store, read_plan(plan_with_lines(tmp_path, [LINE])))
    link_id = made[0].link.link_id
    with serving_lean(RedirectApp(open_store(db))) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            one = f"GET /{link_id} HTTP/1.1\r\nHost: x\r\nUser-Agent: A\r\n\r\n"
            two = "GET /Nosuch9 HTTP/1.1\r\nHost: x\r\n\r\n"
            three = f"GET /{link_id} HTTP/1.1\r\nHost: x\r\nUser-Agent: B\r\nConnection: close\r\n\r\n"
            s.sendall((one + two + three).encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        statuses = [int(code) for code in re.findall(rb"HTTP/1\.1 (\d{3}) ", data)]
        assert statuses == [302, 404, 302]
        assert b"connection: close" in data
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"\x00\x01 not http at all\r\n\r\n")
            assert s.recv(1024).startswith(b"HTTP/1.1 400")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM clicks").fetchone()[0] == 2


def test_the_lean_server_closes_idle_keep_alive_connections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from mizaan.track import lean

    monkeypatch.setattr(lean, "IDLE_SECONDS", 0.2)
    with open_store(tmp_path / "t.db"):
        pass
    with serving_lean(RedirectApp(open_store(tmp_path / "t.db"))) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert s.recv(65536).startswith(b"HTTP/1.1 200")
            deadline = time.monotonic() + 5
            closed = False
            while time.monotonic() < deadline and not closed:
                closed = s.recv(1024) == b""  # blocks until the server closes the idle connection
            assert closed
