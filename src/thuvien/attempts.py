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

Each subject keeps two cache entries: the count (with the moment of its first failure, so a
later failure does not stretch the window) and, while locked, the moment the lock ends.
"""

from __future__ import annotations

import hashlib
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
    return None


def clear(subject: Subject) -> None:
    """A right secret forgets the subject's earlier failures."""
    caches[CACHE].delete(subject.key("count"))


def failures(subject: Subject) -> int:
    """How many failures are counted now (for tests and the staff pages)."""
    count, _first = caches[CACHE].get(subject.key("count"), (0, 0.0))
    return int(count)


def unlock(subject: Subject) -> None:
    """Lift a lock and forget the count (a librarian reset the PIN, an admin the password)."""
    caches[CACHE].delete_many([subject.key("count"), subject.key("lock")])
