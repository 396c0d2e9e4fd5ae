"""Public portal pages: home, search results, record, exports, new acquisitions.

Server-rendered, readable without JavaScript. Search goes through the search service only;
record and acquisition pages read the database. A reader's mistake (a bad query, a record
that is gone) gets a page that says what happened and what to do, with the right status.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from thuvien.ai import diacritics, recommending
from thuvien.catalogue import exposure, formats, iso2709
from thuvien.catalogue.models import Record
from thuvien.catalogue.vocabulary import language, material_type
from thuvien.errors import NotFound
from thuvien.http import vietnamese_first
from thuvien.network.models import Library
from thuvien.network.services import library_by_code
from thuvien.opac import acquisitions, cite, display, jsonld, news, searching
from thuvien.search import services
from thuvien.search.types import FACETS, FacetValue, InvalidQuery
from thuvien.union import clusters


def _problem(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    context = {"title": title, "message": message}
    return render(request, "opac/problem.html", context, status=status)


@require_safe
@vietnamese_first
def home(request: HttpRequest) -> HttpResponse:
    context = {"shelves": acquisitions.home_shelves(), "news": news.latest()}
    return render(request, "opac/home.html", context)


@require_safe
@vietnamese_first
def search(request: HttpRequest) -> HttpResponse:
    if "q" not in request.GET and not any(request.GET.getlist(f) for f in FACETS):
        return render(request, "opac/search.html", {"asked": False})
    try:
        asked = searching.parse(request.GET)
        result = services.search(asked)
    except InvalidQuery as exc:
        context = {
            "asked": True,
            "q": searching.shown(request.GET.get("q", "")),
            "error": exc.message,
        }
        return render(request, "opac/search.html", context, status=exc.status)
    shown = searching.Presenter(asked, result)
    suggestion, kind = _did_you_mean(asked.q, result.did_you_mean)
    diacritics.taken(asked.q, request.GET.get("offer", ""))
    context = {
        "asked": True,
        "q": searching.shown(asked.q),
        "result": result,
        "hits": shown.hits(),
        "facets": shown.facets(),
        "active": shown.active_filters(),
        "pages": shown.pages() if result.total > result.per_page else [],
        "sorts": shown.sorts(),
        "filters": [(k, v) for k, values in asked.filters.items() for v in values],
        "first": (result.page - 1) * result.per_page + 1,
        "last": (result.page - 1) * result.per_page + len(result.hits),
        # An AI offer's link says so, so that following it is logged as the reader's decision.
        "did_you_mean": searching.link([("q", suggestion), *([("offer", kind)] if kind else [])])
        if suggestion
        else "",
        "did_you_mean_text": suggestion,
        "related": _related_subjects(asked.q, result.facets.get("subject", [])),
    }
    return render(request, "opac/search.html", context)


def _related_subjects(query: str, found: list[FacetValue]) -> list[tuple[str, str]]:
    """(subject, link) of subjects that go with the results' commonest ones in the network's
    catalogue, to offer beside the results; the query itself is never widened silently."""
    if not query or not found:
        return []
    shown = {f.value for f in found}
    related = services.related_subjects([f.value for f in found[:2]], limit=8)
    return [(s, searching.link([("subject", s)])) for s, _ in related if s not in shown][:5]


def _did_you_mean(query: str, correction: str | None) -> tuple[str, str]:
    """One "did you mean" line and the kind of AI offer it is ("" for the index's spelling
    correction): the query with its marks restored or its Telex/VNI keystrokes decoded (the
    AI service, once trained), else the spelling correction, given its marks back when the
    model can."""
    offered = diacritics.offer(query) if query else None
    if offered is not None:
        return offered.text, offered.kind
    if correction:
        restored = diacritics.offer(correction)
        return (restored.text, restored.kind) if restored is not None else (correction, "")
    return "", ""


def _record_or_none(pk: int) -> Record | None:
    return (
        exposure.public_records()
        .select_related("library")
        .filter(pk=pk, kind=Record.Kind.BIBLIOGRAPHIC)
        .first()
    )


def _no_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _problem(
        request,
        _("Không tìm thấy tài liệu"),
        _(
            "Không có tài liệu số %(id)s: có thể thư viện đã xoá bản ghi này. "
            "Hãy tìm lại theo nhan đề hoặc tác giả."
        )
        % {"id": pk},
        404,
    )


@require_safe
@vietnamese_first
def record(request: HttpRequest, pk: int) -> HttpResponse:
    found = _record_or_none(pk)
    if found is None:
        return _no_record(request, pk)
    marc = cite.marc_of(found)
    url = request.build_absolute_uri(reverse("opac:record", args=[pk]))
    names = display.names(marc)
    near = clusters.neighbourhood(pk)
    holdings = display.holdings(found, near)
    title = display.full_title(marc, found.title)
    recommended_kind, recommended = recommending.for_record(found)
    context = {
        "record": found,
        "title": title,
        "recommended_kind": recommended_kind,
        "recommended": recommended,
        "authors": [n for n in names if n.is_author],
        "contributors": [n for n in names if not n.is_author],
        "subjects": [s for s in found.subjects.split(" ; ") if s],
        "classification": sorted(found.classification.items()),
        "notes": display.notes(marc),
        "physical": display.physical_description(marc),
        "series": display.series(marc),
        "original_title": display.original_script_title(marc),
        "material_type": material_type(found.material_type),
        "language": language(found.language) if found.language else "",
        "leader": found.leader.replace(" ", "#"),
        "marc_rows": display.marc_rows(marc),
        "holdings": holdings,
        "other_editions": display.other_editions(found, near),
        "similar": services.similar(
            found, found.library.code, cluster=near.cluster, members=near.members
        ),
        "jsonld": jsonld.script(jsonld.describe(found, title, url, names, holdings)),
        "exports": EXPORTS,
    }
    return render(request, "opac/record.html", context)


# format → (label, file extension, content type)
EXPORTS = {
    "marc": ("MARC (ISO 2709)", "mrc", "application/marc"),
    "marcxml": ("MARCXML", "xml", "application/marcxml+xml; charset=utf-8"),
    "ris": ("RIS", "ris", "application/x-research-info-systems; charset=utf-8"),
    "bibtex": ("BibTeX", "bib", "application/x-bibtex; charset=utf-8"),
}


@require_safe
@vietnamese_first
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    found = _record_or_none(pk)
    if found is None:
        return _no_record(request, pk)
    if fmt not in EXPORTS:
        return _problem(
            request,
            _("Không có định dạng này"),
            _("Không tải được dạng “%(format)s”; hãy chọn một trong: %(formats)s.")
            % {"format": fmt, "formats": ", ".join(label for label, _e, _t in EXPORTS.values())},
            404,
        )
    marc = cite.marc_of(found)
    url = request.build_absolute_uri(reverse("opac:record", args=[pk]))
    body: bytes | str
    if fmt == "marc":
        try:
            body = iso2709.encode(marc)
        except iso2709.TooLong as exc:
            return _problem(
                request,
                _("Bản ghi quá dài cho ISO 2709"),
                _(
                    "Bản ghi này không xuất được dạng ISO 2709 (%(reason)s). "
                    "Hãy tải dạng MARCXML: định dạng đó không giới hạn độ dài."
                )
                % {"reason": exc},
                422,
            )
    elif fmt == "marcxml":
        body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + formats.to_marcxml(marc)
    elif fmt == "ris":
        body = cite.ris(found, url)
    else:
        body = cite.bibtex(found, url)
    _label, extension, content_type = EXPORTS[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="thuvien-{pk}.{extension}"'
    return response


@require_safe
@vietnamese_first
def new(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("library", "").strip()
    try:
        library = library_by_code(code) if code else None
    except NotFound:
        return _problem(
            request,
            _("Không có thư viện này"),
            _("Không có thư viện mã %(code)s; hãy chọn một thư viện trong danh sách.")
            % {"code": code},
            404,
        )
    raw_page = request.GET.get("page", "1")
    page = int(raw_page) if raw_page.isdigit() and int(raw_page) > 0 else 1
    records, more = acquisitions.page_of(library, page)
    scope = [("library", library.code)] if library else []
    cataloguing = Library.objects.filter(Exists(Record.objects.filter(library=OuterRef("pk"))))
    context = {
        "library": library,
        "library_name": searching.library_name(library) if library else "",
        "libraries": [
            (lib.code, searching.library_name(lib))
            for lib in cataloguing.only("code", "name_vi", "name_en")
        ],
        "records": records,
        "page": page,
        "previous": searching.link([*scope, ("page", str(page - 1))]) if page > 1 else "",
        "next": searching.link([*scope, ("page", str(page + 1))]) if more else "",
        "feed_query": searching.link(scope) if library else "",
    }
    return render(request, "opac/new.html", context)
