"""The relevance corpus: the Vietnamese sample records (real titles and authors from the Tiki
listing in ../shared/data) plus hand-made records for the hard cases, and the queries that
must each put one record first."""

from __future__ import annotations

import unicodedata
from typing import Any

from thuvien.catalogue.marc import MarcRecord
from thuvien.demo.vietnamese_sample_data import fixed_008

LIBRARY = "VN-RL01"


def book(
    control: str,
    title: str,
    *,
    authors: tuple[str, ...] = (),
    subjects: tuple[str, ...] = (),
    year: str = "2020",
    lang: str = "vie",
    isbn: str = "",
    barcode: str = "",
    call: str = "",
    extra: tuple[Any, ...] = (),
    copies: tuple[str, ...] = ("available",),
) -> MarcRecord:
    """A bibliographic record with copies (952): one per status in ``copies`` ("available",
    "lost" or "not-for-loan"); the importing library holds them. ``year=""``: no year."""
    head, _, rest = title.partition(" : ")
    title_subfields = [["a", head + (" :" if rest else "")]] + ([["b", rest]] if rest else [])
    fields: list[Any] = [
        ["001", control],
        ["003", "RL"],
        ["008", fixed_008(year or "    ", lang=lang)],
    ]
    if isbn:
        fields.append(["020", " ", " ", [["a", isbn]]])
    if authors:
        inverted = "1" if "," in authors[0] else "0"
        fields.append(["100", inverted, " ", [["a", authors[0]]]])
    fields.append(["245", "1" if authors else "0", "0", title_subfields])
    date = f"{year}." if year else "[s.n.]"
    fields.append(["260", " ", " ", [["a", "Hà Nội :"], ["b", "Nxb. Lao Động,"], ["c", date]]])
    fields += [list(f) for f in extra]
    fields += [["650", " ", "4", [["a", s]]] for s in subjects]
    fields += [["700", "1" if "," in a else "0", " ", [["a", a]]] for a in authors[1:]]
    flags = {"available": [], "lost": [["1", "1"]], "not-for-loan": [["7", "1"]]}
    for n, status in enumerate(copies):
        code = barcode if barcode and n == 0 else f"RL{control}{n or ''}"
        copy = [["a", LIBRARY], ["b", LIBRARY], ["o", call or "000 THU"], ["p", code]]
        fields.append(["952", " ", " ", [*copy, ["y", "BK"], *flags[status]]])
    return MarcRecord("00000nam a2200000 a 4500", fields)


def handmade() -> list[MarcRecord]:
    return [
        book("GOAT", "Con dê đi học", authors=("Phạm Hổ",), subjects=("Truyện thiếu nhi",)),
        book("CRICKET", "Con dế đi học", authors=("Phạm Hổ",), subjects=("Truyện thiếu nhi",)),
        book("PEACE", "Hoà bình cho Đông Dương", authors=("Trần Văn Giàu",), year="1975"),
        book("HEALTH", "Khoẻ mạnh mỗi ngày", subjects=("Sức khỏe",)),
        book("THEORY", "Lí luận văn học", authors=("Phương Lựu",), year="2006"),
        book("PHYSICS", "Vật lý đại cương", authors=("Lương Duyên Bình",), year="2012"),
        book("SHRIMP", "Kĩ thuật nuôi tôm sú", subjects=("Nuôi trồng thủy sản",)),
        book(
            "DIGLIB",
            "Thư viện số : lý thuyết và thực hành",
            authors=("Nguyễn Hoàng Sơn",),
            subjects=("Thư viện số",),
            year="2016",
        ),
        book("NOTEBOOK", "Sổ tay thư viện trường học", subjects=("Thư viện trường học",)),
        book("DIGITISE", "Số hoá tài liệu trong thư viện", subjects=("Số hoá",)),
        book("DX", "Chuyển đổi số trong thư viện công cộng", subjects=("Chuyển đổi số",)),
        book("DX2", "Đổi mới công tác chuyển giao số liệu", subjects=("Quản lý",)),
        book("LQD", "Vân đài loại ngữ", authors=("Lê Quý Đôn",), year="1995"),
        book("RU", "Война и мир", authors=("Толстой, Лев Николаевич",), lang="rus"),
        book("ZH", "图书馆学基础", authors=("吴慰慈",), lang="chi", year="2008"),
        book("HE", "תולדות הספרייה הלאומית", lang="heb", year="2004"),
        book("ISBN", "Lịch sử thư viện Việt Nam", isbn="978-604-2-32145-7", year="2019"),
        book(
            "ISBN10",
            "Computer graphics",
            authors=("Foley, James",),
            lang="eng",
            isbn="0-306-40615-2",
            year="1990",
        ),
        book("BARCODE", "Địa danh Cà Mau", barcode="CM0001987654"),
        book("CALL", "Luận văn thạc sĩ thư viện học", call="LV 2024 TTT"),
        book(
            "ENGLISH",
            "Digital libraries",
            authors=("Arms, William Y.",),
            lang="eng",
            subjects=("Digital libraries",),
            year="2000",
        ),
    ]


NFD = unicodedata.normalize("NFD", "thư viện số")

# (query, control number of the record that must come first)
RELEVANCE: list[tuple[str, str]] = [
    # exact diacritics rank first
    ("con dê đi học", "GOAT"),
    ("con dế đi học", "CRICKET"),
    ("CON DẾ ĐI HỌC", "CRICKET"),
    # old and new tone placement
    ("hòa bình cho đông dương", "PEACE"),
    ("hoà bình đông dương", "PEACE"),
    ("khỏe mạnh mỗi ngày", "HEALTH"),
    ("khoe manh moi ngay", "HEALTH"),
    # i/y spellings
    ("lý luận văn học", "THEORY"),
    ("li luan van hoc", "THEORY"),
    ("vật lí đại cương", "PHYSICS"),
    ("kỹ thuật nuôi tôm", "SHRIMP"),
    # multi-syllable words, however typed
    ("thư viện số", "DIGLIB"),
    ("thu vien so", "DIGLIB"),
    ("thư viên số", "DIGLIB"),
    (NFD, "DIGLIB"),
    ("THƯ VIỆN SỐ", "DIGLIB"),
    ("số hoá tài liệu", "DIGITISE"),
    ("so hoa tai lieu", "DIGITISE"),
    ("sổ tay thư viện", "NOTEBOOK"),
    ("chuyển đổi số", "DX"),
    ("chuyen doi so thu vien", "DX"),
    # authors: full name, surname + given name, without diacritics
    ("lê quý đôn", "LQD"),
    ("le don", "LQD"),
    ("paulo coelho nhà giả kim", "TIKI:Nhà Giả Kim"),
    ("phan cam thuong", "TIKI:Văn Minh Vật Chất Của Người Việt"),
    ("murakami lắng nghe gió hát", "TIKI:Lắng Nghe Gió Hát"),
    ("author:murakami kafka", "TIKI:Kafka bên bờ biển"),
    # other scripts
    ("Война и мир", "RU"),
    ("ТОЛСТОЙ", "RU"),
    ("图书馆", "ZH"),
    ("ប្រជុំរឿងព្រេងខ្មែរ", "TVDEMO0002"),
    ("រឿងព្រេងខ្មែរ", "TVDEMO0002"),
    ("הספרייה הלאומית", "HE"),
    # identifiers typed alone
    ("978-604-2-32145-7", "ISBN"),
    ("9786042321457", "ISBN"),
    ("0-306-40615-2", "ISBN10"),
    ("9780306406157", "ISBN10"),
    ("CM0001987654", "BARCODE"),
    ("cm0001987654", "BARCODE"),
    ("LV 2024 TTT", "CALL"),
    ("1859-1450", "TVDEMO0004"),
    # real titles from the listing, typed the way readers type
    ("nha gia kim", "TIKI:Nhà Giả Kim"),
    ("hai van dam duoi day bien", "TIKI:Hai Vạn Dặm Dưới Đáy Biển"),
    ("bí mật của naoko", "TIKI:Bí Mật Của Naoko"),
    ("cau be mac vay", "TIKI:Cậu Bé Mặc Váy"),
    ("van minh vat chat nguoi viet", "TIKI:Văn Minh Vật Chất Của Người Việt"),
    ("dich hach camus", "TIKI:Dịch Hạch (Nobel Văn Chương 1957)"),
    ("chạm tay hoá vàng", "TIKI:Chạm Tay Hóa Vàng"),
    ("thiền định thực hành", "TIKI:Thực Hành Thiền Định"),
    ("cổ phiếu thường lợi nhuận phi thường", "TIKI:Cổ Phiếu Thường, Lợi Nhuận Phi Thường"),
    ("tieng trung giao tiep buon ban", "TIKI:Tiếng Trung giao tiếp buôn bán"),
    ("dế mèn phiêu lưu ký", "TIKI:Dế Mèn Phiêu Lưu Ký"),
    ("harry potter hòn đá phù thủy", "TIKI:Harry Potter và Hòn đá phù thủy"),
    ("tuoi tre dang gia bao nhieu rosie nguyen", "TIKI:Tuổi Trẻ Đáng Giá Bao Nhiêu"),
    ("cho toi xin mot ve di tuoi tho", "TIKI:Cho Tôi Xin Một Vé Đi Tuổi Thơ"),
    ("tôi thấy hoa vàng trên cỏ xanh", "TIKI:Tôi Thấy Hoa Vàng Trên Cỏ Xanh"),
    ("sapiens luoc su loai nguoi", "TIKI:Sapiens Lược Sử Loài Người"),
    ("tinh hoa kinh tế học", "TIKI:Tinh Hoa Kinh Tế Học"),
    ("nghệ thuật tinh tế của việc đếch quan tâm", "TIKI:Nghệ Thuật Tinh Tế Của Việc Đếch Quan Tâm"),
    # more words than the record has, or typos: no record has them all, any will do
    ("sach nha gia kim cua paulo coelho", "TIKI:Nhà Giả Kim"),
    ("nha gia kim paolo coelo", "TIKI:Nhà Giả Kim"),
    ("thu vein so", "DIGLIB"),
    ("digital libraries", "ENGLISH"),
    ("year:2009 địa chí", "TVDEMO0001"),
    ("title:lịch sử thư viện", "ISBN"),
]
