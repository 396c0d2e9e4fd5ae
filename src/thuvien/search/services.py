"""The search service: what the portal, the API (and later SRU) call. Read-only and public.

* :func:`search` — a reader's query with filters, sorting and paging. Every word must match
  (what OPAC users expect: more words, fewer and better hits); when no record has them all,
  records with any of them are returned instead, best first. An identifier typed alone
  (ISBN-10/13 with or without hyphens, ISSN, barcode, call number, số ĐKCB) brings its
  records first. An empty query is refused, unless filters are given (browse a library).
* :func:`suggest` — completion of titles, authors and subjects from a typed prefix.
* :func:`lookup` — exact identifier match, record ids.

Bad input raises :class:`InvalidQuery` (400) or :class:`PageOutOfRange` (404) with a message
in Vietnamese, then English, saying what to change.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Sequence

from django.utils.translation import gettext as _

from thuvien.catalogue.models import Record
from thuvien.changes import feed
from thuvien.search import labels
from thuvien.search.analysis import identifier_keys
from thuvien.search.backends import get_backend
from thuvien.search.backends.base import EngineRequest, IndexMissing, IndexOutdated
from thuvien.search.documents import AVAILABLE, NO_COPIES, UNAVAILABLE, document_of
from thuvien.search.query import ParsedQuery, parse
from thuvien.search.types import (
    FACETS,
    SORTS,
    Hit,
    InvalidQuery,
    SearchRequest,
    SearchResult,
    Suggestion,
)
from thuvien.wording import number

MAX_PER_PAGE = 100
MAX_WINDOW = 10_000  # results reachable by paging; narrow the search to see further
MAX_SUGGESTIONS = 50
PENDING_SHOWN = 10_000  # lag counted up to this: enough to say the index is behind
_YEAR_FILTER = re.compile(r"(\d{1,4})?-(\d{1,4})?|\d{1,4}")
_AVAILABILITY = (AVAILABLE, UNAVAILABLE, NO_COPIES)
_ONLINE = ("open", "onsite")


class PageOutOfRange(InvalidQuery):
    code = "search.page_out_of_range"
    status = 404


def _refuse(message: str, **ids: object) -> InvalidQuery:
    return InvalidQuery(message, **ids)


def _check_paging(request: SearchRequest) -> None:
    if request.page < 1:
        raise _refuse(
            _("Số trang {page} không hợp lệ; trang đầu tiên là 1").format(page=request.page),
            page=request.page,
        )
    if not 1 <= request.per_page <= MAX_PER_PAGE:
        raise _refuse(
            _("Số kết quả mỗi trang phải từ 1 đến {limit} (đã gửi {per_page})").format(
                limit=MAX_PER_PAGE, per_page=request.per_page
            ),
            per_page=request.per_page,
        )
    if request.page * request.per_page > MAX_WINDOW:
        raise _refuse(
            _(
                "Chỉ xem được {limit} kết quả đầu tiên; hãy thêm từ khoá hoặc bộ lọc để "
                "thu hẹp kết quả"
            ).format(limit=number(MAX_WINDOW)),
            page=request.page,
        )


def _filters(request: SearchRequest) -> dict[str, tuple[str, ...]]:
    checked: dict[str, tuple[str, ...]] = {}
    for name, values in request.filters.items():
        if name not in FACETS:
            raise _refuse(
                _("Không có bộ lọc “{name}”; các bộ lọc là: {facets}").format(
                    name=name, facets=", ".join(FACETS)
                ),
                facet=name,
            )
        kept = tuple(v.strip() for v in values if v.strip())
        if name == "year":
            kept = tuple(_year_filter(v) for v in kept)
        if name == "availability":
            for value in kept:
                if value not in _AVAILABILITY:
                    raise _refuse(
                        _(
                            "“{value}” không phải giá trị của bộ lọc availability; hãy dùng: "
                            "{values}"
                        ).format(value=value, values=", ".join(_AVAILABILITY)),
                        value=value,
                    )
        if name == "online":
            for value in kept:
                if value not in _ONLINE:
                    raise _refuse(
                        _(
                            "“{value}” không phải giá trị của bộ lọc online; hãy dùng: {values}"
                        ).format(value=value, values=", ".join(_ONLINE)),
                        value=value,
                    )
        if kept:
            checked[name] = kept
    return checked


def _year_filter(value: str) -> str:
    if not _YEAR_FILTER.fullmatch(value) or value == "-":
        raise _refuse(
            _(
                "“{value}” không phải khoảng năm của bộ lọc year; hãy dùng dạng "
                "2010-2019, 2010- hoặc -1975"
            ).format(value=value),
            value=value,
        )
    return value if "-" in value else f"{value}-{value}"


def search(request: SearchRequest) -> SearchResult:
    started = time.perf_counter()
    if request.sort not in SORTS:
        raise _refuse(
            _("Không có cách sắp xếp “{sort}”; hãy dùng: {sorts}").format(
                sort=request.sort, sorts=", ".join(SORTS)
            ),
            sort=request.sort,
        )
    _check_paging(request)
    filters = _filters(request)
    parsed = ParsedQuery(raw="") if filters and not request.q.strip() else parse(request.q)
    offset = (request.page - 1) * request.per_page
    result = get_backend().search(
        EngineRequest(
            query=parsed,
            filters=filters,
            sort=request.sort,
            offset=offset,
            limit=request.per_page,
            with_facets=request.with_facets,
            spelling=request.page == 1,
            grouped=request.grouped,
        )
    )
    if request.page > 1 and offset >= result.total:
        pages = math.ceil(result.total / request.per_page)
        raise PageOutOfRange(
            _("Không có trang {page}: kết quả chỉ có {pages} trang").format(
                page=request.page, pages=pages
            ),
            page=request.page,
            pages=pages,
        )
    return SearchResult(
        total=result.total,
        hits=result.hits,
        facets=labels.labelled(result.facets),
        page=request.page,
        per_page=request.per_page,
        did_you_mean=result.did_you_mean,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        pending_changes=feed.pending(at_most=PENDING_SHOWN),
    )


def suggest(prefix: str, limit: int = 10) -> list[Suggestion]:
    """Titles, authors and subjects starting with ``prefix`` (typed any way), most held first."""
    text = " ".join(prefix.split())[:200]
    if not any(c.isalnum() for c in text):
        return []
    return get_backend().suggest(text, max(1, min(limit, MAX_SUGGESTIONS)))


def lookup(text: str) -> list[int]:
    """Ids of records with this ISBN (10 or 13, hyphens or not), ISSN, barcode, call number
    or số ĐKCB, the most specific kind first."""
    if not text.strip() or len(text) > 200:
        return []
    return get_backend().lookup(identifier_keys(text))


def similar(
    record: Record,
    library_code: str,
    *,
    cluster: int | None = None,
    members: Sequence[int] = (),
    limit: int = 6,
) -> list[Hit]:
    """Records like ``record`` (its words and its scans' OCR text) for "more like this",
    leaving out its cluster (``members``); [] when the index is missing or out of date (the
    record page still works)."""
    doc = document_of(record, library_code, cluster=cluster, members=members)
    try:
        return get_backend().similar(doc, max(1, min(limit, MAX_SUGGESTIONS)))
    except (IndexMissing, IndexOutdated):
        return []


def related_subjects(subjects: Sequence[str], limit: int = 5) -> list[tuple[str, float]]:
    """Subjects that go with these in the network's catalogue (co-occurrence), to offer a
    reader; never added to a query by themselves."""
    if not subjects:
        return []
    try:
        return get_backend().related_subjects(list(subjects)[:3], max(1, min(limit, 20)))
    except (IndexMissing, IndexOutdated):
        return []
