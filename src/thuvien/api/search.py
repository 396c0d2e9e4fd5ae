"""``/search`` and ``/suggest``: the catalogue search, through the search service only."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import P, QueryEx, Router

from thuvien.api import paging, public
from thuvien.api.errors import unknown_parameters
from thuvien.api.schemas import Problem, SearchOut, SuggestOut
from thuvien.search.types import FACETS, Hit, SearchRequest

router = Router(tags=["search"])

# Written out (not built from SORTS) so that the OpenAPI document lists the values;
# a test checks the two agree.
Sort = Literal["relevance", "year", "-year", "title", "author"]

_SEARCH_PARAMETERS = ("q", *FACETS, "sort", "page", "per_page", "facets")
# 503: the index has not been built yet (search.index_missing).
_ERRORS: dict[int, Any] = {400: Problem, 404: Problem, 429: Problem, 500: Problem, 503: Problem}


def hit_document(hit: Hit) -> dict[str, Any]:
    return {
        "id": hit.id,
        "title": hit.title,
        "authors": public.names(hit.authors),
        "year": hit.year,
        "material_type": hit.material_type,
        "language": hit.language,
        "library": hit.library,
        "isbn": hit.isbn,
        "holdings": [
            {"library": h.library, "copies": h.copies, "available": h.available}
            for h in hit.holdings
        ],
        "score": hit.score,
        "url": public.record_url(hit.id),
        "cluster": hit.cluster,
        "records": [{"id": m.id, "library": m.library} for m in hit.members],
        "libraries": list(hit.libraries),
    }


def _values(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v for v in (values or []) if v.strip())


@router.get(
    "/search",
    response={200: SearchOut, **_ERRORS},
    operation_id="search",
    summary="Tìm trong mục lục / Search the catalogue",
    description=(
        "Full-text search in Vietnamese typed any way (with or without diacritics), fielded "
        "syntax (`title:`, `author:`, `subject:`, `isbn:`, `year:2010-2020`), exact lookup of "
        "ISBN, ISSN, barcode or call number. Facet filters: several values of one facet are "
        "ORed, different facets ANDed; `year` takes ranges such as `2010-2020`, `-1990` or "
        "`2000-`. A query the engine cannot use is a 400 problem saying what to type instead."
    ),
)
def search(
    request: HttpRequest,
    *,
    q: QueryEx[str, P(description="What to look for (up to 1,000 characters).")] = "",
    library: QueryEx[list[str] | None, P(description="Library code(s).")] = None,
    material_type: QueryEx[list[str] | None, P(description="Material type(s).")] = None,
    language: QueryEx[list[str] | None, P(description="MARC language code(s), e.g. vie.")] = None,
    year: QueryEx[
        list[str] | None, P(description="Year range(s): 2010-2020, -1990, 2000-.")
    ] = None,
    subject: QueryEx[list[str] | None, P(description="Subject heading(s).")] = None,
    availability: QueryEx[list[str] | None, P(description="Availability value(s).")] = None,
    online: QueryEx[
        list[str] | None,
        P(description="Digitised copy readable online: open (by anyone) or onsite."),
    ] = None,
    sort: Sort = "relevance",
    page: QueryEx[int, P(ge=1)] = 1,
    per_page: QueryEx[int, P(ge=1, le=paging.MAX_PER_PAGE)] = paging.DEFAULT_PER_PAGE,
    facets: QueryEx[bool, P(description="Count facet values (false is faster).")] = True,
) -> dict[str, Any]:
    from thuvien.search import services  # the engine loads on the first search, not at start

    error = unknown_parameters(request, _SEARCH_PARAMETERS)
    if error is not None:
        raise error
    chosen = {
        "library": _values(library),
        "material_type": _values(material_type),
        "language": _values(language),
        "year": _values(year),
        "subject": _values(subject),
        "availability": _values(availability),
        "online": _values(online),
    }
    result = services.search(
        SearchRequest(
            q=q,
            filters={name: values for name, values in chosen.items() if values},
            sort=sort,
            page=page,
            per_page=per_page,
            with_facets=facets,
        )
    )
    return {
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "hits": [hit_document(hit) for hit in result.hits],
        "facets": {
            name: [{"value": v.value, "count": v.count, "label": v.label} for v in values]
            for name, values in result.facets.items()
        },
        "did_you_mean": result.did_you_mean,
        "took_ms": result.took_ms,
        "links": paging.links(request, result.page, result.per_page, result.total),
    }


@router.get(
    "/suggest",
    response={200: SuggestOut, **_ERRORS},
    operation_id="suggest",
    summary="Gợi ý khi gõ / Autocomplete",
    description="Titles, authors and subjects that start with what was typed.",
)
def suggest(
    request: HttpRequest,
    q: str = "",
    limit: QueryEx[int, P(ge=1, le=20)] = 10,
) -> dict[str, Any]:
    from thuvien.search import services

    error = unknown_parameters(request, ("q", "limit"))
    if error is not None:
        raise error
    return {
        "suggestions": [
            {"text": s.text, "field": s.field} for s in services.suggest(q, limit=limit)
        ]
    }
