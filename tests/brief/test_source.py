"""Reading a brief from text, a file or standard input, and the bilingual errors for what is not a brief."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from mizaan.brief import MAX_CHARS, BriefInputError, extract, read_source


def _keys(exc: BriefInputError) -> list[str]:
    return [p.key for p in exc.problems]


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_an_empty_brief_is_refused(text: str) -> None:
    with pytest.raises(BriefInputError) as info:
        extract(text)
    assert _keys(info.value) == ["brief.empty"]
    assert info.value.message("ar") != info.value.message("en")


def test_a_brief_past_the_limit_is_refused_with_the_count() -> None:
    with pytest.raises(BriefInputError) as info:
        extract("متجر " * (MAX_CHARS // 4))
    assert _keys(info.value) == ["brief.too_long"]
    assert str(MAX_CHARS) in info.value.message("en")


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(BriefInputError) as info:
        read_source(str(path))
    assert _keys(info.value) == ["brief.not_text"]
    assert info.value.problems[0].file == str(path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes("متجر عطور".encode("cp1256"))
    with pytest.raises(BriefInputError) as info:
        read_source(str(path))
    assert _keys(info.value) == ["brief.not_utf8"]


def test_a_text_file_a_missing_file_text_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("متجر عطور في جدة", encoding="utf-8")
    assert read_source(str(path)).text == "متجر عطور في جدة"
    with pytest.raises(BriefInputError):
        read_source(str(tmp_path / "missing.txt"))
    assert read_source("متجر عطور في جدة").file is None
    assert read_source("-", io.BytesIO("كافيه في دبي".encode())).text == "كافيه في دبي"


def test_control_characters_in_text_are_refused() -> None:
    with pytest.raises(BriefInputError):
        extract("abc\x00def")
