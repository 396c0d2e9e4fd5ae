"""Anonymous rate limiting of the API: a fixed one-minute window per client address.

Counts live in Django's cache so that every web process (gunicorn worker) shares them: the
cache alias ``ratelimit`` when settings define one (a ``FileBasedCache`` in the data folder, or
Redis/Memcached on servers), else ``default``. With the default per-process ``LocMemCache``
each worker counts on its own, so the effective limit is the limit times the workers; the
system check ``api.W001`` says so.

Settings (read here, with defaults, so the API works before they are declared):

- ``THUVIEN_API_RATE_LIMIT``: requests per minute and client address (default 120).
- ``THUVIEN_API_TRUSTED_PROXIES``: read by :func:`thuvien.http.client_address`.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from thuvien.http import client_address

DEFAULT_PER_MINUTE = 120
WINDOW_SECONDS = 60
CACHE_ALIAS = "ratelimit"


def per_minute() -> int:
    return int(getattr(settings, "THUVIEN_API_RATE_LIMIT", DEFAULT_PER_MINUTE))


def limit_cache() -> BaseCache:
    alias = CACHE_ALIAS if CACHE_ALIAS in settings.CACHES else "default"
    return caches[alias]


class PerAddressLimit(BaseThrottle):
    """Fixed window: at most N requests per address per clock minute.

    Keeps no per-request state on the instance (one instance serves every thread of a
    gthread worker): the count is in the cache and the wait follows from the clock.
    """

    def allow_request(self, request: HttpRequest) -> bool:
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        key = f"thuvien:api-rate:{client_address(request)}:{window}"
        cache = limit_cache()
        # incr() is atomic on Redis/Memcached and a read and a write on the file cache (a
        # race there can only under-count by a request or two). The key exists after the
        # first request of the window, so that is the path to keep cheap.
        try:
            count = cache.incr(key)
        except ValueError:  # first request of this address in this window
            # add() fails when another worker added the key in between: count on theirs.
            added = cache.add(key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1 if added else cache.incr(key)
        return count <= per_minute()

    def wait(self) -> float:
        return WINDOW_SECONDS - (time.time() % WINDOW_SECONDS)
