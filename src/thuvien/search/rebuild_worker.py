"""Entry point of the processes that prepare documents for a big rebuild.

Spawned workers are fresh interpreters: this module imports nothing of Django at import time
(unpickling a task imports it before anything else), and sets Django up on the first task,
from the environment the parent was started with. A failure there reaches the parent as the
task's exception, so a rebuild stops with the reason instead of waiting forever.
"""

from __future__ import annotations

import os

_ready = False


def prepare(bounds: tuple[int, int]) -> list[str]:
    """Records with ``bounds[0] <= id < bounds[1]`` as tantivy JSON documents."""
    global _ready  # noqa: PLW0603 - once per worker process
    if not _ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
        import django

        django.setup()
        _ready = True
    from thuvien.search import documents
    from thuvien.search.tantivy_documents import to_json

    return [to_json(d) for d in documents.documents_between(*bounds)]
