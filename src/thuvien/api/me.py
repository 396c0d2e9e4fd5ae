"""``/me``: the reader's own account for apps (the PWA, a library's phone app).

An app signs in once with card and PIN (``POST /me/token``, the same check and attempt limit
as the portal and SIP2, see :mod:`thuvien.circulation.identity`) and sends the token it gets
as ``Authorization: Bearer …``. The token is stored hashed, expires, and ``DELETE /me/token``
ends it. Errors are the API's problem documents.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from thuvien import actors, http
from thuvien.api.schemas import Problem
from thuvien.catalogue.models import Record
from thuvien.circulation import identity, requests, services
from thuvien.circulation.errors import CirculationError
from thuvien.circulation.models import Hold, Loan, Patron
from thuvien.errors import NotFound
from thuvien.network import services as network

PREFIX = "me"


class NotSignedIn(CirculationError):
    code = "circulation.reader_not_signed_in"
    status = 401


class ReaderToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> Patron | None:
        patron = super().__call__(request)
        if patron is None:  # no Authorization header at all
            raise NotSignedIn(
                _(
                    "Cần đăng nhập: gửi mã nhận được từ POST /api/v1/me/token trong tiêu đề "
                    "Authorization: Bearer …"
                )
            )
        return patron  # type: ignore[no-any-return]

    def authenticate(self, request: HttpRequest, token: str) -> Patron:
        patron = identity.token_reader(token)
        if patron is None:
            raise NotSignedIn(
                _("Mã đăng nhập không còn hiệu lực (hết hạn hoặc đã huỷ); hãy đăng nhập lại.")
            )
        return patron


router = Router(tags=["me"], auth=ReaderToken())
_ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 409, 422, 429, 500), Problem)


def _reader(request: HttpRequest) -> Patron:
    return request.auth  # type: ignore[attr-defined,no-any-return]


class SignIn(Schema):
    card: str
    pin: str
    device: str = ""


class TokenOut(Schema):
    token: str
    expires_at: datetime
    card: str


class CardOut(Schema):
    card: str
    name: str
    library: str
    category: str
    expires_on: date | None
    blocked: str | None


class LoanOut(Schema):
    id: int
    title: str
    barcode: str
    library: str
    due_on: date
    renewals: int
    overdue: bool


class HoldIn(Schema):
    record: int
    pickup: str


class HoldOut(Schema):
    id: int
    record: int
    title: str
    pickup: str
    state: str
    state_label: str
    ready_until: date | None


class RequestOut(Schema):
    id: int
    kind: str
    title: str
    state: str
    state_label: str
    created_at: datetime


@router.post(
    "/token",
    auth=None,
    response={201: TokenOut, **_ERRORS},
    operation_id="me_sign_in",
    summary="Đăng nhập bằng thẻ và mã PIN / Sign in with card and PIN",
)
def sign_in(request: HttpRequest, payload: SignIn) -> Status[dict[str, Any]]:
    patron = identity.authenticate(
        payload.card, payload.pin, address=http.client_address(request), surface="api"
    )
    raw, token = identity.issue_token(patron, label=payload.device)
    return Status(201, {"token": raw, "expires_at": token.expires_at, "card": str(patron)})


@router.api_operation(
    ["DELETE"],
    "/token",
    response={204: None, **_ERRORS},
    operation_id="me_sign_out",
    summary="Đăng xuất (huỷ mã) / Sign out (revoke the token)",
)
def sign_out(request: HttpRequest) -> Status[None]:
    header = request.headers.get("Authorization", "")
    identity.revoke_token(header.partition(" ")[2].strip())
    return Status(204, None)


@router.get(
    "/card", response={200: CardOut, **_ERRORS}, operation_id="me_card", summary="Thẻ / Card"
)
def card(request: HttpRequest) -> dict[str, Any]:
    patron = _reader(request)
    return {
        "card": str(patron),
        "name": patron.full_name,
        "library": patron.home_library.code,
        "category": patron.category,
        "expires_on": patron.expires_on,
        "blocked": patron.blocked_reason or None,
    }


def _loan(loan: Loan, today: date) -> dict[str, Any]:
    return {
        "id": loan.pk,
        "title": loan.item.record.title,
        "barcode": loan.item.barcode or "",
        "library": loan.library.code,
        "due_on": loan.due_on,
        "renewals": loan.renewals,
        "overdue": loan.due_on < today,
    }


@router.get(
    "/loans",
    response={200: list[LoanOut], **_ERRORS},
    operation_id="me_loans",
    summary="Sách đang mượn / Loans",
)
def loans(request: HttpRequest) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [_loan(loan, today) for loan in services.loans_of(_reader(request))]


@router.post(
    "/loans/{loan_id}/renewal",
    response={200: LoanOut, **_ERRORS},
    operation_id="me_renew",
    summary="Gia hạn / Renew",
)
def renew(request: HttpRequest, loan_id: int) -> dict[str, Any]:
    patron = _reader(request)
    loan = (
        Loan.objects.select_related("item__record", "library", "patron")
        .filter(pk=loan_id, patron=patron, state=Loan.State.ACTIVE)
        .first()
    )
    if loan is None:
        raise NotFound(_("Bạn không có lượt mượn #{loan} đang mở.").format(loan=loan_id))
    return _loan(services.renew(actors.reader(patron), loan), timezone.localdate())


def _hold(hold: Hold) -> dict[str, Any]:
    return {
        "id": hold.pk,
        "record": hold.record_id,
        "title": hold.record.title,
        "pickup": hold.pickup_library.code,
        "state": hold.state,
        "state_label": str(hold.get_state_display()),
        "ready_until": hold.ready_until,
    }


def _open_holds(patron: Patron) -> Any:
    return Hold.objects.filter(
        patron=patron, state__in=[Hold.State.WAITING, Hold.State.READY]
    ).select_related("record", "pickup_library")


@router.get(
    "/holds",
    response={200: list[HoldOut], **_ERRORS},
    operation_id="me_holds",
    summary="Đặt trước / Holds",
)
def holds(request: HttpRequest) -> list[dict[str, Any]]:
    return [_hold(hold) for hold in _open_holds(_reader(request))]


@router.post(
    "/holds",
    response={201: HoldOut, **_ERRORS},
    operation_id="me_place_hold",
    summary="Đặt trước một tài liệu / Place a hold",
)
def place_hold(request: HttpRequest, payload: HoldIn) -> Status[dict[str, Any]]:
    patron = _reader(request)
    record = Record.objects.filter(pk=payload.record).first()
    if record is None:
        raise NotFound(_("Không có tài liệu #{record}.").format(record=payload.record))
    pickup = network.library_by_code(payload.pickup)
    return Status(201, _hold(services.place_hold(actors.reader(patron), patron, record, pickup)))


@router.api_operation(
    ["DELETE"],
    "/holds/{hold_id}",
    response={200: HoldOut, **_ERRORS},
    operation_id="me_cancel_hold",
    summary="Huỷ đặt trước / Cancel a hold",
)
def cancel_hold(request: HttpRequest, hold_id: int) -> dict[str, Any]:
    patron = _reader(request)
    hold = _open_holds(patron).filter(pk=hold_id).first()
    if hold is None:
        raise NotFound(_("Bạn không có đặt trước #{hold} đang chờ.").format(hold=hold_id))
    return _hold(services.cancel_hold(actors.reader(patron), hold))


@router.get(
    "/requests",
    response={200: list[RequestOut], **_ERRORS},
    operation_id="me_requests",
    summary="Yêu cầu (liên thư viện, qua bưu điện, sao chụp) / Requests",
)
def reader_requests(request: HttpRequest) -> list[dict[str, Any]]:
    found = []
    for obj in requests.of_patron(_reader(request)):
        record = obj.item.record if hasattr(obj, "item") else obj.record
        found.append(
            {
                "id": obj.pk,
                "kind": type(obj).__name__,
                "title": record.title,
                "state": obj.state,
                "state_label": str(obj.get_state_display()),
                "created_at": obj.created_at,
            }
        )
    return found
