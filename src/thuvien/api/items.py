"""Copies (items): their shelf data and status, never who borrowed them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import P, QueryEx, Router

from thuvien.api import paging, public
from thuvien.api.errors import unknown_parameters
from thuvien.api.libraries import get_library
from thuvien.api.records import get_record
from thuvien.api.schemas import ItemList, ItemOut, Problem
from thuvien.catalogue import exposure
from thuvien.catalogue.models import Item
from thuvien.errors import NotFound

router = Router(tags=["items"])

_ERRORS: dict[int, Any] = {400: Problem, 404: Problem, 429: Problem, 500: Problem}


@router.get(
    "/records/{record_id}/items",
    response={200: ItemList, **_ERRORS},
    operation_id="list_record_items",
    url_name="list_record_items",
    summary="Các bản của một bản ghi / Copies of a record",
    description="Copies of the record in every library that holds it, with their status.",
)
def list_record_items(
    request: HttpRequest,
    record_id: int,
    page: QueryEx[int, P(ge=1)] = 1,
    per_page: QueryEx[int, P(ge=1, le=paging.MAX_PER_PAGE)] = paging.DEFAULT_PER_PAGE,
) -> dict[str, Any]:
    error = unknown_parameters(request, ("page", "per_page"))
    if error is not None:
        raise error
    record = get_record(record_id)
    items = Item.objects.filter(record=record).select_related("library")
    rows, envelope = paging.paginate(request, items.order_by("library__code", "id"), page, per_page)
    return {**envelope, "results": [public.item(row) for row in rows]}


@router.get(
    "/libraries/{code}/items/{barcode}",
    response={200: ItemOut, **_ERRORS},
    operation_id="get_item",
    url_name="get_item",
    summary="Một bản theo mã vạch / A copy by barcode",
    description="Barcodes are unique within a library, so the library's code comes first.",
)
def get_item(request: HttpRequest, code: str, barcode: str) -> dict[str, Any]:
    error = unknown_parameters(request, ())
    if error is not None:
        raise error
    library = get_library(code)
    try:
        row = (
            Item.objects.select_related("library")
            .filter(record__in=exposure.public_records())  # a restricted record's copies: 404
            .get(library=library, barcode=barcode.strip())
        )
    except Item.DoesNotExist:
        raise NotFound(
            _("Thư viện {library} không có bản nào mang mã vạch {barcode}.").format(
                library=library.code, barcode=barcode
            ),
            library=library.code,
            barcode=barcode,
        ) from None
    return public.item(row)
