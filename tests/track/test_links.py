"""Links, promo codes and QR codes from a plan: the plan's UTM values kept, one link per line and creator
however often ``create`` runs, codes unique, and a destination host no edit can change."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mizaan.cli.main import app
from mizaan.errors import InputError
from mizaan.track import (
    LinkError,
    create_links,
    is_code,
    is_slug,
    new_destination,
    open_store,
    read_plan,
    unique_code,
    update_link,
    with_click,
)
from tests.track.track_links_support import example_plan_text, plan_line, plan_with_lines, write_example_plan

runner = CliRunner()


def _create(plan: Path, db: Path, *extra: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["track", "create", str(plan), "--db", str(db), "--json", *extra])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert isinstance(out, list)
    return out


def test_create_makes_a_link_per_plan_line_with_the_plans_utm_values_and_codes(tmp_path: Path) -> None:
    plan = write_example_plan(tmp_path)
    wanted = json.loads(example_plan_text())["measurement"]["links"]
    links = _create(plan, tmp_path / "t.db", "--base-url", "https://go.example.sa/")
    assert len(links) == len(wanted) > 3
    assert any(w["utm_content"] for w in wanted)  # the example has creators
    for link, w in zip(links, wanted, strict=True):
        assert link["destination"] == w["url"]  # plan and tracker send visitors to the same tagged URL
        for key in ("utm_source", "utm_medium", "utm_campaign", "utm_content"):
            assert link[key] == w[key]
        assert link["creator"] == w["utm_content"]
        assert link["short_url"] == f"https://go.example.sa/{link['link_id']}"
        assert is_slug(str(link["link_id"])) and is_code(str(link["promo_code"]))
        if w["promo_code"]:
            assert link["promo_code"] == w["promo_code"]
        query = parse_qs(urlsplit(str(link["destination"])).query)
        assert query["utm_source"] == [w["utm_source"]]
    assert len({x["promo_code"] for x in links}) == len(links)
    assert len({x["link_id"] for x in links}) == len(links)


def test_qr_codes_encode_the_short_link_in_png_and_svg(tmp_path: Path) -> None:
    links = _create(write_example_plan(tmp_path), tmp_path / "t.db", "--qr-dir", str(tmp_path / "qr"))
    for link in links:
        png, svg = Path(str(link["qr_png"])), Path(str(link["qr_svg"]))
        assert png.parent == tmp_path / "qr"
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        text = svg.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<svg") and str(link["short_url"]) in text  # the title names the link
        # the matrix drawn is the QR code of exactly this URL
        expected = io.BytesIO()
        segno.make(str(link["short_url"]), error="m", micro=False).save(
            expected, kind="svg", scale=10, border=4, xmldecl=False, title=str(link["short_url"])
        )
        assert text == expected.getvalue().decode("utf-8")
    assert not list((tmp_path / "qr").glob(".*"))  # no temporary file left


def test_create_twice_makes_no_second_link(tmp_path: Path) -> None:
    plan, db = write_example_plan(tmp_path), tmp_path / "t.db"
    first = _create(plan, db)
    second = _create(plan, db)
    assert [x["link_id"] for x in first] == [x["link_id"] for x in second]
    assert [x["promo_code"] for x in first] == [x["promo_code"] for x in second]
    assert all(x["created"] for x in first) and not any(x["created"] for x in second)
    assert len(open_store(db).links()) == len(first)
    # another workspace gets its own links, and codes stay unique across the store
    third = _create(plan, db, "--workspace", "client-b")
    assert not set(x["link_id"] for x in third) & set(x["link_id"] for x in first)
    codes = [x.promo_code for x in open_store(db).links()]
    assert len(codes) == len(set(codes)) == 2 * len(first)


def test_a_plan_code_taken_by_another_link_gets_the_next_free_number(tmp_path: Path) -> None:
    line = {
        "channel": "influencer_micro",
        "label": "Creator",
        "url": "https://shop.example/?utm_source=instagram",
        "utm_source": "instagram",
        "utm_medium": "influencer",
        "utm_campaign": "shop-sales",
        "utm_content": None,
        "promo_code": "SHOPMI01",
    }
    lines = [{**line, "utm_content": f"micro-{i}"} for i in range(3)]
    store = open_store(tmp_path / "t.db")
    made = create_links(store, read_plan(plan_with_lines(tmp_path, lines)))
    assert [m.link.promo_code for m in made] == ["SHOPMI01", "SHOPMI012", "SHOPMI013"]
    assert [m.plan_code for m in made] == [None, "SHOPMI01", "SHOPMI01"]


def test_errors_name_the_file_row_and_column_in_both_languages(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"measurement": {\n  "links": [,]\n}}', encoding="utf-8")
    result = runner.invoke(app, ["track", "create", str(bad), "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 2
    assert "bad.json" in result.stderr and "row 2" in result.stderr and "column 13" in result.stderr
    assert "السطر 2" in result.stderr and "ليس بصيغة JSON" in result.stderr
    assert not (tmp_path / "t.db").exists()  # nothing made from a bad plan

    http = plan_with_lines(tmp_path, [{**plan_line(), "url": "http://shop.example/"}], name="http.json")
    with pytest.raises(InputError) as err:
        read_plan(http)
    assert err.value.problems[0].field == "measurement.links.0.url"
    split = plan_with_lines(
        tmp_path, [plan_line(), plan_line(url="https://shop.example/\r\nSet-Cookie: a=b")], name="crlf.json"
    )
    with pytest.raises(InputError) as crlf:
        read_plan(split)
    assert [p.field for p in crlf.value.problems] == ["measurement.links.1.url"]
    assert "https://" in err.value.message("en")

    none = tmp_path / "none.json"
    none.write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["track", "create", str(none), "--db", str(tmp_path / "t.db"), "--lang", "ar"])
    assert result.exit_code == 2 and "measurement" in result.stderr and "الخطة" in result.stderr


def test_a_partial_create_leaves_nothing_behind(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    store = open_store(db)
    plan = read_plan(plan_with_lines(tmp_path, [plan_line(), plan_line(utm_source="bing", channel="search_ads")]))

    calls = {"n": 0}
    from mizaan.track import links as links_module

    real = links_module.new_slug

    def failing(taken):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the second link fails")
        return real(taken)

    links_module.new_slug = failing  # type: ignore[assignment]
    try:
        with pytest.raises(RuntimeError):
            create_links(store, plan)
    finally:
        links_module.new_slug = real
    assert store.links() == []  # the first link was rolled back with the second


def test_edit_pause_resume_and_expire(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    links = _create(plan_with_lines(tmp_path, [plan_line()]), db)
    link_id = str(links[0]["link_id"])

    def cli(*args: str) -> dict[str, object]:
        result = runner.invoke(app, ["track", *args, link_id, "--db", str(db), "--json"])
        assert result.exit_code == 0, result.output
        out: dict[str, object] = json.loads(result.stdout)
        return out

    edited = cli("edit", "--destination", "/sale?size=m&utm_source=evil")
    assert edited["destination"] == "https://shop.example/sale?size=m&utm_source=google&utm_medium=cpc&utm_campaign=c1"
    assert cli("pause")["status"] == "paused"
    assert cli("resume")["status"] == "active"
    assert cli("expire")["status"] == "expired"
    assert cli("resume")["status"] == "active"
    later = cli("expire", "--at", "٢٠٣٠-٠١-٠٢T١٠:٠٠")  # Eastern Arabic digits
    assert later["expires_at"] == "2030-01-02T10:00:00+00:00" and later["status"] == "active"

    moved = runner.invoke(app, ["track", "edit", link_id, "--db", str(db), "--destination", "https://evil.example/x"])
    assert moved.exit_code == 2 and "shop.example" in moved.stderr and "نطاق الوجهة ثابت" in moved.stderr
    unknown = runner.invoke(app, ["track", "pause", "nosuch1", "--db", str(db), "--lang", "en"])
    assert unknown.exit_code == 2 and "nosuch1" in unknown.stderr
    bad_date = runner.invoke(app, ["track", "expire", link_id, "--db", str(db), "--at", "soon", "--lang", "en"])
    assert bad_date.exit_code == 2 and "«soon»" in bad_date.stderr


def _stored_link(tmp_path: Path) -> object:
    store = open_store(tmp_path / "h.db")
    made = create_links(store, read_plan(plan_with_lines(tmp_path, [plan_line()], name="h.json")))
    return store, made[0].link


HOSTILE = st.sampled_from(
    [
        "//evil.example/x",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "https://evil.example",
        "https://shop.example@evil.example/",
        "https://shop.example.evil.example/",
        "http://shop.example/",
        "https://shop.example:8443/",
        "javascript:alert(1)",
        "/%2F%2Fevil.example",
        "/ok?next=https://evil.example",
        " https://evil.example",
        "/\t/evil.example",
        "////evil.example",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(given_text=st.one_of(HOSTILE, st.text(max_size=60), st.from_regex(r"/[ -~]{0,40}", fullmatch=True)))
def test_no_edit_ever_changes_the_destination_host(tmp_path: Path, given_text: str) -> None:
    store, link = _stored_link(tmp_path)
    store.close()  # type: ignore[attr-defined]
    try:
        url = new_destination(link, given_text)  # type: ignore[arg-type]
    except LinkError:
        return
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", "shop.example")
    assert parse_qs(parts.query)["utm_source"] == ["google"]  # UTM values survive any edit
    assert not any(ch in url for ch in "\r\n\t ")  # nothing that could split the Location header
    # and the click ID the redirect adds never moves the host either
    assert urlsplit(with_click(url, "abcDEF_-0123456789abcd")).netloc == "shop.example"


@given(st.lists(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789٠١٢٣٤٥٦٧٨٩-_ a", max_size=20), max_size=40))
def test_promo_codes_are_valid_and_unique_however_the_plan_spells_them(wanted: list[str]) -> None:
    taken: set[str] = set()
    for w in wanted:
        code = unique_code(w, "SHOP", taken.__contains__)
        assert is_code(code) and code not in taken
        taken.add(code)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(min_value=1, max_value=40))
def test_slugs_and_codes_stay_unique_across_many_lines(tmp_path: Path, n: int) -> None:
    db = tmp_path / f"u{n}.db"
    db.unlink(missing_ok=True)
    store = open_store(db)
    lines = [plan_line(utm_content=f"c{i}", promo_code="SAME01") for i in range(n)]
    made = create_links(store, read_plan(plan_with_lines(tmp_path, lines, name=f"u{n}.json")))
    assert len({m.link.link_id for m in made}) == n and all(is_slug(m.link.link_id) for m in made)
    assert len({m.link.promo_code for m in made}) == n and all(is_code(str(m.link.promo_code)) for m in made)
    store.close()


def test_with_click_keeps_the_fragment_last() -> None:
    assert with_click("https://a.example/p?x=1#top", "ID") == "https://a.example/p?x=1&mz_click=ID#top"
    assert with_click("https://a.example/p", "ID") == "https://a.example/p?mz_click=ID"
    assert with_click("https://a.example/p", None) == "https://a.example/p"


def test_update_link_of_an_unknown_id_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LinkError):
        update_link(open_store(tmp_path / "t.db"), "nosuch1", status="paused")
