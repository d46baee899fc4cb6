"""Bad and partial inputs give clear, located errors or marked gaps: never a crash, never a silent score."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mizaan.errors import InputError
from mizaan.influencers import read_inputs, vet

CANDS = "handle,platform,followers,following,niche,country,city,language,price per post,currency,licence\n"
POSTS = "handle,date,type,views,likes,comments,shares,saves,caption,sponsored\n"


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


def good_candidates(tmp: Path) -> Path:
    return write(
        tmp,
        "c.csv",
        CANDS
        + "noura,instagram,48200,400,fragrance,SA,الرياض,ar,2200,SAR,M-1234\n"
        + "zero,instagram,0,10,beauty,SA,الرياض,ar,500,SAR,M-5678\n"
        + "quiet,instagram,9000,300,beauty,SA,الرياض,ar,400,SAR,M-9999\n",
    )


def good_posts(tmp: Path) -> Path:
    rows = "".join(f"noura,2025-06-{d:02d},photo,,{1400 + d * 10},{40 + d},5,9,post {d},no\n" for d in range(1, 13))
    rows += "zero,2025-06-01,photo,,10,1,0,0,hi,no\n"
    return write(tmp, "p.csv", POSTS + rows)


def problems(exc: pytest.ExceptionInfo[InputError]) -> list[Any]:
    return exc.value.problems


def test_missing_posts_and_zero_followers_are_marked_gaps(tmp_path: Path, make_profile: Any) -> None:
    data = read_inputs(good_candidates(tmp_path), posts=good_posts(tmp_path))
    report = vet(data, make_profile())
    quiet, zero, noura = report.get("quiet"), report.get("zero"), report.get("noura")
    assert not quiet.eligible and quiet.outcome is None and quiet.rank is None
    assert quiet.metric("er_followers").value is None  # type: ignore[union-attr]
    assert quiet.metric("er_followers").gap == "influencers.gap.no_posts"  # type: ignore[union-attr]
    assert not zero.eligible and zero.metric("er_followers").gap == "influencers.gap.zero_followers"  # type: ignore[union-attr]
    assert noura.eligible and noura.rank == 1


def test_a_negative_count_is_an_error_at_its_row_and_column(tmp_path: Path) -> None:
    posts = write(tmp_path, "p.csv", POSTS + "noura,2025-06-01,photo,,-40,3,0,0,x,no\n")
    with pytest.raises(InputError) as exc:
        read_inputs(good_candidates(tmp_path), posts=posts)
    (p,) = problems(exc)
    assert (p.file, p.row, p.column, p.field) == (str(posts), 2, 5, "likes")
    assert "negative" in p.message("en") and "سالبة" in p.message("ar")


def test_duplicated_posts_are_refused_naming_the_first(tmp_path: Path) -> None:
    line = "noura,2025-06-01,photo,,40,3,0,0,same,no\n"
    posts = write(tmp_path, "p.csv", POSTS + line + line)
    with pytest.raises(InputError) as exc:
        read_inputs(good_candidates(tmp_path), posts=posts)
    (p,) = problems(exc)
    assert p.row == 3 and p.params == {"first": 2}


def test_posts_of_an_account_not_among_the_candidates_are_refused(tmp_path: Path) -> None:
    posts = write(tmp_path, "p.csv", POSTS + "someone_else,2025-06-01,photo,,40,3,0,0,x,no\n")
    with pytest.raises(InputError) as exc:
        read_inputs(good_candidates(tmp_path), posts=posts)
    assert problems(exc)[0].key == "influencers.row.unknown_handle"


def test_every_problem_in_every_file_is_listed_at_once(tmp_path: Path) -> None:
    cands = write(
        tmp_path,
        "c.csv",
        CANDS
        + "a,instagram,-5,1,x,SA,,ar,100,SAR,\nb,myspace,100,1,x,SA,,ar,100,SAR,\nc,tiktok,900,1,x,SA,,ar,100,SAR,\n",
    )
    posts = write(tmp_path, "p.csv", POSTS + "c,yesterday,photo,,1,1,1,1,x,no\n")
    with pytest.raises(InputError) as exc:
        read_inputs(cands, posts=posts)
    keys = [p.key for p in problems(exc)]
    assert "ingest.cell.negative" in keys and "influencers.cell.platform" in keys and "ingest.cell.date" in keys


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    cands = write(tmp_path, "c.csv", "handle,price\nnoura,100\n")
    with pytest.raises(InputError) as exc:
        read_inputs(cands)
    assert problems(exc)[0].params["columns"] == "followers"


def test_arabic_headers_eastern_digits_and_shorthand_counts_are_read(tmp_path: Path, kb: Any) -> None:
    cands = write(tmp_path, "c.csv", "المؤثر,المنصة,عدد المتابعين,السعر,الدولة\nنورة,انستقرام,١٢٫٥K,٩٠٠,السعودية\n")
    data = read_inputs(cands, kb=kb)
    c = data.candidates[0]
    assert (c.handle, c.platform, c.followers, c.country, int(c.price_per_post or 0)) == (
        "نورة",
        "instagram",
        12500,
        "SA",
        900,
    )


def test_json_and_xlsx_inputs_read_the_same_as_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    rows = [{"handle": "noura", "platform": "instagram", "followers": 48200, "price": 2200, "currency": "SAR"}]
    as_json = write(tmp_path, "c.json", json.dumps({"candidates": rows}))
    wb = Workbook()
    ws = wb.active
    ws.append(list(rows[0]))
    ws.append(list(rows[0].values()))
    as_xlsx = tmp_path / "c.xlsx"
    wb.save(as_xlsx)
    a, b = read_inputs(as_json).candidates[0], read_inputs(as_xlsx).candidates[0]
    assert (
        (a.handle, a.followers, a.price_per_post) == (b.handle, b.followers, b.price_per_post) == ("noura", 48200, 2200)
    )


def test_a_json_row_with_a_bad_value_names_its_item(tmp_path: Path) -> None:
    cands = write(
        tmp_path, "c.json", json.dumps([{"handle": "a", "followers": 10}, {"handle": "b", "followers": "many"}])
    )
    with pytest.raises(InputError) as exc:
        read_inputs(cands)
    (p,) = problems(exc)
    assert p.row == 2 and p.field == "followers"


def test_audience_shares_over_100_percent_are_refused(tmp_path: Path) -> None:
    aud = write(tmp_path, "a.csv", "handle,dimension,segment,share\nnoura,country,SA,80%\nnoura,country,AE,40%\n")
    with pytest.raises(InputError) as exc:
        read_inputs(good_candidates(tmp_path), audience=aud)
    assert problems(exc)[0].key == "influencers.row.shares_over"


def test_a_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_inputs(tmp_path / "nope.csv")
    assert "does not exist" in exc.value.message("en")


def test_follower_samples_give_username_features_from_usernames(tmp_path: Path) -> None:
    fol = write(
        tmp_path,
        "f.csv",
        "influencer,username,posts,following,followers,has profile picture,private\nnoura,user_2024,0,3000,4,no,no\n",
    )
    acc = read_inputs(good_candidates(tmp_path), followers=fol).followers[0]
    assert (acc.username_length, acc.username_digit_count, acc.username_has_number_at_end) == (9, 4, True)
    assert acc.username_alpha_ratio == pytest.approx(4 / 9)
