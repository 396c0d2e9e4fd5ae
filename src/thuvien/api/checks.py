"""Start-up check: the API's rate limit only holds across web processes on a shared cache."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register

from thuvien import conf
from thuvien.api.limits import CACHE_ALIAS, limit_cache

_PER_PROCESS = ("LocMemCache", "DummyCache")


@register(deploy=True)
def rate_limit_cache_shared(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    backend = type(limit_cache()).__name__
    workers = conf.get_int("WEB_WORKERS")
    if backend not in _PER_PROCESS or workers < 2:
        return []
    return [
        Warning(
            f"The API rate limit is counted in a {backend}, one per process: with "
            f"{workers} web workers a client gets {workers} times the limit.",
            hint=(
                f"Define a '{CACHE_ALIAS}' cache shared by the workers (FileBasedCache in the "
                "data folder, or Redis/Memcached)."
            ),
            id="api.W001",
        )
    ]
