"""Staff sign-in (``/staff/login/``): Django's LoginView with the same attempt limits as the
readers' (:mod:`thuvien.attempts`: five failures per account and per client address lock
sign-in for fifteen minutes, and the person is told until when), every sign-in and failure
in the audit log, and an idle timeout for staff sessions.

Written on the shared ``ratelimit`` cache rather than django-axes: one limiter for readers
(card + PIN on the portal, the API and SIP2 kiosks, which are not Django users) and staff,
the same messages and the same figures, no extra tables or middleware to keep in step.

Settings:

- ``THUVIEN_STAFF_IDLE_MINUTES``: a staff session with no request for this long is signed
  out (default 15). Readers' portal sessions are not affected.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import attempts, http
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.errors import NotPermitted
from thuvien.network import mfa

LAST_SEEN_KEY = "staff_last_seen"


def _at(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _log(action: AuditEntry.Action, username: str, address: str, note: str = "") -> None:
    user = get_user_model().objects.filter(username__iexact=username).first()
    where = f"staff-login {address}" + (f"; {note}" if note else "")
    actor: Any = user if action == AuditEntry.Action.SIGN_IN else f"staff-login:{address}"
    audit(
        actor,
        action,
        "staff",
        user.pk if user is not None else "",
        summary=f"{username[:60]} ({where})" + ("" if user is not None else " no such account"),
    )


class LimitedAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refused while the account or the address is locked; each
    failure counted against both, each outcome audited (never the password)."""

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", "")).strip()
        address = http.client_address(self.request) if self.request is not None else ""
        account = attempts.Subject("staff-account", username)
        where = attempts.Subject("address", address, "address")
        if until := attempts.locked_until(account):
            _log(AuditEntry.Action.SIGN_IN_FAILED, username, address, "locked")
            raise self._account_locked(until)
        if until := attempts.locked_until(where):
            _log(AuditEntry.Action.SIGN_IN_FAILED, username, address, "address locked")
            raise self._address_locked(until)
        if wait := attempts.retry_after(account):
            _log(AuditEntry.Action.SIGN_IN_FAILED, username, address, "too soon")
            raise forms.ValidationError(
                _("Vừa nhập sai; hãy chờ {seconds} giây rồi thử lại.").format(seconds=wait),
                code="too_soon",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            _log(AuditEntry.Action.SIGN_IN_FAILED, username, address)
            account_lock = attempts.fail(account)
            address_lock = attempts.fail(where)
            if account_lock is not None:
                raise self._account_locked(account_lock) from None
            if address_lock is not None:
                raise self._address_locked(address_lock) from None
            raise
        user = self.get_user()
        # An account with an app keeps its count until the code step passes: a right
        # password must not wipe the wrong codes typed after it.
        if user is None or not mfa.needs_code(user):
            attempts.clear(account)
        else:
            attempts.clear_wait(account)
        code_next = user is not None and mfa.needs_code(user)
        _log(
            AuditEntry.Action.SIGN_IN, username, address, "password; code next" if code_next else ""
        )
        return cleaned

    @staticmethod
    def _account_locked(until: datetime) -> forms.ValidationError:
        return forms.ValidationError(
            _(
                "Đã nhập sai mật khẩu {count} lần; tài khoản tạm khoá đăng nhập đến {time}. "
                "Hãy thử lại sau {time} hoặc nhờ quản trị viên đặt lại mật khẩu."
            ).format(count=attempts.limit(), time=_at(until)),
            code="locked",
        )

    @staticmethod
    def _address_locked(until: datetime) -> forms.ValidationError:
        return forms.ValidationError(
            _(
                "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này; tạm ngừng nhận đăng nhập "
                "đến {time}. Hãy thử lại sau {time}."
            ).format(time=_at(until)),
            code="locked",
        )


class LoginView(auth_views.LoginView):
    form_class = LimitedAuthenticationForm
    template_name = "staff/login.html"
    redirect_authenticated_user = True


def idle_seconds() -> int:
    return int(getattr(settings, "THUVIEN_STAFF_IDLE_MINUTES", 15)) * 60


class IdleTimeout:
    """Signs a staff member out after :func:`idle_seconds` without a request, and tells them
    so on the sign-in page. Only sessions of signed-in users (staff); a reader's portal
    session is not a user's and keeps its own (longer) life."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN_KEY)
            if last is not None and now - float(last) > idle_seconds():
                logout(request)
                messages.info(
                    request,
                    _(
                        "Phiên làm việc đã hết hạn sau {minutes} phút không dùng; "
                        "hãy đăng nhập lại."
                    ).format(minutes=idle_seconds() // 60),
                )
            elif (
                last is None or now - float(last) >= 30
            ):  # write the session at most twice a minute
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class SecondStep:
    """Staff who signed in with a password but owe a code (their account has an app) or an
    enrolment (``THUVIEN_MFA=required`` and an admin or Department role without an app)
    reach nothing but that step and signing out: every other address of the site, staff
    pages, the admin and the session-authenticated API, answers with the way there."""

    OPEN = ("staff:mfa_verify", "staff:mfa_enrol", "staff:logout", "staff:login")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or mfa.mode() == "off":
            return self.get_response(request)
        if user.is_verified():
            return self.get_response(request)
        if mfa.needs_code(user):
            target = "staff:mfa_verify"
        elif mfa.must_enrol(user):
            target = "staff:mfa_enrol"
        else:
            return self.get_response(request)
        path = request.path
        if path.startswith(settings.STATIC_URL or "/static/") or path in {
            reverse(name) for name in self.OPEN
        }:
            return self.get_response(request)
        if path.startswith("/api/"):
            message = (
                _("Hãy nhập mã xác thực hai bước trên trang nghiệp vụ trước.")
                if target == "staff:mfa_verify"
                else _("Hãy bật xác thực hai bước trên trang nghiệp vụ trước.")
            )
            return JsonResponse(
                NotPermitted(message).as_problem(),
                status=403,
                content_type="application/problem+json",
            )
        return HttpResponseRedirect(
            reverse(target) + "?" + urlencode({"next": request.get_full_path()})
        )
