"""``/circulation``: lend, take back and renew at the desk (signed-in staff only).

A router of the one API, but not of its public promise: it changes state, needs a signed-in
clerk (the staff pages' session cookie and CSRF token), is never rate-limited per address
(a busy desk must not be refused at the 121st loan of the minute) and is not open to web
apps on other sites (no CORS headers, see :mod:`thuvien.api.urls`). Errors are the same
RFC 9457 problem documents.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.security import django_auth

from thuvien.api.errors import problem_response
from thuvien.api.schemas import Problem
from thuvien.circulation import services
from thuvien.circulation.errors import CirculationError
from thuvien.circulation.models import Loan
from thuvien.network import services as network

PREFIX = "circulation/"  # where v1 mounts it; the public API's wrappers leave it alone
router = Router(tags=["circulation"], auth=django_auth, throttle=[])


class NotSignedIn(CirculationError):
    code = "circulation.not_signed_in"
    status = 401


def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """Only this router asks for a sign-in, so the API's answer to a missing one is its."""
    return problem_response(
        request,
        NotSignedIn(_("Cần đăng nhập tài khoản cán bộ (và mã CSRF) để mượn trả.")),
    )


_ERRORS: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
    500: Problem,
}


class CheckoutIn(Schema):
    library: str
    card: str
    barcode: str


class ItemIn(Schema):
    library: str
    barcode: str


class LoanOut(Schema):
    id: int
    barcode: str
    title: str
    card: str
    due_on: date
    renewals: int
    state: str
    rule: str


class CheckinOut(Schema):
    loan: LoanOut
    hold_for: str | None
    transit_to: str | None


def _loan(loan: Loan, card: str) -> dict[str, Any]:
    return {
        "id": loan.pk,
        "barcode": loan.item.barcode or "",
        "title": loan.item.record.title,
        "card": card,
        "due_on": loan.due_on,
        "renewals": loan.renewals,
        "state": loan.state,
        "rule": loan.rule,
    }


@router.post(
    "/loans", response={201: LoanOut, **_ERRORS}, operation_id="checkout", summary="Cho mượn / Lend"
)
def checkout(request: HttpRequest, payload: CheckoutIn) -> Status[dict[str, Any]]:
    library = network.library_by_code(payload.library)
    loan = services.checkout(request.user, library, payload.card, payload.barcode)
    return Status(201, _loan(loan, str(loan.patron)))


@router.post(
    "/returns",
    response={200: CheckinOut, **_ERRORS},
    operation_id="checkin",
    summary="Nhận trả / Take back",
)
def checkin(request: HttpRequest, payload: ItemIn) -> dict[str, Any]:
    library = network.library_by_code(payload.library)
    result = services.checkin(request.user, library, payload.barcode)
    hold = result.hold
    return {
        "loan": _loan(result.loan, str(result.patron) if result.patron else ""),
        "hold_for": str(hold.patron) if hold is not None else None,
        "transit_to": (
            result.transit.to_library.code
            if result.transit is not None and result.transit.state == "in-transit"
            else None
        ),
    }


@router.post(
    "/renewals", response={200: LoanOut, **_ERRORS}, operation_id="renew", summary="Gia hạn / Renew"
)
def renew(request: HttpRequest, payload: ItemIn) -> dict[str, Any]:
    library = network.library_by_code(payload.library)
    loan = services.renew_item(request.user, library, payload.barcode)
    return _loan(loan, str(loan.patron))
