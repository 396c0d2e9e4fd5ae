"""A small Vietnamese catalogue to train on: real-looking titles and subjects with marks,
and one record that lost its marks in an old export."""

from __future__ import annotations

from typing import Any

from thuvien.catalogue.models import Record
from thuvien.network.models import Library
from thuvien.testing import factories
from thuvien.testing.search import import_records

TITLES = [
    ("Thư viện số cho mọi người", "Thư viện số"),
    ("Xây dựng thư viện số ở Việt Nam", "Thư viện số"),
    ("Thư viện số và dịch vụ thông tin", "Thư viện số"),
    ("Lịch sử Việt Nam", "Lịch sử"),
    ("Lịch sử thư viện Việt Nam", "Lịch sử"),
    ("Tiếng Việt thực hành", "Tiếng Việt"),
    ("Từ điển tiếng Việt", "Tiếng Việt"),
    ("Thư từ gửi bạn", "Văn học"),
    ("Tư duy nhanh và chậm", "Tâm lý học"),
    ("Sổ tay thủ thư", "Thư viện học"),
    ("Số học cho học sinh", "Toán học"),
    ("Đại học và thư viện", "Giáo dục đại học"),
]
LOST = "Lich su thu vien Viet Nam"


def subject(heading: str) -> list[Any]:
    return ["650", " ", "7", [["a", heading]]]


def build(library: Library | None = None) -> tuple[Library, Record]:
    """The catalogue in one library; returns it and the record without marks."""
    library = library or factories.library("HNI")
    marcs = [factories.marc(title, extra=[subject(s)]) for title, s in TITLES]
    marcs.append(factories.marc(LOST, extra=[subject("Lich su")]))
    import_records(library, marcs)
    return library, Record.objects.get(title=LOST)
