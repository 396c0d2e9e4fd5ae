"""The tantivy index's schema and analyzer, shared by the writer, the queries and the words.

Fields (``_e`` exact form, ``_f`` folded form; see :mod:`thuvien.search.analysis`):

* ``title_*``, ``author_*``, ``subject_*``, ``rest_f`` — searched text, with positions;
* ``title_key`` — the whole title, folded: a title that is exactly the query ranks first;
* ``ident`` — identifiers as ``isbn:…``, ``issn:…``, ``bc:…`` (barcode), ``cn:…`` (call
  number), ``acc:…`` (số ĐKCB);
* ``sg_*`` — completion keys, ``folded\x01shown``;
* ``library``, ``material_type``, ``language``, ``subject``, ``availability``, ``decade``,
  ``online`` (read online: ``open`` by anyone, ``onsite`` in a reading room) —
  facets and filters, fast fields with the raw tokenizer (decades as terms: counting terms is
  three times cheaper than a histogram over ``year``, which serves ranges and sorting);
* ``sort_title``, ``sort_author`` — Vietnamese collation keys (byte order = alphabet order);
* ``shown`` — ``1`` on the record shown for its cluster (or alone), ``0`` on the others: a
  grouped search keeps ``shown:1`` only, so hits and facets count editions, not records;
* ``payload`` — what a hit shows, stored as JSON.
"""

from __future__ import annotations

from pathlib import Path

import tantivy

from thuvien.search import analysis

ANALYZER = "vi"
# Bumped whenever fields or their analysis change: an index of another version is rebuilt.
SCHEMA_VERSION = "5"
VERSION_FILE = "thuvien-schema-version"


def text_analyzer() -> tantivy.TextAnalyzer:
    # The prepared forms are tokens separated by spaces already (see analysis.py).
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
    builder = builder.filter(tantivy.Filter.lowercase())
    return builder.filter(tantivy.Filter.remove_long(analysis.MAX_TOKEN_BYTES)).build()


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", indexed=True, fast=True)
    for name in ("title_e", "title_f", "author_e", "author_f", "subject_e", "subject_f", "rest_f"):
        sb.add_text_field(name, tokenizer_name=ANALYZER)
    for name in ("title_key", "ident", "sg_title", "sg_author", "sg_subject", "shown"):
        sb.add_text_field(name, tokenizer_name="raw")
    facets = ("library", "material_type", "language", "subject", "availability", "decade")
    for name in (*facets, "online"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True)
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_text_field("sort_title", tokenizer_name="raw", fast=True)
    sb.add_text_field("sort_author", tokenizer_name="raw", fast=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


SCHEMA = build_schema()
ANALYZE = text_analyzer()


def open_index(path: Path) -> tantivy.Index:
    index = tantivy.Index.open(str(path))
    # Custom analyzers are not stored in the index: register on every open (DESIGN §8).
    index.register_tokenizer(ANALYZER, text_analyzer())
    index.config_reader("manual", 0)
    return index


def suggestion_key(text: str) -> str:
    """The folded words of a title or name, single-spaced: what a typed prefix is matched on."""
    return " ".join(ANALYZE.analyze(analysis.folded_form(text, query=True)))


def tokens(text: str) -> list[tuple[str | None, str]]:
    """(exact, folded) token pairs of query text; exact is None when the forms do not align."""
    folded = ANALYZE.analyze(analysis.folded_form(text, query=True))
    exact = ANALYZE.analyze(analysis.exact_form(text, query=True))
    if len(exact) != len(folded):
        return [(None, f) for f in folded]
    return list(zip(exact, folded, strict=True))


def count(found: tantivy.SearchResult) -> int:
    """The hit count of a search run with ``count=True`` (missing from tantivy's stubs)."""
    return int(getattr(found, "count", None) or 0)
