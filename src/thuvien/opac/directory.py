"""The library directory (danh bạ thư viện): every active library, reading room and community
book cabinet of the network, with where it is, when it opens, how to reach it and what it offers
online, read from the registry (network.Library and its facilities)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from thuvien.network.models import Library, LibraryFacilities, LibraryType, OnlineService
from thuvien.vietnamese.text import fold

SERVICES = dict(OnlineService.choices)
TYPES = dict(LibraryType.choices)


@dataclass(frozen=True)
class Entry:
    library: Library
    facilities: LibraryFacilities | None

    @property
    def services(self) -> list[str]:
        codes = self.facilities.online_services if self.facilities else []
        return [str(SERVICES.get(code, code)) for code in codes]


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    libraries = list(
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
    entries = [Entry(library, getattr(library, "facilities", None)) for library in libraries]
    groups = [
        (TYPES.get(kind, kind), list(rows))
        for kind, rows in groupby(entries, key=lambda e: e.library.library_type)
    ]
    context = {"groups": groups, "query": query, "count": len(entries)}
    return render(request, "opac/directory.html", context)
