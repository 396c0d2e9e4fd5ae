"""Home page and new acquisitions: newest records with copies, per library, and their feeds."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.opac.conftest import find, text, text_of, tree_of, xml_of
from thuvien.opac import acquisitions
from thuvien.testing.portal import PortalData

ATOM = "{http://www.w3.org/2005/Atom}"


def shelves(client: Client) -> list[tuple[str, list[str]]]:
    tree = tree_of(client.get("/").content)
    return [
        (text(s.find("h3")), [text(h) for h in s.xpath(".//h4")])
        for s in find(tree, "section", "shelf")
    ]


def test_home_shows_each_library_s_newest_records_that_have_a_copy(
    client: Client, catalogue: PortalData
) -> None:
    # The commune catalogued last, so it comes first. The French book has no copy and the
    # authority record is no book: neither is a new acquisition.
    assert shelves(client) == [
        ("Thư viện xã Bình An", ["Thư viện số chuyển đổi số trong thư viện công cộng"]),
        (
            "Thư viện tỉnh Thử Nghiệm",
            [
                "C++ & {LaTeX}: 100% $ #1 ~^ \\ </script><b>đậm</b>",
                "Tạp chí Thư viện Việt Nam",
                "Phát triển văn hóa đọc ở Cà Mau luận văn thạc sĩ",
                "Digital libraries",
            ],
        ),
    ]


def test_a_card_says_how_many_copies_are_on_the_shelf(
    client: Client, catalogue: PortalData
) -> None:
    tree = tree_of(client.get("/").content)
    cards = {text(c.xpath(".//h4")[0]): c for c in find(tree, "article", "card")}
    card = cards["Digital libraries"]
    assert [text(p) for p in card.findall("p")] == [
        "Arms, William Y.",
        "2000 · Sách",
        "1/1 bản sẵn sàng để mượn",
    ]
    assert text(
        find(cards["Phát triển văn hóa đọc ở Cà Mau luận văn thạc sĩ"], "p", "availability")[0]
    ) == ("0/1 bản sẵn sàng để mượn")


def test_home_with_no_copies_anywhere_says_so(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có tài liệu nào có bản để mượn." in text_of(response)


def test_home_costs_one_query_and_one_per_library_shown(
    client: Client, catalogue: PortalData, django_assert_num_queries: Any
) -> None:
    # + the branding (one query on every page) and the latest news
    with django_assert_num_queries(1 + 2 + 2):
        client.get("/")


def titles(response: Any) -> list[str]:
    tree = tree_of(response.content)
    return [text(h) for h in tree.xpath("//article/h2")]


def test_new_acquisitions_of_one_library_come_newest_first_page_by_page(
    client: Client, catalogue: PortalData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(acquisitions, "PER_PAGE", 2)
    first = client.get("/new?library=VN-TA0001")
    assert titles(first) == [
        "C++ & {LaTeX}: 100% $ #1 ~^ \\ </script><b>đậm</b>",
        "Tạp chí Thư viện Việt Nam",
    ]
    tree = tree_of(first.content)
    assert tree.xpath("//a[@rel='next']/@href") == ["?library=VN-TA0001&page=2"]
    assert tree.xpath("//h1")[0].text_content() == "Tài liệu mới: Thư viện tỉnh Thử Nghiệm"

    last = client.get("/new?library=VN-TA0001&page=3")
    assert titles(last) == ["Thư viện số chuyển đổi số trong thư viện công cộng"]
    tree = tree_of(last.content)
    assert (tree.xpath("//a[@rel='prev']/@href"), tree.xpath("//a[@rel='next']")) == (
        ["?library=VN-TA0001&page=2"],
        [],
    )


def test_new_acquisitions_of_the_network_name_the_library_of_each(
    client: Client, catalogue: PortalData
) -> None:
    tree = tree_of(client.get("/new").content)
    first = tree.xpath("//article")[0]
    assert text(first.xpath(".//p[@class='meta']")[0]) == "2021 · Sách · Thư viện xã Bình An"
    options = [(o.get("value"), text(o)) for o in tree.xpath("//select[@id='library']/option")]
    assert options == [
        ("", "Mọi thư viện"),
        ("VN-TA0001", "Thư viện tỉnh Thử Nghiệm"),
        ("VN-TB0001", "Thư viện xã Bình An"),
    ]


def test_an_unknown_library_gets_a_page_that_names_it(
    client: Client, catalogue: PortalData
) -> None:
    response = client.get("/new?library=VN-XX9999")
    assert response.status_code == 404
    assert "Không có thư viện mã VN-XX9999; hãy chọn một thư viện trong danh sách." in text_of(
        response
    )


def test_the_new_acquisitions_page_costs_four_queries(
    client: Client, catalogue: PortalData, django_assert_num_queries: Any
) -> None:
    # the library asked for, a page of records with their counts, the libraries to choose,
    # the branding
    with django_assert_num_queries(4):
        client.get("/new?library=VN-TA0001")


def test_the_rss_feed_lists_new_acquisitions_with_absolute_links(
    client: Client, catalogue: PortalData
) -> None:
    response = client.get("/new/rss?library=VN-TB0001")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = xml_of(response.content).find("channel")
    assert channel.findtext("title") == "Tài liệu mới: Thư viện xã Bình An"
    assert channel.findtext("link") == "http://testserver/new?library=VN-TB0001"
    assert channel.findtext("language") == "vi"
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("href") == "http://testserver/new/rss?library=VN-TB0001"
    [item] = channel.findall("item")
    rid = catalogue.elsewhere["digital"]
    assert (item.findtext("title"), item.findtext("link"), item.findtext("guid")) == (
        "Thư viện số chuyển đổi số trong thư viện công cộng",
        f"http://testserver/record/{rid}",
        f"http://testserver/record/{rid}",
    )
    assert item.findtext("description") == (
        "Nguyễn Văn An ; Lê Thị Bình · Thông tin và Truyền thông · 2021 · Sách · "
        "Thư viện xã Bình An"
    )


def test_the_atom_feed_of_the_network_has_one_entry_per_new_record(
    client: Client, catalogue: PortalData
) -> None:
    response = client.get("/new/atom")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = xml_of(response.content)
    assert feed.findtext(f"{ATOM}title") == "Tài liệu mới của mạng lưới thư viện"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 6
    assert [e.findtext(f"{ATOM}id") for e in entries][-1] == (
        f"http://testserver/record/{catalogue.ids['digital']}"
    )
    assert entries[-1].find(f"{ATOM}author").findtext(f"{ATOM}name") == "Nguyễn Văn An"


def test_a_feed_of_an_unknown_library_is_a_404(client: Client, catalogue: PortalData) -> None:
    assert client.get("/new/rss?library=VN-XX9999").status_code == 404
    assert client.get("/new/atom?library=VN-XX9999").status_code == 404
