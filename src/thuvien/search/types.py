"""The search service's request and result shapes: the contract between the engine and its
callers (portal pages, the API, SRU later). Engine-specific code never leaks past these."""

from __future__ import annotations

from dataclasses import dataclass, field

from thuvien.errors import ThuvienError

FACETS = ("library", "material_type", "language", "year", "subject", "availability", "online")
SORTS = ("relevance", "year", "-year", "title", "author")


class InvalidQuery(ThuvienError):
    """A query the reader can fix: the message says what is wrong and what to type instead."""

    code = "search.invalid_query"
    status = 400


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    # facet name (one of FACETS) → chosen values; values of one facet are ORed, facets ANDed.
    # year values are ranges "2010-2020" (either end may be empty).
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    with_facets: bool = True
    # One hit per cluster (the union catalogue's best record); False: one per record.
    grouped: bool = True


@dataclass(frozen=True)
class Holding:
    library: str  # library code
    copies: int
    available: int


@dataclass(frozen=True)
class Member:
    """A record of a hit's cluster: the edition as one library catalogued it."""

    id: int  # Record id
    library: str  # owning library's code


@dataclass(frozen=True)
class Hit:
    id: int  # Record id
    title: str
    authors: str
    year: int | None
    material_type: str
    language: str
    library: str  # owning library's code
    isbn: str
    holdings: tuple[Holding, ...]  # of every record of the cluster, per library
    score: float
    # The union catalogue: the hit's cluster (None: a record alone), its records, and the
    # libraries that hold the edition (owners of a member record or of a copy).
    cluster: int | None = None
    members: tuple[Member, ...] = ()
    libraries: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    label: str  # what a person reads (library name, material type in Vietnamese…)


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    page: int
    per_page: int
    did_you_mean: str | None
    took_ms: float
    # Catalogue changes not yet in the index: a lagging index answers with what it has and
    # says how far behind it is (0: up to date; counted up to services.PENDING_SHOWN).
    pending_changes: int = 0


@dataclass(frozen=True)
class Suggestion:
    text: str
    field: str  # title, author or subject
