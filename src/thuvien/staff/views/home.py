"""The staff site's home page: the user's library (or the network) at a glance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thuvien.catalogue.models import ImportBatch, Item, Record
from thuvien.network.permissions import Action, can
from thuvien.staff.toolkit import in_scope, own_library, staff_page


@staff_page
def home(request: HttpRequest) -> HttpResponse:
    library = own_library(request)
    records = Record.objects.all()
    items = Item.objects.all()
    if library is not None:
        records, items = records.filter(library=library), items.filter(library=library)
    imports = in_scope(request, ImportBatch.objects.select_related("library", "created_by"))
    return render(
        request,
        "staff/home.html",
        {
            "library": library,
            "record_count": records.count(),
            "item_count": items.count(),
            "review_count": records.exclude(needs_review="").count(),
            "imports": imports[:5],
            "can_import": can(request.user, Action.IMPORT_RECORDS, library),
        },
    )
