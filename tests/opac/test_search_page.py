"""The results page: hits with availability per library, facet links, paging, sorting,
"did you mean", and a helpful page (never an error page) for a query that cannot run."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from django.core.management import call_command
from django.test import Client

from tests.opac.conftest import find, leftovers, text, text_of, tree_of
from thuvien.opac import searching
from thuvien.search import services
from thuvien.search.types import InvalidQuery, SearchRequest
from thuvien.testing.portal import PortalData
from thuvien.testing.search import use_index_in


def results(client: Client, query: str) -> Any:
    response = client.get(f"/search?{query}")
    assert response.status_code == 200, text_of(response)
    return tree_of(response.content)


def hits(tree: Any) -> list[tuple[str, str, list[str]]]:
    """(title, link, availability lines) of each hit, in order."""
    return [
        (
            text(li.xpath(".//h3/a")[0]),
            li.xpath(".//h3/a/@href")[0],
            [text(x) for x in li.xpath(".//ul[@class='where']/li")],
        )
        for li in find(tree, "li", "hit")
    ]


def facet(tree: Any, label: str) -> list[tuple[str, str]]:
    """(text, link) of each value of the facet headed ``label``."""
    for group in find(tree, "section", "facet"):
        if text(group.find("h3")) == label:
            return [(text(a), a.get("href")) for a in group.xpath(".//a")]
    raise AssertionError(f"no facet {label!r}")


def test_a_search_typed_without_diacritics_finds_the_book_in_each_library_that_holds_it(
    client: Client, indexed: PortalData
) -> None:
    tree = results(client, "q=thu+vien+so")
    assert text(find(tree, "p", "summary")[0]) == "Tìm thấy 2 tài liệu. Đang xem 1–2."
    title = "Thư viện số chuyển đổi số trong thư viện công cộng"
    # the two libraries' records of the book score alike: either may come first
    assert sorted(hits(tree)) == sorted(
        [
            (
                title,
                f"/record/{indexed.ids['digital']}",
                ["Thư viện tỉnh Thử Nghiệm: 1/2 bản sẵn sàng"],
            ),
            (
                title,
                f"/record/{indexed.elsewhere['digital']}",
                ["Thư viện xã Bình An: 1/1 bản sẵn sàng"],
            ),
        ]
    )


def test_facets_are_links_that_add_a_filter_and_links_that_remove_it(
    client: Client, indexed: PortalData
) -> None:
    tree = results(client, "q=thu+vien")
    assert facet(tree, "Thư viện") == [
        ("Thư viện tỉnh Thử Nghiệm (2)", "/search?q=thu+vien&library=VN-TA0001"),
        ("Thư viện xã Bình An (1)", "/search?q=thu+vien&library=VN-TB0001"),
    ]
    assert facet(tree, "Loại tài liệu") == [
        ("Sách (2)", "/search?q=thu+vien&material_type=book"),
        ("Báo, tạp chí (1)", "/search?q=thu+vien&material_type=serial"),
    ]

    narrowed = results(client, "q=thu+vien&library=VN-TA0001")
    assert [title for title, _link, _where in hits(narrowed)] == [
        "Thư viện số chuyển đổi số trong thư viện công cộng",
        "Tạp chí Thư viện Việt Nam",
    ]
    assert facet(narrowed, "Thư viện")[0] == (
        "✓ Thư viện tỉnh Thử Nghiệm (2) (đang lọc, chọn để bỏ)",
        "/search?q=thu+vien",
    )
    active = [(text(a), a.get("href")) for a in find(narrowed, "div", "active")[0].xpath(".//a")]
    assert active == [
        ("Thư viện: Thư viện tỉnh Thử Nghiệm ✕ (bỏ bộ lọc này)", "/search?q=thu+vien")
    ]


def test_filters_of_two_facets_combine_and_stay_in_the_sort_form(
    client: Client, indexed: PortalData
) -> None:
    tree = results(client, "q=thu+vien&library=VN-TA0001&material_type=serial")
    assert [title for title, _l, _w in hits(tree)] == ["Tạp chí Thư viện Việt Nam"]
    form = find(tree, "form", "sort")[0]
    hidden = [(i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']")]
    assert hidden == [("q", "thu vien"), ("library", "VN-TA0001"), ("material_type", "serial")]
    assert form.xpath(".//option/@value") == ["relevance", "-year", "year", "title", "author"]


def test_a_sort_is_kept_by_facet_links(client: Client, indexed: PortalData) -> None:
    tree = results(client, "q=thu+vien&sort=-year")
    assert facet(tree, "Thư viện")[1][1] == "/search?q=thu+vien&sort=-year&library=VN-TB0001"
    assert find(tree, "form", "sort")[0].xpath(".//option[@selected]/@value") == ["-year"]


def test_a_typo_gets_a_did_you_mean_link(client: Client, indexed: PortalData) -> None:
    tree = results(client, "q=dgital")
    assert text(find(tree, "div", "empty")[0].find("p")) == "Không tìm thấy tài liệu nào."
    dym = find(tree, "p", "dym")[0]
    assert (text(dym), dym.xpath(".//a/@href")) == (
        "Có phải bạn muốn tìm: digital?",
        ["/search?q=digital"],
    )


def test_long_results_are_paged_with_links_that_keep_the_query(
    client: Client, indexed: PortalData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(searching, "PER_PAGE", 1)
    tree = results(client, "q=thu+vien&page=2")
    assert text(find(tree, "p", "summary")[0]) == "Tìm thấy 3 tài liệu. Đang xem 2–2."
    pager = find(tree, "nav", "pager")[0]
    links = [(text(a), a.get("href"), a.get("aria-current")) for a in pager.xpath(".//a")]
    assert links == [
        ("Trang 1", "/search?q=thu+vien", None),
        ("Trang 2", "/search?q=thu+vien&page=2", "page"),
        ("Trang 3", "/search?q=thu+vien&page=3", None),
    ]
    assert tree.xpath("//ol[contains(@class, 'hits')]/@start") == ["2"]


def shown_problem(client: Client, query: str, status: int) -> str:
    response = client.get(f"/search?{query}")
    assert response.status_code == status, text_of(response)
    tree = tree_of(response.content)
    [alert] = tree.xpath("//div[@role='alert']")
    assert text(alert.find("h2")) == "Chưa tìm được"
    # the search box is still there, holding what was typed, to fix it
    assert tree.xpath("//input[@id='q-main']/@value") == [client_value(query)]
    return text(alert.find("p"))


def client_value(query: str) -> str:
    """What the search box shows back: what was typed, control characters as spaces."""
    typed = parse_qs(query, keep_blank_values=True).get("q", [""])[0]
    return re.sub(r"[\x00-\x1f]+", " ", typed)


def engine_says(q: str, **options: Any) -> str:
    with pytest.raises(InvalidQuery) as refused:
        services.search(SearchRequest(q=q, **options))
    return refused.value.message


@pytest.mark.parametrize(
    "q",
    ["", "***", "x" * 10_000, "thu\x00\x07 vien", "title:", "year:abc", "((("],
    ids=[
        "empty",
        "wildcards",
        "10-kB",
        "control-characters",
        "empty-field",
        "bad-year",
        "no-words",
    ],
)
def test_a_query_that_cannot_run_gets_the_engine_s_explanation_with_status_400(
    client: Client, indexed: PortalData, q: str
) -> None:
    assert shown_problem(client, urlencode({"q": q}), 400) == " ".join(engine_says(q).split())


def test_a_page_past_the_end_is_a_404_that_says_how_many_pages_there_are(
    client: Client, indexed: PortalData
) -> None:
    message = shown_problem(client, "q=thu+vien&page=9", 404)
    assert message == engine_says("thu vien", page=9, per_page=searching.PER_PAGE)
    assert "Không có trang 9" in message


def test_a_page_that_is_not_a_number_is_explained(client: Client, indexed: PortalData) -> None:
    assert shown_problem(client, "q=thu+vien&page=hai", 400) == (
        "Số trang «hai» không hợp lệ: hãy dùng một số nguyên từ 1 trở lên."
    )


def test_the_search_page_without_a_query_invites_one(client: Client) -> None:
    response = client.get("/search")
    assert response.status_code == 200
    assert "Gõ vài chữ của nhan đề, tên tác giả, chủ đề, hoặc số ISBN" in text_of(response)


def test_the_results_page_adds_three_queries_to_the_search_however_many_hits(
    client: Client, indexed: PortalData, django_assert_num_queries: Any
) -> None:
    client.get("/search?q=thu+vien")  # the engine caches library names for a minute
    # how far the index lags (changes pending), the names of the libraries holding copies,
    # the branding
    with django_assert_num_queries(3):
        client.get("/search?q=digital")
    with django_assert_num_queries(3):
        client.get("/search?q=thu+vien")


def test_no_vietnamese_is_left_on_an_english_results_page(
    english: Client, plain_catalogue: int, settings: Any, tmp_path: Path
) -> None:
    use_index_in(settings, tmp_path)
    call_command("reindex", stdout=io.StringIO(), stderr=io.StringIO())
    response = english.get("/search?q=digital")
    body = text_of(response)
    assert "1 item found. Showing 1–1." in body
    assert "Test Library: 1 of 4 copies available" in body
    assert leftovers(body) == set(), body


def test_a_lagging_index_answers_and_says_how_far_behind_it_is(
    client: Client, indexed: PortalData
) -> None:
    from thuvien.catalogue.models import Record
    from thuvien.changes import feed

    records = list(Record.objects.values_list("id", flat=True)[:2])
    feed.record_changed(records)  # as an import does, before the applier has run
    page = text_of(client.get("/search?q=thu+vien"))
    assert "Chỉ mục đang cập nhật: 2 thay đổi mới nhất của mục lục chưa có trong kết quả." in page
