"""CQL mapped onto the search engine: a parsed :mod:`~thuvien.interop.cql` tree becomes one
tantivy query (booleans, relations, proximity as phrases with slop, masking as prefixes),
run on the same index as the portal's search.

The portal's query language (:mod:`thuvien.search.query`) has no OR, NOT or nesting, so CQL
is compiled here with tantivy's query API directly, on the engine's reader; what a reader
types never reaches tantivy's own parser. The fields and their weights are the portal's:
folded forms match, exact forms (diacritics as typed) rank first.

Anything the engine cannot answer raises :class:`Unsupported` with the SRU diagnostic number
and the offending part, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tantivy
from tantivy import Occur, Query

from thuvien.catalogue.exposure import RESTRICTED_MARKER
from thuvien.catalogue.models import Record
from thuvien.interop import cql
from thuvien.search import analysis
from thuvien.search.backends import get_backend
from thuvien.search.backends.base import IndexMissing
from thuvien.search.backends.tantivy import query as tantivy_query
from thuvien.search.backends.tantivy.schema import SCHEMA, count, suggestion_key, tokens

CONTEXT_SETS = {
    "cql": "info:srw/cql-context-set/1/cql-v1.2",
    "dc": "info:srw/cql-context-set/1/dc-v1.1",
    "bath": "http://zing.z3950.org/cql/bath/2.0/",
    "rec": "info:srw/cql-context-set/2/rec-1.1",
    "thuvien": "https://thuvien.vn/cql/context-set/1.0",
}
_ALIASES = {
    "info:srw/cql-context-set/1/cql-v1.1": "cql",
    "info:srw/cql-context-set/1/cql-v1.2": "cql",
}
DEFAULT_SET = "dc"  # an index written without a prefix ("title=…") is Dublin Core's

# (context set, index) → what it searches: a text group, or a kind of exact match.
INDEXES: dict[tuple[str, str], str] = {
    ("cql", "serverchoice"): "text:",
    ("cql", "anywhere"): "text:",
    ("cql", "keywords"): "text:",
    ("cql", "allrecords"): "all",
    ("dc", "title"): "text:title",
    ("dc", "creator"): "text:author",
    ("dc", "contributor"): "text:author",
    ("dc", "subject"): "text:subject",
    ("dc", "publisher"): "text:rest",
    ("dc", "description"): "text:rest",
    ("dc", "identifier"): "ident:isbn issn",
    ("dc", "date"): "year",
    ("dc", "language"): "facet:language",
    ("dc", "type"): "facet:material_type",
    ("bath", "title"): "text:title",
    ("bath", "author"): "text:author",
    ("bath", "name"): "text:author",
    ("bath", "personalname"): "text:author",
    ("bath", "corporatename"): "text:author",
    ("bath", "subject"): "text:subject",
    ("bath", "topicalsubject"): "text:subject",
    ("bath", "isbn"): "ident:isbn",
    ("bath", "issn"): "ident:issn",
    ("bath", "standardidentifier"): "ident:isbn issn",
    ("bath", "keyword"): "text:",
    ("rec", "id"): "id",
    ("thuvien", "library"): "facet:library",
    ("thuvien", "type"): "facet:material_type",
    ("thuvien", "year"): "year",
}
SORTS = {"title": "title", "creator": "author", "author": "author", "date": "year"}
TEXT_RELATIONS = ("=", "all", "any", "adj", "==", "<>")
_ACCEPTED_MODIFIERS = frozenset(
    {"ignorecase", "ignoreaccents", "masked", "word", "relevant", "string", "cql.ignorecase",
     "cql.ignoreaccents", "cql.masked", "cql.word", "cql.relevant", "cql.string"}
)  # fmt: skip
FOLDED = tantivy_query.FOLDED
EXACT = tantivy_query.EXACT
_YEAR = re.compile(r"\d{1,4}")


class Unsupported(Exception):
    """An SRU diagnostic: ``number`` from info:srw/diagnostic/1/, ``details`` as SRU wants."""

    def __init__(self, number: int, details: str, message: str) -> None:
        super().__init__(message)
        self.number = number
        self.details = details
        self.message = message


def resolve(index: str, prefixes: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """(context set short name, lower-cased index name), through the query's prefix maps."""
    prefix, dot, name = index.rpartition(".")
    if not dot:
        prefix, name = "", index
    for assigned, uri in prefixes:
        if assigned == prefix:
            short = _ALIASES.get(uri) or next((k for k, v in CONTEXT_SETS.items() if v == uri), "")
            if not short:
                raise Unsupported(15, uri, f"The context set {uri} is not supported here.")
            return short, name.lower()
    if not prefix:
        return DEFAULT_SET, name.lower()
    if prefix.lower() in CONTEXT_SETS:
        return prefix.lower(), name.lower()
    raise Unsupported(15, prefix, f"The context set prefix '{prefix}' is not known here.")


def _field_of(clause: cql.SearchClause) -> str:
    if not clause.index:
        return "text:"
    short, name = resolve(clause.index, clause.prefixes)
    kind = INDEXES.get((short, name))
    if kind is None:
        raise Unsupported(16, clause.index, f"The index {clause.index} is not supported here.")
    return kind


# --- terms -----------------------------------------------------------------------------------


def _unmask(term: str) -> tuple[str, bool]:
    """(the term without escapes, ends with an unescaped '*'). Masking anywhere else, '?'
    and anchoring '^' are not supported by the engine."""
    out: list[str] = []
    prefix = False
    i = 0
    while i < len(term):
        char = term[i]
        if char == "\\" and i + 1 < len(term):
            out.append(term[i + 1])
            i += 2
            continue
        if char == "?":
            raise Unsupported(
                28,
                term,
                "The masking character '?' is not supported; use '*' at the end of a word.",
            )
        if char == "^":
            raise Unsupported(31, term, "Anchoring ('^') is not supported.")
        if char == "*":
            if i != len(term) - 1:
                raise Unsupported(49, term, "'*' is supported only at the end of the term.")
            prefix = True
        else:
            out.append(char)
        i += 1
    text = "".join(out).strip()
    if prefix and len(text) < 2:
        raise Unsupported(29, term, "A masked word needs at least two letters before '*'.")
    return text, prefix


def _boost(query: Query, weight: float) -> Query:
    return Query.boost_query(query, weight)


def _any(queries: list[Query]) -> Query:
    return Query.boolean_query([(Occur.Should, q) for q in queries])


def _all(queries: list[Query]) -> Query:
    return Query.boolean_query([(Occur.Must, q) for q in queries])


def _groups(field: str) -> list[str]:
    return [field] if field else list(FOLDED)


def _word(pair: tuple[str | None, str], groups: list[str], *, prefix: bool = False) -> Query:
    exact, folded = pair
    if prefix or analysis.single_cluster(folded):
        parts = [
            _boost(Query.phrase_prefix_query(SCHEMA, f"{g}_f", [folded]), FOLDED[g]) for g in groups
        ]
        return _any(parts)
    parts = [_boost(Query.term_query(SCHEMA, f"{g}_f", folded), FOLDED[g]) for g in groups]
    if exact is not None and exact != folded:
        parts += [
            _boost(Query.term_query(SCHEMA, f"{g}_e", exact), EXACT[g])
            for g in groups
            if g in EXACT
        ]
    return _any(parts)


def _phrase(words: list[str], groups: list[str], slop: int = 0) -> Query:
    if len(words) == 1:
        return _word((None, words[0]), groups)
    terms: list[str | tuple[int, str]] = list(words)
    return _any([
        _boost(Query.phrase_query(SCHEMA, f"{g}_f", terms, slop), FOLDED[g]) for g in groups
    ])  # fmt: skip


def _text(clause: cql.SearchClause, field: str) -> Query:
    relation = clause.relation.lower()
    if relation not in TEXT_RELATIONS:
        raise Unsupported(
            19,
            clause.relation,
            f"The relation '{clause.relation}' is not supported for "
            f"{clause.index or 'cql.serverChoice'}.",
        )
    text, prefix = _unmask(clause.term)
    pairs = tokens(text)
    if not pairs:
        raise Unsupported(27, clause.term, "The term is empty (or holds no letter or digit).")
    groups = _groups(field)
    if relation in ("adj", "=="):
        if prefix:
            raise Unsupported(33, clause.term, "Masking cannot be combined with adjacency.")
        return _phrase([f for _, f in pairs], groups)
    words = [_word(p, groups) for p in pairs[:-1]] + [_word(pairs[-1], groups, prefix=prefix)]
    if relation == "any":
        return _any(words)
    if relation == "<>":
        return _not(_all(words))
    return _all(words)


def _not(query: Query) -> Query:
    return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, query)])


def _years(clause: cql.SearchClause) -> Query:
    relation = clause.relation.lower()
    values = clause.term.split()
    if not values or not all(_YEAR.fullmatch(v) for v in values):
        raise Unsupported(36, clause.term, f"'{clause.term}' is not a year (such as 2021).")
    if relation == "within":
        if len(values) != 2:
            raise Unsupported(36, clause.term, 'within needs two years: "1990 2000".')
        return _range(int(values[0]), int(values[1]))
    if len(values) != 1:
        raise Unsupported(24, clause.term, "Give one year, or use within with two.")
    year = int(values[0])
    ranges = {
        "=": (year, year), "==": (year, year), "<": (None, year - 1), "<=": (None, year),
        ">": (year + 1, None), ">=": (year, None),
    }  # fmt: skip
    if relation == "<>":
        return _not(_range(year, year))
    if relation not in ranges:
        raise Unsupported(
            19, clause.relation, f"The relation '{clause.relation}' is not supported for dates."
        )
    return _range(*ranges[relation])


def _range(low: int | None, high: int | None) -> Query:
    return Query.range_query(
        SCHEMA, "year", tantivy.FieldType.Integer, -(10**6) if low is None else low,
        10**6 if high is None else high,
    )  # fmt: skip


def _exact(clause: cql.SearchClause, kind: str) -> Query:
    relation = clause.relation.lower()
    if relation not in ("=", "==", "any", "<>"):
        raise Unsupported(
            19,
            clause.relation,
            f"The relation '{clause.relation}' is not supported for {clause.index}.",
        )
    values = clause.term.split() if relation == "any" else [clause.term.strip()]
    if not any(values):
        raise Unsupported(27, clause.term, "The term is empty.")
    if kind.startswith("ident:"):
        wanted = kind[6:].split()
        keys = [k for v in values for k in analysis.identifier_keys(v) if k.split(":")[0] in wanted]
        query = Query.term_set_query(SCHEMA, "ident", keys) if keys else Query.empty_query()
    elif kind == "id":
        if not all(v.isdigit() for v in values):
            raise Unsupported(36, clause.term, f"'{clause.term}' is not a record number.")
        integer = tantivy.FieldType.Integer
        query = _any([Query.range_query(SCHEMA, "id", integer, int(v), int(v)) for v in values])
    else:
        query = Query.term_set_query(SCHEMA, kind[6:], values)
    return _not(query) if relation == "<>" else query


def _ranking_hint(modifier: cql.Modifier) -> bool:
    """The relevance context set's modifiers (rel.algorithm=cori, rel.combine=sum, …): hints on
    how to rank, which the engine's own ranking answers."""
    return modifier.name.startswith("rel.")


def _check_modifiers(clause: cql.SearchClause) -> None:
    for modifier in clause.modifiers:
        if modifier.name not in _ACCEPTED_MODIFIERS and not _ranking_hint(modifier):
            raise Unsupported(
                20, modifier.name, f"The relation modifier '{modifier.name}' is not supported."
            )


def _clause(clause: cql.SearchClause) -> Query:
    kind = _field_of(clause)
    _check_modifiers(clause)
    if kind == "all":
        return Query.all_query()
    if kind.startswith("text:"):
        return _text(clause, kind[5:])
    if kind == "year":
        return _years(clause)
    return _exact(clause, kind)


# --- booleans --------------------------------------------------------------------------------


def _prox_modifiers(modifiers: tuple[cql.Modifier, ...]) -> tuple[int, bool]:
    """(phrase slop, ordered) from prox's modifiers; CQL's default is distance<=1, unordered."""
    distance, comparison, ordered = 1, "<=", False
    for modifier in modifiers:
        name = modifier.name.removeprefix("prox.")
        if name == "unit":
            if modifier.value.lower() != "word":
                raise Unsupported(
                    42, modifier.value,
                    f"The proximity unit '{modifier.value}' is not supported; use word.",
                )  # fmt: skip
        elif name == "distance":
            if not modifier.value.isdigit() or modifier.comparison not in ("<=", "<", "="):
                raise Unsupported(41, modifier.value, "Use a distance such as distance<=3.")
            if modifier.comparison == "=" and modifier.value != "1":
                raise Unsupported(
                    40, modifier.comparison, "Only distance<= and distance< are supported."
                )
            distance, comparison = int(modifier.value), modifier.comparison
        elif name == "ordered":
            ordered = True
        elif name != "unordered":
            raise Unsupported(
                46, modifier.name, f"The boolean modifier '{modifier.name}' is not supported."
            )
    slop = (distance - 1) if comparison == "<=" else (distance - 2) if comparison == "<" else 0
    if slop < 0:
        raise Unsupported(41, str(distance), "The distance leaves no room between the words.")
    return slop, ordered


def _prox(node: cql.Boolean) -> Query:
    left, right = node.left, node.right
    if not isinstance(left, cql.SearchClause) or not isinstance(right, cql.SearchClause):
        raise Unsupported(39, "prox", "Proximity is supported between two search terms only.")
    # A bare term next to an indexed one ("dc.title=thư prox số") searches the same index.
    fields = {_field_of(c) for c in (left, right) if c.index} or {"text:"}
    if len(fields) != 1 or not next(iter(fields)).startswith("text:"):
        raise Unsupported(39, "prox", "Proximity needs two terms of the same text index.")
    slop, ordered = _prox_modifiers(node.modifiers)
    words = []
    for side in (left, right):
        text, prefix = _unmask(side.term)
        if prefix:
            raise Unsupported(33, side.term, "Masking cannot be combined with proximity.")
        words.append([f for _, f in tokens(text)])
    if not words[0] or not words[1]:
        raise Unsupported(27, "", "A proximity term is empty.")
    groups = _groups(next(iter(fields))[5:])
    forward = _phrase(words[0] + words[1], groups, slop)
    return forward if ordered else _any([forward, _phrase(words[1] + words[0], groups, slop)])


def compile_node(node: cql.Node) -> Query:
    if isinstance(node, cql.SearchClause):
        return _clause(node)
    if node.operator == "prox":
        return _prox(node)
    unsupported = [m for m in node.modifiers if not _ranking_hint(m)]
    if unsupported:
        raise Unsupported(
            46,
            unsupported[0].name,
            f"The boolean modifier '{unsupported[0].name}' is not supported.",
        )
    left, right = compile_node(node.left), compile_node(node.right)
    if node.operator == "and":
        return _all([left, right])
    if node.operator == "or":
        return _any([left, right])
    return Query.boolean_query([(Occur.Must, left), (Occur.MustNot, right)])


def sort_of(keys: tuple[cql.SortKey, ...]) -> str:
    """The engine's sort for CQL's sortBy (one key)."""
    if not keys:
        return "relevance"
    if len(keys) > 1:
        raise Unsupported(84, "1", "Sort by one index only.")
    key = keys[0]
    _, name = resolve(key.index, key.prefixes)
    sort = SORTS.get(name)
    if sort is None:
        raise Unsupported(
            16,
            key.index,
            f"Sorting by {key.index} is not supported; use dc.title, dc.creator or dc.date.",
        )
    descending = False
    for modifier in key.modifiers:
        if modifier.name in ("sort.descending", "descending"):
            descending = True
        elif modifier.name not in ("sort.ascending", "ascending", "sort.ignorecase", "ignorecase"):
            raise Unsupported(
                20, modifier.name, f"The sort modifier '{modifier.name}' is not supported."
            )
    if descending:
        if sort != "year":
            raise Unsupported(82, key.index, "Only dates can be sorted in descending order.")
        return "-year"
    return sort


@dataclass(frozen=True)
class Found:
    total: int
    ids: list[int]


def search(query: cql.Query, offset: int, limit: int) -> Found:
    """Record ids of one page of the results, in order, and the total."""
    # One hit per edition, as in the portal and the API: the union's shown record only.
    shown = Query.term_query(SCHEMA, "shown", "1")
    compiled = _all([compile_node(query.root), shown])
    sort = sort_of(query.sort)
    backend = get_backend()
    if not backend.exists():
        raise IndexMissing("The search index has not been built: run `thuvien reindex`.")
    # The engine's reader: CQL needs query trees the portal's request shape cannot carry.
    _, searcher = backend._searcher()  # type: ignore[attr-defined]
    field, order = tantivy_query.SORT_FIELDS[sort]
    found = searcher.search(
        compiled, max(limit, 1), count=True, order_by_field=field, offset=offset, order=order
    )
    addresses = [address for _, address in found.hits][:limit]
    values = searcher.fast_field_values("id", addresses) if addresses else []
    return Found(count(found), [int(v) for v in values if v is not None])


SCANNABLE = {"text:title": "sg_title", "text:author": "sg_author", "text:subject": "sg_subject"}


def scan(clause: cql.Node, maximum: int) -> list[tuple[str, int]]:
    """Index terms (whole titles, names, headings) beginning with the clause's term: the
    ``maximum`` most held, in alphabetical (folded) order, with their record counts."""
    if not isinstance(clause, cql.SearchClause):
        raise Unsupported(4, "scanClause", "Scan takes one index and term, without booleans.")
    field = SCANNABLE.get(_field_of(clause))
    if field is None:
        raise Unsupported(
            16, clause.index or "cql.serverChoice",
            "Only titles, names and subjects can be scanned: dc.title, dc.creator, dc.subject.",
        )  # fmt: skip
    key = suggestion_key(_unmask(clause.term)[0]) if clause.term.strip() else ""
    backend = get_backend()
    if not backend.exists():
        raise IndexMissing("The search index has not been built: run `thuvien reindex`.")
    _, searcher = backend._searcher()  # type: ignore[attr-defined]
    holders: dict[str, list[int]] = {}
    for term, _ in searcher.terms_with_prefix(field, key, limit=maximum * 2):
        hits = searcher.search(Query.term_query(SCHEMA, field, term), 50, count=True)
        addresses = [address for _, address in hits.hits]
        ids = searcher.fast_field_values("id", addresses) if addresses else []
        holders[term] = [int(v) for v in ids if v is not None] + [0] * (count(hits) - len(ids))
    # A term only restricted records hold is not shown: not even a title may leave.
    every = {pk for ids in holders.values() for pk in ids if pk}
    hidden = set(
        Record.objects.filter(id__in=every, marc__contains=RESTRICTED_MARKER).values_list(
            "id", flat=True
        )
    )
    found = sorted(
        (term, n)
        for term, ids in holders.items()
        if (n := sum(1 for pk in ids if pk not in hidden))
    )
    return [(term.partition("\x01")[2], n) for term, n in found[:maximum]]
