"""The catalogue's notes to the change feed for writes that bypass the ORM (a bulk import) or
touch many records at once (a library's code changes, and every hit shows it)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from thuvien.catalogue.models import Record
from thuvien.changes import feed


def records_with_match_keys(library_id: int, match_keys: Sequence[str]) -> None:
    """Note the records of ``library_id`` with these match keys, one statement per chunk, for
    importers that insert rows beneath the ORM and do not hold their ids."""
    records = connection.ops.quote_name(Record._meta.db_table)
    for start in range(0, len(match_keys), feed.CHUNK):
        chunk = list(match_keys[start : start + feed.CHUNK])
        marks = ", ".join(["%s"] * len(chunk))
        # The table name comes from model metadata, quoted; every value is a parameter.
        feed.records_changed_where(
            f"SELECT id FROM {records} WHERE library_id = %s AND match_key IN ({marks})",  # noqa: S608
            [library_id, *chunk],
        )


def library_records(library_id: int) -> None:
    """Note every record of a library (its code or name changed: hits show the code)."""
    ids = Record.objects.filter(library_id=library_id).values_list("id", flat=True)
    feed.record_changed(ids.iterator(chunk_size=5000))
