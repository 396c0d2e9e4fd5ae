"""The reader's own account in the portal: sign in with card and PIN, loans, renewals,
holds, history (only when they chose to keep it), and all their data as JSON.

A reader is not a Django user: the session remembers which reader signed in, and is
cycled on sign-in and flushed on sign-out like a user's.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thuvien import actors, http
from thuvien.ai import recommending
from thuvien.circulation import identity, patrons, requests, services
from thuvien.circulation.models import Category, Hold, Loan, Patron
from thuvien.digital import services as digital_services
from thuvien.errors import ThuvienError
from thuvien.network.models import Library

SESSION_KEY = http.READER_SESSION_KEY


def signed_in_reader(request: HttpRequest) -> Patron | None:
    """The reader signed in to this session (card + PIN or the province's sign-on), if any."""
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return Patron.objects.select_related("home_library").filter(pk=pk).first()


def _position(hold: Hold) -> int | None:
    return services.queue_position(hold) if hold.state == Hold.State.WAITING else None


def sign_in(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        card = request.POST.get("card", "").strip()
        pin = request.POST.get("pin", "")
        try:
            patron = identity.authenticate(
                card, pin, address=http.client_address(request), surface="portal"
            )
        except ThuvienError as exc:
            # One message for a wrong card or PIN: a guess must not tell which cards exist.
            error = exc.message
        else:
            http.sign_reader_in(request, patron.pk, str(patron))
            if patron.pin_change_required:
                messages.warning(
                    request,
                    _(
                        "Mã PIN của bạn chỉ có 4 chữ số; hãy chọn mã PIN mới gồm 6 chữ số "
                        "để tài khoản an toàn hơn."
                    ),
                )
            return redirect(_back_to(request) or "opac:account:home")
    # A province single sign-on (thuvien.opac.oidc), offered when one is configured.
    sso = settings.THUVIEN_READER_OIDC_NAME if settings.OIDC_RP_CLIENT_ID else ""
    context = {"error": error, "sso": sso, "next": _back_to(request)}
    return render(request, "opac/account/sign_in.html", context, status=200)


def _back_to(request: HttpRequest) -> str:
    """Where the reader was going before signing in (a form on a record page), if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def change_pin(request: HttpRequest) -> HttpResponse:
    """The reader chooses a new PIN (asked to after signing in with an old 4-digit one)."""
    patron = signed_in_reader(request)
    if patron is None:
        return redirect("opac:account:sign_in")
    error = ""
    if request.method == "POST":
        data = request.POST
        if data.get("new_pin", "") != data.get("new_pin2", ""):
            error = _("Hai lần nhập mã PIN mới không khớp.")
        else:
            try:
                identity.change_pin(
                    patron,
                    data.get("pin", ""),
                    data.get("new_pin", ""),
                    address=http.client_address(request),
                )
            except ThuvienError as exc:
                error = exc.message
            else:
                messages.success(request, _("Đã đổi mã PIN."))
                return redirect("opac:account:home")
    context = {"reader": patron, "error": error}
    return render(request, "opac/account/pin.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return redirect("opac:account:sign_in")


def account(request: HttpRequest) -> HttpResponse:
    patron = signed_in_reader(request)
    if patron is None:
        return redirect("opac:account:sign_in")
    holds = Hold.objects.filter(
        patron=patron, state__in=[Hold.State.WAITING, Hold.State.READY]
    ).select_related("record", "pickup_library")
    history = (
        Loan.objects.filter(patron=patron, state=Loan.State.RETURNED)
        .select_related("item__record")
        .order_by("-returned_at")[:100]
        if patron.keep_history
        else []
    )
    context = {
        "reader": patron,
        "loans": services.loans_of(patron),
        "holds": [(hold, _position(hold)) for hold in holds],
        "requests": requests.of_patron(patron),
        "saved_searches": list(patron.saved_searches.order_by("-created_at")),
        "digital_requests": digital_services.requests_of_reader(patron.pk),
        "now": timezone.now(),
        "history": list(history),
        "today": timezone.localdate(),
        "awaiting": patron.blocked_reason == patrons.AWAITING_APPROVAL,
        "recommended": recommending.for_reader(patron.pk),
    }
    return render(request, "opac/account/account.html", context)


@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    patron = signed_in_reader(request)
    if patron is None:
        return redirect("opac:account:sign_in")
    loan = get_object_or_404(
        Loan.objects.select_related("item__record", "library", "patron"), pk=pk, patron=patron
    )
    try:
        services.renew(actors.reader(patron), loan)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã gia hạn %(title)s đến %(due)s.")
            % {"title": loan.item.record.title, "due": f"{loan.due_on:%d/%m/%Y}"},
        )
    return redirect("opac:account:home")


@require_POST
def cancel_hold(request: HttpRequest, pk: int) -> HttpResponse:
    patron = signed_in_reader(request)
    if patron is None:
        return redirect("opac:account:sign_in")
    hold = get_object_or_404(
        Hold.objects.select_related("pickup_library", "item"), pk=pk, patron=patron
    )
    try:
        services.cancel_hold(actors.reader(patron), hold)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã huỷ đặt trước."))
    return redirect("opac:account:home")


@require_POST
def history_consent(request: HttpRequest) -> HttpResponse:
    patron = signed_in_reader(request)
    if patron is None:
        return redirect("opac:account:sign_in")
    keep = request.POST.get("keep") == "1"
    # Withdrawing consent also forgets the history already kept (the service does both).
    patrons.set_history_consent(actors.reader(patron), patron, keep)
    if keep:
        messages.success(request, _("Từ nay lịch sử mượn của bạn được lưu lại."))
    else:
        messages.success(request, _("Lịch sử mượn của bạn đã được xoá và sẽ không lưu nữa."))
    return redirect("opac:account:home")


def my_data(request: HttpRequest) -> HttpResponse:
    """Everything kept about the signed-in reader, as JSON (PDP Law: the right to a copy)."""
    patron = signed_in_reader(request)
    if patron is None:
        return redirect("opac:account:sign_in")
    data = patrons.personal_data(patron)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="du-lieu-cua-toi-{patron.pk}.json"'
    return response


def register(request: HttpRequest) -> HttpResponse:
    """Online self-registration: a card number at once, loans after the library approves."""
    libraries = list(Library.objects.filter(status=Library.Status.ACTIVE).order_by("code"))
    error = ""
    if request.method == "POST":
        data = request.POST
        library = next((lib for lib in libraries if lib.code == data.get("library")), None)
        if library is None:
            error = _("Hãy chọn thư viện đăng ký.")
        elif data.get("pin") != data.get("pin2"):
            error = _("Hai lần nhập mã PIN không khớp.")
        else:
            year = data.get("birth_year", "").strip()
            try:
                patron = patrons.self_register(
                    library,
                    full_name=data.get("full_name", ""),
                    pin=data.get("pin", ""),
                    category=data.get("category", "adult"),
                    email=data.get("email", "").strip(),
                    phone=data.get("phone", "").strip(),
                    birth_year=int(year) if year.isdigit() else None,
                )
            except ThuvienError as exc:
                error = exc.message
            else:
                http.sign_reader_in(request, patron.pk, str(patron))
                messages.success(
                    request,
                    _("Số thẻ của bạn là %(card)s. Thư viện sẽ duyệt đăng ký trước khi bạn mượn.")
                    % {"card": str(patron)},
                )
                return redirect("opac:account:home")
    context = {"libraries": libraries, "categories": Category.choices, "error": error}
    return render(request, "opac/account/register.html", context)
