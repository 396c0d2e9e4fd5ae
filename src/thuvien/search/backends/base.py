"""The search backend interface: one package per engine under ``search/backends/`` (tantivy
is the one we ship), each implementing :class:`SearchBackend`.

Services parse and check a request (:mod:`thuvien.search.query`), then hand the engine a
:class:`~thuvien.search.query.ParsedQuery` and get back :mod:`thuvien.search.types` shapes;
nothing engine-specific leaks past this interface.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from thuvien.errors import ThuvienError
from thuvien.search.query import ParsedQuery
from thuvien.search.types import FacetValue, Hit, Suggestion

if TYPE_CHECKING:  # workers import this package before Django is set up: no models here
    from thuvien.search.documents import SearchDocument


class IndexMissing(ThuvienError):
    """The index has not been built yet (a fresh installation, or its folder was removed)."""

    code = "search.index_missing"
    status = 503


class IndexOutdated(ThuvienError):
    """The index was built by a version of thuvien that indexed differently."""

    code = "search.index_outdated"
    status = 503


OUTDATED = gettext_lazy(
    "Chỉ mục tìm kiếm được tạo bởi phiên bản cũ; người quản trị cần chạy `thuvien reindex`."
)


class WriterBusy(ThuvienError):
    """Another process holds the index writer (an applier or a rebuild)."""

    code = "search.writer_busy"
    status = 409


@dataclass(frozen=True)
class EngineResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]  # values with raw labels; services add the labels
    did_you_mean: str | None


@dataclass(frozen=True)
class EngineRequest:
    query: ParsedQuery
    filters: dict[str, tuple[str, ...]]
    sort: str
    offset: int
    limit: int
    with_facets: bool
    spelling: bool  # look for "did you mean" when few hits come back
    grouped: bool = True  # only the shown record of each cluster


class SearchBackend(abc.ABC):
    """One index of the catalogue's bibliographic records."""

    @abc.abstractmethod
    def exists(self) -> bool:
        """Whether an index has been built."""

    @abc.abstractmethod
    def outdated(self) -> bool:
        """Whether the built index was made by a version that indexed differently."""

    @abc.abstractmethod
    def search(self, request: EngineRequest) -> EngineResult: ...

    @abc.abstractmethod
    def lookup(self, keys: Sequence[str]) -> list[int]:
        """Record ids whose identifier field holds one of ``keys`` (analysis.identifier_keys)."""

    @abc.abstractmethod
    def suggest(self, prefix: str, limit: int) -> list[Suggestion]: ...

    @abc.abstractmethod
    def apply(self, record_ids: Sequence[int]) -> None:
        """Re-read these records from the database and replace (or delete) their entries;
        one commit for the lot."""

    @abc.abstractmethod
    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Build a fresh index from the database and swap it in; returns documents indexed."""

    @abc.abstractmethod
    def document_count(self) -> int: ...

    def similar(self, doc: SearchDocument, limit: int) -> list[Hit]:
        """Records like this one (its words, its OCR text), best first; [] if the engine
        cannot tell."""
        return []

    def related_subjects(self, subjects: Sequence[str], limit: int) -> list[tuple[str, float]]:
        """Subjects that occur with these in the catalogue, with a score; [] if it cannot tell."""
        return []

    def union_candidates(
        self, pairs: Sequence[tuple[str, int | None]], identifiers: Sequence[str]
    ) -> set[int] | None:
        """Record ids whose whole title (folded) and year are one of ``pairs`` (title, year)
        or holding one of ``identifiers`` (``isbn:…``, ``issn:…``): the union's candidates
        for placing records. None: this engine cannot tell."""
        return None
