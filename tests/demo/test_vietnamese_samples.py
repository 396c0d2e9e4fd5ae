"""Vietnamese sample records: valid MARC 21, stable, deduplicated, faithful to the listing."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from functools import cache

import pytest

from thuvien.catalogue.extract import extract
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.validation import validate
from thuvien.demo.vietnamese_sample_data import Copies, held_by
from thuvien.demo.vietnamese_samples import (
    clean_title,
    edition_and_year,
    isbd_245,
    parse_name,
    vietnamese_records,
)
from thuvien.testing.factories import shared

LIBRARIES = ["VN-CM0001", "VN-CM0002", "VN-CM0003"]


def listing() -> list[MarcRecord]:
    return list(vietnamese_records(shared("vietnamese", "tiki_book_data.csv"), LIBRARIES))


@cache
def records() -> tuple[MarcRecord, ...]:
    return tuple(listing())


def by_id(control: str) -> MarcRecord:
    return next(r for r in records() if r.control("001") == control)


def texts(record: MarcRecord) -> list[str]:
    return [v for f in record.fields for v in ([f[1]] if len(f) == 2 else [v for _, v in f[3]])]


def test_every_sample_record_passes_the_checks_a_cataloguer_s_save_makes() -> None:
    problems = {r.control("001"): validate(r) for r in records()}
    assert {k: v for k, v in problems.items() if v} == {}


def test_all_sample_text_is_nfc() -> None:
    odd = [t for r in records() for t in texts(r) if unicodedata.normalize("NFC", t) != t]
    assert odd == []


def test_the_same_listing_and_seed_give_the_same_records_and_ids_on_every_run() -> None:
    again = listing()
    assert [(r.leader, r.to_json()) for r in again] == [(r.leader, r.to_json()) for r in records()]
    ids = [r.control("001") for r in records()]
    assert len(ids) == len(set(ids))


def test_a_different_seed_moves_the_copies_but_not_the_descriptions() -> None:
    path = shared("vietnamese", "tiki_book_data.csv")
    other = list(vietnamese_records(path, LIBRARIES, seed=7))

    def strip(r: MarcRecord) -> list[object]:
        return [f for f in r.fields if f[0] != "952"]

    assert [strip(r) for r in other] == [strip(r) for r in records()]
    assert [r.to_json() for r in other] != [r.to_json() for r in records()]


def test_rows_with_the_same_title_and_authors_become_one_record() -> None:
    with shared("vietnamese", "tiki_book_data.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))

    def key(row: dict[str, str]) -> tuple[str, str]:
        return (
            " ".join(row["title"].split()).casefold(),
            " ".join(row["authors"].split()).casefold(),
        )

    # The listing also sells a carton of milk and a bracelet; they are not books.
    books = {key(r) for r in rows if not r["catagory"].casefold().startswith(("sữa", "lắc tay"))}
    from_listing = [r for r in records() if r.control("001").startswith("TIKI")]
    assert (len(rows), len(books), len(from_listing)) == (1751, 1725, 1725)
    titles = Counter(extract(r)["title"] for r in from_listing)
    # "Cây Cam Ngọt Của Tôi" is listed twice in a row (rows 1 and 2): one record, id of row 1.
    assert titles["Cây Cam Ngọt Của Tôi"] == 1
    assert extract(by_id("TIKI00001"))["title"] == "Cây Cam Ngọt Của Tôi"
    assert not any(r.control("001") == "TIKI00002" for r in records())


def test_real_titles_authors_and_publishers_of_the_listing_are_there() -> None:
    found = {(e["title"], e["authors"], e["publisher"]) for e in map(extract, records())}
    assert ("Nhà Giả Kim", "Coelho, Paulo", "Nxb. Hà Nội") in found
    assert ("Thư Viện Nửa Đêm", "Haig, Matt", "Nxb. Hội Nhà Văn") in found
    assert ("Hạ đỏ", "Nguyễn Nhật Ánh", "Nxb. Trẻ") in found


def test_a_known_row_becomes_exactly_this_record() -> None:
    # Row 1058: "Còn chút gì để nhớ (Tái Bản 2022)", Nguyễn Nhật Ánh, short stories, 220 pages,
    # NXB Trẻ, 43000 đ.
    record = next(r for r in records() if r.first("245", "a").startswith("Còn chút gì"))
    row = record.control("001")
    assert record.leader == "00000nam a22000007i 4500"
    assert [f for f in record.fields if f[0] != "952"] == [
        ["001", row],
        ["003", "VN-CM0001"],
        ["005", "20250701000000.0"],
        ["008", "250701s2022    vm            000 j vie d"],
        ["040", " ", " ", [["a", "VN-CM0001"], ["b", "vie"], ["c", "VN-CM0001"]]],
        ["041", "0", " ", [["a", "vie"]]],
        ["082", "0", "4", [["a", "895.9223"], ["2", "23"]]],
        ["100", "0", " ", [["a", "Nguyễn Nhật Ánh."]]],
        ["245", "1", "0", [["a", "Còn chút gì để nhớ /"], ["c", "Nguyễn Nhật Ánh."]]],
        ["250", " ", " ", [["a", "Tái bản năm 2022."]]],
        ["260", " ", " ", [["a", "TP. Hồ Chí Minh :"], ["b", "Nxb. Trẻ,"], ["c", "2022."]]],
        ["300", " ", " ", [["a", "220 tr."]]],
        ["650", " ", "4", [["a", "Truyện ngắn."]]],
    ]
    copies = [dict(f[3]) for f in record.data_fields("952")]
    assert 1 <= len(copies) <= 4
    for copy in copies:
        assert copy["a"] == copy["b"]
        assert copy["a"] in LIBRARIES
        assert re.fullmatch(r"VV\.\d{6}", copy["i"])
        assert copy["p"].startswith(copy["a"].removeprefix("VN-"))
        assert (copy["o"], copy["y"], copy["g"]) == ("895.9223 ANH", "BK", "43000")
    assert extract(record)["year"] == 2022


def test_barcodes_and_accession_numbers_are_unique_within_each_library() -> None:
    copies = [dict(f[3]) for r in records() for f in r.data_fields("952")]
    barcodes = Counter((c["a"], c["p"]) for c in copies)
    accessions = Counter((c["a"], c["i"]) for c in copies)
    assert barcodes.most_common(1)[0][1] == 1
    assert accessions.most_common(1)[0][1] == 1
    assert {c["a"] for c in copies} == set(LIBRARIES)
    # The first library is the central one and holds the most copies.
    held = Counter(c["a"] for c in copies)
    assert held.most_common(1)[0][0] == "VN-CM0001"


@pytest.mark.parametrize(
    ("raw", "heading", "ind1", "roles"),
    [
        ("Nguyễn Nhật Ánh", "Nguyễn Nhật Ánh", "0", ()),
        ("Paulo Coelho", "Coelho, Paulo", "1", ()),
        ("José Mauro de Vasconcelos", "Vasconcelos, José Mauro de", "1", ()),
        ("Higashino Keigo", "Higashino Keigo", "0", ()),
        ("Rosie Nguyễn", "Rosie Nguyễn", "0", ()),
        ("Mai Hương (Sưu tầm, Biên soạn)", "Mai Hương", "0", ("sưu tầm", "biên soạn")),
        ("Dịch giả Bùi Thị Quỳnh Chi", "Bùi Thị Quỳnh Chi", "0", ("dịch",)),
        ("Bộ Giáo Dục Và Đào Tạo", "Bộ Giáo Dục Và Đào Tạo", "2", ()),
    ],
)
def test_vietnamese_names_keep_their_order_and_western_names_are_inverted(
    raw: str, heading: str, ind1: str, roles: tuple[str, ...]
) -> None:
    name = parse_name(raw)
    assert (name.heading, name.ind1, name.roles) == (heading, ind1, roles)


def test_titles_get_isbd_punctuation_volumes_and_nonfiling_characters() -> None:
    assert isbd_245("Kingdom - Tập 39", "Hara Yasuhisa", True) == [
        "245", "1", "0", [["a", "Kingdom."], ["n", "Tập 39 /"], ["c", "Hara Yasuhisa."]]
    ]  # fmt: skip
    assert isbd_245("Hệ Miễn Dịch - Kiệt Tác Của Sự Sống", "", False) == [
        "245", "0", "0", [["a", "Hệ Miễn Dịch :"], ["b", "Kiệt Tác Của Sự Sống."]]
    ]  # fmt: skip
    assert isbd_245("The Psychology of Money", "Morgan Housel", True)[2] == "4"


@pytest.mark.parametrize(
    ("title", "authors", "cleaned"),
    [
        ("Làm Bạn Với Bầu Trời (Bìa Mềm) (Tặng Kèm Khung Ảnh Số Lượng Có Hạn)", "Nguyễn Nhật Ánh",
         "Làm Bạn Với Bầu Trời"),
        ("Con Chim Xanh Biếc Bay Về (Nguyễn Nhật Ánh) (Bìa Mềm)", "Nguyễn Nhật Ánh",
         "Con Chim Xanh Biếc Bay Về"),
        ("1Q84 (Tập 1) - Tái Bản", "Haruki Murakami", "1Q84 - Tập 1"),
        ("Blue Flag Tập 8 [Tặng Kèm Bookmark PVC]", "Kaito", "Blue Flag Tập 8"),
    ],
)  # fmt: skip
def test_the_shop_s_additions_to_a_title_are_removed(
    title: str, authors: str, cleaned: str
) -> None:
    assert clean_title(title, authors) == cleaned


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Nhà Giả Kim (Tái Bản 2020)", ("Tái bản năm 2020", "2020", False)),
        ("GIẬN (TBL22)", ("Tái bản lần thứ 22", "2022", True)),
        ("Quyền Lực Đích Thực (Tái Bản Lần 11)", ("Tái bản lần thứ 11", "2022", True)),
        ("1Q84 (Tập 1) - Tái Bản", ("Tái bản", "2022", True)),
        ("Tạp chí Forbes Việt Nam - Số 112 (Tháng 12.2022)", ("", "2022", False)),
        # A year about the content does not date the edition.
        ("Dịch Hạch (Nobel Văn Chương 1957)", ("", "2022", True)),
    ],
)
def test_only_a_reprint_or_issue_date_dates_the_edition(
    title: str, expected: tuple[str, str, bool]
) -> None:
    assert edition_and_year(title) == expected


def test_hand_written_records_exercise_local_studies_khmer_bbk_a_serial_and_a_thesis() -> None:
    local, khmer, bbk, serial, thesis = records()[:5]
    assert extract(local)["subjects"] == "Cà Mau (Việt Nam) -- Địa chí"
    assert [dict(f[3])["i"] for f in local.data_fields("952")] == [
        "DC.000001", "DC.000002", "DC.000001"
    ]  # fmt: skip
    # 245 and its Khmer-script 880 point at each other through $6.
    assert khmer.first("245", "6") == "880-01"
    assert khmer.first("880", "6") == "245-01"
    assert khmer.first("880", "a") == "ប្រជុំរឿងព្រេងខ្មែរ ="
    assert extract(khmer)["language"] == "khm"
    assert extract(bbk)["classification"] == {"bbk": ["9(V)1"]}
    assert (extract(serial)["issn"], extract(serial)["material_type"]) == ("1859-1450", "serial")
    assert thesis.first("502", "b") == "Thạc sĩ"
    assert thesis.control("008")[24] == "m"


def test_copies_are_split_by_library_for_one_import_per_library() -> None:
    local = records()[0]
    mine = held_by(local, "VN-CM0001")
    assert mine is not None
    assert [dict(f[3])["c"] for f in mine.data_fields("952")] == ["Phòng Địa chí", "Kho lưu trữ"]
    assert [f for f in mine.fields if f[0] != "952"] == [f for f in local.fields if f[0] != "952"]
    assert held_by(local, "VN-CM0002") is None


def test_without_the_listing_only_the_hand_written_records_are_made_all_held_by_one_library() -> (
    None
):
    made = list(vietnamese_records(None, ["VN-X0001"]))
    assert [r.control("001") for r in made] == [f"TVDEMO000{n}" for n in range(1, 6)]
    assert {dict(f[3])["a"] for r in made for f in r.data_fields("952")} == {"VN-X0001"}


def test_copies_need_at_least_one_library() -> None:
    with pytest.raises(ValueError, match="give at least one library code to hold the copies"):
        Copies([])
