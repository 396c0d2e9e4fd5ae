"""Parsed queries → tantivy queries, built with the query API (user text never reaches
tantivy's parser), and one search run: hits, facets, "did you mean".

Ranking (weights below; the relevance set in tests/search pins their effect):

* every word must match in some field (AND); if nothing matches, any word may (OR);
* a word scores per field, BM25, title > author > subject > the rest; the same word with the
  diacritics as typed (exact field) adds to it, so "con dê" ranks the goat above the cricket;
* the whole query as a phrase in a title, author or subject, and each pair of adjacent words
  as a phrase, add more: multi-syllable words (thư viện, chuyển đổi số) rank as words;
* a title that is exactly the query adds most; an identifier typed alone (ISBN, ISSN,
  barcode, call number) puts its records above everything.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import tantivy
from tantivy import Occur, Query

from thuvien.search import analysis
from thuvien.search.backends.base import EngineRequest, EngineResult
from thuvien.search.backends.tantivy import words
from thuvien.search.backends.tantivy.schema import SCHEMA, count, tokens
from thuvien.search.query import Clause, ParsedQuery
from thuvien.search.types import FacetValue, Hit, Holding, Member

# Field groups and their weights: folded (recall) and exact (typed diacritics).
FOLDED = {"title": 3.0, "author": 2.2, "subject": 1.5, "rest": 0.8}
EXACT = {"title": 1.5, "author": 1.2, "subject": 0.8}
PHRASE_ALL = {"title": 4.0, "author": 4.0, "subject": 2.0}
PHRASE_ALL_EXACT = {"title": 3.0}
PHRASE_PAIR = {"title": 1.5, "subject": 1.0}
TITLE_IS_QUERY = 6.0
IDENTIFIER_SCORE = 10_000.0
AUTHOR_SLOP = 1  # "Nguyễn Ánh" finds "Nguyễn Nhật Ánh"

SORT_FIELDS: dict[str, tuple[str | None, tantivy.Order]] = {
    "relevance": (None, tantivy.Order.Desc),
    "year": ("year", tantivy.Order.Asc),
    "-year": ("year", tantivy.Order.Desc),
    "title": ("sort_title", tantivy.Order.Asc),
    "author": ("sort_author", tantivy.Order.Asc),
}
FACET_SIZES = {"library": 100, "material_type": 30, "language": 30, "subject": 25}
FEW_HITS = 3  # below this many hits, look for a spelling correction


def _boost(query: Query, weight: float) -> Query:
    return Query.boost_query(query, weight)


def _any(queries: Sequence[Query]) -> Query:
    return Query.boolean_query([(Occur.Should, q) for q in queries])


def _term(field: str, value: str, *, prefix: bool = False) -> Query:
    if prefix or analysis.single_cluster(value):
        return Query.phrase_prefix_query(SCHEMA, field, [value])
    return Query.term_query(SCHEMA, field, value)


def _phrase(field: str, words: list[str], slop: int = 0) -> Query:
    return Query.phrase_query(SCHEMA, field, list(words), slop)


def _groups(field: str | None) -> list[str]:
    return [field] if field else list(FOLDED)


def _word(exact: str | None, folded: str, groups: list[str], *, prefix: bool = False) -> Query:
    """One word, in any of the groups: folded for recall, exact for ranking (only when typed
    with diacritics: a word typed without them prefers no spelling)."""
    parts = [_boost(_term(f"{g}_f", folded, prefix=prefix), FOLDED[g]) for g in groups]
    if exact is not None and exact != folded and not prefix:
        parts += [_boost(_term(f"{g}_e", exact), EXACT[g]) for g in groups if g in EXACT]
    return _any(parts)


def _proximity(pairs: list[tuple[str | None, str]], groups: list[str]) -> list[Query]:
    """Boosts for the words as a whole phrase (titles, authors, subjects; the title's exact
    form when typed with diacritics) and for each adjacent pair (titles and subjects). Each
    phrase reads positions in every matching record, so only those that change rankings."""
    boosts: list[Query] = []
    folded = [f for _, f in pairs]
    exact = [e for e, _ in pairs if e is not None]
    if len(folded) < 2:
        return boosts
    for g in groups:
        if g not in PHRASE_ALL:
            continue
        slop = AUTHOR_SLOP if g == "author" else 0
        boosts.append(_boost(_phrase(f"{g}_f", folded, slop), PHRASE_ALL[g]))
        if g in PHRASE_ALL_EXACT and len(exact) == len(folded) and exact != folded:
            boosts.append(_boost(_phrase(f"{g}_e", exact, slop), PHRASE_ALL_EXACT[g]))
        if len(folded) > 2 and g in PHRASE_PAIR:
            for i in range(len(folded) - 1):
                boosts.append(_boost(_phrase(f"{g}_f", folded[i : i + 2]), PHRASE_PAIR[g]))
    return boosts


def _clause(clause: Clause, *, every_word: bool) -> tuple[list[Query], list[Query]]:
    """(required, optional) queries of one clause."""
    pairs = tokens(clause.text)
    if not pairs:
        return [], []
    groups = _groups(clause.field)
    if clause.phrase:
        folded = [f for _, f in pairs]
        if len(folded) == 1:
            return [_word(*pairs[0], groups)], []
        required = _any([_boost(_phrase(f"{g}_f", folded), FOLDED[g]) for g in groups])
        return [required], _proximity(pairs, groups)
    if clause.prefix:
        words = [_word(e, f, groups) for e, f in pairs[:-1]]
        return [*words, _word(None, pairs[-1][1], groups, prefix=True)], []
    words = [_word(e, f, groups) for e, f in pairs]
    optional = _proximity(pairs, groups)
    if clause.field in (None, "title"):
        key = " ".join(f for _, f in pairs)
        optional.append(_boost(Query.term_query(SCHEMA, "title_key", key), TITLE_IS_QUERY))
    if every_word:
        return words, optional
    return [], [*words, *optional]


def _filters(request: EngineRequest) -> list[Query]:
    found: list[Query] = []
    for name, values in request.filters.items():
        if name == "year":
            found.append(_any([_years(*_range(v)) for v in values]))
        else:
            found.append(Query.term_set_query(SCHEMA, name, list(values)))
    if request.query.years is not None:
        found.append(_years(*request.query.years))
    if request.grouped:
        found.append(Query.term_query(SCHEMA, "shown", "1"))
    if request.query.isbns:
        keys = [f"isbn:{i}" for i in request.query.isbns]
        found.append(Query.term_set_query(SCHEMA, "ident", keys))
    return [Query.const_score_query(q, 0.0) for q in found]


def _range(value: str) -> tuple[int | None, int | None]:
    low, _, high = value.partition("-")
    return (int(low) if low else None), (int(high) if high else None)


def _years(low: int | None, high: int | None) -> Query:
    return Query.range_query(
        SCHEMA, "year", tantivy.FieldType.Integer, -(10**6) if low is None else low,
        10**6 if high is None else high,
    )  # fmt: skip


def build(request: EngineRequest, *, every_word: bool = True) -> Query:
    required: list[Query] = []
    optional: list[Query] = []
    for clause in request.query.clauses:
        strict = every_word or clause.field is not None or clause.phrase or clause.prefix
        must, should = _clause(clause, every_word=strict)
        required += must
        optional += should
    text: list[tuple[Occur, Query]] = [(Occur.Must, q) for q in required]
    text += [(Occur.Should, q) for q in optional]
    if not text:
        text = [(Occur.Must, Query.all_query())]
    query = Query.boolean_query(text)
    if request.query.identifier:
        keys = analysis.identifier_keys(request.query.identifier)
        ident = Query.const_score_query(
            Query.term_set_query(SCHEMA, "ident", keys), IDENTIFIER_SCORE
        )
        query = _any([ident, query])
    filters = _filters(request)
    if filters:
        query = Query.boolean_query([(Occur.Must, query), *[(Occur.Must, f) for f in filters]])
    return query


def _hit(searcher: tantivy.Searcher, score: Any, address: tantivy.DocAddress) -> Hit:
    stored = json.loads(searcher.doc(address)["payload"][0])
    rid, title, authors, year, material, language, owner, isbn, holdings, *union = stored
    cluster, members, libraries = union if union else (None, [], [owner])
    return Hit(
        id=rid, title=title, authors=authors, year=year, material_type=material,
        language=language, library=owner, isbn=isbn,
        holdings=tuple(Holding(c, n, free) for c, n, free in holdings),
        score=float(score) if isinstance(score, float) else 0.0,
        cluster=cluster, members=tuple(Member(i, code) for i, code in members),
        libraries=tuple(libraries),
    )  # fmt: skip


def facets(searcher: tantivy.Searcher, query: Query) -> dict[str, list[FacetValue]]:
    aggs: dict[str, Any] = {
        name: {"terms": {"field": name, "size": size}} for name, size in FACET_SIZES.items()
    }
    aggs["availability"] = {"terms": {"field": "availability", "size": 3}}
    aggs["online"] = {"terms": {"field": "online", "size": 2}}
    aggs["year"] = {"terms": {"field": "decade", "size": 100}}
    result = searcher.aggregate(query, aggs)
    out: dict[str, list[FacetValue]] = {}
    for name, body in result.items():
        values = [(str(b["key"]), int(b["doc_count"])) for b in body.get("buckets", [])]
        if name == "year":  # the latest decades first
            values.sort(key=lambda v: -int(v[0].split("-")[0]))
        out[name] = [FacetValue(v, n, v) for v, n in values if n]
    return out


def run(searcher: tantivy.Searcher, request: EngineRequest) -> EngineResult:
    query = build(request)
    field, order = SORT_FIELDS[request.sort]
    found = searcher.search(
        query, request.limit, count=True, order_by_field=field, offset=request.offset, order=order
    )
    total = strict_total = count(found)
    if total == 0 and _has_free_words(request.query):
        query = build(request, every_word=False)  # nothing has every word: any word will do
        found = searcher.search(
            query, request.limit, count=True, order_by_field=field, offset=request.offset,
            order=order,
        )  # fmt: skip
        total = count(found)
    hits = [_hit(searcher, score, address) for score, address in found.hits]
    did_you_mean = None
    by_identifier = bool(hits) and hits[0].score >= IDENTIFIER_SCORE
    if (
        request.spelling
        and strict_total < FEW_HITS
        and request.query.free_text
        and not by_identifier
    ):
        did_you_mean = words.did_you_mean(searcher, request.query)
    return EngineResult(
        total=total,
        hits=hits,
        facets=facets(searcher, query) if request.with_facets else {},
        did_you_mean=did_you_mean,
    )


def _has_free_words(parsed: ParsedQuery) -> bool:
    return len(tokens(parsed.free_text)) > 1


def lookup(searcher: tantivy.Searcher, keys: Sequence[str]) -> list[int]:
    """Record ids holding each key, in the order of the keys (ISBN before barcode …)."""
    ids: list[int] = []
    for key in keys:
        found = searcher.search(Query.term_query(SCHEMA, "ident", key), 100, count=False)
        addresses = [address for _, address in found.hits]
        values = searcher.fast_field_values("id", addresses) if addresses else []
        ids += [int(v) for v in values if v is not None]
    return list(dict.fromkeys(ids))


def same_title(searcher: tantivy.Searcher, pairs: Sequence[tuple[str, int | None]]) -> set[int]:
    """Record ids with one of these (folded whole title, year) pairs; a title key and year
    query each, in one boolean query per hundred pairs."""
    ids: set[int] = set()
    wanted = [(key, year) for key, year in dict.fromkeys(pairs) if key]
    for start in range(0, len(wanted), 100):
        part = []
        for key, year in wanted[start : start + 100]:
            title = Query.term_query(SCHEMA, "title_key", key)
            if year is None:
                part.append(title)
            else:
                part.append(
                    Query.boolean_query([(Occur.Must, title), (Occur.Must, _years(year, year))])
                )
        found = searcher.search(_any(part), 10_000, count=False)
        addresses = [address for _, address in found.hits]
        values = searcher.fast_field_values("id", addresses) if addresses else []
        ids.update(int(v) for v in values if v is not None)
    return ids


def lookup_all(searcher: tantivy.Searcher, keys: Sequence[str]) -> list[int]:
    """Every record id holding one of ``keys`` in its identifiers (one query per thousand)."""
    ids: list[int] = []
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), 1000):
        query = Query.term_set_query(SCHEMA, "ident", unique[start : start + 1000])
        found = searcher.search(query, 100_000, count=False)
        addresses = [address for _, address in found.hits]
        values = searcher.fast_field_values("id", addresses) if addresses else []
        ids += [int(v) for v in values if v is not None]
    return ids
