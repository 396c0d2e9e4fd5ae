"""The reader's query language and what bad input gets back (issue #3, "Bad input")."""

from __future__ import annotations

import pytest
from django.utils import translation

from thuvien.catalogue.marc import MarcRecord
from thuvien.search import services
from thuvien.search.query import Clause, parse
from thuvien.search.services import PageOutOfRange
from thuvien.search.types import InvalidQuery, SearchRequest
from thuvien.testing import factories
from thuvien.testing.search import import_records, rebuild_index


def refusal(q: str = "thư viện", **request: object) -> InvalidQuery:
    with pytest.raises(InvalidQuery) as caught:
        services.search(SearchRequest(q=q, **request))  # type: ignore[arg-type]
    return caught.value


# --- the language ----------------------------------------------------------------------------


def test_plain_words_are_one_clause_over_every_field() -> None:
    assert parse("thư viện số").clauses == (Clause("thư viện số"),)


def test_a_field_takes_the_next_word_or_the_quoted_phrase_after_it() -> None:
    parsed = parse('title:kiều author:"nguyễn du" năm')
    assert parsed.clauses == (
        Clause("kiều", "title"),
        Clause("nguyễn du", "author", phrase=True),
        Clause("năm"),
    )


def test_quoted_words_are_a_phrase_and_a_star_makes_a_prefix() -> None:
    parsed = parse('"chuyển đổi số" thư*')
    assert parsed.clauses == (Clause("chuyển đổi số", phrase=True), Clause("thư", prefix=True))


def test_year_takes_one_year_or_a_range_either_end_open() -> None:
    assert parse("year:2010 lịch sử").years == (2010, 2010)
    assert parse("year:2010-2020 lịch sử").years == (2010, 2020)
    assert parse("year:-1975 lịch sử").years == (None, 1975)
    assert parse("year:2000- lịch sử").years == (2000, None)
    assert parse("year:2020-2010").years == (2010, 2020)


def test_isbn_field_accepts_isbn_10_or_13_with_or_without_hyphens() -> None:
    assert parse("isbn:0-306-40615-2").isbns == ("9780306406157",)
    assert parse("ISBN:9780306406157").isbns == ("9780306406157",)


def test_a_query_with_digits_and_no_syntax_may_be_an_identifier() -> None:
    assert parse("895.9223 NGA").identifier == "895.9223 NGA"
    assert parse("thư viện").identifier == ""
    assert parse("title:2010").identifier == ""


def test_unknown_fields_lone_quotes_and_brackets_are_read_as_text() -> None:
    assert parse("foo:bar").clauses == (Clause("foo:bar"),)
    assert parse('"thư viện').clauses == (Clause("thư viện"),)
    assert parse("Tiếng Việt: (ngữ pháp)").clauses == (Clause("Tiếng Việt: (ngữ pháp)"),)


@pytest.mark.parametrize(
    "q",
    [
        '"thư viện',
        "((thư viện",
        "thư AND viện OR NOT số",
        'title:" kiều',
        "thư \\ viện",
        "+++ thư",
        "thư~2 viện^3",
        "📚 thư viện",
        "foo:bar baz:",
        "-thư viện",
        "[2010 TO 2020]",
        "year:2010- thư",
        "ǅ ǈ ß ﬁ",
    ],
)
def test_odd_syntax_is_searched_as_text_never_a_server_error(q: str) -> None:
    factories.library()
    rebuild_index()
    result = services.search(SearchRequest(q=q))
    assert result.total == 0


# --- bad input -------------------------------------------------------------------------------


def test_an_empty_query_asks_for_words() -> None:
    expected = "Hãy nhập từ cần tìm (nhan đề, tác giả, chủ đề, ISBN…)"
    assert refusal("").message == expected
    assert refusal("   \t ").message == expected


def test_a_ten_kilobyte_query_is_refused_with_its_length() -> None:
    assert refusal("thư viện " * 1200).message == (
        "Câu tìm dài 10800 ký tự, quá giới hạn 1000; hãy rút gọn còn vài từ khoá"
    )


def test_a_control_character_is_named_with_its_position() -> None:
    assert refusal("thư\x00viện").message == (
        "Câu tìm có ký tự điều khiển U+0000 ở vị trí 4; hãy xoá ký tự đó rồi tìm lại"
    )


def test_wildcards_alone_are_refused_with_an_example() -> None:
    expected = (
        "Câu tìm chỉ có ký tự đại diện (* hoặc ?); hãy gõ ít nhất một từ, ví dụ thư* hoặc thư viện"
    )
    assert refusal("*").message == expected
    assert refusal("? * ?").message == expected


def test_punctuation_alone_is_refused() -> None:
    assert refusal("!!! ---").message == "Câu tìm không có chữ hay số nào; hãy gõ từ cần tìm"


def test_a_prefix_of_one_letter_is_refused() -> None:
    assert refusal("t*").message == "“t*”: cần ít nhất hai chữ trước dấu *, ví dụ thư*"


def test_a_field_with_nothing_after_it_is_refused_with_an_example() -> None:
    expected = "Sau “author:” cần có nội dung cần tìm, ví dụ author:nguyễn du"
    assert refusal("author:").message == expected
    assert refusal("author: title:kiều").message == expected


def test_a_year_that_is_not_a_year_is_refused() -> None:
    assert refusal("year:abc").message == (
        "“year:abc” không phải năm hay khoảng năm; hãy gõ như year:2010 hoặc year:2010-2020"
    )


def test_an_isbn_with_a_wrong_check_digit_is_refused() -> None:
    assert refusal("isbn:978-0-306-40615-8").message == (
        "“isbn:978-0-306-40615-8” không phải ISBN-10 hay ISBN-13 hợp lệ; hãy kiểm tra lại các "
        "chữ số"
    )


def test_an_unknown_facet_is_refused_naming_the_facets_there_are() -> None:
    error = refusal(filters={"colour": ("red",)})
    assert error.status == 400
    assert error.message == (
        "Không có bộ lọc “colour”; các bộ lọc là: library, material_type, language, year, "
        "subject, availability, online"
    )


def test_an_unknown_sort_is_refused_naming_the_sorts_there_are() -> None:
    assert refusal(sort="price").message == (
        "Không có cách sắp xếp “price”; hãy dùng: relevance, year, -year, title, author"
    )


def test_bad_facet_values_are_refused() -> None:
    assert refusal(filters={"year": ("199x",)}).message == (
        "“199x” không phải khoảng năm của bộ lọc year; hãy dùng dạng 2010-2019, 2010- hoặc -1975"
    )
    assert refusal(filters={"availability": ("soon",)}).message == (
        "“soon” không phải giá trị của bộ lọc availability; hãy dùng: available, unavailable, "
        "no-copies"
    )


def test_impossible_paging_is_refused() -> None:
    assert refusal(page=0).message == "Số trang 0 không hợp lệ; trang đầu tiên là 1"
    assert refusal(per_page=101).message == "Số kết quả mỗi trang phải từ 1 đến 100 (đã gửi 101)"
    assert refusal(page=600, per_page=20).message == (
        "Chỉ xem được 10.000 kết quả đầu tiên; hãy thêm từ khoá hoặc bộ lọc để thu hẹp kết quả"
    )
    with translation.override("en"):
        assert refusal(page=600, per_page=20).message == (
            "Only the first 10,000 results can be paged through; add words or filters to narrow "
            "the search"
        )


def test_a_page_past_the_end_is_a_404_that_says_how_many_pages_there_are() -> None:
    library = factories.library()
    import_records(library, [_titled(f"Thư viện {n}") for n in range(3)])
    rebuild_index()
    with pytest.raises(PageOutOfRange) as caught:
        services.search(SearchRequest(q="thư viện", page=3, per_page=2))
    assert caught.value.status == 404
    assert caught.value.code == "search.page_out_of_range"
    assert caught.value.message == "Không có trang 3: kết quả chỉ có 2 trang"
    assert services.search(SearchRequest(q="thư viện", page=2, per_page=2)).total == 3


def test_an_empty_query_with_a_filter_browses_the_filtered_records() -> None:
    library = factories.library()
    import_records(library, [_titled("Thư viện số"), _titled("Truyện Kiều")])
    rebuild_index()
    result = services.search(SearchRequest(q="", filters={"library": (library.code,)}))
    assert result.total == 2


def _titled(title: str) -> MarcRecord:
    return factories.marc(title)
