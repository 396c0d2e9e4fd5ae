"""``/kpis``: the plan's KPIs, live, for the Department (signed-in Department officers and
network admins: the staff pages' session cookie). The same figures as ``thuvien kpi --json``
and the dashboard at /staff/oversight/kpis/."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import P, QueryEx, Router, Schema

from thuvien.api.schemas import Problem
from thuvien.errors import NotFound, ThuvienError
from thuvien.network.permissions import Action, require
from thuvien.oversight import kpis
from thuvien.reporting.figures import current_year

router = Router(tags=["oversight"])

_ERRORS: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
    500: Problem,
}


class NotSignedIn(ThuvienError):
    code = "oversight.not_signed_in"
    status = 401


class KpiOut(Schema):
    code: str
    name: str
    year: int
    unit: str
    numerator: int
    denominator: int
    value: float | None
    target: float | None
    deadline: str | None


class KpiList(Schema):
    year: int
    kpis: list[KpiOut]


class ShareOut(Schema):
    key: str
    label: str
    numerator: int
    denominator: int
    value: float | None


class KpiDetail(KpiOut):
    by_type: list[ShareOut]
    by_commune: list[ShareOut]


def _department(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise NotSignedIn(_("Cần đăng nhập tài khoản cán bộ Sở để xem các chỉ tiêu."))
    require(request.user, Action.OVERSEE)


Year = QueryEx[int | None, P(ge=1990, le=2100)]


@router.get(
    "/kpis",
    response={200: KpiList, **_ERRORS},
    operation_id="list_kpis",
    summary="Các chỉ tiêu của kế hoạch / Plan KPIs",
    description="Each KPI with its numerator, denominator, value, target and deadline, for "
    "the reporting year (1 Dec of the year before to 30 Nov; default: the current one).",
)
def list_kpis(request: HttpRequest, year: Year = None) -> dict[str, Any]:
    _department(request)
    year = year or current_year()
    return {"year": year, "kpis": [f.as_json() for f in kpis.all_figures(year)]}


def _share(share: kpis.Share) -> dict[str, Any]:
    value = float(share.value) if share.value is not None else None
    return {**share.__dict__, "value": value}


@router.get(
    "/kpis/{code}",
    response={200: KpiDetail, **_ERRORS},
    operation_id="get_kpi",
    summary="Một chỉ tiêu / One KPI",
    description="One KPI with its breakdown by library type and by commune.",
)
def get_kpi(request: HttpRequest, code: str, year: Year = None) -> dict[str, Any]:
    _department(request)
    kpi = kpis.KPIS.get(code)
    if kpi is None:
        raise NotFound(
            _("Không có chỉ tiêu {code}; xem danh sách ở /api/v1/kpis.").format(code=code),
            code=code,
        )
    result = kpis.figure(kpi, year or current_year())
    return {
        **result.as_json(),
        "by_type": [_share(s) for s in kpis.breakdown(result, "type")],
        "by_commune": [_share(s) for s in kpis.breakdown(result, "commune")],
    }
