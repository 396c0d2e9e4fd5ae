"""Readers signing in through an OpenID Connect provider (a province single sign-on, VNeID):
the pluggable second way into the one reader identity (card + PIN is the first).

mozilla-django-oidc does the protocol (state, nonce, the code exchange, the ID token's RS256
signature against the provider's JWKS, userinfo). Readers are not Django users, so the
provider's claim named by ``THUVIEN_READER_OIDC_CLAIM`` is mapped to a reader with
:func:`thuvien.circulation.identity.reader_for_claims` and the reader's portal session is
opened as the PIN sign-in does. Off (404) while ``THUVIEN_READER_OIDC_CLIENT_ID`` is empty.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from thuvien import http
from thuvien.circulation import identity
from thuvien.circulation.models import Patron


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


class ReaderBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """The library's protocol steps, with readers in place of users (never created here)."""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return True  # which claims matter is decided in filter_users_by_claims

    def filter_users_by_claims(self, claims: dict[str, Any]) -> list[Patron]:
        patron = identity.reader_for_claims(claims, settings.THUVIEN_READER_OIDC_CLAIM)
        return [patron] if patron is not None else []

    def update_user(self, user: Patron, claims: dict[str, Any]) -> Patron:
        return user


def start(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404
    response: HttpResponse = OIDCAuthenticationRequestView.as_view()(request)
    return response


def callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the reader back here with a code (or an error)."""
    if not enabled():
        raise Http404
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    patron = None
    if "code" in request.GET and state in states:
        nonce = states[state]["nonce"]
        verifier = states[state].get("code_verifier")
        del states[state]  # a state is good for one answer only
        request.session["oidc_states"] = states
        patron = ReaderBackend().authenticate(request, nonce=nonce, code_verifier=verifier)
    if not isinstance(patron, Patron):
        name = settings.THUVIEN_READER_OIDC_NAME
        error = _(
            "Không đăng nhập được qua {provider}: tài khoản này chưa gắn với thẻ bạn đọc "
            "nào. Hãy đăng nhập bằng số thẻ và mã PIN, hoặc đăng ký thẻ tại thư viện."
        ).format(provider=name)
        context = {"error": error, "sso": name}
        return render(request, "opac/account/sign_in.html", context, status=403)
    http.sign_reader_in(request, patron.pk, str(patron))
    return redirect("opac:account:home")
