"""The CQL parser: the whole grammar, and syntax errors with their position."""

from __future__ import annotations

import pytest

from thuvien.interop.cql import Boolean, CqlSyntaxError, Modifier, SearchClause, SortKey, parse


def test_a_bare_term_searches_the_server_choice() -> None:
    assert parse("cat").root == SearchClause("", "=", "cat", position=1)
    assert parse('"thư viện số"').root == SearchClause("", "=", "thư viện số", position=1)


def test_booleans_have_equal_precedence_and_group_to_the_left() -> None:
    root = parse("a or b and c not d").root
    assert isinstance(root, Boolean)
    assert root.operator == "not"
    assert isinstance(root.left, Boolean)
    assert root.left.operator == "and"
    assert isinstance(root.left.left, Boolean)
    assert root.left.left.operator == "or"
    grouped = parse("a or (b and c)").root
    assert isinstance(grouped, Boolean)
    assert isinstance(grouped.right, Boolean)
    assert grouped.right.operator == "and"


def test_relations_with_modifiers_and_named_relations() -> None:
    clause = parse('dc.title any/ignoreCase/locale=vi "thư viện"').root
    assert clause == SearchClause(
        "dc.title", "any", "thư viện",
        (Modifier("ignorecase"), Modifier("locale", "=", "vi")), position=1,
    )  # fmt: skip
    for symbol in ("=", "==", "<>", "<", ">", "<=", ">="):
        root = parse(f"dc.date{symbol}2000").root
        assert isinstance(root, SearchClause)
        assert root.relation == symbol
    assert parse('dc.date within "1990 2000"').root == SearchClause(
        "dc.date", "within", "1990 2000", position=1
    )


def test_proximity_carries_its_modifiers() -> None:
    root = parse("cat prox/unit=word/distance<=3/ordered hat").root
    assert isinstance(root, Boolean)
    assert root.operator == "prox"
    assert root.modifiers == (
        Modifier("unit", "=", "word"), Modifier("distance", "<=", "3"), Modifier("ordered"),
    )  # fmt: skip


def test_prefix_maps_are_scoped_to_their_clause() -> None:
    query = parse('>dc="info:srw/cql-context-set/1/dc-v1.1" (>x="urn:x" x.a=1 and dc.b=2) or c=3')
    root = query.root
    assert isinstance(root, Boolean)
    assert isinstance(root.left, Boolean)
    inner = root.left.left
    assert isinstance(inner, SearchClause)
    assert inner.prefixes == (("x", "urn:x"), ("dc", "info:srw/cql-context-set/1/dc-v1.1"))
    assert isinstance(root.right, SearchClause)
    assert root.right.prefixes == (("dc", "info:srw/cql-context-set/1/dc-v1.1"),)
    assert parse('>"urn:default" a=1').root.prefixes == (("", "urn:default"),)  # type: ignore[union-attr]


def test_sort_by_several_keys_with_modifiers() -> None:
    query = parse("cat sortBy dc.date/sort.descending dc.title")
    assert query.sort == (SortKey("dc.date", (Modifier("sort.descending"),)), SortKey("dc.title"))


def test_keywords_can_be_terms_and_quotes_keep_escapes() -> None:
    assert parse('"and"').root == SearchClause("", "=", "and", position=1)
    assert parse(r'title="say \"hi\""').root == SearchClause(
        "title", "=", r"say \"hi\"", position=1
    )
    assert parse("dc.title=sortby").root == SearchClause("dc.title", "=", "sortby", position=1)


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("", "the query is empty", 1),
        ("title=", "expected a search term after the relation, found the end of the query", 7),
        ("a and", "expected a search term or '(', found the end of the query", 6),
        ("(a or b", "expected ')', found the end of the query", 8),
        ("a ) b", "expected a boolean (and, or, not, prox) or the end of the query, found ')'", 3),
        ("(a sortby b)", "sortBy may only end the whole query, found 'sortby'", 4),
        ("a sortby", "expected an index to sort by, found the end of the query", 9),
        ("a sortby b = c", "expected a sort index or the end of the query, found '='", 12),
        ("a = > b", "expected a search term after the relation, found '>'", 5),
        ("and and", "expected a search term or '(', found the end of the query", 8),
        ("> (a)", "expected a prefix or a context set URI, found '('", 3),
        ("a prox/ (b)", "expected a modifier name after '/', found '('", 9),
    ],
)
def test_syntax_errors_say_what_was_expected_and_where(
    query: str, message: str, position: int
) -> None:
    with pytest.raises(CqlSyntaxError) as caught:
        parse(query)
    assert (caught.value.message, caught.value.position) == (message, position)


def test_an_index_and_relation_before_parentheses_hold_for_the_terms_inside() -> None:
    root = parse("dc.title any/rel.algorithm=cori (cat or dc.creator = dog)").root
    assert isinstance(root, Boolean)
    modifiers = (Modifier("rel.algorithm", "=", "cori"),)
    assert root.left == SearchClause("dc.title", "any", "cat", modifiers, position=34)
    assert root.right == SearchClause("dc.creator", "=", "dog", position=41)
    # CQL 1.1's chained form: the inner index wins.
    assert parse("a = b = c").root == SearchClause("b", "=", "c", position=5)


def test_quoted_terms_after_a_term_join_it_and_an_open_quote_runs_to_the_end() -> None:
    assert parse('dc.title any "a" "b"').root == SearchClause("dc.title", "any", "a b", position=1)
    assert parse('x = "abc').root == SearchClause("x", "=", "abc", position=1)
    assert parse('"dc.title"=x').root == SearchClause("dc.title", "=", "x", position=1)
    assert parse(r"a\ b").root == SearchClause("", "=", r"a\ b", position=1)


def test_a_leading_prefix_assignment_holds_for_the_sort_keys() -> None:
    query = parse('> d = "info:srw/cql-context-set/1/dc-v1.1" (d.title = x) sortBy d.date')
    assert query.sort == (SortKey("d.date", (), (("d", "info:srw/cql-context-set/1/dc-v1.1"),)),)
