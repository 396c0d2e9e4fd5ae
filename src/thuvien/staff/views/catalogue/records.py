"""Records: the list with search, a record's page, the MARC editor, deletion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thuvien.catalogue import services
from thuvien.catalogue.extract import isbn13
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item, Record
from thuvien.digital import heritage
from thuvien.digital.models import HeritageKind
from thuvien.errors import InvalidInput, ThuvienError
from thuvien.network.models import Library
from thuvien.network.permissions import Action, require
from thuvien.staff import marc_editor
from thuvien.staff.marc_labels import TAG_LABELS
from thuvien.staff.toolkit import (
    library_choice,
    own_library,
    paginate,
    query_without_page,
    staff_page,
)
from thuvien.staff.views.catalogue import suggestions

LIST_COLUMNS = (
    "id",
    "title",
    "authors",
    "year",
    "isbn",
    "control_number",
    "needs_review",
    "library__code",
    "library__name_vi",
)


def search(records: QuerySet[Record], text: str) -> QuerySet[Record]:
    """Title contains, ISBN (10 or 13, hyphens or not), control number or a copy's barcode."""
    condition = Q(title__icontains=text) | Q(control_number=text)
    isbn = isbn13(text)
    if isbn:
        condition |= Q(isbns__contains=isbn)
    condition |= Q(copy_barcode=True)
    copies = Item.objects.filter(record=OuterRef("pk"), barcode=text)
    return records.annotate(copy_barcode=Exists(copies)).filter(condition)


@staff_page
def record_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    code = request.GET.get("library")
    if code is None:  # first visit: the user's own library (all, for network-wide roles)
        default = own_library(request)
        code = default.code if default is not None else ""
    records = Record.objects.select_related("library").only(*LIST_COLUMNS)
    if code:
        records = records.filter(library__code=code)
    if text:
        records = search(records, text)
    records = records.annotate(item_count=Count("items")).order_by("-id")
    return render(
        request,
        "staff/catalogue/record_list.html",
        {
            "page": paginate(request, records),
            "q": text,
            "library_code": code,
            "libraries": Library.objects.only("code", "name_vi"),
            "query": query_without_page(request),
        },
    )


def marc_rows(marc: MarcRecord) -> list[dict[str, Any]]:
    return [
        {
            "tag": f[0],
            "label": TAG_LABELS.get(f[0], ""),
            "ind": "" if len(f) == 2 else (f[1] + f[2]).replace(" ", "#"),
            "value": f[1] if len(f) == 2 else None,
            "subfields": f[3] if len(f) == 4 else [],
        }
        for f in marc.fields
    ]


@staff_page
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        Record.objects.select_related("library", "import_batch", "copied_from__library"), pk=pk
    )
    marc = MarcRecord.from_stored(record.leader, record.marc)
    return render(
        request,
        "staff/catalogue/record_detail.html",
        {
            "record": record,
            "leader": record.leader.replace(" ", "#"),
            "fields": marc_rows(marc),
            "items": record.items.order_by("id"),
            "classification": sorted(record.classification.items()),
            **suggestions.panel(record),
            "heritage_flags": heritage.flags_of(record),
            "heritage_kinds": HeritageKind.choices,
        },
    )


# --- the editor --------------------------------------------------------------------------


def problems_of(exc: ThuvienError) -> list[str]:
    if isinstance(exc, InvalidInput) and exc.ids.get("problems"):
        return str(exc.ids["problems"]).split(" | ")
    return [exc.message]


def _editor_page(
    request: HttpRequest,
    editor: marc_editor.Editor,
    *,
    record: Record | None = None,
    libraries: list[Library] | None = None,
    chosen: Library | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "staff/catalogue/record_edit.html",
        {
            "editor": editor,
            "record": record,
            "libraries": libraries or [],
            "chosen": chosen,
            "dollar": marc_editor.DOLLAR,
            # The version the cataloguer opened, carried through "add rows" round trips, so a
            # save over someone else's newer version is refused rather than overwriting it.
            "started_from": request.POST.get("started_from")
            or (record.content_hash if record else ""),
            **(suggestions.panel(record) if record else {}),
            **(extra or {}),
        },
    )


def _submitted(
    request: HttpRequest, stored: MarcRecord | None
) -> tuple[marc_editor.Editor, MarcRecord]:
    editor, marc = marc_editor.read_form(request.POST, stored)
    if "add_rows" in request.POST:
        editor.rows += [marc_editor.Row() for _ in range(marc_editor.EXTRA_ROWS)]
    return editor, marc


@staff_page
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest) -> HttpResponse:
    libraries, default = library_choice(request, Action.EDIT_CATALOGUE)
    if request.method == "GET":
        editor = marc_editor.new_editor(timezone.localdate())
        return _editor_page(request, editor, libraries=libraries, chosen=default)
    by_pk = {str(lib.pk): lib for lib in libraries}
    chosen = by_pk.get(request.POST.get("library", ""), default)
    editor, marc = _submitted(request, None)
    picked = request.POST.get("add_suggestion", "")
    added = request.POST.getlist("added_suggestion") + ([picked] if picked else [])
    if picked:
        suggestions.add_to_editor(editor, picked)
    staying = ("add_rows", "suggest", "add_suggestion")
    if not any(k in request.POST for k in staying) and not editor.problems:
        try:
            record = services.create_record(request.user, chosen, marc)
        except ThuvienError as exc:
            editor.problems = problems_of(exc)
        else:
            suggestions.log_chosen(request.user, record, added)
            messages.success(request, _("Đã tạo bản ghi."))
            return redirect("staff:catalogue:record", pk=record.pk)
    response = _editor_page(
        request,
        editor,
        libraries=libraries,
        chosen=chosen,
        extra=suggestions.new_panel(marc, added) if "suggest" in request.POST or picked else {},
    )
    return response


@staff_page
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Record.objects.select_related("library"), pk=pk)
    require(request.user, Action.EDIT_CATALOGUE, record.library)
    stored = MarcRecord.from_stored(record.leader, record.marc)
    if request.method == "GET":
        return _editor_page(request, marc_editor.editor_for(stored), record=record)
    editor, marc = _submitted(request, stored)
    if "add_rows" not in request.POST and not editor.problems:
        try:
            services.update_record(
                request.user, record, marc, expected_hash=request.POST.get("started_from") or None
            )
        except ThuvienError as exc:
            editor.problems = problems_of(exc)
        else:
            messages.success(request, _("Đã lưu bản ghi."))
            return redirect("staff:catalogue:record", pk=record.pk)
    return _editor_page(request, editor, record=record)


@staff_page
@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Record.objects.select_related("library"), pk=pk)
    require(request.user, Action.EDIT_CATALOGUE, record.library)
    if request.method == "POST":
        try:
            services.delete_record(request.user, record)
        except ThuvienError as exc:
            messages.error(request, exc.message)
            return redirect("staff:catalogue:record", pk=pk)
        messages.success(request, _("Đã xoá bản ghi {pk}.").format(pk=pk))
        return redirect("staff:catalogue:records")
    return render(
        request,
        "staff/catalogue/record_delete.html",
        {"record": record, "items": record.items.count()},
    )
