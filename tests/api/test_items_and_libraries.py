"""/api/v1 copies (status, never borrowers) and libraries (the network's registry)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import problem
from thuvien.catalogue.models import Item
from thuvien.network.models import Library, LibraryType
from thuvien.testing import factories
from thuvien.testing.api import book, import_records

ITEM_KEYS = {
    "library",
    "record",
    "barcode",
    "accession_number",
    "call_number",
    "location",
    "item_type",
    "status",
    "status_label",
    "record_url",
}


@pytest.fixture
def ca_mau() -> Library:
    return factories.library(
        "VN-CM0001",
        name_vi="Thư viện tỉnh Cà Mau",
        name_en="Ca Mau Provincial Library",
        address="Số 1 Lê Lợi, Cà Mau",
        phone="0290 3831 111",
        email="thuvien@camau.gov.vn",
        website="https://thuvien.camau.gov.vn",
    )


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_a_records_copies_show_shelf_data_and_status_in_both_languages(
    client: Client, ca_mau: Library
) -> None:
    (record,) = import_records(
        ca_mau,
        book(
            "CM-1",
            "Đất rừng phương Nam",
            copies=(
                {"p": "CM0001", "i": "VV.001", "o": "895.922 Đ", "c": "Kho mở", "y": "BK"},
                {"p": "CM0002", "7": "1"},
            ),
        ),
    )
    assert _get(client, f"/api/v1/records/{record.pk}/items") == {
        "total": 2,
        "page": 1,
        "per_page": 20,
        "results": [
            {
                "library": "VN-CM0001",
                "record": record.pk,
                "barcode": "CM0001",
                "accession_number": "VV.001",
                "call_number": "895.922 Đ",
                "location": "Kho mở",
                "item_type": "BK",
                "status": "available",
                "status_label": "Sẵn sàng",
                "record_url": f"/api/v1/records/{record.pk}",
            },
            {
                "library": "VN-CM0001",
                "record": record.pk,
                "barcode": "CM0002",
                "accession_number": "",
                "call_number": "",
                "location": "",
                "item_type": "",
                "status": "not-for-loan",
                "status_label": "Chỉ đọc tại chỗ",
                "record_url": f"/api/v1/records/{record.pk}",
            },
        ],
        "links": {"self": f"/api/v1/records/{record.pk}/items", "next": None, "prev": None},
    }


def test_a_copy_on_loan_says_so_and_nothing_about_who_has_it_or_what_it_cost(
    client: Client, ca_mau: Library
) -> None:
    (record,) = import_records(
        ca_mau, book("CM-1", "Truyện Kiều", copies=({"p": "CM0001", "g": "85.000 đ"},))
    )
    Item.objects.filter(barcode="CM0001").update(
        status=Item.Status.ON_LOAN, note="Bạn đọc Nguyễn Văn Mượn giữ"
    )
    data = _get(client, "/api/v1/libraries/VN-CM0001/items/CM0001")
    assert set(data) == ITEM_KEYS
    assert (data["status"], data["status_label"]) == ("on-loan", "Đang cho mượn")
    text = json.dumps(data, ensure_ascii=False)
    assert "Nguyễn Văn Mượn" not in text
    assert "85" not in text
    assert data["record"] == record.pk


def test_copies_of_a_record_are_paged(client: Client, ca_mau: Library) -> None:
    copies = tuple({"p": f"CM{n:04d}"} for n in range(1, 6))
    (record,) = import_records(ca_mau, book("CM-1", "Sách giáo khoa", copies=copies))
    page = _get(client, f"/api/v1/records/{record.pk}/items?per_page=2&page=3")
    assert [i["barcode"] for i in page["results"]] == ["CM0005"]
    assert page["links"]["prev"] == f"/api/v1/records/{record.pk}/items?per_page=2&page=2"


def test_a_barcode_unknown_in_that_library_is_a_404_problem(
    client: Client, ca_mau: Library
) -> None:
    other = factories.library("VN-BL0001")
    import_records(other, book("BL-1", "Sách", copies=({"p": "BL0001"},)))
    response = client.get("/api/v1/libraries/VN-CM0001/items/BL0001")
    assert response.status_code == 404
    assert problem(response) == {
        "type": "https://thuvien.vn/problems/not_found",
        "title": "not_found",
        "status": 404,
        "detail": "Thư viện VN-CM0001 không có bản nào mang mã vạch BL0001.",
        "ids": {"library": "VN-CM0001", "barcode": "BL0001"},
        "instance": "/api/v1/libraries/VN-CM0001/items/BL0001",
    }


def test_the_same_barcode_in_two_libraries_is_two_different_copies(
    client: Client, ca_mau: Library
) -> None:
    other = factories.library("VN-BL0001")
    (cm,) = import_records(ca_mau, book("CM-1", "Sách A", copies=({"p": "000123"},)))
    (bl,) = import_records(other, book("BL-1", "Sách B", copies=({"p": "000123"},)))
    assert _get(client, "/api/v1/libraries/VN-CM0001/items/000123")["record"] == cm.pk
    assert _get(client, "/api/v1/libraries/VN-BL0001/items/000123")["record"] == bl.pk


def test_an_unknown_library_is_a_404_problem_pointing_at_the_list(client: Client) -> None:
    for path in ("/api/v1/libraries/VN-ZZ0000", "/api/v1/libraries/VN-ZZ0000/items/1"):
        response = client.get(path)
        assert response.status_code == 404
        assert problem(response) == {
            "type": "https://thuvien.vn/problems/not_found",
            "title": "not_found",
            "status": 404,
            "detail": "Không có thư viện mã VN-ZZ0000; xem danh sách ở /api/v1/libraries.",
            "ids": {"code": "VN-ZZ0000"},
            "instance": path,
        }


def test_libraries_are_listed_by_code_and_filtered_by_type_and_status(
    client: Client, ca_mau: Library
) -> None:
    factories.library("VN-CM0100", name_vi="Thư viện Trường THPT Cà Mau", library_type="school")
    factories.library("VN-CM0050", name_vi="Thư viện huyện cũ", status="merged")
    data = _get(client, "/api/v1/libraries")
    assert [lib["code"] for lib in data["results"]] == ["VN-CM0001", "VN-CM0050", "VN-CM0100"]
    assert data["results"][0] == {
        "code": "VN-CM0001",
        "name_vi": "Thư viện tỉnh Cà Mau",
        "name_en": "Ca Mau Provincial Library",
        "library_type": "public",
        "status": "active",
        "url": "/api/v1/libraries/VN-CM0001",
    }
    schools = _get(client, "/api/v1/libraries?library_type=school")
    assert [lib["code"] for lib in schools["results"]] == ["VN-CM0100"]
    merged = _get(client, "/api/v1/libraries?status=merged")
    assert [lib["code"] for lib in merged["results"]] == ["VN-CM0050"]


def test_an_unknown_library_type_names_the_eight_types_of_the_law(client: Client) -> None:
    response = client.get("/api/v1/libraries?library_type=private")
    assert response.status_code == 400
    types = ", ".join(t.value for t in LibraryType)
    last_comma = types.rfind(", ")
    expected = types[:last_comma] + " or " + types[last_comma + 2 :]
    assert problem(response)["errors"] == [
        {
            "in": "query",
            "name": "library_type",
            "message": f"Tham số library_type “private” phải là một trong: {expected}.",
        }
    ]


def test_a_library_shows_its_registry_data_and_what_it_holds(
    client: Client, ca_mau: Library
) -> None:
    branch = factories.library("VN-CM0002", name_vi="Thư viện xã Tân Thành", parent=ca_mau)
    import_records(
        branch,
        book("T-1", "Sách A", copies=({"p": "T1"}, {"p": "T2"})),
        book("T-2", "Sách B", copies=({"p": "T3"},)),
    )
    assert _get(client, "/api/v1/libraries/VN-CM0002") == {
        "code": "VN-CM0002",
        "name_vi": "Thư viện xã Tân Thành",
        "name_en": "",
        "library_type": "public",
        "library_type_label": "Thư viện công cộng",
        "is_public": True,
        "level": "",
        "parent": "VN-CM0001",
        "host_organisation": "",
        "address": "",
        "admin_unit": None,
        "phone": "",
        "email": "",
        "website": "",
        "status": "active",
        "records": 2,
        "items": 3,
        "url": "/api/v1/libraries/VN-CM0002",
    }
    assert _get(client, "/api/v1/libraries/VN-CM0001")["email"] == "thuvien@camau.gov.vn"


def test_labels_follow_accept_language_vietnamese_by_default(
    client: Client, ca_mau: Library
) -> None:
    import_records(ca_mau, book("CM-1", "Truyện Kiều", copies=({"p": "CM0001"},)))
    item = "/api/v1/libraries/VN-CM0001/items/CM0001"
    assert _get(client, item)["status_label"] == "Sẵn sàng"
    english = client.get(item, HTTP_ACCEPT_LANGUAGE="en")
    assert json.loads(english.content)["status_label"] == "Available"
    assert english["Content-Language"] == "en"
    library = client.get("/api/v1/libraries/VN-CM0001", HTTP_ACCEPT_LANGUAGE="en")
    assert json.loads(library.content)["library_type_label"] == "Public library"
