"""Search engines behind one interface (:mod:`.base`), one package per engine (Wagtail's
``search/backends/<engine>/`` layout). Services ask :func:`get_backend` for the configured one
and see nothing engine-specific."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from thuvien.search.backends.base import SearchBackend


def index_dir() -> Path:
    return Path(settings.DATA_DIR) / "index"


_backends: dict[Path, SearchBackend] = {}


def get_backend() -> SearchBackend:
    """The backend of this process for the configured index folder (readers are cached)."""
    path = index_dir()
    backend = _backends.get(path)
    if backend is None:
        # Imported here: the engine's native library loads on the first search, not at start.
        from thuvien.search.backends.tantivy.backend import TantivyBackend

        backend = _backends[path] = TantivyBackend(path)
    return backend
