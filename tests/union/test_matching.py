"""Matching two records: the labelled pair set's precision and recall, each veto, the rules."""

from __future__ import annotations

from typing import Any

import pytest

from tests.union.pairs import ISBN_SET, PAIRS, book, row
from thuvien.union.matching import APART, LINKED, REVIEW, Outcome, facts, identifiers, match


def decide(left: dict[str, Any], right: dict[str, Any]) -> Outcome:
    return match(facts(row(left)), facts(row(right)))


def test_the_labelled_set_has_at_least_300_pairs_of_each_kind_of_difficulty() -> None:
    assert len(PAIRS) >= 300
    assert {expected for _, _, expected, _ in PAIRS} == {LINKED, APART, REVIEW}


def test_matching_without_a_shared_identifier_is_precise_and_finds_nearly_all_copies() -> None:
    true_links = false_links = missed = 0
    for left, right, expected, _ in PAIRS:
        if identifiers(facts(row(left)), facts(row(right))):
            continue
        linked = decide(left, right).decision == LINKED
        true_links += linked and expected == LINKED
        false_links += linked and expected != LINKED
        missed += not linked and expected == LINKED
    assert true_links >= 60
    assert true_links / (true_links + false_links) >= 0.99
    assert true_links / (true_links + missed) >= 0.95


@pytest.mark.parametrize(("left", "right", "expected", "why"), PAIRS, ids=[p[3] for p in PAIRS])
def test_each_labelled_pair_gets_its_decision(
    left: dict[str, Any], right: dict[str, Any], expected: str, why: str
) -> None:
    assert decide(left, right).decision == expected, why


def with_isbn(**extra: Any) -> dict[str, Any]:
    return book("Thư viện số", "Nguyễn Văn An", "Thông tin", 2021, isbn=ISBN_SET) | extra


def test_a_shared_isbn_links_and_says_so() -> None:
    outcome = decide(with_isbn(), with_isbn(title="Thu vien so"))
    assert outcome.as_dict() == {
        "decision": "linked",
        "reasons": [{"rule": "isbn", "field": "020", "evidence": "9786040000019"}],
    }


def test_a_different_edition_statement_keeps_records_with_one_isbn_apart() -> None:
    outcome = decide(with_isbn(), with_isbn(edition="Tái bản lần thứ 2, có sửa chữa"))
    assert outcome.decision == APART
    assert outcome.reasons[0].as_dict() == {"rule": "edition", "field": "250", "evidence": "1 ≠ 3"}
    assert outcome.reasons[1].rule == "isbn"


def test_tai_ban_lan_thu_1_and_in_lan_thu_2_are_the_same_edition() -> None:
    outcome = decide(with_isbn(edition="Tái bản lần thứ 1"), with_isbn(edition="In lần thứ 2."))
    assert outcome.decision == LINKED


def test_volumes_of_a_set_sharing_the_set_isbn_stay_apart() -> None:
    outcome = decide(with_isbn(title="Thư viện số. Tập 1"), with_isbn(title="Thư viện số. T. 2"))
    assert outcome.reasons[0].as_dict() == {
        "rule": "volume",
        "field": "245$n$p/490$v",
        "evidence": "1 ≠ 2",
    }


def test_a_roman_volume_number_in_245n_equals_the_arabic_one_in_490v() -> None:
    left = with_isbn(fields=[["245", "1", "0", [["a", "Thư viện số."], ["n", "Tập II"]]]])
    right = with_isbn(fields=[["490", "0", " ", [["a", "Tủ sách"], ["v", "2"]]]])
    assert decide(left, right).decision == LINKED


def test_another_material_type_keeps_records_apart() -> None:
    outcome = decide(with_isbn(), with_isbn(material_type="ebook"))
    assert outcome.reasons[0].as_dict() == {
        "rule": "material",
        "field": "leader/06",
        "evidence": "book ≠ ebook",
    }


def test_another_language_keeps_records_apart() -> None:
    outcome = decide(with_isbn(), with_isbn(language="eng"))
    assert outcome.reasons[0].as_dict() == {
        "rule": "language",
        "field": "008/35",
        "evidence": "vie ≠ eng",
    }


def test_page_counts_more_than_ten_percent_apart_keep_records_apart() -> None:
    outcome = decide(with_isbn(pages=200), with_isbn(pages=223))
    assert outcome.reasons[0].as_dict() == {
        "rule": "pages",
        "field": "300$a",
        "evidence": "200 ≠ 223",
    }
    assert decide(with_isbn(pages=200), with_isbn(pages=220)).decision == LINKED


def test_material_from_before_1945_is_never_linked_automatically() -> None:
    old = book("Việt Nam sử lược", "Trần Trọng Kim", "Tân Việt", 1928, isbn=ISBN_SET)
    outcome = decide(old, old)
    assert outcome.decision == REVIEW
    assert [r.rule for r in outcome.reasons] == ["rare", "isbn"]
    assert outcome.reasons[0].evidence == "1928 < 1945"


def test_a_vetoed_rare_pair_is_apart_not_for_review() -> None:
    old = book("Việt Nam sử lược", "Trần Trọng Kim", "Tân Việt", 1928, isbn=ISBN_SET)
    assert decide(old, old | {"edition": "In lần thứ 2"}).decision == APART


def test_the_key_links_tone_placement_variants_and_shows_the_key() -> None:
    outcome = decide(
        book("Hoà bình", "Nguyễn Văn Hoà", "Nxb. Chính trị Quốc gia", 2015),
        book("Hòa bình :", "Nguyễn Văn Hòa", "Chính trị quốc gia", 2015),
    )
    assert outcome.as_dict() == {
        "decision": "linked",
        "reasons": [
            {
                "rule": "key",
                "field": "245/100/260",
                "evidence": "hoa binh|nguyen van hoa|2015|chinh tri quoc gia",
            }
        ],
    }
