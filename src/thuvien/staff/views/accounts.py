"""Staff accounts (issue 14): who has which role, whose two-step sign-in is on, whose
sign-in is locked; the network admin resets a lost phone's two-step sign-in, an admin lifts
a lock. A reader's PIN and lock are on the reader's own page (:func:`reader_security`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thuvien.circulation import identity, patrons
from thuvien.circulation.models import Patron
from thuvien.errors import ThuvienError
from thuvien.network import mfa
from thuvien.network import services as network
from thuvien.network.permissions import Action, can, require
from thuvien.staff.forms import PinResetForm
from thuvien.staff.toolkit import own_library, profile, show_error, staff_page


@staff_page
def account_list(request: HttpRequest) -> HttpResponse:
    library = own_library(request)
    require(request.user, Action.MANAGE_STAFF, library)
    profiles = list(network.list_staff(library))
    states = mfa.status(profiles)
    rows = [
        {
            "profile": p,
            "mfa": state,
            "locked_until": mfa.account_locked_until(p.user),
        }
        for p, state in zip(profiles, states, strict=True)
    ]
    return render(
        request,
        "staff/accounts/list.html",
        {
            "rows": rows,
            "mode": mfa.mode(),
            "may_reset": can(request.user, Action.RESET_MFA),
            "me": profile(request).user_id,
        },
    )


@staff_page
@require_POST
def account_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    was = mfa.lift_account_lock(request.user, user)
    messages.success(
        request,
        (
            _("Đã mở khoá đăng nhập của {user}.")
            if was
            else _("Tài khoản {user} không bị khoá đăng nhập.")
        ).format(user=user.get_username()),
    )
    return redirect("staff:accounts")


@staff_page
@require_POST
def account_mfa_reset(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    try:
        mfa.reset(request.user, user)
    except ThuvienError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Đã đặt lại xác thực hai bước của {user}; lần đăng nhập tới sẽ đăng ký lại "
                "ứng dụng."
            ).format(user=user.get_username()),
        )
    return redirect("staff:accounts")


@staff_page
def reader_security(request: HttpRequest, pk: int) -> HttpResponse:
    """A reader who forgot the PIN or locked the card: a new PIN, the lock lifted."""
    patron = get_object_or_404(Patron.objects.select_related("home_library"), pk=pk)
    require(request.user, Action.MANAGE_PATRONS, patron.home_library)
    form = PinResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            patrons.set_pin(request.user, patron, form.cleaned_data["pin"])
            identity.lift_lock(request.user, patron)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã đặt mã PIN mới cho thẻ {card} và mở khoá đăng nhập.").format(card=patron),
            )
            return redirect("staff:circulation:reader", pk=patron.pk)
    return render(
        request,
        "staff/circulation/reader_security.html",
        {
            "reader": patron,
            "form": form,
            "locked_until": identity.card_locked_until(patron),
        },
    )


@staff_page
@require_POST
def reader_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    patron = get_object_or_404(Patron.objects.select_related("home_library"), pk=pk)
    was = identity.lift_lock(request.user, patron)
    messages.success(
        request,
        (
            _("Đã mở khoá đăng nhập của thẻ {card}.")
            if was
            else _("Thẻ {card} không bị khoá đăng nhập.")
        ).format(card=patron),
    )
    return redirect("staff:circulation:reader_security", pk=patron.pk)
