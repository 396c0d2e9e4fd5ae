"""Data for the Vietnamese sample records: the category tables, the copy numbering all sample
records share, and hand-written records (see :mod:`thuvien.demo.vietnamese_samples`).

Five records that exercise what the bookstore listing cannot: a local-studies (địa chí) book,
a bilingual Khmer–Vietnamese book with 880 parallel script linkage, a book classified with
BBK (084 $2 bbk) as Vietnamese libraries did before DDC, a serial with its ISSN, and a
master's thesis (502). "Địa chí Cà Mau" (2009), "Lịch sử Việt Nam, tập 1" (1971) and "Tạp
chí Thư viện Việt Nam" are real publications, described from their published facts;
the Khmer folk-tale collection and the thesis are invented but plausible, as demo data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from thuvien.catalogue.marc import Field, MarcRecord

STAMP = "20250701000000.0"  # 005: fixed, so the same input always gives the same records
ENTERED = "250701"
BOOK = "00000nam a2200000 i 4500"
LISTING_YEAR = 2022  # the listing was taken in December 2022 (its newest magazine issue)

# Category (case-folded) → (DDC or "LIT", subject, 008/33 literary form, 008/22 audience,
# 008/24 nature of contents).
CATEGORIES: dict[str, tuple[str, str, str, str, str]] = {
    "sách tư duy - kỹ năng sống": ("158.1", "Kỹ năng sống", "0", " ", " "),
    "sách nghệ thuật sống đẹp": ("158.1", "Nghệ thuật sống", "0", " ", " "),
    "đạo đức - kỹ năng sống": ("170", "Đạo đức", "0", " ", " "),
    "tiểu thuyết": ("LIT", "Tiểu thuyết", "f", " ", " "),
    "truyện dài": ("LIT", "Truyện dài", "f", " ", " "),
    "light novel": ("LIT", "Light novel", "f", "d", " "),
    "truyện ngắn - tản văn - tạp văn": ("LIT", "Truyện ngắn", "j", " ", " "),
    "truyện trinh thám": ("LIT", "Truyện trinh thám", "f", " ", " "),
    "tác phẩm kinh điển": ("LIT", "Văn học kinh điển", "1", " ", " "),
    "truyện giả tưởng - huyền bí - phiêu lưu": ("LIT", "Truyện giả tưởng", "f", " ", " "),
    "truyện đam mỹ": ("LIT", "Truyện đam mỹ", "f", " ", " "),
    "truyện ngôn tình": ("LIT", "Truyện ngôn tình", "f", " ", " "),
    "truyện kinh dị": ("LIT", "Truyện kinh dị", "f", " ", " "),
    "truyện kiếm hiệp": ("LIT", "Truyện kiếm hiệp", "f", " ", " "),
    "văn học thiếu nhi": ("LIT", "Văn học thiếu nhi", "1", "j", " "),
    "truyện kể cho bé": ("LIT", "Truyện thiếu nhi", "1", "j", " "),
    "thơ": ("LIT", "Thơ", "p", " ", " "),
    "truyện cười": ("LIT", "Truyện cười", "h", " ", " "),
    "phóng sự - ký sự - bút ký": ("LIT", "Phóng sự", "m", " ", " "),
    "truyện tranh ehon": ("741.5", "Truyện tranh", "1", "j", "6"),
    "truyện tranh thiếu nhi": ("741.5", "Truyện tranh", "1", "j", "6"),
    "tranh truyện": ("741.5", "Truyện tranh", "1", "j", "6"),
    "truyện cổ tích": ("398.2", "Truyện cổ tích", "1", "j", " "),
    "truyện cổ tích - ngụ ngôn": ("398.2", "Truyện cổ tích", "1", "j", " "),
    "sách kỹ năng làm việc": ("650.1", "Kỹ năng làm việc", "0", " ", " "),
    "sách hướng nghiệp - kỹ năng mềm": ("331.702", "Hướng nghiệp", "0", " ", " "),
    "bài học kinh doanh": ("658", "Kinh doanh", "0", " ", " "),
    "sách khởi nghiệp": ("658.11", "Khởi nghiệp", "0", " ", " "),
    "sách quản trị, lãnh đạo": ("658.4", "Lãnh đạo", "0", " ", " "),
    "sách quản trị nhân lực": ("658.3", "Quản trị nhân lực", "0", " ", " "),
    "sách marketing - bán hàng": ("658.8", "Marketing", "0", " ", " "),
    "sách doanh nhân": ("338.092", "Doanh nhân", "0", " ", "d"),
    "sách tài chính, tiền tệ": ("332", "Tài chính", "0", " ", " "),
    "sách kinh tế học": ("330", "Kinh tế học", "0", " ", " "),
    "kiến thức - bách khoa": ("030", "Kiến thức bách khoa", "0", " ", " "),
    "kiến thức bách khoa": ("030", "Kiến thức bách khoa", "0", " ", " "),
    "sách kiến thức - kỹ năng cho trẻ": ("030", "Kiến thức cho trẻ", "0", "j", " "),
    "triết học": ("100", "Triết học", "0", " ", " "),
    "sách chiêm tinh - horoscope": ("133.5", "Chiêm tinh", "0", " ", " "),
    "sách phong thủy - kinh dịch": ("133.3337", "Phong thủy", "0", " ", " "),
    "sách tâm lý tuổi teen": ("155.5", "Tâm lý học tuổi vị thành niên", "0", "d", " "),
    "sách hôn nhân - giới tính": ("306.7", "Hôn nhân và giới tính", "0", " ", " "),
    "luật - văn bản luật": ("340", "Pháp luật", "0", " ", " "),
    "sách giáo dục": ("370", "Giáo dục", "0", " ", " "),
    "sách tham khảo cấp i": ("372", "Sách tham khảo", "0", "j", " "),
    "sách tham khảo cấp ii": ("373", "Sách tham khảo", "0", "d", " "),
    "sách tham khảo cấp iii": ("373", "Sách tham khảo", "0", "d", " "),
    "sách luyện thi đại học - cao đẳng": ("378.1662", "Luyện thi đại học", "0", "d", " "),
    "giáo trình đại học - cao đẳng": ("378", "Giáo trình", "0", " ", " "),
    "sách phong tục - tập quán": ("390", "Phong tục tập quán", "0", " ", " "),
    "sách học tiếng anh": ("428", "Tiếng Anh", "0", " ", " "),
    "sách học tiếng hoa": ("495.1", "Tiếng Trung Quốc", "0", " ", " "),
    "sách học tiếng nhật": ("495.6", "Tiếng Nhật", "0", " ", " "),
    "sách học tiếng hàn": ("495.7", "Tiếng Hàn Quốc", "0", " ", " "),
    "ngoại ngữ khác": ("400", "Ngoại ngữ", "0", " ", " "),
    "tin học văn phòng": ("005.5", "Tin học văn phòng", "0", " ", " "),
    "chăm sóc sức khỏe": ("613", "Sức khỏe", "0", " ", " "),
    "sách thai giáo": ("618.24", "Thai giáo", "0", " ", " "),
    "sách nấu ăn": ("641.5", "Nấu ăn", "0", " ", " "),
    "sách làm đẹp": ("646.7", "Làm đẹp", "0", " ", " "),
    "sách làm cha mẹ": ("649.1", "Nuôi dạy con", "0", " ", " "),
    "mỹ thuật - kiến trúc": ("700", "Mỹ thuật", "0", " ", " "),
    "tô màu - luyện chữ": ("741.2", "Tô màu", "0", "j", " "),
    "sách tô màu dành cho người lớn": ("741.2", "Tô màu", "0", " ", " "),
    "âm nhạc - điện ảnh": ("780", "Âm nhạc", "0", " ", " "),
    "lịch sử thế giới": ("909", "Lịch sử thế giới", "0", " ", " "),
    "lịch sử việt nam": ("959.7", "Lịch sử Việt Nam", "0", " ", " "),
    "du ký": ("910.4", "Du ký", "0", " ", " "),
    "sách địa danh - du lịch": ("910", "Du lịch", "0", " ", " "),
    "tiểu sử - hồi ký": ("920", "Tiểu sử", "0", " ", "d"),
    "sách danh nhân": ("920", "Danh nhân", "0", " ", "d"),
}
# Categories that are really product titles (the column is noisy): the first pattern found
# in the category or title decides.
KEYWORDS: tuple[tuple[str, tuple[str, str, str, str, str]], ...] = (
    (
        r"tập\s*\d|boxset|combo|manga|conan|one piece|doraemon|dragon|black jack|spy x|"
        r"look back|canis|poco|truyện tranh|\s\d+$",
        CATEGORIES["tranh truyện"],
    ),
    (
        r"\bkinh (?!doanh|tế)|phật|bụt|thiền|osho|mây trắng|tĩnh lặng|tỉnh thức|chánh niệm|"
        r"diệu đế|hoa sen|tuyết|muốn an",
        ("294.3", "Phật giáo", "0", " ", " "),
    ),
    (r"kiếp|linh hồn|thần số|phương đông|tâm thức", ("133.9", "Tâm linh", "0", " ", " ")),
    (
        r"cơ thể|dinh dưỡng|thực dưỡng|enzyme|ayurveda|ung thư|sức khỏe|miễn dịch|\băn\b|"
        r"chữa|yoga|sơ cứu|xét nghiệm|tuổi thọ|cổ họng",
        CATEGORIES["chăm sóc sức khỏe"],
    ),
    (r"tâm lý|thôi miên|thao túng", ("150", "Tâm lý học", "0", " ", " ")),
    (r"forbes|tiền mã hóa|covid", CATEGORIES["sách kinh tế học"]),
)
# Names of the listing that fit Hepburn romanisation but are not Japanese.
NOT_JAPANESE = frozenset({"mario puzo", "chimamanda ngozi adichie", "chan ho kei"})
NOT_BOOKS = ("sữa", "lắc tay")  # the listing sells a carton of milk and a bracelet too
LIT_FORM_DIGIT = {"p": "1", "h": "7", "m": "8"}  # anything else: fiction, 3

HANOI_PUBLISHERS = (
    "hà nội", "kim đồng", "hội nhà văn", "thế giới", "dân trí", "lao động", "hồng đức",
    "hong duc", "thanh niên", "văn học", "công thương", "phụ nữ", "mỹ thuật", "tri thức",
    "chính trị quốc gia", "tài chính", "thông tin và truyền thông", "khoa học xã hội",
    "tôn giáo", "kinh tế quốc dân", "thông tấn", "văn hoá dân tộc", "sư phạm",
    "khoa học & kỹ thuật", "cong an", "giáo dục việt nam",
)  # fmt: skip
HCMC_PUBLISHERS = ("nxb trẻ", "tp.hcm", "tphcm", "văn hóa - văn nghệ")
OTHER_SEATS = {"đà nẵng": "Đà Nẵng", "đồng nai": "Đồng Nai"}


def fixed_008(
    year: str,
    *,
    form: str = "0",
    audience: str = " ",
    contents: str = " ",
    biography: str = " ",
    lang: str = "vie",
) -> str:
    """008 for books: single known date, Vietnam, no illustrations or index recorded."""
    value = (
        f"{ENTERED}s{year:<4.4}    vm     {audience} {contents:<4.4} 000 {form}{biography}{lang} d"
    )
    if len(value) != 40:
        raise ValueError(f"008 would be {len(value)} characters: {value!r}")
    return value


class Copies:
    """Numbers the copies: barcodes run per library, số ĐKCB per library and prefix."""

    def __init__(self, libraries: Sequence[str]) -> None:
        if not libraries:
            raise ValueError("give at least one library code to hold the copies")
        self.libraries = list(libraries)
        self.barcodes: Counter[str] = Counter()
        self.accessions: Counter[tuple[str, str]] = Counter()

    def field(
        self,
        code: str,
        *,
        prefix: str,
        call: str,
        location: str,
        price: str = "",
        item_type: str = "BK",
        enumeration: str = "",
        not_for_loan: bool = False,
    ) -> Field:
        self.barcodes[code] += 1
        self.accessions[code, prefix] += 1
        barcode = code.removeprefix("VN-").replace("-", "") + f"{self.barcodes[code]:06d}"
        subfields = [["a", code], ["b", code], ["c", location]]
        subfields += [["g", price]] if price else []
        subfields += [["h", enumeration]] if enumeration else []
        subfields += [
            ["i", f"{prefix}.{self.accessions[code, prefix]:06d}"],
            ["o", call],
            ["p", barcode],
            ["y", item_type],
        ]
        subfields += [["7", "1"]] if not_for_loan else []
        return ["952", " ", " ", subfields]


def held_by(record: MarcRecord, code: str) -> MarcRecord | None:
    """The record with only the copies (952) of library ``code``; None if it has none there."""
    mine = [f for f in record.fields if f[0] != "952" or ["a", code] in f[3]]
    if len(mine) == len(record.fields) - sum(1 for f in record.fields if f[0] == "952"):
        return None
    return MarcRecord(record.leader, mine)


def _sub(*pairs: str) -> list[list[str]]:
    """_sub("a", "x", "b", "y") → [["a", "x"], ["b", "y"]]."""
    return [[pairs[i], pairs[i + 1]] for i in range(0, len(pairs), 2)]


def _head(number: int, org: str, fixed: str, *langs: str) -> list[Field]:
    return [
        ["001", f"TVDEMO{number:04d}"],
        ["003", org],
        ["005", STAMP],
        ["008", fixed],
        ["040", " ", " ", _sub("a", org, "b", "vie", "c", org)],
        ["041", "0", " ", [["a", lang] for lang in langs or ("vie",)]],
    ]


def handwritten_records(copies: Copies) -> list[MarcRecord]:
    libs = copies.libraries
    org = libs[0]

    def lib(n: int) -> str:  # the n-th demo library, wrapping when fewer are given
        return libs[n % len(libs)]

    local: list[Field] = [
        *_head(1, org, fixed_008("2009"), "vie"),
        ["082", "0", "4", _sub("a", "959.7", "2", "23")],
        [
            "245",
            "0",
            "0",
            _sub("a", "Địa chí Cà Mau /", "c", "Tỉnh ủy - Ủy ban nhân dân tỉnh Cà Mau."),
        ],
        ["260", " ", " ", _sub("a", "Hà Nội :", "b", "Nxb. Chính trị Quốc gia,", "c", "2009.")],
        ["300", " ", " ", _sub("a", "1 tập :", "b", "minh họa ;", "c", "27 cm.")],
        ["500", " ", " ", _sub("a", "Tài liệu địa chí tỉnh Cà Mau.")],
        ["651", " ", "4", _sub("a", "Cà Mau (Việt Nam)", "x", "Địa chí.")],
        ["710", "2", " ", _sub("a", "Ủy ban nhân dân tỉnh Cà Mau.")],
        copies.field(
            org, prefix="DC", call="959.7 DIA", location="Phòng Địa chí", not_for_loan=True
        ),
        copies.field(org, prefix="DC", call="959.7 DIA", location="Kho lưu trữ", not_for_loan=True),
        copies.field(lib(2), prefix="DC", call="959.7 DIA", location="Phòng đọc"),
    ]
    khmer: list[Field] = [
        *_head(2, org, fixed_008("2019", form="1", lang="khm"), "khm", "vie"),
        ["066", " ", " ", _sub("c", "Khmr")],
        ["082", "0", "4", _sub("a", "398.209597", "2", "23")],
        [
            "245",
            "0",
            "0",
            _sub(
                "6", "880-01", "a", "Prajuṃ rīoeṅ breṅ khmaer =", "b", "Tuyển tập truyện cổ Khmer."
            ),
        ],
        [
            "880",
            "0",
            "0",
            _sub("6", "245-01", "a", "ប្រជុំរឿងព្រេងខ្មែរ =", "b", "Tuyển tập truyện cổ Khmer."),
        ],
        ["260", " ", " ", _sub("a", "Hà Nội :", "b", "Nxb. Văn hóa Dân tộc,", "c", "2019.")],
        ["300", " ", " ", _sub("a", "215 tr. ;", "c", "21 cm.")],
        ["546", " ", " ", _sub("a", "Song ngữ Khmer - Việt.")],
        ["650", " ", "4", _sub("a", "Truyện cổ tích Khmer", "z", "Việt Nam.")],
        copies.field(org, prefix="NV", call="398.2 PRA", location="Kho mượn"),
        copies.field(lib(6), prefix="NV", call="398.2 PRA", location="Tủ sách chùa"),
    ]
    bbk: list[Field] = [
        *_head(3, org, fixed_008("1971"), "vie"),
        ["084", " ", " ", _sub("a", "9(V)1", "2", "bbk")],
        ["110", "2", " ", _sub("a", "Ủy ban Khoa học xã hội Việt Nam.")],
        [
            "245",
            "1",
            "0",
            _sub("a", "Lịch sử Việt Nam.", "n", "Tập 1 /", "c", "Ủy ban Khoa học xã hội Việt Nam."),
        ],
        ["260", " ", " ", _sub("a", "Hà Nội :", "b", "Khoa học xã hội,", "c", "1971.")],
        ["300", " ", " ", _sub("a", "1 tập ;", "c", "27 cm.")],
        ["651", " ", "4", _sub("a", "Việt Nam", "x", "Lịch sử.")],
        copies.field(org, prefix="VV", call="9(V)1 LIC", location="Kho lưu trữ", not_for_loan=True),
    ]
    serial_008 = f"{ENTERED}c19uu9999vm br p       0   b0vie d"
    serial: list[Field] = [
        ["001", "TVDEMO0004"],
        ["003", org],
        ["005", STAMP],
        ["008", serial_008],
        ["022", "0", " ", _sub("a", "1859-1450")],
        ["040", " ", " ", _sub("a", org, "b", "vie", "c", org)],
        ["082", "0", "4", _sub("a", "020.5", "2", "23")],
        ["245", "0", "0", _sub("a", "Tạp chí Thư viện Việt Nam.")],
        ["260", " ", " ", _sub("a", "Hà Nội :", "b", "Thư viện Quốc gia Việt Nam.")],
        ["310", " ", " ", _sub("a", "2 tháng 1 số.")],
        ["650", " ", "4", _sub("a", "Thư viện học", "v", "Tạp chí.")],
        *(
            copies.field(
                org,
                prefix="BC",
                call="020.5 TAP",
                location="Phòng báo - tạp chí",
                item_type="SER",
                enumeration=f"Số {n} (2024)",
                not_for_loan=True,
            )
            for n in (1, 2, 3)
        ),
    ]
    thesis: list[Field] = [
        *_head(5, org, fixed_008("2023", contents="m"), "vie"),
        ["082", "0", "4", _sub("a", "028.9", "2", "23")],
        ["100", "0", " ", _sub("a", "Trần Thị Mỹ Linh.")],
        [
            "245",
            "1",
            "0",
            _sub(
                "a",
                "Phát triển văn hóa đọc cho người dân các xã ven biển tỉnh Cà Mau :",
                "b",
                "luận văn thạc sĩ Khoa học thông tin - thư viện /",
                "c",
                "Trần Thị Mỹ Linh ; người hướng dẫn: Nguyễn Văn Hùng.",
            ),
        ],
        ["260", " ", " ", _sub("a", "Hà Nội,", "c", "2023.")],
        ["300", " ", " ", _sub("a", "112 tờ ;", "c", "30 cm.")],
        [
            "502",
            " ",
            " ",
            _sub("b", "Thạc sĩ", "c", "Trường Đại học Văn hóa Hà Nội,", "d", "2023."),
        ],
        ["504", " ", " ", _sub("a", "Thư mục: tờ 105-112.")],
        ["650", " ", "4", _sub("a", "Văn hóa đọc", "z", "Cà Mau (Việt Nam).")],
        ["700", "0", " ", _sub("a", "Nguyễn Văn Hùng,", "e", "người hướng dẫn.")],
        copies.field(
            org, prefix="LV", call="028.9 LIN", location="Phòng Địa chí", not_for_loan=True
        ),
    ]
    serial_leader = "00000nas a2200000 i 4500"
    return [
        MarcRecord(BOOK, local),
        MarcRecord(BOOK, khmer),
        MarcRecord(BOOK, bbk),
        MarcRecord(serial_leader, serial),
        MarcRecord(BOOK, thesis),
    ]
