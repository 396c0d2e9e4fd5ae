"""Our CQL parser accepts exactly what Index Data's YAZ accepts (libyaz, ``cql.y`` in strict
mode, called through ctypes): a fixed set of queries covering every form of the grammar, valid
and invalid, and a seeded random walk over CQL's tokens. The one deliberate difference is
checked too: YAZ ignores whatever follows a complete sort key, we refuse it."""

from __future__ import annotations

import ctypes
import ctypes.util
import random
from pathlib import Path

import pytest

from thuvien.interop.cql import CqlSyntaxError, parse

QUERIES = [
    line.rstrip("\n")
    for line in (Path(__file__).parent / "cql_queries.txt").read_text("utf-8").splitlines()
]
TRAILING_AFTER_SORT = "expected a sort index or the end of the query"


class Yaz:
    def __init__(self) -> None:
        lib = ctypes.CDLL(ctypes.util.find_library("yaz") or "libyaz.so.5")
        lib.cql_parser_create.restype = ctypes.c_void_p
        lib.cql_parser_string.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        lib.cql_parser_strict.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.cql_parser_destroy.argtypes = [ctypes.c_void_p]
        self.lib = lib

    def accepts(self, query: str) -> bool:
        parser = self.lib.cql_parser_create()
        try:
            self.lib.cql_parser_strict(parser, 1)
            return bool(self.lib.cql_parser_string(parser, query.encode()) == 0)
        finally:
            self.lib.cql_parser_destroy(parser)


@pytest.fixture(scope="module")
def yaz() -> Yaz:
    return Yaz()


def verdict(query: str) -> tuple[bool, str]:
    try:
        parse(query)
    except CqlSyntaxError as exc:
        return False, exc.message
    return True, ""


def test_the_fixed_set_covers_the_grammar_both_ways(yaz: Yaz) -> None:
    assert len(QUERIES) >= 150
    accepted = [q for q in QUERIES if yaz.accepts(q)]
    assert len(accepted) >= 150
    assert len(QUERIES) - len(accepted) >= 40
    differ = [(q, yaz.accepts(q), verdict(q)) for q in QUERIES if yaz.accepts(q) != verdict(q)[0]]
    assert differ == []


def test_the_forms_partners_send(yaz: Yaz) -> None:
    for query in (
        '> dc = "info:srw/cql-context-set/1/dc-v1.1" (dc.title = x)',
        "dc.title any/rel.algorithm=cori x",
        "a and/rel.combine=sum b",
        "a sortBy dc.date/sort.descending dc.title",
        '"a \\"quoted\\" word"',
        '> "info:srw/cql-context-set/1/dc-v1.1" title = x',
        "dc.title = (cat or dog)",
        '"x" = y',
        'dc.title any "a" "b"',
    ):
        assert yaz.accepts(query), query
        assert verdict(query) == (True, ""), query


def test_random_token_walks_agree(yaz: Yaz) -> None:
    alphabet = [
        "a", "b", "dc.title", "any", "and", "or", "not", "prox", "sortby", "SortBy", "AND",
        '"x"', '""', '"a b"', '"and"', "(", ")", "=", "==", "<>", "<", ">", "<=", ">=", "/",
        "x.y", "rel.algorithm", "cori", "within", '"q\\"q"', "a\\ b", 'a"b', '"open', "\\(",
    ]  # fmt: skip
    walk = random.Random(11)  # noqa: S311 - a repeatable walk, not a secret
    accepted = sort_trailing = 0
    differ = []
    for _ in range(20000):
        tokens = [walk.choice(alphabet) for _ in range(walk.randint(1, 9))]
        query = "".join(t + walk.choice((" ", " ", "")) for t in tokens).strip()
        theirs, (ours, message) = yaz.accepts(query), verdict(query)
        accepted += theirs
        if theirs and not ours and message.startswith(TRAILING_AFTER_SORT):
            sort_trailing += 1
        elif theirs != ours:
            differ.append((query, theirs, message))
    assert differ == []
    assert accepted > 3000
    assert 0 < sort_trailing < 500


def test_yaz_ignores_what_follows_a_sort_key_and_we_refuse_it(yaz: Yaz) -> None:
    assert yaz.accepts("a sortby b = c")
    with pytest.raises(CqlSyntaxError) as caught:
        parse("a sortby b = c")
    assert (caught.value.message, caught.value.position) == (
        "expected a sort index or the end of the query, found '='",
        12,
    )
