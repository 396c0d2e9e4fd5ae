"""What each SIP2 command does: the kiosk's requests turned into circulation services.

A refusal is never a dropped connection: the response of the command's own type comes back
with ``ok`` 0 (or N) and the reason in AF, in Vietnamese (the kiosk's reader reads it).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.catalogue.models import Item, Record
from thuvien.circulation import identity, patrons, services
from thuvien.circulation.errors import CirculationError, UnknownCard
from thuvien.circulation.models import Hold, Loan, Patron, Sip2Account
from thuvien.circulation.sip2.protocol import Request, Response, sip_date, yn
from thuvien.errors import NotFound, ThuvienError
from thuvien.network.models import Library
from thuvien.network.services import library_by_code

# BX, in the standard's order: 23 11 09 01 99 97 93 63 35 37 17 19 25 15 29 65.
SUPPORTED = "YYYNYYYYYYYNNYYY"


class Refused(CirculationError):
    code = "circulation.sip2_refused"
    status = 403


@dataclass
class Session:
    account: Sip2Account | None = None
    # The reader whose PIN this connection last checked: (reader id, PIN hash, PIN). A kiosk
    # sends the PIN with every message of a reader's turn (status, then each book), and each
    # check is a deliberately slow password hash (~0.5 s of CPU): checked once per turn, the
    # rest of the turn compares in memory. Kept only while the reader's PIN is unchanged.
    checked_pin: tuple[int, str, str] | None = field(default=None, repr=False)

    @property
    def library(self) -> Library:
        if self.account is None:
            raise Refused(_("Máy tự phục vụ chưa đăng nhập (lệnh 93)."))
        return self.account.library

    @property
    def actor(self) -> str:
        return f"sip2:{self.account.login}" if self.account else "sip2:anonymous"


def _institution(session: Session, request: Request) -> Library:
    library = session.library
    code = request.get("AO")
    if code and code != library.code:
        raise Refused(
            _("Mã thư viện AO “{code}” khác thư viện của máy ({library}).").format(
                code=code, library=library.code
            ),
            institution=code,
        )
    return library


def _patron(session: Session, request: Request) -> Patron:
    library = _institution(session, request)
    card = request.get("AA")
    patron = patrons.find(library, card)
    pin = request.get("AD")
    if pin and not _pin_matches(session, patron, pin):
        raise Refused(_("Sai mã PIN."), card=str(patron))
    return patron


def _pin_matches(session: Session, patron: Patron, pin: str) -> bool:
    remembered = session.checked_pin
    if remembered is not None and remembered[:2] == (patron.pk, patron.pin_hash):
        return hmac.compare_digest(remembered[2], pin)  # same reader's turn: no rehash
    # The one reader sign-in (identity): the same PIN check and attempt limit as the portal.
    try:
        identity.authenticate(str(patron), pin, surface="sip2")
    except identity.WrongCredentials:
        return False
    except identity.TooManyAttempts as exc:
        raise Refused(exc.message, card=str(patron)) from None
    session.checked_pin = (patron.pk, patron.pin_hash, pin)
    return True


def _fail(message: str) -> list[tuple[str, str]]:
    return [("AF", message)]


def _patron_status(patron: Patron | None) -> str:
    if patron is None:
        return "Y" * 4 + " " * 10
    denied = bool(patron.blocked_reason) or (
        patron.expires_on is not None and patron.expires_on < timezone.localdate()
    )
    return ("Y" * 4 if denied else " " * 4) + " " * 10


def sc_status(session: Session, request: Request) -> Response:
    code = session.account.library.code if session.account else ""
    response = Response("98", ["Y", "Y", "Y", "Y", "N", "N", "030", "003", sip_date(), "2.00"])
    response.add("AO", code)
    if session.account:
        response.add("AM", session.account.library.name_vi)
    return response.add("BX", SUPPORTED)


def login(session: Session, request: Request) -> Response:
    from thuvien.circulation.sip2.accounts import authenticate

    session.account = authenticate(request.get("CN"), request.get("CO"))
    return Response("94", ["1" if session.account else "0"])


def patron_status(session: Session, request: Request) -> Response:
    head = [request.fixed["language"], sip_date()]
    try:
        patron = _patron(session, request)
    except ThuvienError as exc:
        valid = not isinstance(exc, UnknownCard) and request.get("AA") != ""
        response = Response("24", [_patron_status(None), *head])
        response.add("AO", request.get("AO")).add("AA", request.get("AA")).add("AE", "")
        response.add("BL", yn(valid))
        return response.add("AF", _screen(exc))
    response = Response("24", [_patron_status(patron), *head])
    response.add("AO", request.get("AO")).add("AA", request.get("AA"))
    response.add("AE", patron.full_name).add("BL", "Y")
    if request.get("AD"):
        response.add("CQ", "Y")
    return response


def _screen(exc: ThuvienError) -> str:
    """The refusal for the kiosk's screen, in the language active when it was raised."""
    return exc.message


def patron_information(session: Session, request: Request) -> Response:
    try:
        patron = _patron(session, request)
    except ThuvienError as exc:
        response = Response(
            "64", [_patron_status(None), request.fixed["language"], sip_date(), *["0000"] * 6]
        )
        response.add("AO", request.get("AO")).add("AA", request.get("AA")).add("AE", "")
        return response.add("BL", "N").add("AF", _screen(exc))
    loans = services.loans_of(patron)
    today = timezone.localdate()
    overdue = [loan for loan in loans if loan.due_on < today]
    holds = list(
        Hold.objects.filter(patron=patron, state__in=[Hold.State.WAITING, Hold.State.READY])
    )
    ready = [h for h in holds if h.state == Hold.State.READY]
    counts = [len(ready), len(overdue), len(loans), 0, 0, len(holds) - len(ready)]
    response = Response(
        "64",
        [
            _patron_status(patron),
            request.fixed["language"],
            sip_date(),
            *[f"{n:04d}" for n in counts],
        ],
    )
    response.add("AO", request.get("AO")).add("AA", request.get("AA"))
    response.add("AE", patron.full_name).add("BL", "Y")
    if request.get("AD"):
        response.add("CQ", "Y")
    summary = request.fixed["summary"]
    if summary[:1] == "Y":
        for hold in ready:
            response.add("AS", hold.item.barcode if hold.item else hold.record_id)
    if summary[1:2] == "Y":
        for loan in overdue:
            response.add("AT", loan.item.barcode)
    if summary[2:3] == "Y":
        for loan in loans:
            response.add("AU", loan.item.barcode)
    if patron.email:
        response.add("BE", patron.email)
    return response


def _item_fields(response: Response, item: Item | None, barcode: str) -> None:
    response.add("AB", barcode).add("AJ", item.record.title if item else "")


def checkout(session: Session, request: Request) -> Response:
    barcode = request.get("AB")
    item: Item | None = None
    try:
        library = _institution(session, request)
        patron = _patron(session, request)
        loan = services.checkout(session.actor, library, patron, barcode)
    except ThuvienError as exc:
        response = Response("12", ["0", "N", "U", "N", sip_date()])
        response.add("AO", request.get("AO")).add("AA", request.get("AA"))
        if session.account is not None and exc.ids.get("barcode"):
            item = (
                Item.objects.filter(library=session.account.library, barcode=barcode)
                .select_related("record")
                .first()
            )
        _item_fields(response, item, barcode)
        return response.add("AH", "").add("AF", _screen(exc))
    response = Response("12", ["1", "Y", "N", "Y", sip_date()])
    response.add("AO", library.code).add("AA", request.get("AA"))
    _item_fields(response, loan.item, barcode)
    response.add("AH", loan.due_on.isoformat())
    return response.add("AF", f"Hạn trả {loan.due_on:%d/%m/%Y}")


def checkin(session: Session, request: Request) -> Response:
    barcode = request.get("AB")
    try:
        library = _institution(session, request)
        result = services.checkin(session.actor, library, barcode)
    except ThuvienError as exc:
        response = Response("10", ["0", "N", "U", "N", sip_date()])
        response.add("AO", request.get("AO")).add("AB", barcode).add("AQ", "")
        return response.add("AF", _screen(exc))
    item = result.loan.item
    alert = result.hold is not None or result.transit is not None
    response = Response("10", ["1", "Y", "N", yn(alert), sip_date()])
    home = item.library.code if item.library_id != library.pk else item.location or library.code
    response.add("AO", library.code).add("AB", barcode).add("AQ", home)
    response.add("AJ", item.record.title)
    transit = result.transit
    if transit is not None and transit.state == transit.State.IN_TRANSIT:
        response.add("CL", "TRANSIT")
        response.add("AF", f"Đã trả; chuyển về {transit.to_library.code}")
    elif result.hold is not None:
        response.add("CL", "HOLD")
        response.add("AF", f"Giữ cho bạn đọc {result.hold.patron.card_number}")
    else:
        response.add("AF", "Đã trả")
    return response


def renew(session: Session, request: Request) -> Response:
    barcode = request.get("AB")
    try:
        library = _institution(session, request)
        patron = _patron(session, request)
        item = services.find_item(library, barcode)
        loan = services.active_loan(item)
        if loan.patron_id != patron.pk:
            raise Refused(
                _("Tài liệu {barcode} không do thẻ này mượn.").format(barcode=barcode),
                barcode=barcode,
            )
        loan.item = item
        services.renew(session.actor, loan)
    except ThuvienError as exc:
        response = Response("30", ["0", "N", "U", "N", sip_date()])
        response.add("AO", request.get("AO")).add("AA", request.get("AA"))
        response.add("AB", barcode).add("AJ", "").add("AH", "")
        return response.add("AF", _screen(exc))
    response = Response("30", ["1", "Y", "N", "Y", sip_date()])
    response.add("AO", library.code).add("AA", request.get("AA"))
    _item_fields(response, item, barcode)
    response.add("AH", loan.due_on.isoformat())
    return response.add("AF", f"Hạn trả mới {loan.due_on:%d/%m/%Y}")


def renew_all(session: Session, request: Request) -> Response:
    try:
        patron = _patron(session, request)
        results = services.renew_all(session.actor, patron)
    except ThuvienError as exc:
        response = Response("66", ["0", "0000", "0000", sip_date()])
        return response.add("AO", request.get("AO")).add("AF", _screen(exc))
    done = [loan.item.barcode or "" for loan, error in results if not error]
    refused = [loan.item.barcode or "" for loan, error in results if error]
    response = Response("66", ["1", f"{len(done):04d}", f"{len(refused):04d}", sip_date()])
    response.add("AO", request.get("AO"))
    for barcode in done:
        response.add("BM", barcode)
    for barcode in refused:
        response.add("BN", barcode)
    return response


_CIRCULATION_STATUS = {
    Item.Status.AVAILABLE: "03",
    Item.Status.ON_LOAN: "04",
    Item.Status.IN_PROCESSING: "06",
    Item.Status.NOT_FOR_LOAN: "01",
    Item.Status.LOST: "12",
    Item.Status.DAMAGED: "01",
    Item.Status.WITHDRAWN: "01",
}


def item_information(session: Session, request: Request) -> Response:
    barcode = request.get("AB")
    try:
        library = _institution(session, request)
        item = services.find_item(library, barcode)
    except ThuvienError as exc:
        response = Response("18", ["01", "00", "01", sip_date()])
        return response.add("AB", barcode).add("AJ", "").add("AF", _screen(exc))
    status = _CIRCULATION_STATUS.get(Item.Status(item.status), "01")
    ready = Hold.objects.filter(item=item, state=Hold.State.READY).first()
    if ready is not None and status == "03":
        status = "08"
    queue = Hold.objects.filter(record_id=item.record_id, state=Hold.State.WAITING).count()
    response = Response("18", [status, "00", "01", sip_date()])
    response.add("CF", queue)
    loan = Loan.objects.filter(item=item, state=Loan.State.ACTIVE).first()
    if loan is not None:
        response.add("AH", loan.due_on.isoformat())
    response.add("AB", barcode).add("AJ", item.record.title).add("BG", library.code)
    response.add("AQ", item.location or library.code)
    if item.call_number:
        response.add("CH", item.call_number)
    return response


def fee_paid(session: Session, request: Request) -> Response:
    # Public libraries charge no overdue fees here; nothing is owed, so nothing is taken.
    response = Response("38", ["N", sip_date()])
    response.add("AO", request.get("AO")).add("AA", request.get("AA"))
    return response.add("AF", "Bạn đọc không có khoản phí nào cần trả.")


def hold(session: Session, request: Request) -> Response:
    barcode = request.get("AB")
    mode = request.fixed["hold_mode"]
    try:
        library = _institution(session, request)
        patron = _patron(session, request)
        if barcode:
            record = services.find_item(library, barcode).record
        else:
            record = _title(library, request.get("AJ"))
        pickup = library
        if request.get("BS") and request.get("BS") != library.code:
            pickup = _pickup(request.get("BS"))
        if mode == "-":
            existing = Hold.objects.filter(
                patron=patron, record=record, state__in=[Hold.State.WAITING, Hold.State.READY]
            ).first()
            if existing is None:
                raise Refused(_("Bạn đọc không có đặt trước nào cho tài liệu này."))
            services.cancel_hold(session.actor, existing)
            placed = existing
        else:
            placed = services.place_hold(session.actor, patron, record, pickup)
    except ThuvienError as exc:
        response = Response("16", ["0", "N", sip_date()])
        response.add("AO", request.get("AO")).add("AA", request.get("AA"))
        return response.add("AF", _screen(exc))
    position = Hold.objects.filter(
        record=record, state=Hold.State.WAITING, placed_at__lte=placed.placed_at
    ).count()
    available = Item.objects.filter(
        record=record, library=pickup, status=Item.Status.AVAILABLE
    ).exists()
    response = Response("16", ["1", yn(available), sip_date()])
    if mode != "-":
        response.add("BR", position)
    response.add("BS", pickup.code).add("AO", library.code).add("AA", request.get("AA"))
    if barcode:
        response.add("AB", barcode)
    return response.add("AJ", record.title)


def _pickup(code: str) -> Library:
    """The pickup library a terminal names (BS); a screen has no room for the CLI's hint."""
    try:
        return library_by_code(code)
    except NotFound:
        raise Refused("Nơi nhận không có.") from None


def _title(library: Library, title_id: str) -> Record:
    record = Record.objects.filter(pk=int(title_id) if title_id.isdigit() else 0).first()
    if record is None:
        raise Refused(
            _("Không có tài liệu “{title}”.").format(title=title_id),
            title=title_id,
        )
    return record


def end_session(session: Session, request: Request) -> Response:
    response = Response("36", ["Y", sip_date()])
    return response.add("AO", request.get("AO")).add("AA", request.get("AA"))


HANDLERS: dict[str, Callable[[Session, Request], Response]] = {
    "99": sc_status,
    "93": login,
    "23": patron_status,
    "63": patron_information,
    "11": checkout,
    "09": checkin,
    "29": renew,
    "65": renew_all,
    "17": item_information,
    "37": fee_paid,
    "15": hold,
    "35": end_session,
}
