"""/api/v1/search and /api/v1/suggest: the search service over HTTP, bad input included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from tests.api.conftest import problem
from thuvien.catalogue.models import Record
from thuvien.search import services
from thuvien.search.backends import get_backend
from thuvien.search.types import FACETS, InvalidQuery, SearchRequest
from thuvien.testing import factories
from thuvien.testing.api import book, import_records


@pytest.fixture
def catalogue(settings: Any, tmp_path: Path) -> dict[str, Record]:
    """Three books in two libraries, indexed in a folder of this test's own."""
    settings.DATA_DIR = tmp_path
    ca_mau = factories.library("VN-CM0001", name_vi="Thư viện tỉnh Cà Mau")
    bac_lieu = factories.library("VN-BL0001", name_vi="Thư viện tỉnh Bạc Liêu")
    so, de = import_records(
        ca_mau,
        book(
            "CM-1",
            "Thư viện số",
            author="Nguyễn Văn An",
            year="2021",
            isbn="9786041000001",
            subjects=("Thư viện học",),
            copies=({"p": "CM0001"}, {"p": "CM0002", "7": "1"}),
        ),
        book("CM-2", "Dế mèn phiêu lưu ký", author="Tô Hoài", year="1941"),
    )
    (xa_hoi,) = import_records(
        bac_lieu, book("BL-1", "Thư viện và xã hội", year="2015", copies=({"p": "B1"},))
    )
    get_backend().rebuild()
    return {"so": so, "de": de, "xa_hoi": xa_hoi}


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def test_a_student_without_diacritics_finds_the_book_with_everything_needed(
    client: Client, catalogue: dict[str, Record]
) -> None:
    data = _get(client, "/api/v1/search?q=thu+vien+so")
    so = catalogue["so"]
    (hit,) = data["hits"]
    assert isinstance(hit.pop("score"), float)
    assert hit == {
        "id": so.pk,
        "title": "Thư viện số",
        "authors": ["Nguyễn Văn An"],
        "year": 2021,
        "material_type": "book",
        "language": "vie",
        "library": "VN-CM0001",
        "isbn": "9786041000001",
        "holdings": [{"library": "VN-CM0001", "copies": 2, "available": 1}],
        "url": f"/api/v1/records/{so.pk}",
        "cluster": None,
        "records": [],
        "libraries": ["VN-CM0001"],
    }
    assert data["total"] == 1
    assert (data["page"], data["per_page"], data["did_you_mean"]) == (1, 20, None)
    assert isinstance(data["took_ms"], float)
    assert data["links"] == {"self": "/api/v1/search?q=thu+vien+so", "next": None, "prev": None}
    assert set(data["facets"]) <= set(FACETS)
    assert data["facets"]["library"] == [
        {"value": "VN-CM0001", "count": 1, "label": "Thư viện tỉnh Cà Mau"}
    ]


def test_facet_labels_follow_accept_language(client: Client, catalogue: dict[str, Record]) -> None:
    def labels(**headers: str) -> dict[str, list[str]]:
        response = client.get("/api/v1/search?q=thu+vien+so", **headers)
        facets = json.loads(response.content)["facets"]
        return {name: [v["label"] for v in facets[name]] for name in ("material_type", "language")}

    assert labels() == {"material_type": ["Sách"], "language": ["Tiếng Việt"]}
    assert labels(HTTP_ACCEPT_LANGUAGE="en") == {
        "material_type": ["Book"],
        "language": ["Vietnamese"],
    }
    availability = json.loads(
        client.get("/api/v1/search?q=thu+vien+so", HTTP_ACCEPT_LANGUAGE="en").content
    )["facets"]["availability"]
    assert availability == [{"value": "available", "count": 1, "label": "Copies on the shelf"}]


def test_the_api_returns_what_the_search_service_returns(
    client: Client, catalogue: dict[str, Record]
) -> None:
    data = _get(client, "/api/v1/search?q=thư+viện&sort=-year")
    result = services.search(SearchRequest(q="thư viện", sort="-year"))
    assert data["total"] == result.total == 2
    assert [h["id"] for h in data["hits"]] == [h.id for h in result.hits]
    assert [h["id"] for h in data["hits"]] == [catalogue["so"].pk, catalogue["xa_hoi"].pk]
    assert {
        name: [(v["value"], v["count"], v["label"]) for v in values]
        for name, values in data["facets"].items()
    } == {
        name: [(v.value, v.count, v.label) for v in values]
        for name, values in result.facets.items()
    }


def test_results_are_paged_with_links(client: Client, catalogue: dict[str, Record]) -> None:
    first = _get(client, "/api/v1/search?q=thu+vien&per_page=1")
    assert first["total"] == 2
    assert first["links"]["next"] == "/api/v1/search?q=thu+vien&per_page=1&page=2"
    second = _get(client, first["links"]["next"])
    assert second["links"] == {
        "self": "/api/v1/search?q=thu+vien&per_page=1&page=2",
        "next": None,
        "prev": "/api/v1/search?q=thu+vien&per_page=1&page=1",
    }
    assert {first["hits"][0]["id"], second["hits"][0]["id"]} == {
        catalogue["so"].pk,
        catalogue["xa_hoi"].pk,
    }


def test_facet_filters_narrow_and_repeat_as_or(
    client: Client, catalogue: dict[str, Record]
) -> None:
    only_bl = _get(client, "/api/v1/search?q=thu+vien&library=VN-BL0001&facets=false")
    assert [h["id"] for h in only_bl["hits"]] == [catalogue["xa_hoi"].pk]
    assert only_bl["facets"] == {}
    both = _get(client, "/api/v1/search?q=thu+vien&library=VN-BL0001&library=VN-CM0001")
    assert both["total"] == 2
    old = _get(client, "/api/v1/search?library=VN-CM0001&year=-1990")
    assert [h["id"] for h in old["hits"]] == [catalogue["de"].pk]


def test_a_librarian_finds_a_book_by_isbn_typed_with_hyphens(
    client: Client, catalogue: dict[str, Record]
) -> None:
    data = _get(client, "/api/v1/search?q=978-604-1-00000-1")
    assert [h["id"] for h in data["hits"]] == [catalogue["so"].pk]


def test_a_typo_gets_a_did_you_mean(client: Client, catalogue: dict[str, Record]) -> None:
    assert _get(client, "/api/v1/search?q=thu+vein")["did_you_mean"] == "thu vien"


def test_autocomplete_offers_titles_and_subjects(
    client: Client, catalogue: dict[str, Record]
) -> None:
    assert _get(client, "/api/v1/suggest?q=thu&limit=5") == {
        "suggestions": [
            {"text": s.text, "field": s.field} for s in services.suggest("thu", limit=5)
        ]
    }
    assert {"text": "Thư viện số", "field": "title"} in _get(client, "/api/v1/suggest?q=thu")[
        "suggestions"
    ]
    assert _get(client, "/api/v1/suggest?q=") == {"suggestions": []}


def _refused(client: Client, q: str, **params: str) -> dict[str, Any]:
    """The problem for a query the service refuses, checked to be the service's own words."""
    query = "&".join([f"q={quote(q)}", *(f"{k}={quote(v)}" for k, v in params.items())])
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400, response.content
    document = problem(response)
    with pytest.raises(InvalidQuery) as refused:
        services.search(
            SearchRequest(q=q, filters={k: (v,) for k, v in params.items() if k != "sort"})
        )
    assert document["title"] == "search.invalid_query"
    assert document["detail"] == refused.value.message
    assert document["instance"] == "/api/v1/search"
    return document


@pytest.mark.usefixtures("catalogue")
def test_an_empty_query_asks_for_something_to_search_for(client: Client) -> None:
    for q in ("", "   "):
        assert _refused(client, q)["detail"] == (
            "Hãy nhập từ cần tìm (nhan đề, tác giả, chủ đề, ISBN…)"
        )


@pytest.mark.usefixtures("catalogue")
def test_a_10_kb_query_is_told_the_limit_not_a_server_error(client: Client) -> None:
    document = _refused(client, ("thư viện số " * 1000)[:10_000])
    assert document["detail"] == (
        "Câu tìm dài 10000 ký tự, quá giới hạn 1000; hãy rút gọn còn vài từ khoá"
    )
    assert document["ids"] == {"length": "10000"}


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(("q", "code"), [("thư\x07viện", "U+0007"), ("a\x00b", "U+0000")])
def test_a_control_character_is_named_with_its_position(client: Client, q: str, code: str) -> None:
    document = _refused(client, q)
    assert document["ids"]["character"] == code
    assert document["ids"]["position"] in {"2", "4"}


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("q", "instead"),
    [
        ("title:", "ví dụ title:“thư viện số”"),
        ("isbn:12345", "hãy kiểm tra lại các chữ số"),
        ("year:abc", "hãy gõ như year:2010 hoặc year:2010-2020"),
        ("author: subject:lịch sử", "ví dụ author:nguyễn du"),
    ],
)
def test_malformed_fielded_syntax_says_what_to_type_instead(
    client: Client, q: str, instead: str
) -> None:
    document = _refused(client, q)
    assert document["detail"].endswith(instead)


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("q", ["*", "**", "?", "* ?"])
def test_a_wildcard_only_query_asks_for_a_word(client: Client, q: str) -> None:
    assert _refused(client, q)["detail"] == (
        "Câu tìm chỉ có ký tự đại diện (* hoặc ?); hãy gõ ít nhất một từ, ví dụ thư* hoặc thư viện"
    )


@pytest.mark.usefixtures("catalogue")
def test_a_bad_facet_value_is_refused_by_name(client: Client) -> None:
    assert (
        "available, unavailable, no-copies"
        in _refused(client, "thu", availability="maybe")["detail"]
    )
    assert "2010-2019" in _refused(client, "thu", year="abc")["detail"]


@pytest.mark.usefixtures("catalogue")
def test_an_unknown_facet_is_a_400_problem_listing_the_facets(client: Client) -> None:
    response = client.get("/api/v1/search?q=thu&publisher=Tr%E1%BA%BB")
    assert response.status_code == 400
    accepted = (
        "q, library, material_type, language, year, subject, availability, online, sort, page, "
    )
    accepted += "per_page, facets"
    assert problem(response) == {
        "type": "https://thuvien.vn/problems/api.invalid_parameters",
        "title": "api.invalid_parameters",
        "status": 400,
        "detail": f"Tham số không được hỗ trợ: publisher. Các tham số dùng được: {accepted}.",
        "instance": "/api/v1/search",
        "errors": [
            {
                "in": "query",
                "name": "publisher",
                "message": f"Không có tham số publisher; dùng một trong: {accepted}.",
            }
        ],
    }


@pytest.mark.usefixtures("catalogue")
def test_an_unknown_sort_names_the_sorts(client: Client) -> None:
    response = client.get("/api/v1/search?q=thu&sort=newest")
    assert response.status_code == 400
    assert problem(response)["errors"] == [
        {
            "in": "query",
            "name": "sort",
            "message": "Tham số sort “newest” phải là một trong: relevance, year, -year, title "
            "or author.",
        }
    ]


@pytest.mark.usefixtures("catalogue")
def test_a_page_past_the_end_is_a_404_problem(client: Client) -> None:
    response = client.get("/api/v1/search?q=thu+vien&page=9")
    assert response.status_code == 404
    document = problem(response)
    assert document["title"] == "search.page_out_of_range"
    assert document["ids"] == {"page": "9", "pages": "1"}
    assert document["detail"] == "Không có trang 9: kết quả chỉ có 1 trang"


@pytest.mark.usefixtures("catalogue")
def test_paging_too_deep_asks_to_narrow_the_search(client: Client) -> None:
    response = client.get("/api/v1/search?q=thu&page=101&per_page=100")
    assert response.status_code == 400
    assert problem(response)["title"] == "search.invalid_query"


def test_before_the_index_is_built_search_answers_from_an_empty_one(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path / "fresh"
    response = client.get("/api/v1/search?q=thu+vien")
    assert response.status_code == 200
    assert response.json()["total"] == 0
