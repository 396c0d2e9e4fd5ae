"""The outbox that carries catalogue changes to the search index (DESIGN §4).

Writers call :func:`enqueue` (or :func:`enqueue_match_keys` / :func:`enqueue_library`) in the
same transaction as the change. One applier (``thuvien search apply --loop``) takes the rows in
id order, rebuilds or deletes each record's index entry, commits the index once per batch and
only then deletes the rows it applied: a crash in between applies them again, which is
harmless because applying a record is idempotent (delete by id, then add).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence

from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

from thuvien.search.models import IndexOutbox

log = logging.getLogger(__name__)

BATCH_SIZE = 1000
POLL_SECONDS = 0.2
_IN_CHUNK = 900  # ids per IN (...) list; well under SQLite's parameter limit


def enqueue(record_ids: Iterable[int]) -> None:
    """Note that these records changed (or were deleted). Call inside the change's transaction."""
    now = timezone.now()
    rows = [IndexOutbox(record_id=rid, created_at=now) for rid in dict.fromkeys(record_ids)]
    if rows:
        IndexOutbox.objects.bulk_create(rows, batch_size=_IN_CHUNK)


def enqueue_match_keys(library_id: int, match_keys: Sequence[str]) -> None:
    """Enqueue the records of ``library_id`` with these match keys, in one statement per chunk,
    for importers that insert rows beneath the ORM and do not hold their ids."""
    table = connection.ops.quote_name(IndexOutbox._meta.db_table)
    from thuvien.catalogue.models import Record

    records = connection.ops.quote_name(Record._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(match_keys), _IN_CHUNK):
            chunk = list(match_keys[start : start + _IN_CHUNK])
            marks = ", ".join(["%s"] * len(chunk))
            # Table names come from model metadata, quoted; every value is a parameter.
            cursor.execute(
                f"INSERT INTO {table} (record_id, created_at) "  # noqa: S608
                f"SELECT id, %s FROM {records} WHERE library_id = %s AND match_key IN ({marks})",
                [now, library_id, *chunk],
            )


def enqueue_library(library_id: int) -> None:
    """Enqueue every record of a library (its code or name changed: hits show the code)."""
    from thuvien.catalogue.models import Record

    ids = Record.objects.filter(library_id=library_id).values_list("id", flat=True)
    enqueue(ids.iterator(chunk_size=5000))


def pending() -> int:
    return IndexOutbox.objects.count()


def apply_pending(batch_size: int = BATCH_SIZE) -> int:
    """Apply every pending row, batch by batch, oldest first; returns how many were applied."""
    from thuvien.search.backend import get_backend

    backend = get_backend()
    applied = 0
    while True:
        rows = list(IndexOutbox.objects.order_by("id").values_list("id", "record_id")[:batch_size])
        if not rows:
            return applied
        backend.apply([record_id for _, record_id in rows])
        # Only after the index commit: a crash before this line re-applies the batch.
        ids = [row_id for row_id, _ in rows]
        for start in range(0, len(ids), _IN_CHUNK):
            IndexOutbox.objects.filter(id__in=ids[start : start + _IN_CHUNK]).delete()
        applied += len(rows)


def run_loop(
    *,
    interval: float = POLL_SECONDS,
    batch_size: int = BATCH_SIZE,
    stop: threading.Event | None = None,
) -> int:
    """Apply changes as they come, polling every ``interval`` seconds, until ``stop`` is set
    (or the process is interrupted). A lost database connection is retried, not fatal."""
    stop = stop or threading.Event()
    total = 0
    while not stop.is_set():
        try:
            total += apply_pending(batch_size)
        except OperationalError as exc:
            log.warning("search apply: database unavailable (%s); retrying", exc)
            close_old_connections()
            time.sleep(max(interval, 1.0))
            continue
        stop.wait(interval)
    return total
