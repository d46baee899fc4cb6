"""Promo codes in a simulated world: one code per creator, pairs of creators sharing one on purpose, buyers
no creator brought typing a creator's code — and a truth that counts each code's orders by who brought them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from hypothesis import given
from hypothesis import strategies as st

from mizaan.simulate.codes import SHARED_CODE_EVERY, creator_codes
from tests.simulate.test_simulate import sim  # noqa: F401  (the module's simulated world)

handle = st.from_regex(r"[a-z]{1,3}([._][a-z]{1,3})?[0-9]{0,2}", fullmatch=True)


@given(st.lists(handle, max_size=40), st.integers(0, 2**32 - 1))
def test_every_creator_has_one_code_and_only_the_chosen_pairs_share_one(handles: list[str], seed: int) -> None:
    codes, pairs = creator_codes(handles, seed)
    creators = list(dict.fromkeys(handles))
    assert set(codes) == set(creators)
    expected_pairs = max(1, len(creators) // SHARED_CODE_EVERY) if len(creators) >= 3 else 0
    assert len(pairs) == expected_pairs
    in_pairs = [h for pair in pairs for h in pair]
    assert len(set(in_pairs)) == len(in_pairs)  # a creator is in one pair at most
    holders = Counter(codes.values())
    for a, b in pairs:
        assert codes[a] == codes[b] and holders[codes[a]] == 2
    alone = [h for h in creators if h not in in_pairs]
    assert all(holders[codes[h]] == 1 for h in alone)  # no collision by accident
    assert creator_codes(handles, seed) == (codes, pairs)  # the same world, the same codes


def test_truth_counts_every_code_order_by_who_brought_it(sim: tuple[Path, dict[str, Any]]) -> None:  # noqa: F811
    out, truth = sim
    codes = truth["promo_codes"]["codes"]
    orders = pq.read_table(out / "truth" / "orders.parquet").to_pylist()
    placed = Counter(o["discount_code"] for o in orders if o["discount_code"])
    assert {c["code"]: c["orders"] for c in codes if c["orders"]} == dict(placed)
    posts = {p["influencer"]: p["promo_code"] for p in truth["influencer_posts"]}
    for c in codes:
        assert all(posts[name] == c["code"] for name in c["influencers"])
        assert c["shared"] == (len(c["influencers"]) > 1)
        assert c["orders_brought_by_its_influencers"] + c["orders_brought_otherwise"] == c["orders"]
    assert any(c["shared"] for c in codes)
    leaked = sum(c["orders_brought_otherwise"] for c in codes if not c["shared"])
    assert 0 < leaked < 0.05 * len(orders)  # a few buyers no creator brought type a code
