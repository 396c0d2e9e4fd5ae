"""Text preparation: the same forms for what is indexed and what readers type."""

from __future__ import annotations

import unicodedata
from csv import DictReader

import tantivy

from thuvien.search.analysis import (
    clusters,
    display,
    exact_form,
    folded_form,
    forms,
    identifier_keys,
    isbn_key,
    issn_key,
    single_cluster,
    sort_value,
    token_text,
)
from thuvien.testing.factories import shared
from thuvien.vietnamese import sort_string


def test_text_typed_without_diacritics_has_the_folded_form_of_the_title() -> None:
    assert folded_form("Thư viện số") == folded_form("thu vien so") == "thu vien so"
    assert folded_form("ĐẠI HỌC Đà Nẵng") == "dai hoc da nang"


def test_d_with_stroke_and_its_latin1_mojibake_fold_to_d() -> None:
    assert folded_form("đường Đồng Khởi") == "duong dong khoi"
    assert folded_form("ðường") == "duong"


def test_old_and_new_tone_placement_share_one_exact_form() -> None:
    assert exact_form("Hoà bình") == exact_form("Hòa bình") == "hòa bình"
    assert exact_form("khoẻ, thuỷ") == exact_form("khỏe, thủy") == "khỏe thủy"


def test_decomposed_input_from_a_windows_keyboard_is_composed_first() -> None:
    typed = unicodedata.normalize("NFD", "Thư viện số")
    assert exact_form(typed) == "thư viện số"
    assert folded_form(typed) == "thu vien so"


def test_exact_form_keeps_the_diacritics_that_tell_goat_from_cricket() -> None:
    assert exact_form("Con Dê") == "con dê"
    assert exact_form("Con Dế") == "con dế"
    assert folded_form("Con Dê") == folded_form("Con Dế") == "con de"


def test_i_and_y_spellings_after_a_consonant_are_one_word_for_search() -> None:
    assert folded_form("Lý luận") == folded_form("lí luận") == "li luan"
    assert folded_form("kỹ thuật") == folded_form("kĩ thuật") == "ki thuat"
    assert folded_form("quý") == folded_form("quí") == "quy"


def test_words_that_differ_by_more_than_i_or_y_stay_apart() -> None:
    assert folded_form("ý kiến") == "y kien"
    assert folded_form("tay") != folded_form("tai")
    assert folded_form("tuy") != folded_form("tui")


def test_cyrillic_and_hebrew_are_lower_cased_and_keep_their_marks() -> None:
    assert folded_form("Война и Мир") == "война и мир"
    assert folded_form("Йога") == "йога"  # й is not folded to и
    pointed = "עִבְרִית"
    assert folded_form(pointed) == pointed


def test_chinese_runs_are_cut_into_bigrams_with_the_last_character_alone_in_the_index() -> None:
    assert exact_form("图书馆学") == "图书 书馆 馆学 学"
    assert exact_form("图书馆学", query=True) == "图书 书馆 馆学"


def test_khmer_clusters_keep_subscript_consonants_and_vowel_signs() -> None:
    assert clusters("ប្រជុំ") == ["ប្រ", "ជុំ"]
    assert folded_form("ប្រជុំរឿង", query=True).split() == ["ប្រជុំ", "ជុំរឿ", "រឿង"]


def test_a_single_chinese_character_is_searched_as_a_prefix() -> None:
    assert single_cluster("书")
    assert not single_cluster("图书")
    assert not single_cluster("thư")


def test_isbn_10_and_13_with_or_without_hyphens_give_the_same_isbn_13() -> None:
    assert isbn_key("0-306-40615-2") == "9780306406157"
    assert isbn_key("0306406152") == "9780306406157"
    assert isbn_key("978-0-306-40615-7") == "9780306406157"
    assert isbn_key("ISBN 978 0 306 40615 7") == "9780306406157"


def test_a_number_with_a_wrong_check_digit_is_not_an_isbn() -> None:
    assert isbn_key("978-0-306-40615-8") == ""
    assert isbn_key("12345") == ""


def test_issn_is_recognised_with_or_without_its_hyphen() -> None:
    assert issn_key("1859-1450") == issn_key("18591450") == "1859-1450"
    assert issn_key("1859-1451") == ""


def test_identifier_keys_try_isbn_first_then_barcode_call_number_and_accession_number() -> None:
    assert identifier_keys("0-306-40615-2") == [
        "isbn:9780306406157",
        "bc:0-306-40615-2",
        "cn:0-306-40615-2",
        "acc:0-306-40615-2",
    ]
    assert identifier_keys("  895.9223   NGA ") == [
        "bc:895.9223 nga",
        "cn:895.9223 nga",
        "acc:895.9223 nga",
    ]


def test_cached_sort_values_equal_the_collation_module_on_real_titles_and_authors() -> None:
    csv = shared("vietnamese", "tiki_book_data.csv")
    with csv.open(encoding="utf-8") as stream:
        texts = [v for row in DictReader(stream) for v in (row["title"], row["authors"])]
    texts += ["Ê-đê  (Tập 1) ,", "", "  -- ", "Hoà  bình", "ĐÀ LẠT", "Война"]
    assert [sort_value(t) for t in texts] == [sort_string(t) for t in texts]


def test_indexed_forms_equal_the_query_forms_outside_scripts_without_spaces() -> None:
    for text in ("Thư viện số", "Hoà bình: lý luận", "Война и мир", "ĐẮK LẮK 2024"):
        assert forms(text) == (exact_form(text), folded_form(text))
        assert folded_form(text, query=True) == folded_form(text)


def test_display_keeps_case_and_puts_tones_in_place() -> None:
    assert display("  Hoà   Bình ") == "Hòa Bình"


# The forms are the engine's tokens already; before, the engine cut them with this expression.
_TOKENIZER = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"[\p{L}\p{N}\p{M}]+")).build()
TRICKY = [
    "Lịch sử Việt Nam: tập 1 (1945-1975)",
    "O'Brien, Flann; \"The third policeman\" / Flann O'Brien.",
    "C++ & Python - 3rd ed. — 2020…",
    "ព្រះរាជាណាចក្រកម្ពុជា",  # Khmer: coeng joins the next consonant
    "ក\u200dខ គ",  # a zero-width joiner inside a run
    "ภาษาไทย่",  # Thai with a tone mark
    "图书馆学，概论。",
    "Ωμέγα й ё",
    "x² ①",
    "...",
]


def test_the_forms_are_the_tokens_the_regular_expression_tokenizer_cut() -> None:
    for text in TRICKY:
        for form in (exact_form, folded_form):
            for query in (False, True):
                expected = _TOKENIZER.analyze(form(text, query=query))
                assert form(text, query=query).split() == expected, (text, form, query)
                assert all(token_text(t) == t for t in expected)
        assert forms(text) == (exact_form(text), folded_form(text))
        assert token_text(text).split() == _TOKENIZER.analyze(text)
