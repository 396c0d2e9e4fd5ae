"""Two-step sign-in pages (:mod:`thuvien.network.mfa`): setting up the authenticator app
(QR code and the secret as text, confirmed by a code; ten recovery codes shown once) and the
code step after the password. Both are open to a signed-in account that has not passed the
second step yet (the :class:`~thuvien.staff.signin.SecondStep` gate lets only them through),
so they check the sign-in themselves rather than through ``staff_page``."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from thuvien import http
from thuvien.errors import Conflict, ThuvienError
from thuvien.http import vietnamese_first
from thuvien.network import mfa
from thuvien.staff.forms import CodeForm


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/staff/"


@never_cache
@require_http_methods(["GET", "POST"])
@vietnamese_first
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the app: scan the QR code (or type the secret), then type the code it shows."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if mfa.mode() == "off":
        raise Http404(_("Xác thực hai bước đang tắt (THUVIEN_MFA=off)."))
    user = request.user
    try:
        device = mfa.start_enrolment(user)
    except Conflict as exc:
        return render(
            request,
            "staff/mfa/enrolled.html",
            {"message": exc.message, "left": mfa.recovery_left(user)},
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa.confirm(
                user,
                form.cleaned_data["code"],
                address=http.client_address(request),
            )
        except ThuvienError as exc:
            form.add_error("code", exc.message)
        else:
            confirmed = mfa.device_of(user)
            otp_login(request, confirmed)
            return render(
                request,
                "staff/mfa/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "staff/mfa/enrol.html",
        {
            "form": form,
            # segno writes the SVG itself (no user text in it but the account name, escaped
            # into the otpauth URI); inline SVG needs no script and passes the CSP.
            "qr": mark_safe(qr.svg_inline(scale=4, border=2, title=_("Mã QR để quét"))),  # noqa: S308
            "secret": mfa.secret_text(device),
            "required": mfa.must_use(user),
            "next": _next(request),
            "second_step": mfa.must_enrol(user),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@vietnamese_first
def verify(request: HttpRequest) -> HttpResponse:
    """The code step after the password: 6 digits from the app, or a recovery code."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    if not mfa.needs_code(user) or user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = mfa.verify(
                user,
                form.cleaned_data["code"],
                address=http.client_address(request),
            )
        except mfa.TooManyAttempts as exc:
            if "locked_until" in exc.ids:
                # Locked: the session that typed the password ends; the lock is the account's.
                logout(request)
                messages.error(request, exc.message)
                return redirect("staff:login")
            form.add_error("code", exc.message)
        except ThuvienError as exc:
            form.add_error("code", exc.message)
        else:
            otp_login(request, device)
            left = mfa.recovery_left(user)
            if device.name == mfa.RECOVERY_NAME:
                messages.warning(
                    request,
                    _(
                        "Đã dùng một mã dự phòng; còn {left} mã. Hãy nhờ quản trị mạng lưới "
                        "đặt lại và đăng ký lại nếu đã mất điện thoại."
                    ).format(left=left),
                )
            return redirect(_next(request))
    return render(
        request,
        "staff/mfa/verify.html",
        {"form": form, "next": _next(request), "second_step": True},
    )
