"""The record page: full description, copies per library, MARC view, 404s, query count."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.opac.conftest import find, text_of, tree_of
from thuvien.catalogue import services
from thuvien.catalogue.models import Item
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.testing.portal import PortalData, copy, import_marc, records


def page(client: Client, record_id: int) -> Any:
    response = client.get(f"/record/{record_id}")
    assert response.status_code == 200
    return tree_of(response.content)


def facts(tree: Any) -> dict[str, str]:
    """The description list as {label: value}."""
    dl = find(tree, "dl", "facts")[0]
    labels = [" ".join(dt.text_content().split()) for dt in dl.findall("dt")]
    values = [" ".join(dd.text_content().split()) for dd in dl.findall("dd")]
    return dict(zip(labels, values, strict=True))


def holdings(tree: Any) -> list[tuple[str, str, list[list[str]]]]:
    """(library, availability line, rows of the copies table) per library section."""
    out = []
    for section in find(tree, "section", "holding"):
        rows = [
            [" ".join(td.text_content().split()) for td in tr.findall("td")]
            for tr in section.xpath(".//tbody/tr")
        ]
        line = find(section, "p", "availability")
        out.append(
            (section.find("h3").text_content(), line[0].text_content() if line else "", rows)
        )
    return out


def test_a_reader_sees_the_whole_description_of_a_record(
    client: Client, catalogue: PortalData
) -> None:
    tree = page(client, catalogue.ids["digital"])

    assert tree.find(".//h1").text_content() == (
        "Thư viện số : chuyển đổi số trong thư viện công cộng"
    )
    assert find(tree, "p", "responsibility")[0].text_content() == (
        "Nguyễn Văn An chủ biên ; Lê Thị Bình dịch"
    )
    assert facts(tree) == {
        "Tác giả": "Nguyễn Văn An",
        "Người tham gia": "Lê Thị Bình (dịch)",
        "Lần xuất bản": "Tái bản lần thứ 2",
        "Xuất bản": "Hà Nội: Thông tin và Truyền thông, 2021",
        "Mô tả vật lý": "245 tr. ; 24 cm.",
        "Loại tài liệu": "Sách",
        "Ngôn ngữ": "Tiếng Việt",
        "ISBN": "9786040000019",
        "Chủ đề": "Thư viện số -- Việt Nam",
        "Phân loại DDC": "025.04",
        "Ký hiệu xếp giá": "025.04",
    }
    assert [li.text_content() for li in find(tree, "ul", "notes")[0].findall("li")] == [
        "Có thư mục cuối sách."
    ]


def test_authors_and_subjects_link_to_a_search_for_them(
    client: Client, catalogue: PortalData
) -> None:
    tree = page(client, catalogue.ids["digital"])
    links = {a.text_content(): a.get("href") for a in find(tree, "dl", "facts")[0].iter("a")}
    assert links == {
        "Nguyễn Văn An": "/search?q=author%3A%22Nguy%E1%BB%85n%20V%C4%83n%20An%22",
        "Thư viện số -- Việt Nam": (
            "/search?q=subject%3A%22Th%C6%B0%20vi%E1%BB%87n%20s%E1%BB%91%20--%20Vi%E1%BB%87t%20Nam%22"
        ),
    }


def test_copies_are_listed_per_library_with_their_status(
    client: Client, catalogue: PortalData
) -> None:
    tree = page(client, catalogue.ids["digital"])
    assert holdings(tree) == [
        (
            "Thư viện tỉnh Thử Nghiệm",
            "1/2 bản sẵn sàng để mượn",
            [
                ["025.04 TH-V", "Kho mượn", "Sẵn sàng"],
                ["025.04 TH-V", "Phòng đọc", "Chỉ đọc tại chỗ"],
            ],
        ),
        (
            "Thư viện xã Bình An",
            "1/1 bản sẵn sàng để mượn",
            [["025.04 TH-V", "Tủ sách xã", "Sẵn sàng"]],
        ),
    ]
    commune = find(tree, "section", "holding")[1].xpath(".//a")[0]
    assert commune.get("href") == f"/record/{catalogue.elsewhere['digital']}"


def test_the_commune_s_own_record_lists_its_copy_first_then_the_province_s(
    client: Client, catalogue: PortalData
) -> None:
    tree = page(client, catalogue.elsewhere["digital"])
    assert [name for name, _line, _rows in holdings(tree)] == [
        "Thư viện xã Bình An",
        "Thư viện tỉnh Thử Nghiệm",
    ]


def test_a_copy_lent_out_shows_as_on_loan(client: Client, catalogue: PortalData) -> None:
    item = Item.objects.get(barcode="TA000001")
    services.update_item(factories.staff(Role.NETWORK_ADMIN), item, status=Item.Status.ON_LOAN)

    province = holdings(page(client, catalogue.ids["digital"]))[0]
    assert province[1] == "0/2 bản sẵn sàng để mượn"
    assert [row[2] for row in province[2]] == ["Đang cho mượn", "Chỉ đọc tại chỗ"]


def test_a_record_without_copies_says_the_library_has_none_to_lend(
    client: Client, catalogue: PortalData
) -> None:
    tree = page(client, catalogue.ids["french"])
    section = find(tree, "section", "holding")[0]
    assert section.find("h3").text_content() == "Thư viện tỉnh Thử Nghiệm"
    assert section.find("p").text_content() == "Thư viện chưa có bản để mượn."


def test_the_marc_view_shows_the_leader_and_every_field_as_stored(
    client: Client, catalogue: PortalData
) -> None:
    tree = page(client, catalogue.ids["english"])
    rows = [
        [" ".join(cell.text_content().split()) for cell in tr]
        for tr in find(tree, "details", "marc")[0].xpath(".//tbody/tr")
    ]
    record = catalogue.record("english")
    assert rows[0] == ["LDR", "", record.leader.replace(" ", "#")]
    assert rows[1:] == [
        ["001", "", "TEST0002"],
        ["003", "", "VN-TA0001"],
        ["008", "", "250101s2000####vm#a##########000#0#eng#d"],
        ["020", "##", "$a 0-262-01180-8"],
        ["100", "1#", "$a Arms, William Y."],
        ["245", "10", "$a Digital libraries / $c William Y. Arms."],
        ["260", "##", "$a Cambridge, Mass. : $b MIT Press, $c 2000."],
        ["650", "#0", "$a Digital libraries."],
        ["952", "##", "$a VN-TA0001 $b VN-TA0001 $c Kho mượn $o 025.00285 ARM $p TA000003"],
    ]


def test_a_record_that_does_not_exist_gets_a_page_that_says_so(client: Client) -> None:
    response = client.get("/record/987654")
    assert response.status_code == 404
    assert "Không có tài liệu số 987654: có thể thư viện đã xoá bản ghi này. " in text_of(response)


def test_authority_records_are_not_public_pages(client: Client, catalogue: PortalData) -> None:
    assert client.get(f"/record/{catalogue.ids['authority']}").status_code == 404
    assert client.get(f"/record/{catalogue.ids['authority']}/export/marc").status_code == 404


def test_text_from_a_record_is_escaped_in_the_page(client: Client, catalogue: PortalData) -> None:
    response = client.get(f"/record/{catalogue.ids['escapes']}")
    body = response.content.decode()
    assert "<b>đậm</b>" not in body
    assert "&lt;/script&gt;&lt;b&gt;đậm&lt;/b&gt;" in body


def test_the_record_page_costs_eight_queries_however_many_copies_and_libraries(
    client: Client, catalogue: PortalData, django_assert_num_queries: Any
) -> None:
    # the record and its library; its cluster in the union catalogue; the same record in
    # other libraries; every copy; its scans; the OCR text of its scans ("more like this"
    # compares it; the index does not store it); the titles recommended beside it; the
    # branding
    with django_assert_num_queries(8):
        client.get(f"/record/{catalogue.ids['digital']}")
    more = records()["digital"]
    more.fields[-3:] = [copy("VN-TC0001", f"TC{n:06d}", "025.04 TH-V") for n in range(12)]
    import_marc(catalogue.libraries["VN-TC0001"], [more])
    assert Item.objects.count() == 19
    with django_assert_num_queries(8):
        response = client.get(f"/record/{catalogue.ids['digital']}")
    assert len(holdings(tree_of(response.content))) == 3
