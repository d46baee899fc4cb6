"""Follower samples with whichever columns an export has: every subset of the known columns is scored by
a model for exactly those columns, optional columns are optional, and a row with nothing is refused by
its row and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mizaan.errors import InputError
from mizaan.influencers import read_inputs, vet
from mizaan.influencers.classifier import shipped_model
from mizaan.influencers.model import FollowerAccount
from mizaan.influencers.subsets import ALL, GROUPS, USERNAME, all_subsets, code
from tests.influencers import factory as f

ONE = "handle,followers,price per post,currency,licence\nnoura,48200,2200,SAR,M-123456\n"


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


def keep(acc: FollowerAccount, groups: frozenset[str]) -> FollowerAccount:
    drop = [g for g in GROUPS if g not in groups and g != "username"]
    if "username" not in groups:
        drop += list(USERNAME)
    return acc.model_copy(update=dict.fromkeys(drop))


def test_every_subset_of_columns_has_a_calibrated_model_that_separates_fakes() -> None:
    m = shipped_model()
    assert {code(g) for g in m.subsets} == {code(g) for g in all_subsets() if g != ALL}
    c = f.candidate()
    fakes = f.follower_sample(c, n=60, fake_share=1.0, seed=1)
    reals = f.follower_sample(c, n=60, fake_share=0.0, seed=2)
    for groups in all_subsets():
        p_fake = m.score([keep(a, groups) for a in fakes])
        p_real = m.score([keep(a, groups) for a in reals])
        assert np.all((p_fake >= 0) & (p_fake <= 1)) and np.all(np.isfinite(p_real))
        if len(groups) >= 2:  # one weak column alone need not separate these made-up accounts
            assert np.median(p_fake) > np.median(p_real), code(groups)


def test_a_sample_mixing_rows_with_and_without_counts_scores_each_by_its_columns() -> None:
    sample = f.follower_sample(f.candidate(), n=40, fake_share=0.5, seed=3)
    mixed = [keep(a, frozenset({"username", "private"})) if i % 2 else a for i, a in enumerate(sample)]
    m = shipped_model()
    p = m.score(mixed)
    assert np.allclose(p[::2], m.score(sample[::2]))
    assert np.allclose(p[1::2], m.score(mixed[1::2]))


def test_a_username_picture_and_private_export_is_read_and_vetted(tmp_path: Path, make_profile: Any) -> None:
    # the shape of a follower-collector export: no counts, the picture as an address, no influencer column
    rows = ["username,fullName,imgUrl,isPrivate,isVerified"]
    rng = np.random.default_rng(0)
    for i in range(150):
        fake = i % 3 == 0
        name = f"user{rng.integers(10**5, 10**7)}" if fake else f"noura_fan_{chr(97 + i % 26)}"
        rows.append(f"{name},,{'' if fake else 'https://cdn.example/p.jpg'},{'false' if fake else 'true'},false")
    fol = write(tmp_path, "followers.csv", "\n".join(rows) + "\n")
    posts = write(tmp_path, "p.csv", "handle,date,likes,comments\n" + "".join(
        f"noura,2025-06-{d:02d},{1400 + d},{40 + d}\n" for d in range(1, 11)))  # fmt: skip
    data = read_inputs(write(tmp_path, "c.csv", ONE), posts=posts, followers=fol)
    acc = data.followers[1]
    assert acc.posts is None and acc.followers is None and acc.has_profile_picture is True and acc.private is True
    fs = vet(data, make_profile()).get("noura").authenticity.fake_share
    assert fs is not None and fs.sample == 150 and fs.low <= fs.estimate <= fs.high


def test_counts_only_with_tool_headers(tmp_path: Path) -> None:
    fol = write(tmp_path, "f.csv", "username,followersCount,followsCount,postsCount,private\nali_1,120,300,15,false\n")
    acc = read_inputs(write(tmp_path, "c.csv", ONE), followers=fol).followers[0]
    assert (acc.followers, acc.following, acc.posts, acc.private) == (120, 300, 15, False)
    assert acc.has_profile_picture is None


def test_a_row_with_no_description_is_refused_with_its_row(tmp_path: Path) -> None:
    fol = write(tmp_path, "f.csv", "username,posts,private,platform\nali_1,12,no,instagram\n,,,instagram\n")
    with pytest.raises(InputError) as exc:
        read_inputs(write(tmp_path, "c.csv", ONE), followers=fol)
    p = exc.value.problems[0]
    assert p.key == "influencers.cell.follower_empty" and p.row == 3


def test_half_the_username_features_is_refused(tmp_path: Path) -> None:
    fol = write(tmp_path, "f.csv", "posts,username_length,username_digit_count\n12,9,2\n")
    with pytest.raises(InputError) as exc:
        read_inputs(write(tmp_path, "c.csv", ONE), followers=fol)
    assert exc.value.problems[0].key == "influencers.cell.username"


def test_a_file_with_no_follower_column_says_which_are_read(tmp_path: Path) -> None:
    fol = write(tmp_path, "f.csv", "name,bio\nali,hello\n")
    with pytest.raises(InputError) as exc:
        read_inputs(write(tmp_path, "c.csv", ONE), followers=fol)
    assert "followers" in exc.value.problems[0].params["expected"]
    assert "username" in exc.value.message("en")
