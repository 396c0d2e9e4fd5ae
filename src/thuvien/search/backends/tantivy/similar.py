"""Records like a record, and subjects that go with a subject, from the index alone.

"More like this" takes a record's own searched text (titles, subjects, notes, summaries and,
through the search documents' text sources, the OCR of its scans), folded as the index has
it, and asks tantivy's MoreLikeThis for the records sharing its rarest words. The record and
the others of its union-catalogue cluster are left out; only shown records come back.

Related subjects are counted in the network's own catalogue: the subjects of the records
filed under a subject, ranked by how much more often they occur with it than alone (cosine
of the two record sets), so that a heading on half the catalogue does not relate to all.
"""

from __future__ import annotations

import math
from typing import Any

import tantivy
from tantivy import Occur, Query

from thuvien.search.backends.tantivy.documents import fields
from thuvien.search.backends.tantivy.query import _hit
from thuvien.search.backends.tantivy.schema import SCHEMA, count
from thuvien.search.documents import SearchDocument
from thuvien.search.types import Hit
from thuvien.vietnamese import fold

_LIKE_FIELDS = ("title_f", "subject_f", "rest_f")
_MAX_TERMS = 30
_CO_SUBJECTS = 200


def similar(searcher: tantivy.Searcher, doc: SearchDocument, limit: int) -> list[Hit]:
    values = fields(doc)
    text = {name: values[name] for name in _LIKE_FIELDS if values.get(name)}
    if not text:
        return []
    like = Query.more_like_this_document_fields_query(
        SCHEMA, text, min_doc_frequency=1, min_term_frequency=1, max_query_terms=_MAX_TERMS,
        min_word_length=2,
    )  # fmt: skip
    others = [doc.id, *(member for member, _ in doc.members)]
    query = Query.boolean_query([
        (Occur.Must, like),
        (Occur.Must, Query.term_query(SCHEMA, "shown", "1")),
        *[(Occur.MustNot, Query.term_query(SCHEMA, "id", other)) for other in others],
    ])  # fmt: skip
    found = searcher.search(query, limit, count=False)
    hits = [_hit(searcher, score, address) for score, address in found.hits]
    # The same book catalogued again elsewhere (not yet clustered) is not "like" it: the
    # record page lists other editions and holdings already.
    same = fold(doc.title)
    return [
        h for h in hits
        if (doc.cluster is None or h.cluster != doc.cluster) and fold(h.title) != same
    ]  # fmt: skip


def _records(searcher: tantivy.Searcher, subject: str) -> int:
    query = Query.boolean_query([
        (Occur.Must, Query.term_query(SCHEMA, "subject", subject)),
        (Occur.Must, Query.term_query(SCHEMA, "shown", "1")),
    ])  # fmt: skip
    return count(searcher.search(query, 1, count=True))


def related_subjects(
    searcher: tantivy.Searcher, subjects: list[str], limit: int
) -> list[tuple[str, float]]:
    """Subjects that go with ``subjects`` in the catalogue, best first, with their score."""
    scores: dict[str, float] = {}
    for subject in subjects:
        alone = _records(searcher, subject)
        if not alone:
            continue
        query = Query.boolean_query([
            (Occur.Must, Query.term_query(SCHEMA, "subject", subject)),
            (Occur.Must, Query.term_query(SCHEMA, "shown", "1")),
        ])  # fmt: skip
        aggs: dict[str, Any] = {"co": {"terms": {"field": "subject", "size": _CO_SUBJECTS}}}
        buckets = searcher.aggregate(query, aggs)["co"].get("buckets", [])
        for bucket in buckets:
            other, together = str(bucket["key"]), int(bucket["doc_count"])
            if other in subjects:
                continue
            score = together / math.sqrt(alone * max(_records(searcher, other), together))
            scores[other] = max(scores.get(other, 0.0), score)
    ranked = sorted(scores.items(), key=lambda s: (-s[1], s[0]))
    return [(name, round(score, 4)) for name, score in ranked[:limit]]
