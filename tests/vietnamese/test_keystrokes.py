"""Telex and VNI keystrokes typed with the input method off, decoded as Unikey would."""

from __future__ import annotations

import pytest

from thuvien.vietnamese.keystrokes import decode, decode_word
from thuvien.vietnamese.text import with_tone


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("thuw vieenj soos", "thư viện số"),
        ("thu7 vie65n so61", "thư viện số"),
        ("nguowif", "người"),
        ("nguo72i", "người"),
        ("ddaij hocj", "đại học"),
        ("d9a5i ho5c", "đại học"),
        ("Vieetj Nam", "Việt Nam"),
        ("TIEENGS VIEETJ", "TIẾNG VIỆT"),
        ("vienej", "viện"),  # Unikey's free order: the modifier after the final consonant
        ("quoocs gia", "quốc gia"),
        ("hoaf binhf", "hòa bình"),  # tone on the first vowel of open oa (the house form)
        ("thuyr", "thủy"),
        ("muwa", "mưa"),
        ("awn", "ăn"),
        ("tieengs Anh", "tiếng Anh"),
    ],
)
def test_keystrokes_become_vietnamese(typed: str, expected: str) -> None:
    assert decode(typed) == expected


@pytest.mark.parametrize(
    "plain",
    ["thu vien so", "lich su viet nam", "nguoi", "quoc gia", "tieng anh", "nghieng", "khuyu"],
)
def test_plain_unaccented_vietnamese_is_not_keystrokes(plain: str) -> None:
    assert decode(plain) is None


@pytest.mark.parametrize("word", ["jazz", "books", "hocf", "Access", "2010", "abc1"])
def test_what_makes_no_syllable_is_not_decoded(word: str) -> None:
    assert decode_word(word) is None


def test_a_word_with_digits_that_is_no_vni_means_no_keystrokes() -> None:
    assert decode("thuw vien H2O") is None
    assert decode("Access 2010") is None


def test_known_words_are_left_as_typed() -> None:
    foreign = {"how", "paris"}
    assert decode("how paris") is not None  # "hơ pái" without the catalogue's words
    assert decode("how paris", lambda w: w.lower() in foreign) is None
    assert decode("paris vieenj", lambda w: w.lower() in foreign) == "paris viện"


def test_with_tone_puts_the_mark_where_the_house_puts_it() -> None:
    assert with_tone("hoa", 1) == "hòa"
    assert with_tone("nguoi", 0) == "nguoi"
    assert with_tone("ngươi", 1) == "người"
    assert with_tone("xyz", 1) == "xyz"
