"""Legacy encodings: TCVN3, VNI-Windows, Windows-1258 (no Django)."""

from __future__ import annotations

import contextlib
import csv
import io
import unicodedata
from pathlib import Path

import pymarc
import pytest

from thuvien.vietnamese import (
    Detection,
    Encoding,
    Repair,
    detect,
    detect_bytes,
    from_unicode,
    nfc,
    repair,
    to_unicode,
)

SHARED = Path(__file__).resolve().parents[2] / "../shared/data"
CAPS_REASON = (
    "Văn bản TCVN3 có thể là chữ hoa; cần kiểm tra lại chữ hoa, chữ thường "
    "(TCVN3 text may have been upper case; please review the capitals)."
)


def _tiki_titles() -> list[str]:
    with (SHARED / "vietnamese/tiki_book_data.csv").open(encoding="utf-8", newline="") as handle:
        titles = list(dict.fromkeys(row["title"] for row in csv.DictReader(handle)))[:200]
    assert len(titles) == 200
    return titles


def _mojibake(text: str, encoding: Encoding) -> str:
    """What a system shows after reading legacy bytes as Latin-1."""
    return from_unicode(text, encoding).decode("latin-1")


# Bytes written from the published charts, not from our own encoder.
CHART_SAMPLES: list[tuple[Encoding, bytes, str]] = [
    ("tcvn3", b"Vi\xd6t Nam", "Việt Nam"),
    ("tcvn3", b"H\xb5 N\xe9i", "Hà Nội"),
    ("tcvn3", b"\xa7\xb5 N\xbdng", "Đà Nẵng"),
    ("tcvn3", b"Th\xad\xacng nh\xed m\xad\xeai hai", "Thương nhớ mười hai"),
    ("tcvn3", b"L\xdech s\xf6 \xae\xcau tranh", "Lịch sử đấu tranh"),
    ("vni", b"Vie\xe4t Nam", "Việt Nam"),
    ("vni", b"\xd1a\xf8 Na\xfcng", "Đà Nẵng"),
    ("vni", b"Th\xf6\xf4ng nh\xf4\xf9 m\xf6\xf4\xf8i hai", "Thương nhớ mười hai"),
    ("vni", b"L\xf2ch s\xf6\xfb \xf1a\xe1u tranh", "Lịch sử đấu tranh"),
    ("vni", b"VIE\xc4T NAM", "VIỆT NAM"),
    ("cp1258", b"Vi\xea\xf2t Nam", "Việt Nam"),
    ("cp1258", b"H\xe0 N\xf4\xf2i", "Hà Nội"),  # precomposed à, as some keyboards write
    ("cp1258", b"\xd0a\xcc N\xe3\xdeng", "Đà Nẵng"),
    ("cp1258", b"Th\xfd\xf5ng nh\xf5\xec m\xfd\xf5\xcci hai", "Thương nhớ mười hai"),
]


@pytest.mark.parametrize(("encoding", "data", "expected"), CHART_SAMPLES)
def test_chart_bytes_convert_to_the_right_unicode(
    encoding: Encoding, data: bytes, expected: str
) -> None:
    assert to_unicode(data.decode("latin-1"), encoding) == expected


@pytest.mark.parametrize(("encoding", "data", "expected"), CHART_SAMPLES)
def test_chart_bytes_are_detected_and_repaired(
    encoding: Encoding, data: bytes, expected: str
) -> None:
    assert detect(data.decode("latin-1")).encoding == encoding
    assert detect_bytes(data).encoding == encoding
    assert repair(data.decode("cp1252", errors="strict")).text == expected


def test_our_encoder_writes_the_chart_bytes() -> None:
    assert from_unicode("Việt Nam", "tcvn3") == b"Vi\xd6t Nam"
    assert from_unicode("Đà Nẵng", "vni") == b"\xd1a\xf8 Na\xfcng"
    assert from_unicode("Việt Nam", "cp1258") == b"Vi\xea\xf2t Nam"
    assert from_unicode("Hà", "cp1258") == b"Ha\xcc"  # tones always as combining marks


def test_tcvn3_writes_toned_capitals_with_the_lower_case_byte() -> None:
    assert from_unicode("ẤN ĐỘ", "tcvn3") == b"\xca\x4e \xa7\xe9"


def test_characters_an_encoding_lacks_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be written in tcvn3"):
        from_unicode("Straße", "tcvn3")
    with pytest.raises(ValueError, match="cannot be written in vni"):
        from_unicode("北京", "vni")


@pytest.mark.parametrize("encoding", ["vni", "cp1258"])
def test_vni_and_cp1258_round_trip_real_titles_exactly(encoding: Encoding) -> None:
    for title in _tiki_titles():
        try:
            legacy = _mojibake(title, encoding)
        except ValueError:  # a character the encoding lacks (’, –, foreign letters)
            continue
        assert to_unicode(legacy, encoding) == nfc(title)


def test_tcvn3_round_trips_real_titles_up_to_case() -> None:
    for title in _tiki_titles():
        try:
            legacy = _mojibake(title, "tcvn3")
        except ValueError:
            continue
        assert to_unicode(legacy, "tcvn3").lower() == nfc(title).lower()


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
def test_most_real_titles_in_a_legacy_encoding_are_detected(encoding: Encoding) -> None:
    tried = found = 0
    for title in _tiki_titles():
        try:
            legacy = _mojibake(title, encoding)
        except ValueError:
            continue
        if legacy == title:  # plain ASCII: nothing to detect
            continue
        tried += 1
        found += detect(legacy).encoding == encoding
    # Misses are titles mostly in English ("Black Jack - Tập 11"): left alone on purpose.
    assert tried > 190
    assert found / tried > 0.93


def test_tcvn3_upper_case_is_restored_and_flagged_for_review() -> None:
    assert repair("H\xb5 N\xe9I") == Repair("HÀ NỘI", "tcvn3", True, CAPS_REASON)
    assert repair(_mojibake("LỊCH SỬ VIỆT NAM", "tcvn3")) == Repair(
        "LỊCH SỬ VIỆT NAM", "tcvn3", True, CAPS_REASON
    )


def test_tcvn3_neighbouring_capitals_decide_a_word_without_its_own() -> None:
    assert repair(_mojibake("BỘ SÁCH HỌC", "tcvn3")).text == "BỘ SÁCH HỌC"


def test_tcvn3_title_case_initial_toned_vowel_gets_a_capital_and_a_review() -> None:
    assert repair(_mojibake("Ảnh Hưởng Của Văn Hóa", "tcvn3")) == Repair(
        "Ảnh Hưởng Của Văn Hóa", "tcvn3", True, CAPS_REASON
    )


def test_tcvn3_lower_case_text_needs_no_review() -> None:
    assert repair("l\xdech s\xf6 v\xa8n h\xe3a") == Repair("lịch sử văn hóa", "tcvn3", False, "")


def test_a_foreign_title_with_one_legacy_word_is_flagged_not_converted() -> None:
    result = repair("666 Satan - T\xcbp 1")
    assert result.text == "666 Satan - T\xcbp 1"
    assert result.encoding == "unicode"
    assert result.needs_review is True
    assert result.reason.startswith("Có thể là văn bản mã TCVN3 (ABC) chưa chuyển đổi")


def test_eth_left_by_windows_1258_is_fixed() -> None:
    assert repair("\xd0oa\xccn") == Repair("Đoàn", "cp1258", False, "")
    assert repair("Ðoàn Thị Điểm").text == "Đoàn Thị Điểm"
    assert repair("Guðrún Ósvífursdóttir").text == "Guðrún Ósvífursdóttir"


def test_detect_bytes_reads_utf8_as_unicode() -> None:
    assert detect_bytes("Những Tù Nhân Của Địa Lý".encode()) == Detection(
        "unicode", 1.0, False, None, "utf-8"
    )
    assert detect_bytes(b"Harry Potter") == Detection("unicode", 1.0, False, None, "ascii")


def test_detect_bytes_reads_legacy_bytes_as_cp1252() -> None:
    found = detect_bytes(from_unicode("Lịch sử Việt Nam", "vni"))
    assert (found.encoding, found.ambiguous, found.byte_codec) == ("vni", False, "cp1252")


def _unchanged(text: str) -> bool:
    return repair(text) == Repair(text, "unicode", False, "") and detect(text).encoding == "unicode"


def test_real_unicode_titles_are_left_alone() -> None:
    titles = _tiki_titles()
    assert [t for t in titles if not _unchanged(t)] == []


def test_latin1_only_vietnamese_titles_are_left_alone() -> None:
    # Every letter here is also a TCVN3 or VNI byte, so these are the hard cases.
    for title in ["Thao Túng Tâm Lý", "Thiên Môn Chi Thánh", "Súng, Vi Trùng Và Thép", "Tôi là ai"]:
        assert _unchanged(title)


def test_marc8_converted_answer_key_lines_are_left_alone() -> None:
    path = SHARED / "marc/pymarc/test_utf8.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1515
    assert [line for line in lines if not _unchanged(line)] == []


@pytest.mark.parametrize(
    "text",
    [
        "À la recherche du temps perdu",
        "Les Misérables / Victor Hugo",
        "Où est la gare ?",
        "Dupont, Loïc",
        "Noël chez les Raphaël",
        "Crème brûlée et goût d'août",
        "« Le Petit Prince »",
        "Über die Freiheit",
        "Müller, Hans",
        "Götterdämmerung",
        "Straße",
        "Cien años de soledad",
        "El señor de los anillos",
        "Aún no",
        "AÚN NO",
        "São Paulo: João e a mãe",
        "O'Casey, Seán",
        "Chi può dirlo",
        "Jón Sigurðsson",
        "3 × 4 = 12 · 5 µm",
        "Antoine De Saint-Exupéry",
        "Ørsted, København",
    ],
)
def test_european_text_is_left_alone(text: str) -> None:
    assert _unchanged(text)


@pytest.mark.parametrize(
    "text", ["Hà Nội", "Harry Potter", "ខ្មែរ", "北京市", "Москва", "עִבְרִית", "مصر؟", ""]
)
def test_unicode_ascii_and_other_scripts_come_back_unchanged(text: str) -> None:
    assert repair(text) == Repair(text, "unicode", False, "")


def test_french_marc8_records_are_left_alone() -> None:
    # 500 pre-1923 French records: accents, ligatures, «», abbreviations (Qué.), names.
    values: set[str] = set()
    with (
        (SHARED / "marc/evergreen/lul_fre_500.mrc").open("rb") as handle,
        contextlib.redirect_stdout(io.StringIO()),  # pymarc prints MARC-8 escape complaints
    ):
        for record in pymarc.MARCReader(handle, to_unicode=True, utf8_handling="replace"):
            assert record is not None
            values.update(
                unicodedata.normalize("NFC", subfield.value)
                for field in record.fields
                if not field.is_control_field()
                for subfield in field.subfields
            )
    latin1_only = [v for v in values if not v.isascii() and max(v) <= "\xff"]
    assert len(latin1_only) > 1000
    assert [v for v in latin1_only if not _unchanged(v)] == []
