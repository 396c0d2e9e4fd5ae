"""The portal and the union catalogue: one hit per edition, "held by N libraries", the
record page's member libraries with availability and links, and other editions apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.opac.conftest import find, text, tree_of
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item, Record
from thuvien.testing import factories
from thuvien.testing.search import index_now, use_index_in
from thuvien.union.models import Cluster

pytestmark = pytest.mark.django_db
SYSTEM = "system"


def book(isbn: str, *, edition: str = "", year: str = "2018") -> MarcRecord:
    extra: list[Any] = [["020", " ", " ", [["a", isbn]]], ["100", "0", " ", [["a", "Tô Hoài"]]]]
    if edition:
        extra.append(["250", " ", " ", [["a", edition]]])
    extra.append(["260", " ", " ", [["a", "Hà Nội :"], ["b", "Kim Đồng,"], ["c", f"{year}."]]])
    return factories.marc("Dế mèn phiêu lưu ký", extra=extra)


@pytest.fixture
def editions(settings: Any, tmp_path: Path) -> dict[str, Record]:
    use_index_in(settings, tmp_path)
    libraries = [
        factories.library(code, name_vi=name)
        for code, name in (
            ("VN-TN0001", "Thư viện tỉnh Tây Ninh"),
            ("VN-TN0002", "Thư viện xã Tân Hòa"),
            ("VN-TN0003", "Thư viện Trường THCS Tân Hòa"),
        )
    ]
    made = {
        f"first-{i}": catalogue.create_record(SYSTEM, lib, book("9786042000011"))
        for i, lib in enumerate(libraries)
    }
    for i in (0, 1):  # the re-edition, in two libraries (a cluster of its own)
        made[f"second-{i}"] = catalogue.create_record(
            SYSTEM, libraries[i], book("9786042000028", edition="Tái bản lần thứ 2", year="2020")
        )
    catalogue.add_item(SYSTEM, made["first-0"], barcode="A1", status=Item.Status.ON_LOAN)
    catalogue.add_item(SYSTEM, made["first-1"], barcode="B1")
    index_now()
    return made


def test_the_search_page_shows_one_hit_held_by_three_libraries(
    client: Client, editions: dict[str, Record]
) -> None:
    tree = tree_of(client.get("/search?q=de+men+phieu+luu+ky").content)
    hits = find(tree, "li", "hit")
    held = [text(find(hit, "p", "held-by")[0]) for hit in hits if find(hit, "p", "held-by")]
    assert held == ["Có ở 3 thư viện", "Có ở 2 thư viện"]
    assert len(hits) == 2  # the first edition, held by three; the re-edition, by two
    where = [text(li) for li in hits[0].xpath(".//ul[@class='where']/li")]
    assert where == [
        "Thư viện tỉnh Tây Ninh: 0/1 bản sẵn sàng",
        "Thư viện xã Tân Hòa: 1/1 bản sẵn sàng",
    ]


def test_the_record_page_lists_member_libraries_and_other_editions(
    client: Client, editions: dict[str, Record]
) -> None:
    first = editions["first-0"]
    Cluster.objects.update(work_key="de men phieu luu ky|to hoai")  # the work of both editions
    tree = tree_of(client.get(f"/record/{first.pk}").content)
    assert text(find(tree, "p", "held-by")[0]) == "Có ở 3 thư viện"
    sections = find(tree, "section", "holding")
    assert [text(s.find("h3")) for s in sections] == [
        "Thư viện tỉnh Tây Ninh",
        "Thư viện xã Tân Hòa",
        "Thư viện Trường THCS Tân Hòa",
    ]
    links = [s.xpath(".//a/@href") for s in sections]
    assert links == [
        [],
        [f"/record/{editions['first-1'].pk}"],
        [f"/record/{editions['first-2'].pk}"],
    ]
    assert "Thư viện chưa có bản để mượn." in text(sections[2])
    others = tree.xpath(".//ul[@class='other-editions']/li")
    assert [o.xpath(".//a/@href")[0] for o in others] == [f"/record/{editions['second-0'].pk}"]
    assert "Tái bản lần thứ 2" in text(others[0])
