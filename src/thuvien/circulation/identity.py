"""One reader identity for every surface: the portal, the digital library, SIP2 kiosks and
the API all sign a reader in with :func:`authenticate` (card + PIN), so a PIN is checked,
and guessing is limited, in one place.

Wrong PINs are counted per card in the shared ``ratelimit`` cache (one count for every web
process and the SIP2 server): after :data:`MAX_ATTEMPTS` wrong PINs within
:data:`WINDOW_SECONDS` the card is refused until the window ends, even with the right PIN.

Apps sign in once and then carry a bearer token (:func:`issue_token`): only its SHA-256 is
stored, it expires after :data:`TOKEN_DAYS` days and the reader can revoke it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.circulation import patrons
from thuvien.circulation.errors import CirculationError, UnknownCard
from thuvien.circulation.models import Patron, ReaderToken
from thuvien.network.models import Library

MAX_ATTEMPTS = 5
WINDOW_SECONDS = 15 * 60
TOKEN_DAYS = 30


class WrongCredentials(CirculationError):
    code = "circulation.wrong_credentials"
    status = 401


class TooManyAttempts(CirculationError):
    code = "circulation.too_many_attempts"
    status = 429


def _attempts_key(card: str) -> str:
    return "reader-pin:" + hashlib.sha256(card.strip().upper().encode()).hexdigest()


def authenticate(card: str, pin: str, library: Library | None = None) -> Patron:
    """The reader whose card and PIN these are, or an error that does not tell whether the
    card exists (a wrong guess must not reveal which cards do)."""
    cache = caches["ratelimit"]
    key = _attempts_key(card)
    if int(cache.get(key, 0)) >= MAX_ATTEMPTS:
        raise TooManyAttempts(
            _(
                "Đã nhập sai mã PIN quá {count} lần; thẻ tạm khoá đăng nhập {minutes} phút. "
                "Hãy thử lại sau hoặc gặp thủ thư để đặt lại mã PIN."
            ).format(count=MAX_ATTEMPTS, minutes=WINDOW_SECONDS // 60)
        )
    try:
        patron: Patron | None = patrons.find(library, card)
    except UnknownCard:
        patron = None
    if patron is None or not patrons.check_pin(patron, pin):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS)
        raise WrongCredentials(_("Số thẻ hoặc mã PIN không đúng."))
    cache.delete(key)
    return patron


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
