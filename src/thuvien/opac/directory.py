"""The library directory (danh bạ thư viện): every active library, reading room and community
book cabinet of the network, with where it is, when it opens, how to reach it and what it offers
online, read from the registry (network.Library and its facilities)."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from thuvien.network.models import Library, LibraryType, OnlineService
from thuvien.vietnamese.text import fold

SERVICES = dict(OnlineService.choices)
TYPES = dict(LibraryType.choices)


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    libraries = (
        Library.objects.filter(status=Library.Status.ACTIVE)
        .select_related("admin_unit", "facilities")
        .order_by("library_type", "name_vi")
    )
    if query:
        # Folded in Python, not in SQL: SQLite's LIKE ignores case for ASCII only, and a
        # reader types "phong dien" for "Phong Điền". A province has at most a few thousand.
        wanted = fold(query).casefold()
        libraries = [
            library
            for library in libraries
            if wanted in fold(f"{library.name_vi} {library.address} {library.code}").casefold()
        ]
    entries = [
        {
            "library": library,
            "facilities": getattr(library, "facilities", None),
            "services": [
                SERVICES.get(code, code)
                for code in getattr(getattr(library, "facilities", None), "online_services", [])
            ],
        }
        for library in libraries
    ]
    groups = [
        (TYPES.get(kind, kind), list(rows))
        for kind, rows in groupby(entries, key=lambda e: e["library"].library_type)
    ]
    context = {"groups": groups, "query": query, "count": len(entries)}
    return render(request, "opac/directory.html", context)
