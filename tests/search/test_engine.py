"""Every query feature, on a small catalogue of two libraries, through the search service."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import translation

from thuvien.catalogue.models import Record
from thuvien.network.models import Library
from thuvien.search import services
from thuvien.search.types import FacetValue, Holding, SearchRequest, SearchResult, Suggestion
from thuvien.testing import factories
from thuvien.testing.search import import_records, rebuild_index

from .corpus import book


@dataclass(frozen=True)
class Catalogue:
    province: Library
    district: Library
    ids: dict[str, int]  # title → record id


@pytest.fixture
def catalogue() -> Catalogue:
    province = factories.library("VN-TA01", name_vi="Thư viện tỉnh Thử")
    district = factories.library(
        "VN-TB02", name_vi="Thư viện huyện Thử", name_en="Test District Library"
    )
    import_records(
        province,
        [
            book("A1", "An ninh mạng", authors=("Nguyễn Văn An",), subjects=("An ninh mạng",),
                 year="2019"),
            book("A2", "Ăn uống lành mạnh", authors=("Đặng Thị Bình",), year="2015",
                 subjects=("Dinh dưỡng",), copies=("lost",)),
            book("A3", "Âm nhạc dân gian", authors=("Bùi Văn Âm",), year="1998",
                 copies=("available", "not-for-loan")),
            book("A4", "Bến Tre xưa", year="2005", copies=()),
            book("A5", "Đinh Tiên Hoàng", authors=("Lê Văn Hưu",), year="1990"),
        ],
    )  # fmt: skip
    import_records(
        district,
        [
            book("B1", "Dân ca Nam Bộ", authors=("Đinh Văn Dân",), year="2012"),
            book("B2", "Đà Lạt mộng mơ", year=""),
            book("B3", "Ê-đê sử thi", year="2021"),
            book("B4", "Digital libraries", authors=("Arms, William Y.",), lang="eng", year="2000",
                 subjects=("Digital libraries",)),
            book("B5", "Thư viện số", authors=("Nguyễn Hoàng Sơn",), subjects=("Thư viện số",),
                 year="2016", isbn="978-604-2-32145-7", barcode="TB02000777", call="025 SON"),
            book("B6", "Thương mại điện tử", year="2018", subjects=("Kinh doanh",)),
            book("B7", "图书馆学基础", lang="chi", year="2008"),
        ],
    )  # fmt: skip
    rebuild_index()
    ids = dict(Record.objects.values_list("title", "id"))
    return Catalogue(province, district, ids)


def titles(result: SearchResult) -> list[str]:
    return [hit.title for hit in result.hits]


def find(q: str = "", **request: object) -> SearchResult:
    return services.search(SearchRequest(q=q, **request))  # type: ignore[arg-type]


BOTH = {"library": ("VN-TA01", "VN-TB02")}


def test_a_field_restricts_the_search_to_titles_authors_or_subjects(catalogue: Catalogue) -> None:
    assert set(titles(find("đinh"))) == {"Dân ca Nam Bộ", "Đinh Tiên Hoàng", "Ăn uống lành mạnh"}
    assert titles(find("author:đinh")) == ["Dân ca Nam Bộ"]
    assert titles(find("title:dinh")) == ["Đinh Tiên Hoàng"]
    assert titles(find("subject:kinh")) == ["Thương mại điện tử"]


def test_a_quoted_phrase_needs_its_words_in_order(catalogue: Catalogue) -> None:
    assert titles(find('"an ninh mạng"')) == ["An ninh mạng"]
    assert titles(find('"mạng an ninh"')) == []


def test_a_star_matches_words_that_start_with_the_letters(catalogue: Catalogue) -> None:
    assert sorted(titles(find("thư*"))) == ["Thư viện số", "Thương mại điện tử"]
    assert sorted(titles(find("thu*"))) == ["Thư viện số", "Thương mại điện tử"]


def test_year_in_the_query_and_year_filters_select_by_range(catalogue: Catalogue) -> None:
    expected = ["An ninh mạng", "Dân ca Nam Bộ", "Thư viện số", "Thương mại điện tử"]
    expected.insert(1, "Ăn uống lành mạnh")
    assert set(titles(find("year:2010-2019"))) == set(expected)
    assert set(titles(find(filters={**BOTH, "year": ("2010-2019",)}))) == set(expected)
    assert titles(find("year:-1995")) == ["Đinh Tiên Hoàng"]
    assert sorted(titles(find(filters={**BOTH, "year": ("2019-", "-1990")}))) == [
        "An ninh mạng",
        "Ê-đê sử thi",
        "Đinh Tiên Hoàng",
    ]


def test_isbn_field_and_identifiers_typed_alone_find_their_record(catalogue: Catalogue) -> None:
    for q in ("isbn:9786042321457", "978-604-2-32145-7", "TB02000777", "025 son"):
        assert titles(find(q)) == ["Thư viện số"], q


def test_lookup_returns_record_ids_for_each_kind_of_identifier(catalogue: Catalogue) -> None:
    wanted = [catalogue.ids["Thư viện số"]]
    for text in ("9786042321457", "978-604-2-32145-7", "tb02000777", "025  SON"):
        assert services.lookup(text) == wanted, text
    assert services.lookup("RLA3") == [catalogue.ids["Âm nhạc dân gian"]]
    assert services.lookup("0-306-40615-2") == []
    assert services.lookup("") == []


def test_hits_carry_the_owning_library_and_copies_per_library(catalogue: Catalogue) -> None:
    [hit] = find("âm nhạc").hits
    assert (hit.id, hit.library, hit.year, hit.language) == (
        catalogue.ids["Âm nhạc dân gian"], "VN-TA01", 1998, "vie"
    )  # fmt: skip
    assert hit.authors == "Bùi Văn Âm"
    assert hit.holdings == (Holding("VN-TA01", copies=2, available=1),)
    [digital] = find("thư viện số").hits
    assert digital.isbn == "9786042321457"


def test_facets_count_libraries_types_languages_decades_subjects_and_availability(
    catalogue: Catalogue,
) -> None:
    facets = find(filters=BOTH).facets
    assert facets["library"] == [
        FacetValue("VN-TB02", 7, "Thư viện huyện Thử"),
        FacetValue("VN-TA01", 5, "Thư viện tỉnh Thử"),
    ]
    assert facets["material_type"] == [FacetValue("book", 12, "Sách")]
    assert facets["language"] == [
        FacetValue("vie", 10, "Tiếng Việt"),
        FacetValue("chi", 1, "Tiếng Trung"),
        FacetValue("eng", 1, "Tiếng Anh"),
    ]
    assert [(v.value, v.count, v.label) for v in facets["year"]] == [
        ("2020-2029", 1, "2020–2029"),
        ("2010-2019", 5, "2010–2019"),
        ("2000-2009", 3, "2000–2009"),
        ("1990-1999", 2, "1990–1999"),
    ]
    assert {(v.value, v.count, v.label) for v in facets["availability"]} == {
        ("available", 10, "Có bản sẵn sàng"),
        ("unavailable", 1, "Không có bản sẵn sàng"),
        ("no-copies", 1, "Chưa có bản để mượn"),
    }
    assert FacetValue("Thư viện số", 1, "Thư viện số") in facets["subject"]


def test_library_names_follow_the_language_of_the_page(catalogue: Catalogue) -> None:
    with translation.override("en"):
        facets = find(filters=BOTH).facets
    labels = {v.value: v.label for v in facets["library"]}
    assert labels == {"VN-TB02": "Test District Library", "VN-TA01": "Thư viện tỉnh Thử"}


def test_values_of_one_facet_are_ored_and_facets_are_anded(catalogue: Catalogue) -> None:
    assert find(filters=BOTH).total == 12
    assert find(filters={"library": ("VN-TA01",)}).total == 5
    unavailable = find(filters={**BOTH, "availability": ("unavailable", "no-copies")})
    assert sorted(titles(unavailable)) == ["Bến Tre xưa", "Ăn uống lành mạnh"]
    assert titles(find(filters={"library": ("VN-TB02",), "language": ("eng",)})) == [
        "Digital libraries"
    ]
    assert titles(find(filters={**BOTH, "subject": ("Dinh dưỡng",)})) == ["Ăn uống lành mạnh"]


def test_title_sort_follows_the_vietnamese_alphabet(catalogue: Catalogue) -> None:
    assert titles(find(filters=BOTH, sort="title")) == [
        "An ninh mạng",
        "Ăn uống lành mạnh",
        "Âm nhạc dân gian",
        "Bến Tre xưa",
        "Dân ca Nam Bộ",
        "Digital libraries",
        "Đà Lạt mộng mơ",
        "Đinh Tiên Hoàng",
        "Ê-đê sử thi",
        "Thư viện số",
        "Thương mại điện tử",
        "图书馆学基础",
    ]


def test_author_sort_puts_records_without_an_author_last(catalogue: Catalogue) -> None:
    authors = [hit.authors for hit in find(filters=BOTH, sort="author").hits]
    assert authors[:7] == [
        "Arms, William Y.",
        "Bùi Văn Âm",
        "Đặng Thị Bình",
        "Đinh Văn Dân",
        "Lê Văn Hưu",
        "Nguyễn Hoàng Sơn",
        "Nguyễn Văn An",
    ]
    assert set(authors[7:]) == {""}


def test_year_sorts_go_both_ways_with_undated_records_last(catalogue: Catalogue) -> None:
    oldest = [hit.year for hit in find(filters=BOTH, sort="year").hits]
    newest = [hit.year for hit in find(filters=BOTH, sort="-year").hits]
    assert oldest == [1990, 1998, 2000, 2005, 2008, 2012, 2015, 2016, 2018, 2019, 2021, None]
    assert newest == [2021, 2019, 2018, 2016, 2015, 2012, 2008, 2005, 2000, 1998, 1990, None]


def test_every_word_must_match_and_otherwise_any_word_will_do(catalogue: Catalogue) -> None:
    assert titles(find("thư viện số")) == ["Thư viện số"]
    relaxed = find("thư viện dân gian")  # no record has all four words
    assert set(titles(relaxed)[:2]) == {"Thư viện số", "Âm nhạc dân gian"}
    assert "Dân ca Nam Bộ" in titles(relaxed)


def test_chinese_is_found_by_a_word_or_a_single_character(catalogue: Catalogue) -> None:
    assert titles(find("图书馆")) == ["图书馆学基础"]
    assert titles(find("书")) == ["图书馆学基础"]
    assert titles(find("学基")) == ["图书馆学基础"]


def test_paging_returns_the_requested_slice(catalogue: Catalogue) -> None:
    first = find(filters=BOTH, sort="title", per_page=5)
    third = find(filters=BOTH, sort="title", per_page=5, page=3)
    assert (first.total, first.page, first.per_page) == (12, 1, 5)
    assert titles(third) == ["Thương mại điện tử", "图书馆学基础"]


def test_completion_offers_titles_authors_and_subjects_typed_any_way(catalogue: Catalogue) -> None:
    assert services.suggest("thu vi") == [
        Suggestion("Thư viện số", "title"),
        Suggestion("Thư viện số", "subject"),
    ]
    assert services.suggest("Nguyễn") == [  # as many records each: the shorter first
        Suggestion("Nguyễn Văn An", "author"),
        Suggestion("Nguyễn Hoàng Sơn", "author"),
    ]
    assert services.suggest("din") == [  # as many records each: titles, authors, subjects
        Suggestion("Đinh Tiên Hoàng", "title"),
        Suggestion("Đinh Văn Dân", "author"),
        Suggestion("Dinh dưỡng", "subject"),
    ]
    assert services.suggest("din", limit=1) == [Suggestion("Đinh Tiên Hoàng", "title")]
    assert services.suggest("  ") == []
    assert services.suggest("zzz") == []


def test_completion_forgets_a_deleted_record(catalogue: Catalogue) -> None:
    from thuvien.changes import feed
    from thuvien.testing.search import index_now

    record = Record.objects.get(pk=catalogue.ids["Bến Tre xưa"])
    record.delete()
    feed.record_changed([catalogue.ids["Bến Tre xưa"]])
    index_now()
    assert services.suggest("ben tre") == []


def test_did_you_mean_corrects_unknown_words_when_few_records_match(catalogue: Catalogue) -> None:
    result = find("thu vein so")
    assert result.did_you_mean == "thu vien so"
    assert find("thuong mai dien tuu").did_you_mean == "thuong mai dien tu"
    assert find("dinh duong").did_you_mean is None
    assert find("thư viện số").did_you_mean is None
