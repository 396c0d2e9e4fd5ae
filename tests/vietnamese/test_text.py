"""Normalisation, tone placement, folding and i/y keys (no Django)."""

from __future__ import annotations

import unicodedata

import pytest

from thuvien.vietnamese import (
    canonical_tones,
    fold,
    is_vietnamese_syllable,
    iy_key,
    iy_variants,
    nfc,
)


def test_nfc_returns_ascii_unchanged() -> None:
    assert nfc("Harry Potter") == "Harry Potter"


def test_nfc_composes_decomposed_vietnamese() -> None:
    assert nfc("Vie\u0302\u0323t Nam") == "Việt Nam"
    assert nfc(unicodedata.normalize("NFD", "Nguyễn Đoàn Minh Thư")) == "Nguyễn Đoàn Minh Thư"


def test_old_tone_placement_hoa_becomes_hoa_with_tone_on_o() -> None:
    assert canonical_tones("hoà") == "hòa"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("hoá", "hóa"),
        ("xoà", "xòa"),
        ("tuý", "túy"),
        ("oà", "òa"),
    ],
)
def test_tone_on_second_vowel_of_open_oa_oe_uy_moves_to_first(given: str, expected: str) -> None:
    assert canonical_tones(given) == expected


def test_case_is_kept_when_the_tone_moves() -> None:
    assert canonical_tones("Hoà") == "Hòa"
    assert canonical_tones("HOÀ") == "HÒA"
    assert canonical_tones("THUỶ") == "THỦY"


def test_a_sentence_is_handled_syllable_by_syllable() -> None:
    assert canonical_tones("Hoà bình và thuỷ lợi, khoẻ mạnh") == "Hòa bình và thủy lợi, khỏe mạnh"


@pytest.mark.parametrize(
    "word",
    [
        "hoàng",  # final consonant: tone on the last vowel
        "huỳnh",
        "toán",
        "ngoài",  # three vowels: the middle one
        "khuỷu",
        "người",  # ươ: on ơ
        "được",
        "thuở",
        "Nguyễn",
        "tiếng",
        "quý",  # qu onset: u never carries the tone
        "quốc",
        "già",  # gi onset
        "giữa",
        "mùa",
        "Huế",
    ],
)
def test_syllables_already_canonical_are_unchanged(word: str) -> None:
    assert canonical_tones(word) == word


def test_tone_on_the_u_of_qu_or_i_of_gi_moves_to_the_vowel() -> None:
    assert canonical_tones("qúa") == "quá"
    assert canonical_tones("gìa") == "già"


def test_decomposed_input_gives_composed_canonical_output() -> None:
    assert canonical_tones("hoa\u0300") == "hòa"
    assert canonical_tones(unicodedata.normalize("NFD", "Thuỷ")) == "Thủy"


@pytest.mark.parametrize(
    "text",
    ["José Mauro de Vasconcelos", "café", "Zoë", "Москва", "ខ្មែរ", "北京", "עִבְרִית", "ASCII"],
)
def test_foreign_words_and_other_scripts_are_untouched(text: str) -> None:
    assert canonical_tones(text) == text


def test_fold_removes_tones_and_vowel_diacritics() -> None:
    assert fold("Đà Nẵng") == "da nang"
    assert fold("Những Tù Nhân Của Địa Lý") == "nhung tu nhan cua dia ly"
    assert fold("ĂÂÊÔƠƯ ăâêôơư") == "aaeoou aaeoou"


def test_fold_turns_eth_mojibake_into_d() -> None:
    assert fold("ðá") == "da"
    assert fold("Ðoàn") == "doan"


def test_fold_gives_the_same_result_for_decomposed_and_old_style_input() -> None:
    assert fold(unicodedata.normalize("NFD", "Hòa Bình")) == "hoa binh"
    assert fold("Hoà Bình") == "hoa binh"


def test_fold_strips_european_accents_too() -> None:
    assert fold("Antoine De Saint-Exupéry") == "antoine de saint-exupery"
    assert fold("Über Straße niño") == "uber straße nino"


def test_fold_strips_a_combining_mark_without_precomposed_form_after_a_latin_letter() -> None:
    assert fold("q\u0303") == "q"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ខ្មែរ", "ខ្មែរ"),  # Khmer signs are kept
        ("עִבְרִית", "עִבְרִית"),  # Hebrew points are kept
        ("مصر؟", "مصر؟"),
        ("北京市", "北京市"),
        ("МОСКВА Й", "москва й"),  # lower-cased, й keeps its breve
    ],
)
def test_fold_only_lower_cases_other_scripts(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_of_ascii_is_lower_case() -> None:
    assert fold("Tim Marshall") == "tim marshall"


@pytest.mark.parametrize(
    ("first", "second"),
    [("lý", "lí"), ("kỹ thuật", "kĩ thuật"), ("Mỹ", "Mĩ"), ("quý", "quí"), ("sỹ", "sĩ")],
)
def test_i_and_y_spellings_after_a_consonant_share_one_key(first: str, second: str) -> None:
    assert iy_key(first) == iy_key(second)


def test_iy_key_values() -> None:
    assert iy_key("ly") == "li"
    assert iy_key("qui dinh") == "quy dinh"
    assert iy_key("Lý Thái Tổ") == "li thai to"


@pytest.mark.parametrize(("first", "second"), [("tay", "tai"), ("tuy", "tui"), ("y", "i")])
def test_different_words_keep_different_iy_keys(first: str, second: str) -> None:
    assert iy_key(first) != iy_key(second)


def test_iy_variants_lists_every_spelling() -> None:
    assert iy_variants("ly") == ("li", "ly")
    assert iy_variants("quí") == ("qui", "quy")
    assert iy_variants("tay") == ("tay",)
    assert iy_variants("nghi") == ("nghi",)


@pytest.mark.parametrize("word", ["nghiêng", "được", "khuỷu", "Quốc", "hoà", "hòa", "GIỮA"])
def test_well_formed_syllables_are_recognised(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "café",  # f and a final e are not Vietnamese
        "bàc",  # a stop final takes only sắc or nặng
        "haì",  # tone on a vowel no convention uses
        "hòá",  # two tones
        "strong",
    ],
)
def test_malformed_syllables_are_rejected(word: str) -> None:
    assert not is_vietnamese_syllable(word)
