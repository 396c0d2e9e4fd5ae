"""One writer at a time per process on SQLite, waiting in line instead of backing off.

SQLite lets one transaction write at a time; a second ``BEGIN IMMEDIATE`` waits in SQLite's
busy handler, which sleeps 1, 2, 5 … 100 ms between tries. With eight kiosks on one SIP2
server (or a web worker's threads) those sleeps, not the work, made the slowest loans: the
threads of one process now queue on a lock and start the moment the previous one commits.
Processes still meet in SQLite's own lock; PostgreSQL needs none of this.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

_writer = threading.Lock()


@contextmanager
def writing() -> Iterator[None]:
    """``transaction.atomic()``, queued behind this process's other SQLite writers."""
    # Inside an open transaction the SQLite lock may already be ours: queueing then could
    # wait on a thread that waits on us.
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with _writer, transaction.atomic():
        yield
