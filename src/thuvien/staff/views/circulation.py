"""Circulation pages for staff. The desk: one field, driven by the scanner and the Enter key.

Scan a card: that reader is served. Scan items: each is lent to them. An empty Enter ends
the reader's turn. An item scanned with no reader is a return. "Hoàn tác" (Alt+Z) undoes the
last action of this desk session: a loan is taken back, a return is lent again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thuvien.circulation import machines, patrons, requests, services
from thuvien.circulation.errors import UnknownCard, UnknownItem
from thuvien.circulation.models import CopyRequest, IllRequest, Loan, Patron, PostalLoan
from thuvien.errors import ThuvienError
from thuvien.network.models import Library
from thuvien.network.permissions import Action, require
from thuvien.staff.toolkit import library_asked, staff_page
from thuvien.staff.views.reader_extras import desk_extras

SESSION_KEY = "circulation_desk"


def _state(request: HttpRequest) -> dict[str, Any]:
    state: dict[str, Any] = request.session.get(SESSION_KEY) or {"card": "", "log": []}
    return state


def _save(request: HttpRequest, state: dict[str, Any]) -> None:
    state["log"] = state["log"][-50:]
    request.session[SESSION_KEY] = state


def _scan(request: HttpRequest, library: Library, state: dict[str, Any], text: str) -> None:
    if not text:
        if state["card"]:
            messages.info(request, f"Xong lượt bạn đọc {state['card']}.")
        state["card"] = ""
        return
    if not state["card"]:
        try:
            reader = patrons.find(library, text)
        except UnknownCard:
            reader = None  # not a card: an item being returned
        if reader is not None:
            patrons.record_view(request.user, reader, "desk")
            state["card"] = str(reader)
            return
        result = services.checkin(request.user, library, text)
        note = (
            _(" — giữ cho bạn đọc {name} ({card})").format(
                name=result.hold.patron.full_name, card=result.hold.patron
            )
            if result.hold
            else ""
        )
        if result.transit is not None:
            if result.transit.state == result.transit.State.IN_TRANSIT:
                note += f" — chuyển về {result.transit.to_library.code}"
            else:
                note += " — đã về thư viện"
        messages.success(request, f"Đã nhận trả {text}{note}.")
        card = str(result.patron) if result.patron else ""
        state["log"].append({"kind": "checkin", "barcode": text, "card": card})
        return
    try:
        loan = services.checkout(request.user, library, state["card"], text)
    except UnknownItem:
        # Another reader's card scanned: serve them instead.
        reader = patrons.find(library, text)
        patrons.record_view(request.user, reader, "desk")
        state["card"] = str(reader)
        return
    messages.success(request, f"Đã cho mượn {text}, hạn trả {loan.due_on:%d/%m/%Y}.")
    state["log"].append({"kind": "checkout", "barcode": text, "card": state["card"]})


def _undo(request: HttpRequest, library: Library, state: dict[str, Any]) -> None:
    if not state["log"]:
        messages.info(request, "Không có thao tác nào để hoàn tác.")
        return
    last = state["log"][-1]
    if last["kind"] == "checkout":
        services.checkin(request.user, library, last["barcode"])
    elif last["card"]:
        services.checkout(request.user, library, last["card"], last["barcode"])
    else:
        messages.error(request, f"Không hoàn tác được lần trả {last['barcode']}.")
        return
    state["log"].pop()
    undone = (
        _("Đã hoàn tác lần cho mượn {barcode}.")
        if last["kind"] == "checkout"
        else _("Đã hoàn tác lần nhận trả {barcode}.")
    )
    messages.success(request, undone.format(barcode=last["barcode"]))


@staff_page
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    library = library_asked(request, Action.CIRCULATE)
    state = _state(request)
    if request.method == "POST":
        try:
            if "undo" in request.POST:
                _undo(request, library, state)
            else:
                _scan(request, library, state, request.POST.get("scan", "").strip())
        except ThuvienError as exc:
            messages.error(request, exc.message)
        _save(request, state)
        return redirect(f"{request.path}?library={library.code}")
    reader = patrons.find(library, state["card"]) if state["card"] else None
    context = {
        "library": library,
        "reader": reader,
        "loans": services.loans_of(reader) if reader else [],
        "log": list(reversed(state["log"][-10:])),
    }
    return render(request, "staff/circulation/desk.html", context)


@staff_page
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    """A reader's record for staff: who they are, loans, holds. Each look is audited."""
    patron = get_object_or_404(Patron.objects.select_related("home_library"), pk=pk)
    require(request.user, Action.MANAGE_PATRONS, patron.home_library)
    patrons.record_view(request.user, patron, "record")
    context = {
        "reader": patron,
        "loans": services.loans_of(patron),
        "holds": list(patron.holds.filter(state__in=["waiting", "ready"]).select_related("record")),
        **desk_extras(patron),  # fees, history (if consented), what blocks borrowing
    }
    return render(request, "staff/circulation/reader.html", context)


_KINDS: dict[str, type[requests.Request]] = {
    "ill": IllRequest,
    "postal": PostalLoan,
    "copy": CopyRequest,
}
# What the clerk reads in the confirmation, instead of the address's short names.
_KIND_NAMES = {
    "ill": gettext_lazy("Yêu cầu mượn liên thư viện"),
    "postal": gettext_lazy("Yêu cầu mượn qua bưu điện"),
    "copy": gettext_lazy("Yêu cầu sao chụp"),
}


@staff_page
def request_list(request: HttpRequest) -> HttpResponse:
    """Inter-library loans (asked of us, asked by us), postal loans and copy requests."""
    library = library_asked(request, Action.CIRCULATE)
    groups = requests.for_library(library)
    sections = [
        ("ill_in", "ill", "Thư viện khác mượn của ta"),
        ("ill_out", "ill", "Ta mượn cho bạn đọc"),
        ("postal", "postal", "Mượn qua bưu điện"),
        ("copy", "copy", "Yêu cầu sao chụp"),
    ]
    rows = [
        (
            name,
            kind,
            caption,
            [
                (obj, [(e, machines.event_label(obj, e)) for e in machines.allowed_events(obj)])
                for obj in groups[name]
            ],
        )
        for name, kind, caption in sections
    ]
    return render(request, "staff/circulation/requests.html", {"library": library, "rows": rows})


@staff_page
@require_http_methods(["POST"])
def request_move(request: HttpRequest, kind: str, pk: int, event: str) -> HttpResponse:
    model = _KINDS.get(kind)
    if model is None:
        raise Http404(kind)
    obj = get_object_or_404(model, pk=pk)
    assert isinstance(obj, IllRequest | PostalLoan | CopyRequest)  # noqa: S101 - _KINDS' models
    upload = request.FILES.get("file")
    try:
        if isinstance(obj, CopyRequest) and event == "deliver" and upload is not None:
            requests.deliver_copy(request.user, obj, upload.read())
        else:
            requests.advance(
                request.user,
                obj,
                event,
                tracking=request.POST.get("tracking", ""),
                postage=request.POST.get("postage", ""),
                fee=request.POST.get("fee", ""),
                note=request.POST.get("note", ""),
            )
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("{what} số {number}: đã {done}.").format(
                what=_KIND_NAMES[kind], number=pk, done=machines.event_label(obj, event)
            ),
        )
    library = requests.acting_library(obj, event)
    return redirect(f"{reverse('staff:circulation:requests')}?library={library.code}")


@staff_page
@require_http_methods(["GET", "POST"])
def registrations(request: HttpRequest) -> HttpResponse:
    """Online registrations waiting for the library's approval."""
    library = library_asked(request, Action.CIRCULATE)
    require(request.user, Action.MANAGE_PATRONS, library)
    if request.method == "POST":
        patron = get_object_or_404(Patron, pk=request.POST.get("patron"), home_library=library)
        try:
            if "refuse" in request.POST:
                patrons.refuse(request.user, patron, request.POST.get("reason", ""))
            else:
                patrons.approve(request.user, patron)
        except ThuvienError as exc:
            messages.error(request, exc.message)
        else:
            done = _("Đã từ chối đăng ký {card}.") if "refuse" in request.POST else None
            messages.success(
                request,
                done.format(card=patron.card_number)
                if done
                else _("Đã duyệt bạn đọc {patron}.").format(patron=patron),
            )
        return redirect(f"{request.path}?library={library.code}")
    pending = patrons.awaiting_approval(library)
    return render(
        request, "staff/circulation/registrations.html", {"library": library, "pending": pending}
    )


@staff_page
@require_http_methods(["POST"])
def recall(request: HttpRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(Loan.objects.select_related("library", "item"), pk=pk)
    try:
        services.recall(request.user, loan)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Đã gọi trả sớm {loan.item.barcode}: hạn mới {loan.due_on:%d/%m/%Y}."
        )
    if loan.patron_id is None:
        return redirect("staff:circulation:desk")
    return redirect("staff:circulation:reader", pk=loan.patron_id)
