"""Limits on sign-in guesses, for readers (card + PIN) and staff (user name + password).

Failures are counted per *subject* (a card, an account, a client address) in the shared
``ratelimit`` cache, one count for every web process, the SIP2 server and the API. After
:data:`LIMIT` failures within :data:`LOCK_SECONDS` the subject is locked until a moment it
is told (a clear "try again after 07:15"), even with the right secret; after the lock the
count starts again. So one card or account can be guessed at most
``LIMIT × 3600 / LOCK_SECONDS`` = 20 times an hour.

Settings (read at each call, so tests and servers may change them):

- ``THUVIEN_SIGNIN_LIMIT``: failures per card or account before the lock (default 5).
- ``THUVIEN_SIGNIN_ADDRESS_LIMIT``: failures per client address before the lock (default 5).
- ``THUVIEN_SIGNIN_LOCK_MINUTES``: how long a lock lasts (default 15).
- ``THUVIEN_SIGNIN_DELAY_MAX_SECONDS``: the longest wait between tries before the lock
  (default 30; 0 turns the growing delay off).

Before the lock, a card or account that failed twice must wait before the next try: 1 s
after the 2nd failure, 2 s after the 3rd, 4 s after the 4th…, capped (ASVS 5.0 6.3.1, a
growing delay against scripted guessing). A try inside the wait is refused without checking
the secret and without counting; :func:`retry_after` says how many seconds are left, which
the pages show and the API sends as ``Retry-After``. Nothing sleeps: the worker answers at
once. Client addresses have no delay (a reading room's readers share one).

Each subject keeps two cache entries: the count (with the moment of its first failure, so a
later failure does not stretch the window) and, while locked, the moment the lock ends.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches

CACHE = "ratelimit"


def _now() -> float:
    """The clock (a function, so a test can move it an hour on)."""
    return time.time()


def limit(kind: str = "account") -> int:
    if kind == "address":
        return int(getattr(settings, "THUVIEN_SIGNIN_ADDRESS_LIMIT", 5))
    return int(getattr(settings, "THUVIEN_SIGNIN_LIMIT", 5))


def lock_seconds() -> int:
    return int(getattr(settings, "THUVIEN_SIGNIN_LOCK_MINUTES", 15)) * 60


def delay_max() -> int:
    return int(getattr(settings, "THUVIEN_SIGNIN_DELAY_MAX_SECONDS", 30))


def delay_after(count: int) -> float:
    """The wait after the ``count``-th failure: none after the first, then 1, 2, 4 s…"""
    if count < 2 or delay_max() <= 0:
        return 0.0
    return float(min(2 ** (count - 2), delay_max()))


@dataclass(frozen=True)
class Subject:
    """Who is being counted: ``scope`` says what (``reader-card``, ``staff-account``,
    ``address``), ``name`` which one (stored only as a hash)."""

    scope: str
    name: str
    kind: str = "account"

    def key(self, part: str) -> str:
        digest = hashlib.sha256(self.name.strip().upper().encode()).hexdigest()
        return f"signin:{part}:{self.scope}:{digest}"


def locked_until(subject: Subject) -> datetime | None:
    """When the lock on ``subject`` ends, or None when it may sign in now."""
    until = caches[CACHE].get(subject.key("lock"))
    if until is None or float(until) <= _now():
        return None
    return datetime.fromtimestamp(float(until), tz=UTC)


def fail(subject: Subject) -> datetime | None:
    """Count one failure; returns when the lock ends if this failure locked ``subject``."""
    cache = caches[CACHE]
    now = _now()
    window = lock_seconds()
    count, first = cache.get(subject.key("count"), (0, now))
    if now - float(first) >= window:
        count, first = 0, now
    count = int(count) + 1
    if count >= limit(subject.kind):
        until = now + window
        cache.set(subject.key("lock"), until, window)
        cache.delete(subject.key("count"))
        return datetime.fromtimestamp(until, tz=UTC)
    # An explicit timeout: the cache's default (two minutes) would forget the count early.
    cache.set(subject.key("count"), (count, first), max(1, int(window - (now - first))))
    if subject.kind != "address" and (delay := delay_after(count)):
        cache.set(subject.key("wait"), now + delay, int(delay) + 1)
    return None


def seconds_until(moment: datetime) -> int:
    """Whole seconds from now (the limiter's clock) to ``moment``, at least 1."""
    return max(1, math.ceil(moment.timestamp() - _now()))


def retry_after(subject: Subject) -> int | None:
    """Whole seconds left before ``subject`` may try again after a recent failure, or None."""
    until = caches[CACHE].get(subject.key("wait"))
    if until is None or float(until) <= _now():
        return None
    return max(1, math.ceil(float(until) - _now()))


def clear(subject: Subject) -> None:
    """A right secret forgets the subject's earlier failures."""
    caches[CACHE].delete_many([subject.key("count"), subject.key("wait")])


def clear_wait(subject: Subject) -> None:
    """Forget only the wait (the password was right; the code step still counts)."""
    caches[CACHE].delete(subject.key("wait"))


def failures(subject: Subject) -> int:
    """How many failures are counted now (for tests and the staff pages)."""
    count, _first = caches[CACHE].get(subject.key("count"), (0, 0.0))
    return int(count)


def unlock(subject: Subject) -> None:
    """Lift a lock and forget the count (a librarian reset the PIN, an admin the password)."""
    caches[CACHE].delete_many([subject.key("count"), subject.key("lock"), subject.key("wait")])
