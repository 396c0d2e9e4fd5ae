"""The producers of a full rebuild.

A full rebuild spends most of its time in Python (reading rows, preparing text), which one
process does on one core while tantivy indexes on the others. On big catalogues the rows are
read and prepared by worker processes instead (:mod:`thuvien.workers`), as tantivy's JSON, and
the writer only adds them: the work is shared by every core.

Spawned workers are fresh interpreters: this module imports nothing of Django at import time
(unpickling a task imports it before anything else), and :func:`prepare` sets Django up on a
worker's first task, from the environment the parent was started with. A failure there reaches
the parent as the task's exception, so a rebuild stops with the reason instead of waiting.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

from thuvien.workers import in_order

PARALLEL_FROM = 50_000  # records; below this, starting workers costs more than it saves
RANGE = 5_000  # record ids per task

_ready = False


def prepare(bounds: tuple[int, int]) -> list[str]:
    """Records with ``bounds[0] <= id < bounds[1]`` as tantivy JSON documents (a worker's task)."""
    global _ready  # noqa: PLW0603 - once per worker process
    if not _ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
        import django

        django.setup()
        # This process only prepares documents: what setup made is frozen out of the cyclic
        # collector's scans and it runs rarely (thuvien.workers.few_collections).
        gc.freeze()
        gc.set_threshold(50_000, 20, 100)
        _ready = True
    from thuvien.search import documents
    from thuvien.search.backends.tantivy.documents import to_json

    return [to_json(d) for d in documents.documents_between(*bounds)]


def prepared(workers: int) -> Iterator[list[str]]:
    """Every bibliographic record as tantivy JSON, a range of ids at a time, in id order.

    With more than one worker the ranges are prepared by that many processes, a few tasks in
    flight at a time (so prepared documents never pile up in memory); with one, here (with one
    library-code cache for the whole run).
    """
    from thuvien.search import documents
    from thuvien.search.backends.tantivy.documents import to_json

    ranges = documents.id_ranges(RANGE)
    if workers <= 1:
        codes = documents.LibraryCodes()
        for low, high in ranges:
            yield [to_json(d) for d in documents.documents_between(low, high, codes)]
        return
    yield from in_order(prepare, ranges, workers=workers, ahead=2 * workers)


def workers_for(records: int) -> int:
    """Processes preparing a rebuild: the setting, or (0, automatic) every core once the
    catalogue is big enough for starting them to pay."""
    from django.conf import settings

    chosen = int(settings.THUVIEN_REINDEX_WORKERS)
    if chosen > 0:
        return chosen
    return (os.cpu_count() or 1) if records >= PARALLEL_FROM else 1
