"""/api/v1/records: the catalogue's records, paged, whole, and without staff-only data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from tests.api.conftest import problem
from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library
from thuvien.testing import factories
from thuvien.testing.api import book, import_records


@pytest.fixture
def ca_mau() -> Library:
    return factories.library("VN-CM0001", name_vi="Thư viện tỉnh Cà Mau")


@pytest.fixture
def bac_lieu() -> Library:
    return factories.library("VN-BL0001", name_vi="Thư viện tỉnh Bạc Liêu")


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def test_a_partner_lists_records_oldest_first_with_their_main_fields(
    client: Client, ca_mau: Library
) -> None:
    (record,) = import_records(
        ca_mau,
        book("CM-1", "Thư viện số", author="Nguyễn Văn An", year="2021", isbn="9786041000001"),
    )
    data = _get(client, "/api/v1/records")
    assert data == {
        "total": 1,
        "page": 1,
        "per_page": 20,
        "results": [
            {
                "id": record.pk,
                "kind": "bib",
                "library": "VN-CM0001",
                "title": "Thư viện số",
                "authors": ["Nguyễn Văn An"],
                "year": 2021,
                "material_type": "book",
                "language": "vie",
                "isbn": "9786041000001",
                "updated_at": data["results"][0]["updated_at"],
                "url": f"/api/v1/records/{record.pk}",
            }
        ],
        "links": {"self": "/api/v1/records", "next": None, "prev": None},
    }
    assert data["results"][0]["updated_at"].startswith(str(record.updated_at.year))


def test_records_are_paged_with_next_and_prev_links(client: Client, ca_mau: Library) -> None:
    records = import_records(ca_mau, *(book(f"CM-{n}", f"Sách {n}") for n in range(1, 6)))
    first = _get(client, "/api/v1/records?per_page=2")
    assert [r["id"] for r in first["results"]] == [r.pk for r in records[:2]]
    assert first["total"] == 5
    assert first["links"] == {
        "self": "/api/v1/records?per_page=2",
        "next": "/api/v1/records?per_page=2&page=2",
        "prev": None,
    }
    second = _get(client, first["links"]["next"])
    assert [r["id"] for r in second["results"]] == [r.pk for r in records[2:4]]
    assert second["links"]["prev"] == "/api/v1/records?per_page=2&page=1"
    last = _get(client, second["links"]["next"])
    assert [r["id"] for r in last["results"]] == [records[4].pk]
    assert last["links"]["next"] is None


def test_a_page_past_the_end_is_a_404_problem_naming_the_last_page(
    client: Client, ca_mau: Library
) -> None:
    import_records(ca_mau, *(book(f"CM-{n}", f"Sách {n}") for n in range(1, 4)))
    response = client.get("/api/v1/records?per_page=2&page=3")
    assert response.status_code == 404
    assert problem(response) == {
        "type": "https://thuvien.vn/problems/api.page_out_of_range",
        "title": "api.page_out_of_range",
        "status": 404,
        "detail": "Không có trang 3: trang cuối là 2 (3 kết quả, 2 mỗi trang). Hãy dùng page "
        "từ 1 đến 2.",
        "instance": "/api/v1/records",
        "errors": [{"in": "query", "name": "page", "message": "Trang cuối là 2."}],
    }


def test_an_empty_catalogue_is_an_empty_first_page_not_an_error(client: Client) -> None:
    assert _get(client, "/api/v1/records")["results"] == []


def test_records_can_be_limited_to_some_libraries(
    client: Client, ca_mau: Library, bac_lieu: Library
) -> None:
    (cm,) = import_records(ca_mau, book("CM-1", "Đất rừng phương Nam"))
    (bl,) = import_records(bac_lieu, book("BL-1", "Hương rừng Cà Mau"))
    only_bl = _get(client, "/api/v1/records?library=VN-BL0001")
    assert [r["id"] for r in only_bl["results"]] == [bl.pk]
    both = _get(client, "/api/v1/records?library=VN-BL0001&library=VN-CM0001")
    assert [r["id"] for r in both["results"]] == [cm.pk, bl.pk]


def test_an_unknown_library_filter_is_a_400_problem_not_an_empty_list(
    client: Client, ca_mau: Library
) -> None:
    response = client.get("/api/v1/records?library=VN-CM0001&library=VN-XX9999")
    assert response.status_code == 400
    assert problem(response) == {
        "type": "https://thuvien.vn/problems/api.invalid_parameters",
        "title": "api.invalid_parameters",
        "status": 400,
        "detail": "Không có thư viện mã VN-XX9999; xem danh sách ở /api/v1/libraries.",
        "instance": "/api/v1/records",
        "errors": [
            {
                "in": "query",
                "name": "library",
                "message": "Mã thư viện không có: VN-XX9999.",
            }
        ],
    }


def test_records_can_be_limited_to_one_kind(client: Client, ca_mau: Library) -> None:
    (bib,) = import_records(ca_mau, book("CM-1", "Truyện Kiều"))
    assert [r["id"] for r in _get(client, "/api/v1/records?kind=bib")["results"]] == [bib.pk]
    assert _get(client, "/api/v1/records?kind=auth")["results"] == []
    response = client.get("/api/v1/records?kind=book")
    assert response.status_code == 400
    assert problem(response)["errors"][0]["message"] == (
        "Tham số kind “book” phải là một trong: bib, auth or hold."
    )


def test_listing_records_costs_the_same_queries_for_one_or_fifty(
    client: Client, ca_mau: Library, django_assert_num_queries: Any
) -> None:
    import_records(ca_mau, *(book(f"CM-{n}", f"Sách {n}") for n in range(50)))
    with django_assert_num_queries(2):  # count + page, libraries joined in
        _get(client, "/api/v1/records?per_page=50")


def test_a_record_shows_extracted_fields_holdings_and_marc_in_json(
    client: Client, ca_mau: Library
) -> None:
    (record,) = import_records(
        ca_mau,
        book(
            "CM-1",
            "Chuyển đổi số trong thư viện",
            author="Trần Thị Bình",
            year="2023",
            isbn="978-604-2-12345-7",
            subjects=("Thư viện số", "Chuyển đổi số"),
            copies=({"p": "CM0001", "o": "025 TR"}, {"p": "CM0002"}, {"p": "CM0003", "7": "1"}),
        ),
    )
    Item.objects.filter(barcode="CM0002").update(status=Item.Status.ON_LOAN)
    data = _get(client, f"/api/v1/records/{record.pk}")
    assert data["marc"]["leader"] == "00000nam a2200000 a 4500"
    assert data["marc"]["fields"][:3] == [
        {"001": "CM-1"},
        {"008": "250101s2023    vm            000 0 vie d"},
        {"020": {"ind1": " ", "ind2": " ", "subfields": [{"a": "978-604-2-12345-7"}]}},
    ]
    del data["marc"], data["created_at"], data["updated_at"]
    assert data == {
        "id": record.pk,
        "kind": "bib",
        "library": "VN-CM0001",
        "title": "Chuyển đổi số trong thư viện",
        "responsibility": "",
        "authors": ["Trần Thị Bình"],
        "publisher": "Nxb. Trẻ",
        "place": "Hà Nội",
        "year": 2023,
        "edition": "",
        "isbn": "9786042123457",
        "isbns": ["9786042123457"],
        "issn": "",
        "language": "vie",
        "material_type": "book",
        "subjects": ["Thư viện số", "Chuyển đổi số"],
        "classification": {},
        "call_number": "",
        "holdings": [{"library": "VN-CM0001", "copies": 3, "available": 1}],
        "cluster": None,
        "links": {
            "self": f"/api/v1/records/{record.pk}",
            "marcxml": f"/api/v1/records/{record.pk}/marcxml",
            "items": f"/api/v1/records/{record.pk}/items",
        },
    }


def test_holdings_are_counted_per_library_holding_copies(
    client: Client, ca_mau: Library, bac_lieu: Library
) -> None:
    (record,) = import_records(ca_mau, book("CM-1", "Truyện Kiều", copies=({"p": "A1"},)))
    Item.objects.create(library=bac_lieu, record=record, barcode="B1", status="on-loan")
    Item.objects.create(library=bac_lieu, record=record, barcode="B2")
    assert _get(client, f"/api/v1/records/{record.pk}")["holdings"] == [
        {"library": "VN-BL0001", "copies": 2, "available": 1},
        {"library": "VN-CM0001", "copies": 1, "available": 1},
    ]


PRIVATE = [
    ["541", "0", " ", [["a", "Bà Lê Thị Hoa, 12 Phan Ngọc Hiển"], ["c", "Tặng"]]],
    ["541", "1", " ", [["a", "Nhà sách Cà Mau"]]],
    ["583", "0", " ", [["a", "Kiểm kê"], ["k", "Nguyễn Văn Kho"]]],
    ["952", " ", " ", [["p", "CM0009"], ["x", "Mượn bởi bạn đọc 0123"], ["z", "Bìa rách"]]],
]


def test_staff_only_marc_data_never_leaves_through_the_api(client: Client, ca_mau: Library) -> None:
    (record,) = import_records(ca_mau, book("CM-1", "Sử thi Tây Nguyên", extra=PRIVATE))
    data = _get(client, f"/api/v1/records/{record.pk}")
    tags = [next(iter(f)) for f in data["marc"]["fields"]]
    assert tags == ["001", "008", "245", "264", "541", "952"]
    assert data["marc"]["fields"][4] == {
        "541": {"ind1": "1", "ind2": " ", "subfields": [{"a": "Nhà sách Cà Mau"}]}
    }
    assert data["marc"]["fields"][5] == {
        "952": {"ind1": " ", "ind2": " ", "subfields": [{"p": "CM0009"}, {"z": "Bìa rách"}]}
    }
    xml = client.get(f"/api/v1/records/{record.pk}/marcxml").content.decode()
    for secret in ("Lê Thị Hoa", "Nguyễn Văn Kho", "bạn đọc 0123"):
        assert secret not in json.dumps(data, ensure_ascii=False)
        assert secret not in xml
    # The stored record itself is untouched: only what leaves is filtered.
    assert "Lê Thị Hoa" in Record.objects.get(pk=record.pk).marc


def test_marcxml_is_valid_against_the_marc21_slim_schema(client: Client, ca_mau: Library) -> None:
    (record,) = import_records(
        ca_mau, book("CM-1", "Nhật ký trong tù", author="Hồ Chí Minh", copies=({"p": "X1"},))
    )
    response = client.get(f"/api/v1/records/{record.pk}/marcxml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/marcxml+xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<record')
    schema = etree.XMLSchema(etree.parse(str(factories.shared("schemas", "MARC21slim.xsd"))))
    document = etree.fromstring(response.content)
    assert schema.validate(document), schema.error_log
    ns = {"m": "http://www.loc.gov/MARC21/slim"}
    assert document.xpath("//m:datafield[@tag='245']/m:subfield/text()", namespaces=ns) == [
        "Nhật ký trong tù"
    ]


def test_an_unknown_record_is_a_404_problem_saying_where_to_find_records(
    client: Client,
) -> None:
    for path in ("/api/v1/records/999999", "/api/v1/records/999999/marcxml"):
        response = client.get(path)
        assert response.status_code == 404
        assert problem(response) == {
            "type": "https://thuvien.vn/problems/not_found",
            "title": "not_found",
            "status": 404,
            "detail": "Không có bản ghi số 999999. Hãy tìm bản ghi qua /api/v1/search hoặc "
            "/api/v1/records.",
            "ids": {"record": "999999"},
            "instance": path,
        }


def test_vietnamese_text_is_sent_as_utf8_not_escapes(client: Client, ca_mau: Library) -> None:
    (record,) = import_records(ca_mau, book("CM-1", "Đất rừng phương Nam"))
    assert "Đất rừng phương Nam".encode() in client.get(f"/api/v1/records/{record.pk}").content
