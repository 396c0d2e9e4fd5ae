"""How many IIIF images are rendered at once: per web process and per client address.

Rendering is the one thing an anonymous request can make expensive (a cut, a resize, an
encode). A request that would wait for a render slot is not left waiting: it is answered at
once, 503 when this process is busy and 429 when its address already has its share, both with
``Retry-After``, so web threads stay free for every other page (``/health`` included).
Cached tiles and ``info.json`` are never counted.

Settings: ``THUVIEN_IIIF_RENDERS`` (per process, default 2) and
``THUVIEN_IIIF_RENDERS_PER_CLIENT`` (per address over every process, default 2; counted in the
``ratelimit`` cache, which every process shares).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest
from django.utils.translation import gettext as _

from thuvien.errors import ThuvienError
from thuvien.http import client_address

PER_PROCESS = 2
PER_CLIENT = 2
RETRY_AFTER = 2  # seconds: a render of a bounded size takes well under that
COUNTER_TTL = 120  # a counter left by a killed process expires instead of locking out its address


class Busy(ThuvienError):
    """Every render slot of this process is taken: try again in a moment."""

    code = "iiif.busy"
    status = 503
    retry_after = RETRY_AFTER


class TooManyRenders(ThuvienError):
    """This address already has its share of renders running."""

    code = "iiif.too_many"
    status = 429
    retry_after = RETRY_AFTER


_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slots_size = 0


def _process_slots() -> threading.BoundedSemaphore:
    global _slots, _slots_size
    size = max(1, int(getattr(settings, "THUVIEN_IIIF_RENDERS", PER_PROCESS)))
    with _lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


def _cache() -> BaseCache:
    return caches["ratelimit" if "ratelimit" in settings.CACHES else "default"]


def _enter_address(key: str) -> int:
    cache = _cache()
    try:
        return int(cache.incr(key))
    except ValueError:
        if cache.add(key, 1, timeout=COUNTER_TTL):
            return 1
        return int(cache.incr(key))


def _leave_address(key: str) -> None:
    with suppress(ValueError):  # expired meanwhile: nothing to give back
        _cache().decr(key)


@contextmanager
def render_slot(request: HttpRequest) -> Iterator[None]:
    """Hold a render slot for the block, or raise :class:`Busy` / :class:`TooManyRenders`."""
    per_client = max(1, int(getattr(settings, "THUVIEN_IIIF_RENDERS_PER_CLIENT", PER_CLIENT)))
    key = f"thuvien:iiif-renders:{client_address(request)}"
    if _enter_address(key) > per_client:
        _leave_address(key)
        raise TooManyRenders(
            _("Địa chỉ này đang chờ {count} ảnh IIIF; hãy thử lại sau giây lát.").format(
                count=per_client
            )
        )
    slots = _process_slots()
    try:
        if not slots.acquire(blocking=False):
            raise Busy(_("Máy chủ đang bận tạo ảnh IIIF; hãy thử lại sau giây lát."))
        try:
            yield
        finally:
            slots.release()
    finally:
        _leave_address(key)
