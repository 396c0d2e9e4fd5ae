"""Vietnamese collation: sort_key for Python, sort_string for a byte-ordered column."""

from __future__ import annotations

import csv
from pathlib import Path

from thuvien.vietnamese import sort_key, sort_string

TIKI = Path(__file__).resolve().parents[2] / "../shared/data/vietnamese/tiki_book_data.csv"


def _shuffled(words: list[str]) -> list[str]:
    """A fixed scramble: odd positions reversed, then even positions reversed."""
    return words[1::2][::-1] + words[::2][::-1]


def test_alphabet_order_puts_breve_and_circumflex_after_plain_and_d_stroke_after_d() -> None:
    words = ["an", "ăn", "ân", "bàn", "dạ", "đá", "em", "êm"]
    assert sorted(_shuffled(words), key=sort_key) == words


def test_da_nang_sorts_after_dung() -> None:
    assert sorted(["Đà Nẵng", "Em", "Dung", "Dương"], key=sort_key) == [
        "Dung",
        "Dương",
        "Đà Nẵng",
        "Em",
    ]


def test_tones_are_a_secondary_level_in_dictionary_order() -> None:
    words = ["ma", "mà", "mả", "mã", "má", "mạ", "mac", "mác"]
    assert sorted(_shuffled(words), key=sort_key) == words


def test_o_horn_and_circumflex_follow_o() -> None:
    words = ["Oanh", "Ong vàng", "Ông già và biển cả", "Ơn"]
    assert sorted(_shuffled(words), key=sort_key) == words


def test_case_is_ignored_until_the_last_level() -> None:
    assert sorted(["Ăn", "an", "Bàn", "An"], key=sort_key) == ["an", "An", "Ăn", "Bàn"]


def test_a_word_sorts_before_its_longer_phrases_and_words() -> None:
    assert sorted(["anh", "an ninh", "an"], key=sort_key) == ["an", "an ninh", "anh"]


def test_old_and_new_tone_placement_sort_equal() -> None:
    assert sort_key("Hoà Bình") == sort_key("Hòa Bình")


def test_punctuation_runs_count_as_one_word_break() -> None:
    assert sort_key("Đà Nẵng: lịch sử")[0] == sort_key("Đà Nẵng - lịch sử")[0]


def test_digits_sort_before_letters_and_other_scripts_after_latin() -> None:
    assert sorted(["北京", "Zeta", "Hà Nội", "1984"], key=sort_key) == [
        "1984",
        "Hà Nội",
        "Zeta",
        "北京",
    ]


def test_sort_string_exact_value() -> None:
    assert sort_string("Đà Nẵng") == "GA!RBRK 0100300 1001000"


def test_sort_string_is_ascii_and_its_byte_order_matches_sort_key_on_real_titles() -> None:
    with TIKI.open(encoding="utf-8", newline="") as handle:
        titles = list(dict.fromkeys(row["title"] for row in csv.DictReader(handle)))[:200]
    assert len(titles) == 200
    assert all(sort_string(title).isascii() for title in titles)
    by_key = sorted(titles, key=sort_key)
    assert sorted(titles, key=lambda t: sort_string(t).encode("ascii")) == by_key


def test_real_titles_sort_in_vietnamese_order() -> None:
    titles = [
        "Ăn Dặm Không Nước Mắt",
        "Cây Cam Ngọt Của Tôi",
        "Đắc Nhân Tâm",
        "Điều Kỳ Diệu Của Tiệm Tạp Hóa",
        "Nhà Giả Kim",
        "Những Tù Nhân Của Địa Lý",
        "Ông Già Và Biển Cả",
    ]
    assert sorted(_shuffled(titles), key=sort_key) == titles
