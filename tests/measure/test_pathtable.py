"""Path tables in ChannelAttribution's format: CSV or Parquet in, each bad cell reported by row and column."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mizaan.errors import InputError
from mizaan.measure import Linear, MarkovAttribution, read_path_table

GOOD = """path;total_conversions;total_conversion_value;total_null
eta > iota > alpha > eta;1;0.244;3
iota > iota;2;3.195;6
beta;0;0;5
"""


def _write(tmp_path: Path, text: str, name: str = "paths.csv") -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def _problems(path: Path) -> list[tuple[int | None, int | None, str]]:
    with pytest.raises(InputError) as err:
        read_path_table(path)
    return [(p.row, p.column, p.key) for p in err.value.problems]


def test_a_semicolon_separated_table_reads_with_repeats_kept_as_touches(tmp_path: Path) -> None:
    p = read_path_table(_write(tmp_path, GOOD))
    assert p.channels == ("alpha", "beta", "eta", "iota")
    assert [p.path(i) for i in range(3)] == [("eta", "iota", "alpha", "eta"), ("iota", "iota"), ("beta",)]
    assert p.total_conversions == 3 and p.total_nulls == 14 and p.total_value == pytest.approx(3.439)


def test_comma_separated_with_eastern_arabic_digits_and_arabic_channel_names(tmp_path: Path) -> None:
    text = "path,total_conversions,total_conversion_value,total_null\nتيك توك > بريد,٢,١٥٠٫٥,٣\n"
    p = read_path_table(_write(tmp_path, text))
    assert p.path(0) == ("تيك توك", "بريد")
    assert p.total_conversions == 2 and p.total_value == 150.5 and p.total_nulls == 3


def test_parquet_gives_the_same_paths_as_csv(tmp_path: Path) -> None:
    table = pa.table(
        {
            "path": ["a > b", "b"],
            "total_conversions": [1, 2],
            "total_conversion_value": [5.0, 7.0],
            "total_null": [3, 0],
        }
    )
    pq.write_table(table, tmp_path / "p.parquet")
    csv = _write(tmp_path, "path,total_conversions,total_conversion_value,total_null\na > b,1,5,3\nb,2,7,0\n")
    a, b = read_path_table(tmp_path / "p.parquet"), read_path_table(csv)
    assert MarkovAttribution().fit(a).credit_ == MarkovAttribution().fit(b).credit_


def test_only_path_and_conversions_are_required(tmp_path: Path) -> None:
    p = read_path_table(_write(tmp_path, "Path , Total_Conversions\na>b,1\n"))
    assert p.value is None and p.total_nulls == 0
    assert Linear().fit(p).value_credit_ is None


def test_batches_do_not_change_the_result(tmp_path: Path) -> None:
    lines = ["path,total_conversions,total_null"] + [f"c{i % 7} > c{i % 5},{i % 3},{i % 4}" for i in range(500)]
    f = _write(tmp_path, "\n".join(lines) + "\n")
    assert Linear().fit(read_path_table(f, batch_rows=17)).credit_ == Linear().fit(read_path_table(f)).credit_


def test_bad_cells_are_named_by_row_and_column(tmp_path: Path) -> None:
    text = (
        "path,total_conversions,total_conversion_value,total_null\n"
        "a > b,1,5,0\n"
        ",1,5,0\n"  # row 3: empty path
        "a >  > b,1,5,0\n"  # row 4: empty step
        "a,two,5,0\n"  # row 5: not a number
        "a,1,-5,0\n"  # row 6: negative value
        "a,1,5,\n"
    )  # row 7: empty null count
    assert _problems(_write(tmp_path, text)) == [
        (3, 1, "measure.empty_path"),
        (4, 1, "measure.empty_step"),
        (5, 2, "measure.not_number"),
        (6, 3, "measure.negative"),
        (7, 4, "measure.empty_number"),
    ]


def test_blank_lines_are_skipped_but_later_rows_keep_their_line_numbers(tmp_path: Path) -> None:
    text = "path,total_conversions\na,1\n\nb,x\n\n"
    assert _problems(_write(tmp_path, text)) == [(4, 2, "measure.not_number")]


def test_header_problems_name_the_column(tmp_path: Path) -> None:
    probs = _problems(_write(tmp_path, "path,conversions,total_null\na,1,0\n"))
    assert (1, 2, "measure.unknown_column") in probs
    assert (1, None, "measure.missing_column") in probs


def test_a_line_with_too_many_fields_is_named(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, "path,total_conversions\na,1\nb,1,9\n")) == [(3, None, "measure.bad_csv_row")]


def test_empty_files_missing_files_and_headers_alone_are_refused(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, "")) == [(1, None, "measure.empty_file")]
    assert _problems(tmp_path / "nope.csv") == [(None, None, "v.no_file")]
    assert _problems(_write(tmp_path, "path,total_conversions\n")) == [(2, None, "measure.no_rows")]


def test_many_problems_are_capped_with_a_count_of_the_rest(tmp_path: Path) -> None:
    text = "path,total_conversions\n" + "a,-1\n" * 30
    probs = _problems(_write(tmp_path, text))
    assert len(probs) == 21 and probs[-1][2] == "measure.more_problems"


def test_errors_read_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_path_table(_write(tmp_path, "path,total_conversions\na,x\n"))
    assert "row 2" in err.value.message("en") and "column 2" in err.value.message("en")
    assert "السطر 2" in err.value.message("ar")


def test_names_with_spaces_in_the_header_still_read_every_column_as_text(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_path_table(_write(tmp_path, "path , total_conversions \n1 > 2,1\n3,oops\n"))
    assert [(p.row, p.column, p.key) for p in err.value.problems] == [(3, 2, "measure.not_number")]
