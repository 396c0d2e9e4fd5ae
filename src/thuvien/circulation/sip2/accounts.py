"""Self-check machines' SIP2 logins: each acts for one library."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.circulation.models import Sip2Account
from thuvien.errors import Conflict, InvalidInput
from thuvien.network.models import Library


def add_account(actor: str, library: Library, login: str, password: str) -> Sip2Account:
    """Create a login (the command line's operator is trusted, as for staff accounts)."""
    login = login.strip()
    if not login or "|" in login or not password:
        raise InvalidInput(
            _("Cần tên đăng nhập (không chứa “|”) và mật khẩu."),
            login=login,
        )
    if Sip2Account.objects.filter(login=login).exists():
        raise Conflict(
            _("Tài khoản SIP2 “{login}” đã có.").format(login=login),
            login=login,
        )
    with transaction.atomic():
        account = Sip2Account.objects.create(
            library=library, login=login, password_hash=make_password(password)
        )
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "sip2-account",
            account.pk,
            library_code=library.code,
            summary=login,
        )
    return account


def authenticate(login: str, password: str) -> Sip2Account | None:
    account = Sip2Account.objects.select_related("library").filter(login=login).first()
    if account is None or not check_password(password, account.password_hash):
        return None
    return account
