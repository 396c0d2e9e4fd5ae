"""Copy cataloguing from the union catalogue: search every member library's records (one
hit per edition), preview one, and copy it into one's library in one click; then add the
library's own copies on the new record's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.errors import ThuvienError
from thuvien.network.permissions import Action
from thuvien.search import services as search
from thuvien.search.types import SearchRequest
from thuvien.staff.toolkit import library_choice, staff_page
from thuvien.staff.views.catalogue import suggestions
from thuvien.staff.views.catalogue.records import marc_rows
from thuvien.union import clusters, copying

PER_PAGE = 20


@staff_page
@require_http_methods(["GET"])
def union_search(request: HttpRequest) -> HttpResponse:
    default = library_choice(request, Action.EDIT_CATALOGUE).default
    q = request.GET.get("q", "").strip()[:500]
    context: dict[str, Any] = {"q": q, "library": default, "hits": [], "total": None}
    if q:
        try:
            result = search.search(
                SearchRequest(q=q, per_page=PER_PAGE, with_facets=False, grouped=True)
            )
        except ThuvienError as exc:
            context["error"] = exc.message
        else:
            context["total"] = result.total
            context["hits"] = [
                {"hit": hit, "held_here": default.code in hit.libraries} for hit in result.hits
            ]
    return render(request, "staff/catalogue/union_search.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def union_preview(request: HttpRequest, pk: int) -> HttpResponse:
    source = copying.source_record(pk)
    libraries, default = library_choice(request, Action.EDIT_CATALOGUE)
    error = ""
    if request.method == "POST":
        chosen = {str(lib.pk): lib for lib in libraries}.get(request.POST.get("library", ""))
        if chosen is None:
            error = _("Hãy chọn thư viện nhận bản ghi.")
        else:
            try:
                copy, _cluster = copying.copy_into(request.user, source, chosen)
            except ThuvienError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    _(
                        "Đã sao chép biểu ghi vào {library} (biểu ghi số {id}). Giờ hãy thêm "
                        "các bản sao của thư viện."
                    ).format(library=chosen.code, id=copy.pk),
                )
                return redirect("staff:catalogue:record", pk=copy.pk)
    near = clusters.neighbourhood(source.pk)
    members = clusters.records_of(near.members).order_by("library__code", "pk")
    marc = MarcRecord.from_stored(source.leader, source.marc)
    mine = {lib.pk for lib in libraries}
    already = Record.objects.filter(copied_from=source, library__in=mine).first()
    return render(
        request,
        "staff/catalogue/union_preview.html",
        {
            "record": source,
            "leader": source.leader.replace(" ", "#"),
            "fields": marc_rows(marc),
            "members": members,
            "libraries": [lib for lib in libraries if lib.pk != source.library_id],
            "default": default,
            "already": already,
            "error": error,
            # Suggestions for the library's copy once made (accept/reject there), else for the
            # source, to read before copying.
            **suggestions.panel(already or source),
        },
    )
