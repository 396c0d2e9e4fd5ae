"""The audit log: who changed what, with the fields that changed."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from thuvien.audit.models import AuditEntry
from thuvien.network.models import Library
from thuvien.network.permissions import Action, require
from thuvien.staff import audit_words
from thuvien.staff.toolkit import network_wide, paginate, profile, query_without_page, staff_page

OBJECT_TYPES = (
    ("record", "Bản ghi"),
    ("item", "Bản sao"),
    ("import", "Lần nhập"),
    ("library", "Thư viện"),
    ("library-event", "Sự kiện thư viện"),
    ("staff", "Tài khoản cán bộ"),
    ("patron", "Bạn đọc"),
    ("loan rule", "Quy tắc mượn"),
    ("fee", "Khoản thu"),
)
SHORT = 300  # characters of a value shown in the list; the entry's page shows it whole


def _entries(request: HttpRequest) -> QuerySet[AuditEntry]:
    """The entries the user may read: all of them network-wide, else their library's."""
    if network_wide(request):
        require(request.user, Action.VIEW_AUDIT)
        return AuditEntry.objects.all()
    library = profile(request).library
    require(request.user, Action.VIEW_AUDIT, library)
    return AuditEntry.objects.filter(library_code=library.code if library else "")


@staff_page
def audit_list(request: HttpRequest) -> HttpResponse:
    entries = _entries(request)
    code = request.GET.get("library", "").strip()
    object_type = request.GET.get("type", "").strip()
    actor = request.GET.get("actor", "").strip()
    if code:
        entries = entries.filter(library_code=code)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    page = paginate(request, entries)
    for entry in page.object_list:
        _in_words(entry)
    return render(
        request,
        "staff/audit/list.html",
        {
            "page": page,
            "libraries": Library.objects.only("code", "name_vi") if network_wide(request) else [],
            "types": OBJECT_TYPES,
            "library_code": code,
            "type": object_type,
            "actor": actor,
            "query": query_without_page(request),
            "short": SHORT,
        },
    )


@staff_page
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _in_words(get_object_or_404(_entries(request), pk=pk))
    return render(request, "staff/audit/detail.html", {"entry": entry})


def _in_words(entry: AuditEntry) -> AuditEntry:
    """What the templates show: the kind of thing and its changes in words."""
    entry.kind_words = audit_words.kind(entry)  # type: ignore[attr-defined]
    entry.changes_in_words = audit_words.changes(entry)  # type: ignore[attr-defined]
    return entry
