"""Write and read the change feed (DESIGN §4: the outbox pattern).

Writers call :func:`record_changed` inside the transaction of their change. A reader (the
search applier) takes the oldest notes with :func:`oldest`, brings its copy up to date, and only
then calls :func:`forget` on what it applied: a crash in between hands the same notes out again,
so readers must apply a note idempotently (delete by id, then add).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.utils import timezone

from thuvien.changes.models import RecordChange

CHUNK = 900  # ids per IN (...) list; well under SQLite's parameter limit


def record_changed(record_ids: Iterable[int]) -> None:
    """Note that these records changed (or were deleted). Call inside the change's transaction."""
    now = timezone.now()
    rows = [RecordChange(record_id=rid, created_at=now) for rid in dict.fromkeys(record_ids)]
    if rows:
        RecordChange.objects.bulk_create(rows, batch_size=CHUNK)


def records_changed_where(select_ids_sql: str, params: Sequence[Any]) -> None:
    """Note every record id that ``select_ids_sql`` (one ``SELECT id FROM …``) returns, in one
    statement, for writers that insert rows beneath the ORM and do not hold their ids.

    The SQL comes from code, never from input: its values are ``params``."""
    table = connection.ops.quote_name(RecordChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (record_id, created_at) "  # noqa: S608 - see docstring
            f"SELECT ids.id, %s FROM ({select_ids_sql}) ids",
            [timezone.now(), *params],
        )


def pending(at_most: int | None = None) -> int:
    """How many notes wait to be applied; with ``at_most``, counting stops there (a search
    asks on every request, and a big import can leave a million notes for a while)."""
    if at_most is None:
        return RecordChange.objects.count()
    return RecordChange.objects.values("id")[:at_most].count()


def oldest(limit: int) -> list[tuple[int, int]]:
    """The ``limit`` oldest notes as (note id, record id), oldest first."""
    return list(RecordChange.objects.order_by("id").values_list("id", "record_id")[:limit])


def note_ids() -> list[int]:
    """Every pending note's id: what a full rebuild will have covered once it has read the
    records (notes written after this call stay for the next reader)."""
    return list(RecordChange.objects.values_list("id", flat=True))


def forget(note_ids: Sequence[int]) -> None:
    """Remove applied notes."""
    for start in range(0, len(note_ids), CHUNK):
        RecordChange.objects.filter(id__in=note_ids[start : start + CHUNK]).delete()
