"""More like this on the record page, and related subjects offered beside the results, both
counted in the network's own catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.opac.conftest import find, text, tree_of
from thuvien.catalogue.models import Record
from thuvien.search import services
from thuvien.testing import factories
from thuvien.testing.search import import_records, rebuild_index, use_index_in

BOOKS = [
    ("Thư viện số cho mọi người", ["Thư viện số", "Chuyển đổi số"]),
    ("Xây dựng thư viện số ở tỉnh", ["Thư viện số", "Chuyển đổi số"]),
    ("Chuyển đổi số trong doanh nghiệp nhỏ", ["Chuyển đổi số", "Quản trị doanh nghiệp"]),
    ("Thư viện công cộng và cộng đồng", ["Thư viện công cộng", "Thư viện số"]),
    ("Lịch sử Việt Nam", ["Lịch sử"]),
    ("Lịch sử Cà Mau", ["Lịch sử", "Địa chí"]),
]


@pytest.fixture
def ids(settings: Any, tmp_path: Path) -> dict[str, int]:
    use_index_in(settings, tmp_path)
    library = factories.library("VN-TA0001")
    marcs = [
        factories.marc(title, extra=[["650", " ", "7", [["a", s]]] for s in subjects])
        for title, subjects in BOOKS
    ]
    import_records(library, marcs)
    rebuild_index()
    return {r.title: r.pk for r in Record.objects.all()}


def like(record_id: int) -> list[str]:
    record = Record.objects.select_related("library").get(pk=record_id)
    return [h.title for h in services.similar(record, record.library.code)]


def test_more_like_this_finds_records_sharing_rare_words(ids: dict[str, int]) -> None:
    titles = like(ids["Thư viện số cho mọi người"])
    assert titles[0] == "Xây dựng thư viện số ở tỉnh"
    assert "Thư viện số cho mọi người" not in titles
    assert "Lịch sử Cà Mau" not in titles
    assert like(ids["Lịch sử Việt Nam"]) == ["Lịch sử Cà Mau"]


def test_related_subjects_come_from_co_occurrence(ids: dict[str, int]) -> None:
    related = dict(services.related_subjects(["Chuyển đổi số"]))
    assert set(related) == {"Thư viện số", "Quản trị doanh nghiệp"}
    # Cosine of the record sets: 2 together of 3 and 3 records, against 1 of 3 and 1.
    assert related == {"Thư viện số": 0.6667, "Quản trị doanh nghiệp": 0.5774}
    assert services.related_subjects(["Lịch sử"]) == [("Địa chí", 0.7071)]


def test_the_record_page_lists_similar_records(client: Client, ids: dict[str, int]) -> None:
    response = client.get(f"/record/{ids['Lịch sử Việt Nam']}")
    tree = tree_of(response.content)
    similar = find(tree, "ul", "similar")[0]
    assert [(text(a), a.get("href")) for a in similar.xpath(".//a")] == [
        ("Lịch sử Cà Mau", f"/record/{ids['Lịch sử Cà Mau']}")
    ]


def test_the_search_page_offers_related_subjects_and_keeps_the_query(
    client: Client, ids: dict[str, int]
) -> None:
    response = client.get("/search", {"q": "thư viện số"})
    tree = tree_of(response.content)
    assert text(find(tree, "p", "summary")[0]).startswith("Tìm thấy 3 tài liệu.")
    offered = find(tree, "p", "related")[0]
    assert text(offered) == "Chủ đề liên quan: Quản trị doanh nghiệp"
    assert offered.xpath(".//a/@href") == [
        "/search?subject=Qu%E1%BA%A3n+tr%E1%BB%8B+doanh+nghi%E1%BB%87p"
    ]
