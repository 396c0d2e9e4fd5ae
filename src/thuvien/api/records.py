"""``/records``: the catalogue's records, whole (MARC-in-JSON, MARCXML) and extracted."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import P, Query, QueryEx, Router

from thuvien.api import paging, public
from thuvien.api.errors import InvalidParameters, unknown_parameters
from thuvien.api.schemas import Problem, RecordKind, RecordList, RecordOut
from thuvien.catalogue import exposure
from thuvien.catalogue.formats import to_marc_in_json, to_marcxml
from thuvien.catalogue.models import Record
from thuvien.errors import NotFound
from thuvien.network.models import Library

router = Router(tags=["records"])

_ERRORS: dict[int, Any] = {400: Problem, 404: Problem, 429: Problem, 500: Problem}
MARCXML = "application/marcxml+xml"


def get_record(record_id: int) -> Record:
    try:
        return exposure.public_records().select_related("library").get(pk=record_id)
    except Record.DoesNotExist:
        raise NotFound(
            _(
                "Không có bản ghi số {record_id}. Hãy tìm bản ghi qua "
                "/api/v1/search hoặc /api/v1/records."
            ).format(record_id=record_id),
            record=record_id,
        ) from None


def _libraries(codes: list[str]) -> list[Library]:
    """The libraries named by a filter; an unknown code is an error, not an empty list."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    found = list(Library.objects.filter(code__in=wanted))
    missing = sorted(set(wanted) - {lib.code for lib in found})
    if missing:
        named = ", ".join(missing)
        raise InvalidParameters(
            _("Không có thư viện mã {code}; xem danh sách ở /api/v1/libraries.").format(code=named),
            errors=[
                {
                    "in": "query",
                    "name": "library",
                    "message": _("Mã thư viện không có: {code}.").format(code=code),
                }
                for code in missing
            ],
        )
    return found


@router.get(
    "/records",
    response={200: RecordList, **_ERRORS},
    operation_id="list_records",
    summary="Danh sách bản ghi / List records",
    description=(
        "Every record, oldest first, optionally of some libraries (repeat `library`) and of "
        "one kind (bibliographic, authority, holdings)."
    ),
)
def list_records(
    request: HttpRequest,
    library: Query[list[str] | None] = None,
    kind: RecordKind | None = None,
    page: QueryEx[int, P(ge=1)] = 1,
    per_page: QueryEx[int, P(ge=1, le=paging.MAX_PER_PAGE)] = paging.DEFAULT_PER_PAGE,
) -> dict[str, Any]:
    error = unknown_parameters(request, ("library", "kind", "page", "per_page"))
    if error is not None:
        raise error
    records = exposure.public_records().select_related("library").defer("marc").order_by("id")
    if library:
        records = records.filter(library__in=_libraries(library))
    if kind is not None:
        records = records.filter(kind=kind)
    rows, envelope = paging.paginate(request, records, page, per_page)
    return {**envelope, "results": [public.record_summary(r) for r in rows]}


@router.get(
    "/records/{record_id}",
    response={200: RecordOut, **_ERRORS},
    operation_id="get_record",
    url_name="get_record",
    summary="Một bản ghi / One record",
    description="Extracted fields, holdings per library, and the whole record as MARC-in-JSON.",
)
def record_detail(request: HttpRequest, record_id: int) -> dict[str, Any]:
    error = unknown_parameters(request, ())
    if error is not None:
        raise error
    return record_document(get_record(record_id))


def record_document(record: Record) -> dict[str, Any]:
    """A public record as ``GET /records/{id}`` answers it (the MCP server's ``record`` too)."""
    return {
        **public.record_summary(record),
        "responsibility": record.responsibility,
        "publisher": record.publisher,
        "place": record.place,
        "edition": record.edition,
        "isbns": record.isbns.split(),
        "issn": record.issn,
        "subjects": public.names(record.subjects),
        "classification": record.classification,
        "call_number": record.call_number,
        "created_at": record.created_at,
        "holdings": public.holdings(record),
        "cluster": public.cluster_of(record),
        "marc": to_marc_in_json(public.public_marc(record)),
        "links": {
            "self": public.record_url(record.pk),
            "marcxml": reverse("api-v1:get_record_marcxml", kwargs={"record_id": record.pk}),
            "items": reverse("api-v1:list_record_items", kwargs={"record_id": record.pk}),
        },
    }


@router.get(
    "/records/{record_id}/marcxml",
    response=_ERRORS,
    operation_id="get_record_marcxml",
    url_name="get_record_marcxml",
    summary="Bản ghi dạng MARCXML / The record as MARCXML",
    openapi_extra={
        "responses": {
            200: {
                "description": "One MARC21/slim <record> element.",
                "content": {MARCXML: {"schema": {"type": "string"}}},
            }
        }
    },
)
def record_marcxml(request: HttpRequest, record_id: int) -> HttpResponse:
    error = unknown_parameters(request, ())
    if error is not None:
        raise error
    record = get_record(record_id)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + to_marcxml(public.public_marc(record))
    return HttpResponse(body, content_type=f"{MARCXML}; charset=utf-8")
