"""Two-step sign-in for staff (issue 14, ASVS 5.0 V6): a time-based code (TOTP, RFC 6238)
from an authenticator app on the staff member's phone, with ten one-time recovery codes for
the day the phone is lost. Built on django-otp's TOTP and static devices.

Who must use it is :data:`MFA_ROLES` (the accounts that can change the network, a library
or the Department's decisions), in the mode set by ``THUVIEN_MFA``:

- ``required`` (the default): those roles are sent to enrolment after the password and reach
  no other staff page until a code has confirmed their app; every account with an app is
  asked for a code after the password.
- ``offered``: nobody is forced; accounts that enrolled are asked for a code (the demo).
- ``off``: no code is asked (a network with its own single sign-on in front).

Wrong codes count in the same limiter as wrong passwords (:mod:`thuvien.attempts`, the
``staff-account`` subject), so a stolen password buys no extra guesses. Recovery codes are
kept as a keyed hash (HMAC with the site's secret key), never as typed; the TOTP secret is
never written to the audit log or the command's output.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thuvien import attempts
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.errors import Conflict, InvalidInput, NotFound, ThuvienError
from thuvien.network import permissions
from thuvien.network.models import Role
from thuvien.network.permissions import Action

if TYPE_CHECKING:
    from thuvien.actors import Actor

MODES = ("required", "offered", "off")
MFA_ROLES = frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN, Role.DEPARTMENT_OFFICER})
RECOVERY_CODES = 10
TOTP_NAME = "totp"
RECOVERY_NAME = "recovery"

User = AbstractBaseUser | AnonymousUser


class TooManyAttempts(ThuvienError):
    code = "staff.too_many_attempts"
    status = 429


def mode() -> str:
    """The mode in force; an unreadable value counts as the strictest."""
    value = str(getattr(settings, "THUVIEN_MFA", "required"))
    return value if value in MODES else "required"


def must_use(user: User) -> bool:
    """Whether ``user`` may not work without an enrolled app (mode ``required`` only)."""
    if mode() != "required" or not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    profile = permissions.profile_of(user)
    return profile is not None and Role(profile.role) in MFA_ROLES


def device_of(user: User) -> TOTPDevice | None:
    """The staff member's confirmed authenticator app, if any."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, name=TOTP_NAME, confirmed=True).first()


def needs_code(user: User) -> bool:
    """Whether a code must follow the password for ``user``."""
    return mode() != "off" and device_of(user) is not None


def must_enrol(user: User) -> bool:
    return must_use(user) and device_of(user) is None


def recovery_left(user: User) -> int:
    return int(
        StaticToken.objects.filter(
            device__user=user, device__name=RECOVERY_NAME, device__confirmed=True
        ).count()
    )


# --- enrolment -------------------------------------------------------------------------------


def start_enrolment(user: AbstractBaseUser) -> TOTPDevice:
    """The app being set up: one unconfirmed device per account, kept until a code confirms
    it (so reloading the page shows the same QR code)."""
    if device_of(user) is not None:
        raise Conflict(
            _(
                "Tài khoản {user} đã bật xác thực hai bước. Mất điện thoại: nhờ quản trị mạng "
                "lưới đặt lại, rồi đăng ký lại."
            ).format(user=user.get_username())
        )
    device = TOTPDevice.objects.filter(user=user, name=TOTP_NAME, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _recovery_digest(code: str) -> str:
    """What is stored of a recovery code: a keyed hash, 16 hex digits (django-otp's column)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, _normal(code).encode(), hashlib.sha256).hexdigest()[:16]


def _normal(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _subject(user: AbstractBaseUser) -> attempts.Subject:
    return attempts.Subject("staff-account", user.get_username())


def _at(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _account_locked(until: datetime) -> TooManyAttempts:
    return TooManyAttempts(
        _(
            "Đã nhập sai {count} lần; tài khoản tạm khoá đăng nhập đến {time}. Hãy thử lại "
            "sau {time} hoặc nhờ quản trị viên."
        ).format(count=attempts.limit(), time=_at(until)),
        locked_until=until.isoformat(),
    )


def _address_locked(until: datetime) -> TooManyAttempts:
    return TooManyAttempts(
        _(
            "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này; tạm ngừng nhận đăng nhập "
            "đến {time}. Hãy thử lại sau {time}."
        ).format(time=_at(until)),
        locked_until=until.isoformat(),
    )


def _where(address: str) -> attempts.Subject | None:
    return attempts.Subject("address", address, "address") if address else None


def _refuse_while_limited(user: AbstractBaseUser, address: str) -> None:
    """The same limits as the password: the account's lock and wait, the address's lock."""
    subject = _subject(user)
    if until := attempts.locked_until(subject):
        raise _account_locked(until)
    where = _where(address)
    if where is not None and (until := attempts.locked_until(where)):
        raise _address_locked(until)
    if wait := attempts.retry_after(subject):
        raise TooManyAttempts(
            _("Vừa nhập sai; hãy chờ {seconds} giây rồi thử lại.").format(seconds=wait),
            retry_after=wait,
        )


def _wrong(user: AbstractBaseUser, address: str, what: str) -> ThuvienError:
    audit(
        f"staff-login:{address or '-'}",
        AuditEntry.Action.SIGN_IN_FAILED,
        "staff",
        user.pk,
        summary=f"{user.get_username()} ({what}; staff-login {address})"[:255],
    )
    where = _where(address)
    account_lock = attempts.fail(_subject(user))
    address_lock = attempts.fail(where) if where is not None else None
    if account_lock is not None:
        return _account_locked(account_lock)
    if address_lock is not None:
        return _address_locked(address_lock)
    return InvalidInput(_("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trên ứng dụng xác thực."))


def confirm(user: AbstractBaseUser, code: str, *, address: str = "") -> list[str]:
    """Confirms the app being set up with a code it shows; returns the ten recovery codes,
    which are shown once and kept only as hashes."""
    _refuse_while_limited(user, address)
    device = TOTPDevice.objects.filter(user=user, name=TOTP_NAME, confirmed=False).first()
    if device is None:
        raise NotFound(_("Chưa bắt đầu đăng ký ứng dụng xác thực; hãy mở lại trang đăng ký."))
    if not device.verify_token(_normal(code)):
        raise _wrong(user, address, "mfa enrolment code wrong")
    attempts.clear(_subject(user))
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=recovery, token=_recovery_digest(c)) for c in codes
        )
        audit(
            user,
            AuditEntry.Action.CREATE,
            "staff",
            user.pk,
            summary=f"{user.get_username()} two-step sign-in enrolled "
            f"(TOTP app, {RECOVERY_CODES} recovery codes)",
        )
    return [f"{c[:4]}-{c[4:]}" for c in codes]


# --- the code step at sign-in ----------------------------------------------------------------


def verify(user: AbstractBaseUser, code: str, *, address: str = "") -> TOTPDevice | StaticDevice:
    """The device that accepts ``code`` (6 digits from the app, or a recovery code, used up),
    or an error; every outcome is audited, never the code."""
    _refuse_while_limited(user, address)
    typed = _normal(code)
    device: TOTPDevice | StaticDevice | None
    if typed.isdigit():
        device = device_of(user)
        ok = device is not None and device.verify_token(typed)
        how = "TOTP"
    else:
        device = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME, confirmed=True).first()
        ok = device is not None and device.verify_token(_recovery_digest(typed))
        how = "recovery code"
    if not ok or device is None:
        raise _wrong(user, address, f"mfa {how} wrong")
    attempts.clear(_subject(user))
    left = f", {recovery_left(user)} recovery codes left" if how == "recovery code" else ""
    audit(
        user,
        AuditEntry.Action.SIGN_IN,
        "staff",
        user.pk,
        summary=f"{user.get_username()} second step ({how}{left}; staff-login {address})"[:255],
    )
    return device


# --- reset and status ------------------------------------------------------------------------


def account(username: str) -> AbstractBaseUser:
    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise NotFound(
            _("Không có tài khoản cán bộ {username}.").format(username=username), user=username
        )
    return found


def reset(actor: Actor, user: AbstractBaseUser) -> int:
    """Removes the staff member's app and recovery codes (a lost phone): they enrol again at
    the next sign-in. Network admins only, never their own (another admin or the command
    line does that); returns how many devices were removed."""
    permissions.check(actor, Action.RESET_MFA)
    if isinstance(actor, AbstractBaseUser) and actor.pk == user.pk:
        raise Conflict(
            _(
                "Không tự đặt lại xác thực hai bước của chính mình; hãy nhờ quản trị mạng lưới "
                "khác hoặc dùng lệnh thuvien staff mfa reset."
            )
        )
    with transaction.atomic():
        totp, _kinds = TOTPDevice.objects.filter(user=user).delete()
        static, _kinds = StaticDevice.objects.filter(user=user).delete()
        audit(
            actor,
            AuditEntry.Action.DELETE,
            "staff",
            user.pk,
            summary=f"{user.get_username()} two-step sign-in reset",
        )
    return int(bool(totp)) + int(bool(static))


@dataclass(frozen=True)
class Status:
    username: str
    role: str
    library: str
    required: bool
    enrolled: bool
    recovery_left: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "role": self.role,
            "library": self.library,
            "required": self.required,
            "enrolled": self.enrolled,
            "recovery_codes_left": self.recovery_left,
        }


def status(profiles: Any) -> list[Status]:
    """Each staff profile's two-step state (for the accounts page and the command)."""
    enrolled = set(
        TOTPDevice.objects.filter(name=TOTP_NAME, confirmed=True).values_list("user_id", flat=True)
    )
    left: dict[int, int] = {}
    for user_id in StaticToken.objects.filter(
        device__name=RECOVERY_NAME, device__confirmed=True
    ).values_list("device__user_id", flat=True):
        left[user_id] = left.get(user_id, 0) + 1
    required = mode() == "required"
    return [
        Status(
            username=p.user.get_username(),
            role=p.role,
            library=p.library.code if p.library else "",
            required=required and (Role(p.role) in MFA_ROLES or p.user.is_superuser),
            enrolled=p.user_id in enrolled,
            recovery_left=left.get(p.user_id, 0),
        )
        for p in profiles
    ]


# --- sign-in locks of staff accounts ---------------------------------------------------------


def account_locked_until(user: AbstractBaseUser) -> datetime | None:
    return attempts.locked_until(_subject(user))


def lift_account_lock(actor: Actor, user: AbstractBaseUser) -> bool:
    """Lifts the sign-in lock on a staff account (an admin who knows the person); returns
    whether it was locked. Allowed to whoever manages the account's library's staff (the
    network admin for network-wide accounts). Audited."""
    profile = permissions.profile_of(user)
    permissions.check(actor, Action.MANAGE_STAFF, profile.library if profile else None)
    was_locked = account_locked_until(user) is not None
    attempts.unlock(_subject(user))
    audit(
        actor,
        AuditEntry.Action.UPDATE,
        "staff",
        user.pk,
        library_code=profile.library.code if profile and profile.library else "",
        summary=f"{user.get_username()} sign-in lock lifted"
        + ("" if was_locked else " (was not locked)"),
    )
    return was_locked
