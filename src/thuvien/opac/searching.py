"""The results page's side of search: the query string in, links and labels out.

Facets are plain links that add or remove one filter, so they work without JavaScript; every
link keeps the rest of the query and goes back to page 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

from thuvien.catalogue import vocabulary
from thuvien.network.models import Library
from thuvien.opac import labels
from thuvien.search import labels as search_labels
from thuvien.search.types import FACETS, Hit, InvalidQuery, SearchRequest, SearchResult

PER_PAGE = 20
PAGE_LINKS = 2  # pages shown on each side of the current one


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def shown(q: str) -> str:
    """The query as the search box shows it back: control characters (which the engine
    refuses, and which HTML cannot carry) become spaces."""
    return _CONTROL.sub(" ", q)


def parse(params: QueryDict) -> SearchRequest:
    filters = {
        name: tuple(dict.fromkeys(v for v in params.getlist(name) if v))
        for name in FACETS
        if any(params.getlist(name))
    }
    raw_page = params.get("page", "1").strip() or "1"
    if not raw_page.isdigit() or int(raw_page) < 1:
        raise InvalidQuery(
            _("Số trang «{page}» không hợp lệ: hãy dùng một số nguyên từ 1 trở lên.").format(
                page=raw_page
            ),
            page=raw_page,
        )
    return SearchRequest(
        q=params.get("q", ""),
        filters=filters,
        sort=params.get("sort", "relevance") or "relevance",
        page=int(raw_page),
        per_page=PER_PAGE,
    )


def link(pairs: Iterable[tuple[str, str]]) -> str:
    return "?" + urlencode(list(pairs))


def _pairs(request: SearchRequest, *, sort: str | None = None) -> list[tuple[str, str]]:
    pairs = [("q", request.q)]
    for name, values in request.filters.items():
        pairs += [(name, v) for v in values]
    chosen = sort if sort is not None else request.sort
    if chosen != "relevance":
        pairs.append(("sort", chosen))
    return pairs


def toggle(request: SearchRequest, name: str, value: str) -> str:
    pairs = [(k, v) for k, v in _pairs(request) if (k, v) != (name, value)]
    if value not in request.filters.get(name, ()):
        pairs.append((name, value))
    return link(pairs)


def page_link(request: SearchRequest, page: int) -> str:
    pairs = _pairs(request)
    return link([*pairs, ("page", str(page))] if page > 1 else pairs)


def library_name(library: Library) -> str:
    english = translation.get_language() == "en" and library.name_en
    return library.name_en if english else library.name_vi


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    href: str
    selected: bool


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    values: list[FacetLink]


@dataclass(frozen=True)
class Availability:
    library: str
    copies: int
    available: int


@dataclass(frozen=True)
class HitView:
    hit: Hit
    material_type: str
    language: str
    availability: list[Availability]


@dataclass(frozen=True)
class Page:
    number: int
    href: str
    current: bool


class Presenter:
    """Labels for what the engine returns codes for; the libraries come in one query."""

    def __init__(self, request: SearchRequest, result: SearchResult) -> None:
        self.request = request
        self.result = result
        codes = {h.library for hit in result.hits for h in hit.holdings}
        codes |= {v.value for v in result.facets.get("library", [])}
        codes |= set(request.filters.get("library", ()))
        self.libraries = {lib.code: lib for lib in Library.objects.filter(code__in=codes)}

    def label(self, facet: str, value: str, given: str = "") -> str:
        if facet == "library" and value in self.libraries:
            return library_name(self.libraries[value])
        if facet in ("material_type", "language", "availability", "online"):
            return search_labels.label(facet, value)
        return given or value

    def facets(self) -> list[FacetGroup]:
        groups = []
        for name in FACETS:
            values = self.result.facets.get(name, [])
            chosen = self.request.filters.get(name, ())
            shown = {v.value for v in values}
            links = [
                FacetLink(
                    self.label(name, v.value, v.label),
                    v.count,
                    toggle(self.request, name, v.value),
                    v.value in chosen,
                )
                for v in values
            ]
            # A chosen value the engine no longer counts stays visible, so it can be removed.
            links += [
                FacetLink(self.label(name, v), 0, toggle(self.request, name, v), True)
                for v in chosen
                if v not in shown
            ]
            if links:
                groups.append(FacetGroup(name, str(labels.FACET_NAMES[name]), links))
        return groups

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(facet, value, link that removes it) for every filter in use."""
        return [
            (str(labels.FACET_NAMES[name]), self.label(name, v), toggle(self.request, name, v))
            for name, values in self.request.filters.items()
            for v in values
        ]

    def hits(self) -> list[HitView]:
        return [
            HitView(
                hit,
                vocabulary.material_type(hit.material_type),
                vocabulary.language(hit.language) if hit.language else "",
                [
                    Availability(
                        self.label("library", h.library) or h.library, h.copies, h.available
                    )
                    for h in hit.holdings
                ],
            )
            for hit in self.result.hits
        ]

    def pages(self) -> list[Page]:
        last = max(1, -(-self.result.total // self.result.per_page))
        current = self.result.page
        numbers = sorted(
            {1, last}
            | set(range(max(1, current - PAGE_LINKS), min(last, current + PAGE_LINKS) + 1))
        )
        return [Page(n, page_link(self.request, n), n == current) for n in numbers]

    def sorts(self) -> list[tuple[str, str, bool]]:
        return [(key, str(text), key == self.request.sort) for key, text in labels.SORTS.items()]
