"""The applier: keeps the index up to date from the change feed (DESIGN §4).

One applier (``thuvien search apply --loop``, or ``thuvien serve``'s thread) takes the notes
in id order, rebuilds or deletes each record's index entry, commits the index once per batch
and only then forgets the notes it applied: a crash in between applies them again, which is
harmless because applying a record is idempotent (delete by id, then add).

Clustering on import and on edit happens here, before indexing: the applier is the one
reader of every "record changed" note, whatever wrote it (the editor, an import, a copy from
the union, a bulk load beneath the ORM), and it already runs off the request path, batch by
batch, retried after a crash. Placing there costs an import nothing while it runs, keeps the
catalogue below the union (it never imports it), and placing is idempotent like indexing.
A record whose cluster changed, and every record of a touched cluster, is indexed again:
the shown record of a cluster carries its members' libraries and copies.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import OperationalError, close_old_connections

from thuvien.actors import SYSTEM
from thuvien.catalogue.models import Record
from thuvien.changes import feed
from thuvien.search.analysis import display
from thuvien.search.backends import get_backend
from thuvien.union import clusters
from thuvien.union import services as union

log = logging.getLogger(__name__)

BATCH_SIZE = 1000
POLL_SECONDS = 0.2


def affected(record_ids: list[int]) -> list[int]:
    """Place the changed records in their clusters, and say which records to index again:
    these, those whose cluster changed, and every member of their clusters (and of clusters
    whose shown record was deleted, placed again here)."""
    orphans = clusters.orphaned()
    given = [*record_ids, *orphans]
    # The union's rules compare records sharing an ISBN or ISSN, or of the same title and
    # year: the index finds them by term, where the union alone would scan the table for
    # the ISBNs and key every record of those years (costs that grow with the catalogue).
    rows = Record.objects.filter(id__in=given).values_list("title", "year", "isbns", "issn")
    pairs = [(display(title), year) for title, year, _, _ in rows]
    identifiers = [f"isbn:{i}" for _, _, isbns, _ in rows for i in isbns.split()]
    identifiers += [f"issn:{issn}" for _, _, _, issn in rows if issn]
    nearby = get_backend().union_candidates(pairs, identifiers)
    changed = union.place(SYSTEM, given, nearby=nearby)
    again = clusters.cluster_mates([*record_ids, *changed, *orphans])
    return sorted({*record_ids, *changed, *orphans, *again})


def apply_pending(batch_size: int = BATCH_SIZE, *, cluster: bool = True) -> int:
    """Apply every pending note, batch by batch, oldest first; returns how many were applied.
    ``cluster=False`` skips the union catalogue (a benchmark's baseline)."""
    backend = get_backend()
    applied = 0
    while True:
        notes = feed.oldest(batch_size)
        if not notes:
            return applied
        ids = [record_id for _, record_id in notes]
        backend.apply(affected(ids) if cluster else ids)
        # Only after the index commit: a crash before this line re-applies the batch.
        feed.forget([note_id for note_id, _ in notes])
        applied += len(notes)


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
