"""The interop app's settings: registered with their defaults and help in :mod:`thuvien.conf`
(``thuvien settings`` lists them), read from ``THUVIEN_<NAME>``; a Django setting of the same
name wins (tests use that)."""

from __future__ import annotations

from django.conf import settings

from thuvien import conf


def get_str(name: str) -> str:
    return str(_get(name))


def get_int(name: str) -> int:
    value = _get(name)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return conf.get_int(name)


def _get(name: str) -> object:
    """A test or a deployment may set ``THUVIEN_<NAME>`` in Django settings; otherwise the
    environment through the one registry, :mod:`thuvien.conf`."""
    value = getattr(settings, f"THUVIEN_{name}", None)
    return conf.get(name) if value in (None, "") else value
