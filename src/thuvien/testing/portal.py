"""A small catalogue for the portal's tests, loaded through the real import.

Two libraries with records: a Vietnamese book held by both (the same source record, 001+003,
imported by each), an English book with an inverted author name, a French book with no copy,
a master's thesis, a serial, a title full of characters that citation formats and HTML must
escape, and an authority record (which the portal never shows). A third library has none.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from thuvien.catalogue import iso2709
from thuvien.catalogue.marc import Field, MarcRecord
from thuvien.catalogue.models import Record
from thuvien.catalogue.services import run_import
from thuvien.network.models import Library
from thuvien.testing import factories

BOOK = "00000nam a22000007i 4500"
PROVINCE = "VN-TA0001"
COMMUNE = "VN-TB0001"
EMPTY = "VN-TC0001"


def sub(*pairs: str) -> list[list[str]]:
    """sub("a", "x", "b", "y") → [["a", "x"], ["b", "y"]]."""
    return [[pairs[i], pairs[i + 1]] for i in range(0, len(pairs), 2)]


def fixed(year: str, lang: str = "vie", contents: str = "") -> str:
    """An 008 for a book published in ``year`` in ``lang`` (``contents``: 24-27, "m" thesis)."""
    value = f"250101s{year}    vm a     {contents:<4} 000 0 {lang} d"
    assert len(value) == 40, value  # noqa: S101 - a test builder's own invariant
    return value


def copy(code: str, barcode: str, call: str, place: str = "Kho mượn", **flags: str) -> Field:
    """A Koha 952 copy; flags such as ``not_for_loan="1"`` become $7 and the like."""
    codes = {"not_for_loan": "7", "lost": "1", "damaged": "4"}
    extra = [[codes[k], v] for k, v in flags.items()]
    return [
        "952",
        " ",
        " ",
        [*sub("a", code, "b", code, "c", place, "o", call, "p", barcode), *extra],
    ]


def record(
    number: int, fields: list[Field], *, leader: str = BOOK, org: str = PROVINCE
) -> MarcRecord:
    head: list[Field] = [["001", f"TEST{number:04d}"], ["003", org]]
    return MarcRecord(leader, head + fields)


def records() -> dict[str, MarcRecord]:
    return {
        "digital": record(
            1,
            [
                ["008", fixed("2021")],
                ["020", " ", " ", sub("a", "978-604-0-00001-9")],
                ["082", "0", "4", sub("a", "025.04", "2", "23")],
                ["100", "0", " ", sub("a", "Nguyễn Văn An,", "e", "chủ biên.")],
                [
                    "245", "1", "0",
                    sub("a", "Thư viện số :", "b", "chuyển đổi số trong thư viện công cộng /",
                        "c", "Nguyễn Văn An chủ biên ; Lê Thị Bình dịch."),
                ],
                ["250", " ", " ", sub("a", "Tái bản lần thứ 2.")],
                ["260", " ", " ",
                 sub("a", "Hà Nội :", "b", "Thông tin và Truyền thông,", "c", "2021.")],
                ["300", " ", " ", sub("a", "245 tr. ;", "c", "24 cm.")],
                ["500", " ", " ", sub("a", "Có thư mục cuối sách.")],
                ["650", " ", "4", sub("a", "Thư viện số", "z", "Việt Nam.")],
                ["700", "0", " ", sub("a", "Lê Thị Bình,", "e", "dịch.")],
                copy(PROVINCE, "TA000001", "025.04 TH-V", "Kho mượn"),
                copy(PROVINCE, "TA000002", "025.04 TH-V", "Phòng đọc", not_for_loan="1"),
                copy(COMMUNE, "TB000001", "025.04 TH-V", "Tủ sách xã"),
            ],
        ),
        "english": record(
            2,
            [
                ["008", fixed("2000", "eng")],
                ["020", " ", " ", sub("a", "0-262-01180-8")],
                ["100", "1", " ", sub("a", "Arms, William Y.")],
                ["245", "1", "0", sub("a", "Digital libraries /", "c", "William Y. Arms.")],
                ["260", " ", " ", sub("a", "Cambridge, Mass. :", "b", "MIT Press,", "c", "2000.")],
                ["650", " ", "0", sub("a", "Digital libraries.")],
                copy(PROVINCE, "TA000003", "025.00285 ARM", "Kho mượn"),
            ],
        ),
        "french": record(
            3,
            [
                ["008", fixed("1920", "fre")],
                ["245", "1", "0", sub("a", "Histoire de l'Indochine.")],
                ["260", " ", " ", sub("a", "Paris :", "b", "Plon,", "c", "1920.")],
            ],
        ),
        "thesis": record(
            4,
            [
                ["008", fixed("2023", contents="m")],
                ["100", "0", " ", sub("a", "Trần Thị Mỹ Linh.")],
                [
                    "245", "1", "0",
                    sub("a", "Phát triển văn hóa đọc ở Cà Mau :", "b", "luận văn thạc sĩ /",
                        "c", "Trần Thị Mỹ Linh."),
                ],
                ["260", " ", " ", sub("a", "Hà Nội,", "c", "2023.")],
                ["502", " ", " ",
                 sub("b", "Thạc sĩ", "c", "Trường Đại học Văn hóa Hà Nội,", "d", "2023.")],
                ["700", "0", " ", sub("a", "Nguyễn Văn Hùng,", "e", "người hướng dẫn.")],
                copy(PROVINCE, "TA000004", "028.9 LIN", "Phòng Địa chí", not_for_loan="1"),
            ],
        ),
        "serial": record(
            5,
            [
                ["008", "250101c19uu9999vm br p       0   b0vie d"],
                ["022", "0", " ", sub("a", "1859-1450")],
                ["245", "0", "0", sub("a", "Tạp chí Thư viện Việt Nam.")],
                ["260", " ", " ", sub("a", "Hà Nội :", "b", "Thư viện Quốc gia Việt Nam.")],
                copy(PROVINCE, "TA000005", "020.5 TAP", "Phòng báo"),
            ],
            leader="00000nas a2200000 i 4500",
        ),
        "escapes": record(
            6,
            [
                ["008", fixed("2024")],
                ["100", "1", " ", sub("a", "O'Brien & Sons, Kate_{x}")],
                ["245", "1", "0", sub("a", "C++ & {LaTeX}: 100% $ #1 ~^ \\ </script><b>đậm</b>")],
                ["260", " ", " ", sub("a", "Hà Nội :", "b", "Nxb. Trẻ,", "c", "2024.")],
                copy(PROVINCE, "TA000006", "005.13 OBR", "Kho mượn"),
            ],
        ),
        "authority": MarcRecord(
            "00000nz  a2200000n  4500",
            [["001", "AUTH0001"], ["008", "250101n| acannaabn          |a aaa      "],
             ["100", "0", " ", sub("a", "Nguyễn Du,", "d", "1765-1820")]],
        ),
    }  # fmt: skip


def held_by(marc: MarcRecord, code: str) -> MarcRecord | None:
    """The record with only the copies of library ``code`` (None: it has none there), as
    each library of a network imports its own copy of a shared record."""
    mine = [f for f in marc.fields if f[0] != "952" or ["a", code] in f[3]]
    if not any(f[0] == "952" for f in mine) and any(f[0] == "952" for f in marc.fields):
        return None
    return MarcRecord(marc.leader, mine)


def import_marc(library: Library, marcs: list[MarcRecord], source: str = "test.mrc") -> None:
    data = b"".join(iso2709.encode(m) for m in marcs)
    run_import(library, io.BytesIO(data), actor="test", source=source)


@dataclass
class PortalData:
    libraries: dict[str, Library]
    ids: dict[str, int] = field(default_factory=dict)
    elsewhere: dict[str, int] = field(default_factory=dict)  # key → id in the commune library

    def record(self, key: str) -> Record:
        return Record.objects.select_related("library").get(pk=self.ids[key])


def portal_catalogue() -> PortalData:
    """Three libraries; every record imported into the province, copies of the shared one
    also into the commune library."""
    libraries = {
        PROVINCE: factories.library(
            PROVINCE, name_vi="Thư viện tỉnh Thử Nghiệm", name_en="Thử Nghiệm Provincial Library",
            address="1 Đường Hùng Vương, Thử Nghiệm",
        ),
        COMMUNE: factories.library(
            COMMUNE, name_vi="Thư viện xã Bình An", name_en="Bình An Commune Library"
        ),
        EMPTY: factories.library(EMPTY, name_vi="Thư viện trường Tiểu học Hoà Bình"),
    }  # fmt: skip
    marcs = records()
    import_marc(libraries[PROVINCE], [held_by(m, PROVINCE) or m for m in marcs.values()])
    shared = held_by(marcs["digital"], COMMUNE)
    assert shared is not None  # noqa: S101 - the catalogue above gives the commune a copy
    import_marc(libraries[COMMUNE], [shared])
    data = PortalData(libraries)
    for key, marc in marcs.items():
        data.ids[key] = Record.objects.get(
            library=libraries[PROVINCE], control_number=marc.control("001")
        ).pk
    data.elsewhere["digital"] = Record.objects.get(library=libraries[COMMUNE]).pk
    return data
