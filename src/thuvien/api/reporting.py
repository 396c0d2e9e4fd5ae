"""``/reports``: the yearly statistics, for signed-in staff (the staff pages' session).

A library's staff read their own library's figures; the Department reads every library's and
the province's. ``/reports/open-data/{year}`` is public: the province's totals by type and
level with every count under 5 suppressed.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from thuvien.api.schemas import Problem
from thuvien.errors import ThuvienError
from thuvien.network.models import Library
from thuvien.network.permissions import Action, require
from thuvien.reporting import exports, output

router = Router(tags=["reports"])

_ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 422, 429, 500), Problem)
MEDIA = output.MEDIA


class NotSignedIn(ThuvienError):
    code = "reports.not_signed_in"
    status = 401


def _staff(request: HttpRequest, action: Action, library: Library | None = None) -> None:
    if not request.user.is_authenticated:
        raise NotSignedIn(_("Cần đăng nhập tài khoản cán bộ để xem báo cáo thống kê."))
    require(request.user, action, library)


@router.get(
    "/reports/libraries/{code}/{year}",
    operation_id="report_library",
    response={200: dict[str, Any], **_ERRORS},
)
def library_figures(request: HttpRequest, code: str, year: int) -> dict[str, Any]:
    """One library's live figures for year YYYY (1 Dec YYYY-1 … 30 Nov YYYY)."""
    library = output.library_by_code(code)
    _staff(request, Action.READ_REPORTS, library)
    return output.library_report(library, year)


@router.get(
    "/reports/province/{year}",
    operation_id="report_province",
    response={200: dict[str, Any], **_ERRORS},
)
def province_figures(request: HttpRequest, year: int) -> dict[str, Any]:
    """The province's live figures: totals, by library type, level and administrative unit."""
    _staff(request, Action.REVIEW_REPORTS)
    return output.province_report(year)


@router.get(
    "/reports/export/{year}",
    operation_id="report_export",
    response=_ERRORS,
    openapi_extra={
        "responses": {
            200: {
                "description": "The report file (XLSX, PDF or CSV).",
                "content": {m: {"schema": {"type": "string"}} for m in output.MEDIA.values()},
            }
        }
    },
)
def export(
    request: HttpRequest,
    year: int,
    format: Literal["xlsx", "pdf", "csv"],
    library: str = "",
) -> HttpResponse:
    """The report as a file: one library's (``library``) or the province's."""
    found = output.library_by_code(library) if library else None
    if found is None:
        _staff(request, Action.REVIEW_REPORTS)
    else:
        _staff(request, Action.READ_REPORTS, found)
    data = output.export(format, year, found)
    response = HttpResponse(data, content_type=MEDIA[format])
    name = f"bao-cao-{library or 'tinh'}-{year}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get(
    "/reports/open-data/{year}",
    operation_id="report_open_data",
    response={200: dict[str, Any], **_ERRORS},
)
def open_data(request: HttpRequest, year: int) -> dict[str, Any]:
    """Public: the province's totals by library type and level; counts 1–4 are null."""
    return exports.open_data(output.province_report(year))


@router.get(
    "/reports/open-data/{year}/csv",
    operation_id="report_open_data_csv",
    response=_ERRORS,
    openapi_extra={
        "responses": {
            200: {
                "description": "The open data as CSV; suppressed counts are “<5”.",
                "content": {output.MEDIA["csv"]: {"schema": {"type": "string"}}},
            }
        }
    },
)
def open_data_csv(request: HttpRequest, year: int) -> HttpResponse:
    """Public: the same as CSV, with "<5" where a count is suppressed."""
    report = output.province_report(year)
    report = {**report, "by_unit": {}, "by_unit_before_2025": {}}
    return HttpResponse(exports.province_csv(report, public=True), content_type=MEDIA["csv"])
