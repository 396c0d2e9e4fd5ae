"""``/libraries``: the province's library network, as the registry keeps it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import P, QueryEx, Router

from thuvien.api import paging, public
from thuvien.api.errors import unknown_parameters
from thuvien.api.schemas import (
    LibraryList,
    LibraryOut,
    LibraryStatus,
    LibraryTypeValue,
    Problem,
)
from thuvien.catalogue.models import Item, Record
from thuvien.errors import NotFound
from thuvien.network import services as network
from thuvien.network.models import Library, LibraryType

router = Router(tags=["libraries"])

_ERRORS: dict[int, Any] = {400: Problem, 404: Problem, 429: Problem, 500: Problem}


def get_library(code: str) -> Library:
    """The network's lookup, with the hint an API client can follow."""
    try:
        return network.library_by_code(code)
    except NotFound:
        raise NotFound(
            _("Không có thư viện mã {code}; xem danh sách ở /api/v1/libraries.").format(code=code),
            code=code,
        ) from None


@router.get(
    "/libraries",
    response={200: LibraryList, **_ERRORS},
    operation_id="list_libraries",
    summary="Các thư viện / Libraries",
    description="Every library of the network by code, optionally of one type or status.",
)
def list_libraries(
    request: HttpRequest,
    library_type: LibraryTypeValue | None = None,
    status: LibraryStatus | None = None,
    page: QueryEx[int, P(ge=1)] = 1,
    per_page: QueryEx[int, P(ge=1, le=paging.MAX_PER_PAGE)] = paging.DEFAULT_PER_PAGE,
) -> dict[str, Any]:
    error = unknown_parameters(request, ("library_type", "status", "page", "per_page"))
    if error is not None:
        raise error
    libraries = network.list_libraries(
        library_type=library_type,
        status=status,
    )
    rows, envelope = paging.paginate(request, libraries, page, per_page)
    return {**envelope, "results": [public.library_summary(lib) for lib in rows]}


@router.get(
    "/libraries/{code}",
    response={200: LibraryOut, **_ERRORS},
    operation_id="get_library",
    url_name="get_library",
    summary="Một thư viện / One library",
)
def library_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    error = unknown_parameters(request, ())
    if error is not None:
        raise error
    library = get_library(code)
    unit = library.admin_unit
    return {
        **public.library_summary(library),
        "library_type_label": str(LibraryType(library.library_type).label),
        "is_public": library.is_public,
        "level": library.level,
        "parent": library.parent.code if library.parent else None,
        "host_organisation": library.host_organisation,
        "address": library.address,
        "admin_unit": (
            {"scheme": unit.scheme, "code": unit.code, "name": unit.name} if unit else None
        ),
        "phone": library.phone,
        "email": library.email,
        "website": library.website,
        "records": Record.objects.filter(library=library, kind=Record.Kind.BIBLIOGRAPHIC).count(),
        "items": Item.objects.filter(library=library).count(),
    }
