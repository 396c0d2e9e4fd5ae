"""One reader identity for every surface: the portal, the digital library, SIP2 kiosks and
the API all sign a reader in with :func:`authenticate` (card + PIN), so a PIN is checked,
guessing is limited and every attempt is logged in one place.

Wrong PINs are counted per card, and per client address where the surface knows one, by
:mod:`thuvien.attempts` in the shared ``ratelimit`` cache (one count for every web process
and the SIP2 server): after five failures the card (or address) is refused for fifteen
minutes, even with the right PIN, and the reader is told until when.

An unknown card costs the same time as a wrong PIN (a dummy PIN is hashed), so a guess tells
nothing about which cards exist. Every sign-in and every failure is in the audit log (never
the PIN). A reader who signs in with a PIN shorter than :data:`PIN_LENGTH` digits is flagged
to choose a new one (:attr:`Patron.pin_change_required`).

Apps sign in once and then carry a bearer token (:func:`issue_token`): only its SHA-256 is
stored, it expires after :data:`TOKEN_DAYS` days and the reader can revoke it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import check_password, get_hasher, make_password
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors, attempts
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.circulation import patrons
from thuvien.circulation.errors import CirculationError, UnknownCard
from thuvien.circulation.models import Patron, ReaderToken
from thuvien.network import permissions
from thuvien.network.models import Library
from thuvien.network.permissions import Action

if TYPE_CHECKING:
    from thuvien.actors import Actor

MAX_ATTEMPTS = 5  # the default of THUVIEN_SIGNIN_LIMIT
WINDOW_SECONDS = 15 * 60  # the default of THUVIEN_SIGNIN_LOCK_MINUTES
TOKEN_DAYS = 30
PIN_LENGTH = patrons.PIN_LENGTH


class WrongCredentials(CirculationError):
    code = "circulation.wrong_credentials"
    status = 401


class TooManyAttempts(CirculationError):
    code = "circulation.too_many_attempts"
    status = 429


_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    """A hash of a PIN nobody has, made with the hasher real PINs use now, so that checking
    a PIN against it costs what checking a real one does."""
    algorithm = str(get_hasher().algorithm)
    if algorithm not in _DUMMY_HASHES:
        _DUMMY_HASHES[algorithm] = make_password(secrets.token_hex(8))
    return _DUMMY_HASHES[algorithm]


def _at(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _card_locked(until: datetime) -> TooManyAttempts:
    return TooManyAttempts(
        _(
            "Đã nhập sai mã PIN {count} lần; thẻ tạm khoá đăng nhập đến {time}. "
            "Hãy thử lại sau {time} hoặc gặp thủ thư để đặt lại mã PIN."
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


def _log(
    action: AuditEntry.Action,
    patron: Patron | None,
    card: str,
    surface: str,
    address: str,
    *,
    note: str = "",
) -> None:
    """One audit entry per attempt: who (the reader when known), from where, never the PIN."""
    where = f"{surface} {address}".strip() + (f"; {note}" if note else "")
    program = f"{surface}:{address or '-'}"
    if patron is not None:
        audit(
            actors.reader(patron) if action == AuditEntry.Action.SIGN_IN else program,
            action,
            "patron",
            patron.pk,
            library_code=patron.home_library.code,
            summary=f"{patron} ({where})",
        )
    else:
        audit(program, action, "patron", "", summary=f"{card[:60]} ({where})")


def authenticate(
    card: str,
    pin: str,
    library: Library | None = None,
    *,
    address: str = "",
    surface: str = "portal",
) -> Patron:
    """The reader whose card and PIN these are, or an error that does not tell whether the
    card exists (a wrong guess must not reveal which cards do). ``address`` is the client's
    (counted too, when given); ``surface`` names the caller in the audit log."""
    card_subject = attempts.Subject("reader-card", card)
    address_subject = attempts.Subject("address", address, "address") if address else None
    until = attempts.locked_until(card_subject)
    if until is not None:
        _log(AuditEntry.Action.SIGN_IN_FAILED, None, card, surface, address, note="locked")
        raise _card_locked(until)
    if address_subject is not None and (until := attempts.locked_until(address_subject)):
        _log(AuditEntry.Action.SIGN_IN_FAILED, None, card, surface, address, note="address locked")
        raise _address_locked(until)
    if wait := attempts.retry_after(card_subject):
        _log(AuditEntry.Action.SIGN_IN_FAILED, None, card, surface, address, note="too soon")
        raise TooManyAttempts(
            _("Vừa nhập sai; hãy chờ {seconds} giây rồi thử lại.").format(seconds=wait),
            retry_after=wait,
        )
    try:
        patron: Patron | None = patrons.find(library, card)
    except UnknownCard:
        patron = None
    # The hash runs whether or not the card exists, and whether or not it has a PIN.
    stored = patron.pin_hash if patron is not None and patron.pin_hash else _dummy_hash()
    right = check_password(pin, stored) and patron is not None and bool(patron.pin_hash)
    if patron is None or not right:
        note = "" if patron is not None else "no such card"
        _log(AuditEntry.Action.SIGN_IN_FAILED, patron, card, surface, address, note=note)
        card_lock = attempts.fail(card_subject)
        address_lock = attempts.fail(address_subject) if address_subject is not None else None
        if card_lock is not None:
            raise _card_locked(card_lock)
        if address_lock is not None:
            raise _address_locked(address_lock)
        raise WrongCredentials(_("Số thẻ hoặc mã PIN không đúng."))
    attempts.clear(card_subject)
    if len(pin) < PIN_LENGTH and not patron.pin_change_required:
        patrons.require_pin_change(patron)
    _log(AuditEntry.Action.SIGN_IN, patron, card, surface, address)
    return patron


def change_pin(patron: Patron, current: str, new: str, *, address: str = "") -> Patron:
    """The reader's own new PIN, after the current one is checked like a sign-in (counted
    against the same limits: a stolen session must not become a way to guess the PIN)."""
    authenticate(str(patron), current, address=address, surface="portal-pin")
    return patrons.set_pin(actors.reader(patron), patron, new)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(patron: Patron, label: str = "") -> tuple[str, ReaderToken]:
    """A new bearer token for an app; the raw value is shown once and never stored."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ReaderToken.objects.create(
        patron=patron,
        digest=_digest(raw),
        label=label[:100],
        created_at=now,
        expires_at=now + timedelta(days=TOKEN_DAYS),
    )
    return raw, token


def token_reader(raw: str) -> Patron | None:
    """The reader a live token belongs to, or None (unknown, expired or revoked)."""
    token = (
        ReaderToken.objects.select_related("patron__home_library")
        .filter(digest=_digest(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    return token.patron if token is not None else None


def revoke_token(raw: str) -> bool:
    """Ends a token at once; True when there was a live one."""
    return bool(
        ReaderToken.objects.filter(digest=_digest(raw), revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def reader_for_claims(claims: dict[str, object], claim: str) -> Patron | None:
    """The reader a single sign-on provider vouches for: its ``claim`` holds the card number
    (``CODE:number``, or a number only one library issued). None when the claim is missing
    or names no reader: such a person must first register at a library."""
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return patrons.find(None, value)
    except UnknownCard:
        return None


def _card_subjects(patron: Patron) -> list[attempts.Subject]:
    """A card is counted as the reader typed it: ``CODE:number`` or the bare number."""
    return [
        attempts.Subject("reader-card", str(patron)),
        attempts.Subject("reader-card", patron.card_number),
    ]


def card_locked_until(patron: Patron) -> datetime | None:
    """When the lock on the reader's card ends, or None (for the reader's page)."""
    ends = [until for s in _card_subjects(patron) if (until := attempts.locked_until(s))]
    return max(ends) if ends else None


def lift_lock(actor: Actor, patron: Patron) -> bool:
    """A librarian lifts the sign-in lock on a reader's card (the reader is at the desk, or
    on the telephone and known); returns whether it was locked. Audited either way."""
    permissions.check(actor, Action.MANAGE_PATRONS, patron.home_library)
    was_locked = card_locked_until(patron) is not None
    for subject in _card_subjects(patron):
        attempts.unlock(subject)
    audit(
        actor,
        AuditEntry.Action.UPDATE,
        "patron",
        patron.pk,
        library_code=patron.home_library.code,
        summary=f"{patron} sign-in lock lifted" + ("" if was_locked else " (was not locked)"),
    )
    return was_locked
