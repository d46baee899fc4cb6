"""Creators are identities: touches and orders are theirs on exact tokens, never on substrings, and what
names no creator or several is reported. The parts never add up to more than the whole."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizaan.measure import DuckDBEngine, measure
from mizaan.measure.identity import CreatorBook, assign, code_id, handle_id, tokens
from tests.measure.stores import at, conversion, make_store, order, post, touch


def _money(amount: Any, currency: str) -> Decimal:
    return Decimal(str(amount))


def test_a_handle_is_a_whole_token_not_a_substring() -> None:
    assert tokens("micro-noura.style1") == {"micro", "noura.style1"}
    assert "noura.style" not in tokens("micro-noura.style1")
    assert "noura.style" in tokens("Micro-@Noura.Style.")
    assert handle_id(" @Sara.Beauty ") == handle_id("sara.beauty") == "sara.beauty"
    assert code_id(" noura ١٠ ") == "NOURA10"


def test_a_prefix_handle_does_not_collect_its_namesakes_touches_and_orders() -> None:
    book = CreatorBook(
        [("noura.style", "influencer_micro", "NOURA10", None), ("noura.style1", "influencer_micro", "NOURA15", None)]
    )
    got = assign(
        book,
        [
            {"channel": "influencer_micro", "campaign": "micro-noura.style1", "source": "instagram", "touches": 5},
            {"channel": "influencer_micro", "campaign": "micro-noura.style", "source": "instagram", "touches": 2},
            {"channel": "influencer_micro", "campaign": "spring", "content": "noura.style1", "touches": 1},
        ],
        [
            {"discount_code": "noura 15", "currency": "SAR", "orders": 3, "revenue": 300},
            {
                "utm_campaign": "micro-noura.style1",
                "channel": "influencer_micro",
                "currency": "SAR",
                "orders": 1,
                "revenue": 50,
            },
        ],
        _money,
    )
    assert got.touches == {("noura.style1", "influencer_micro"): 6, ("noura.style", "influencer_micro"): 2}
    assert got.code_orders == {"noura.style1": (3, Decimal(300))}
    assert got.link_orders == {"noura.style1": (1, Decimal(50))}
    assert got.unassigned == []


def test_shared_codes_and_ambiguous_tags_are_reported_and_credited_to_no_one() -> None:
    book = CreatorBook([("a.b", "influencer_micro", "SHARED", None), ("c_d", "influencer_nano", "SHARED", None)])
    got = assign(
        book,
        [
            {"channel": "influencer_micro", "campaign": "a.b+c_d", "touches": 4},
            {"channel": "influencer_micro", "campaign": "nobody", "touches": 3},
            {"channel": "influencer_micro", "campaign": "c_d", "touches": 2},  # c_d never posted in micro
        ],
        [{"discount_code": "shared", "currency": "SAR", "orders": 7, "revenue": 70}],
        _money,
    )
    assert got.touches == {} and got.code_orders == {} and got.tier_touches == {"influencer_micro": 9}
    reasons = {(u.what, u.reason): (u.count, u.creators) for u in got.unassigned}
    assert reasons == {
        ("touches", "several_creators"): (4, ["a.b", "c_d"]),
        ("touches", "no_creator"): (3, []),
        ("touches", "other_tier"): (2, ["c_d"]),
        ("orders", "shared_code"): (7, ["a.b", "c_d"]),
    }


HANDLES = st.sampled_from(["noura.style", "noura.style1", "noura.style15", "oud_reem", "Oud_Reem", "sara", "@sara"])
CHANNELS = st.sampled_from(["influencer_micro", "influencer_nano", "influencer_untiered"])
TAG = st.one_of(
    st.none(),
    HANDLES,
    st.builds(lambda a, b, sep: f"{a}{sep}{b}", HANDLES, HANDLES, st.sampled_from(["-", " ", "|", "_", "."])),
    st.builds(lambda a: f"micro-{a}", HANDLES),
    st.text(max_size=12),
)
CODES = st.one_of(st.none(), st.sampled_from(["NOURA10", "noura10", "NOURA15", "SARA", "WELCOME", " sara "]))


@settings(max_examples=300, deadline=None)
@given(
    posts=st.lists(st.tuples(HANDLES, CHANNELS.filter(lambda c: c != "influencer_untiered"), CODES), min_size=1),
    touches=st.lists(
        st.fixed_dictionaries(
            {"channel": CHANNELS, "campaign": TAG, "source": TAG, "content": TAG, "touches": st.integers(1, 50)}
        )
    ),
    orders=st.lists(
        st.fixed_dictionaries(
            {
                "discount_code": CODES,
                "utm_source": TAG,
                "utm_content": TAG,
                "utm_campaign": TAG,
                "channel": st.one_of(st.none(), CHANNELS),
                "currency": st.just("SAR"),
                "orders": st.integers(1, 20),
                "revenue": st.integers(0, 1000),
            }
        )
    ),
)
def test_the_parts_never_add_up_to_more_than_the_whole(
    posts: list[tuple[str, str, str | None]], touches: list[dict[str, Any]], orders: list[dict[str, Any]]
) -> None:
    book = CreatorBook((h, c, code, None) for h, c, code in posts)
    got = assign(book, touches, orders, _money)
    for channel, total in got.tier_touches.items():
        mine = sum(n for (_, ch), n in got.touches.items() if ch == channel)
        reported = sum(u.count for u in got.unassigned if u.what == "touches" and u.channel == channel)
        assert mine + reported == total  # every touch: one creator's, or reported
    assert sum(got.tier_touches.values()) == sum(r["touches"] for r in touches)
    counted = sum(n for n, _ in got.code_orders.values()) + sum(n for n, _ in got.link_orders.values())
    reported_orders = sum(u.count for u in got.unassigned if u.what == "orders")
    assert counted + reported_orders <= sum(r["orders"] for r in orders)  # no order counted twice
    for ident, channel in got.touches:
        assert channel in book.creators[ident].channels
    for u in got.unassigned:
        assert (u.reason in ("several_creators", "shared_code")) == (len(u.creators) > 1)


def test_measure_shares_a_tier_among_exactly_named_creators(tmp_path: Path) -> None:
    def tp(i: int, campaign: str, content: str | None = None) -> dict[str, Any]:
        when = at("2025-03-03", f"10:0{i}:00")
        return touch(f"t{i}", f"u{i}", when, "influencer_micro", campaign=campaign, content=content, source="instagram")

    store = make_store(
        tmp_path / "s.duckdb",
        influencer_posts=[
            post("p1", "2025-03-01", "noura.style", "micro", "100", code="NOURA10"),
            post("p2", "2025-03-01", "noura.style1", "micro", "100", code="NOURA10"),
        ],
        touchpoints=[
            tp(1, "micro-noura.style1"),
            tp(2, "micro-noura.style1"),
            tp(3, "spring", "noura.style"),
            tp(4, "micro-someone"),
        ],
        conversions=[conversion(f"c{i}", f"u{i}", at("2025-03-04"), "100") for i in range(1, 5)],
        orders=[order("c1", at("2025-03-04"), "100", channel="influencer_micro", code="noura10")],
    )
    with DuckDBEngine.open(store) as engine:
        m = measure(engine)
    tier = m.channel("influencer_micro")
    shares = {i.influencer: i.touch_share for i in m.influencers}
    assert shares == {"noura.style": pytest.approx(0.25), "noura.style1": pytest.approx(0.5)}
    for model, credit in tier.credit.items():
        assert sum(i.credit[model] for i in m.influencers) <= credit.conversions + 1e-9
    assert sum(i.code_orders for i in m.influencers) == 0
    shared = [u for u in m.unassigned if u.reason == "shared_code"]
    assert [(u.code, u.creators, u.count) for u in shared] == [("NOURA10", ["noura.style", "noura.style1"], 1)]
    assert any(u.reason == "no_creator" and u.campaign == "micro-someone" for u in m.unassigned)
    keys = {n.key for n in m.notes}
    assert {"measure.note.unassigned.orders.shared_code", "measure.note.unassigned.touches.no_creator"} <= keys


def test_a_store_from_before_touchpoints_had_content_is_measured_and_upgraded(tmp_path: Path) -> None:
    import duckdb

    from mizaan.ingest import Store

    path = make_store(
        tmp_path / "old.duckdb",
        influencer_posts=[post("p1", "2025-03-01", "sara", "micro", "100")],
        touchpoints=[touch("t1", "u1", at("2025-03-03"), "influencer_micro", campaign="micro-sara")],
        conversions=[conversion("c1", "u1", at("2025-03-04"), "100")],
    )
    with duckdb.connect(str(path)) as con:  # as schema version 1 wrote it
        con.execute("ALTER TABLE touchpoints DROP COLUMN content")
        con.execute("UPDATE meta SET value = '1' WHERE name = 'schema_version'")
    with DuckDBEngine.open(path) as engine:
        (sara,) = measure(engine).influencers
    assert sara.touch_share == 1.0
    with Store(path) as store:
        assert "content" in store.query("SELECT * FROM touchpoints").column_names
        assert store.setting("schema_version") == "2"
