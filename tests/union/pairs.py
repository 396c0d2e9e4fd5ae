"""A labelled set of record pairs for the union catalogue's matching, written by hand.

Each pair is (left, right, expected decision, why). A record is a dict of the catalogue's
extracted fields, with ISBNs as cataloguers type them (hyphens, ISBN-10): :func:`row`
normalises them the way the import does. Books are real-looking Vietnamese and foreign
titles; variants are what union catalogues meet: another tone placement (hoà/hòa), no
diacritics, other punctuation and case, "Nxb." before the publisher, re-editions, volumes
of one set sharing an ISBN, the same title by another author or in another year.
"""

from __future__ import annotations

from itertools import count
from typing import Any

from thuvien.catalogue.extract import isbn13

# (title, author, publisher, year, pages)
BOOKS: list[tuple[str, str, str, int, int]] = [
    ("Hòa bình và phát triển bền vững", "Nguyễn Văn Hòa", "Chính trị Quốc gia", 2015, 320),
    ("Thủy lợi đồng bằng sông Cửu Long", "Trần Thủy", "Nông nghiệp", 2012, 210),
    ("Sức khỏe cộng đồng", "Lê Thị Khỏe", "Y học", 2019, 180),
    ("Lịch sử Việt Nam cận đại", "Phan Huy Lê", "Giáo dục", 2008, 450),
    ("Văn hóa đọc trong thời đại số", "Vũ Dương Thúy Ngà", "Thông tin và Truyền thông", 2020, 260),
    ("Truyện Kiều", "Nguyễn Du", "Văn học", 2016, 300),
    ("Dế mèn phiêu lưu ký", "Tô Hoài", "Kim Đồng", 2018, 144),
    ("Số đỏ", "Vũ Trọng Phụng", "Văn học", 2017, 280),
    ("Tắt đèn", "Ngô Tất Tố", "Văn học", 2014, 190),
    ("Nhật ký Đặng Thùy Trâm", "Đặng Thùy Trâm", "Hội Nhà văn", 2005, 300),
    ("Giáo trình thư viện học đại cương", "Bùi Loan Thùy", "Đại học Quốc gia", 2011, 240),
    ("Địa chí Tây Ninh", "Hồ Sĩ Khoách", "Tổng hợp", 2006, 900),
    ("Khoa học thông tin và thư viện", "Đoàn Phan Tân", "Đại học Quốc gia Hà Nội", 2009, 350),
    ("Quy hoạch thủy lợi", "Nguyễn Quý Hòa", "Xây dựng", 2013, 220),
    ("Tuổi thơ dữ dội", "Phùng Quán", "Kim Đồng", 2019, 800),
    ("Mắt biếc", "Nguyễn Nhật Ánh", "Trẻ", 2019, 300),
    ("Cho tôi xin một vé đi tuổi thơ", "Nguyễn Nhật Ánh", "Trẻ", 2018, 220),
    ("Đất rừng phương Nam", "Đoàn Giỏi", "Kim Đồng", 2017, 330),
    ("Bỉ vỏ", "Nguyên Hồng", "Văn học", 2015, 260),
    ("Người mẹ cầm súng", "Nguyễn Thi", "Quân đội nhân dân", 2010, 120),
    ("Khuyến nông và phát triển nông thôn", "Trần Thị Thúy", "Nông nghiệp", 2021, 200),
    ("Ẩm thực Huế", "Hoàng Thị Kim Cúc", "Thuận Hóa", 2016, 240),
    ("Nghề dệt thổ cẩm của người Khơ Me", "Sơn Ngọc Hoàng", "Dân tộc", 2022, 180),
    ("Tin học văn phòng", "Phạm Quang Huy", "Thanh niên", 2020, 350),
    ("Kỹ năng mềm cho sinh viên", "Huỳnh Văn Sơn", "Đại học Sư phạm", 2019, 160),
    ("Digital libraries", "Arms, William Y.", "MIT Press", 2000, 287),
    ("The name of the rose", "Eco, Umberto", "Harcourt", 1994, 536),
    ("Pride and prejudice", "Austen, Jane", "Penguin Books", 2003, 480),
    ("Introduction to information retrieval", "Manning, Christopher D.", "Cambridge", 2008, 482),
    ("Le petit prince", "Saint-Exupéry, Antoine de", "Gallimard", 1999, 96),
    ("Die Verwandlung", "Kafka, Franz", "Reclam", 2001, 80),
    ("Norwegian wood", "Murakami, Haruki", "Vintage", 2000, 296),
    ("Cataloging and classification", "Chan, Lois Mai", "Scarecrow Press", 2007, 584),
    ("The elements of style", "Strunk, William", "Longman", 2000, 105),
    ("Guns, germs, and steel", "Diamond, Jared", "Norton", 1999, 480),
    ("A brief history of time", "Hawking, Stephen", "Bantam", 1998, 212),
    ("Thinking, fast and slow", "Kahneman, Daniel", "Farrar", 2011, 499),
    ("Sapiens", "Harari, Yuval Noah", "Harper", 2015, 443),
    ("Đắc nhân tâm", "Carnegie, Dale", "Tổng hợp TP. Hồ Chí Minh", 2016, 320),
    ("Nhà giả kim", "Coelho, Paulo", "Hội Nhà văn", 2020, 228),
    ("Chí Phèo", "Nam Cao", "Văn học", 2016, 160),
    ("Vợ chồng A Phủ", "Tô Hoài", "Kim Đồng", 2015, 96),
    ("Lược sử tỉnh Cà Mau", "Trần Thanh Phương", "Mũi Cà Mau", 2004, 410),
    ("Văn hóa Khmer Nam Bộ", "Trường Lưu", "Văn hóa dân tộc", 2012, 380),
    ("Thủy sản và nuôi tôm sinh thái", "Lê Xuân Thủy", "Nông nghiệp", 2018, 230),
    ("Tự học tiếng Anh giao tiếp", "Phạm Thị Hoài", "Hồng Đức", 2021, 250),
    ("Chiến tranh và hòa bình", "Tônxtôi, Lép", "Văn học", 2007, 1200),
    ("The great Gatsby", "Fitzgerald, F. Scott", "Scribner", 2004, 180),
    ("One hundred years of solitude", "García Márquez, Gabriel", "Harper Perennial", 2006, 417),
    ("Library and information science", "Rubin, Richard E.", "ALA Neal-Schuman", 2016, 600),
    ("Les misérables", "Hugo, Victor", "Gallimard", 1995, 1900),
    ("Metadata for digital collections", "Miller, Steven J.", "Neal-Schuman", 2011, 343),
]

_ids = count(1)


def book(title: str, author: str, publisher: str, year: int | None, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "title": title,
        "authors": author,
        "publisher": publisher,
        "year": year,
        "language": "vie" if not title.isascii() else "eng",
        "material_type": "book",
    }
    record.update(extra)
    return record


def row(record: dict[str, Any]) -> tuple[Any, ...]:
    """A values_list row of matching.COLUMNS for ``record``, ISBNs normalised as on import."""
    isbns = [isbn13(i) for i in record.get("isbn", "").split(",") if i.strip()]
    fields: list[Any] = list(record.get("fields", []))
    if record.get("pages"):
        fields.append(["300", " ", " ", [["a", f"{record['pages']} tr. ;"]]])
    import json

    return (
        record.get("id") or next(_ids),
        record.get("title", ""),
        record.get("authors", ""),
        record.get("publisher", ""),
        record.get("year"),
        record.get("edition", ""),
        " ".join(i for i in isbns if i),
        record.get("issn", ""),
        record.get("language", ""),
        record.get("material_type", ""),
        json.dumps(fields, ensure_ascii=False),
        record.get("control", ""),
        record.get("org", ""),
        record.get("copied_from"),
    )


_TONES = {"òa": "oà", "óa": "oá", "ủy": "uỷ", "ùy": "uỳ", "ỏe": "oẻ", "úy": "uý", "ọa": "oạ"}


def other_tones(text: str) -> str:
    """The same words with the tone on the second vowel of oa/oe/uy (hoà, thuỷ, khoẻ)."""
    for old, new in _TONES.items():
        text = text.replace(old, new)
    return text


def no_marks(text: str) -> str:
    """As typed without a Vietnamese keyboard: no diacritics at all."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _pairs_from_books() -> list[tuple[dict[str, Any], dict[str, Any], str, str]]:
    found = []
    for i, (title, author, publisher, year, pages) in enumerate(BOOKS):
        base = book(title, author, publisher, year, pages=pages)
        # Same edition, catalogued differently (no identifier): linked.
        found.append((base, book(other_tones(title), other_tones(author), publisher, year,
                                 pages=pages + 3), "linked", "tone placement"))  # fmt: skip
        found.append((base, book(f"{title.upper()} /", author, f"Nxb. {publisher}", year),
                      "linked", "case, ISBD slash, Nxb."))  # fmt: skip
        if i % 2 == 0:
            found.append((base, book(no_marks(title), no_marks(author), no_marks(publisher),
                                     year, language="vie" if not title.isascii() else "eng"),
                          "linked", "no diacritics"))  # fmt: skip
        # Different editions or works: apart.
        found.append((base, book(title, "Nguyễn Văn Khác", publisher, year), "apart",
                      "same title, another author"))  # fmt: skip
        found.append((base, book(title, author, publisher, year + 3), "apart", "another year"))
        found.append((base, book(title, author, publisher, year, edition="Tái bản lần thứ 1"),
                      "apart", "re-edition"))  # fmt: skip
        if i % 3 == 0:
            found.append((book(f"{title}. Tập 1", author, publisher, year),
                          book(f"{title}. Tập 2", author, publisher, year),
                          "apart", "volumes 1 and 2"))  # fmt: skip
    return found


ISBN_SET = "978-604-0-00001-9"


def _identifier_pairs() -> list[tuple[dict[str, Any], dict[str, Any], str, str]]:
    english = book("Digital libraries", "Arms, William Y.", "MIT Press", 2000)
    return [
        (book("Digital libraries", "Arms, William Y.", "MIT Press", 2000, isbn="0-262-01180-8"),
         book("Digital libraries /", "Arms, W.", "The MIT Press", 2000, isbn="9780262011808"),
         "linked", "ISBN-10 with hyphens and ISBN-13"),
        (book("Lịch sử Việt Nam. Tập 1", "Phan Huy Lê", "Giáo dục", 2008, isbn=ISBN_SET),
         book("Lịch sử Việt Nam. Tập 2", "Phan Huy Lê", "Giáo dục", 2008, isbn=ISBN_SET),
         "apart", "volumes of one set with the set's ISBN"),
        (book("Lịch sử Việt Nam", "Phan Huy Lê", "Giáo dục", 2008, isbn=ISBN_SET,
              fields=[["245", "1", "0", [["a", "Lịch sử Việt Nam."], ["n", "T. I"]]]]),
         book("Lịch sử Việt Nam", "Phan Huy Lê", "Giáo dục", 2008, isbn=ISBN_SET,
              fields=[["490", "0", " ", [["a", "Bộ sử"], ["v", "2"]]]]),
         "apart", "volume in 245$n and 490$v"),
        (book("Thư viện số", "Nguyễn Văn An", "Thông tin", 2021, isbn=ISBN_SET),
         book("Thư viện số", "Nguyễn Văn An", "Thông tin", 2023, isbn=ISBN_SET,
              edition="Tái bản lần thứ 2"),
         "apart", "re-edition keeping the ISBN"),
        (book("Tạp chí Thư viện Việt Nam", "", "Thư viện Quốc gia", 2020, issn="1859-1450",
              material_type="serial"),
         book("Tạp chí thư viện Việt Nam", "", "", 2021, issn="1859-1450",
              material_type="serial"),
         "linked", "ISSN"),
        (book("Địa chí Cà Mau", "", "", 2010, language="vie",
              fields=[["035", " ", " ", [["a", "(VN-NLV)123"]]]]),
         book("Dia chi Ca Mau", "", "", 2010, language="vie",
              fields=[["035", " ", " ", [["a", "(VN-NLV) 123"]]]]),
         "linked", "035 system number"),
        (book("Số đỏ", "Vũ Trọng Phụng", "Văn học", 2017, control="VN123", org="VN-NLV"),
         book("So do", "Vu Trong Phung", "Van hoc", 2017, language="vie", control="VN123",
              org="VN-NLV"),
         "linked", "001+003"),
        (book("Số đỏ", "Vũ Trọng Phụng", "Văn học", 2017, id=9001),
         book("Số đỏ (bản sao)", "", "", None, copied_from=9001),
         "linked", "copied from"),
        (english | {"isbn": "0-262-01180-8"},
         english | {"isbn": "0-262-01180-8", "material_type": "ebook"},
         "apart", "printed book and e-book"),
        (english | {"isbn": "0-262-01180-8"},
         english | {"isbn": "0-262-01180-8", "language": "vie"},
         "apart", "a translation cataloguing the original ISBN"),
        (english | {"isbn": "0-262-01180-8", "pages": 287},
         english | {"isbn": "0-262-01180-8", "pages": 350},
         "apart", "pages more than 10% apart"),
        (english | {"isbn": "0-262-01180-8", "pages": 287},
         english | {"isbn": "0-262-01180-8", "pages": 300},
         "linked", "pages within 10%"),
        (english | {"isbn": "0-262-01180-8"}, english | {"isbn": "978-0-13-110362-7"},
         "apart", "both with ISBNs, none shared"),
        (book("Việt Nam sử lược", "Trần Trọng Kim", "Tân Việt", 1928, isbn=""),
         book("Việt Nam sử lược", "Trần Trọng Kim", "Tân Việt", 1928),
         "review", "rare: published before 1945"),
        (book("Truyện Kiều", "Nguyễn Du", "", 2016), book("Truyện Kiều", "Nguyễn Du", "", None),
         "apart", "no year on one: too little to link on a key"),
        (book("Tuyển tập", "", "", 2010), book("Tuyển tập", "", "", 2010),
         "apart", "title and year only"),
    ]  # fmt: skip


PAIRS = _pairs_from_books() + _identifier_pairs()
