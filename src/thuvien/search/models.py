"""The outbox: record ids whose index entry must be (re)built, written in the same
transaction as the catalogue change, so a change is never committed without its note."""

from __future__ import annotations

from django.db import models


class IndexOutbox(models.Model):
    """One pending change of one record (created, edited, deleted, or one of its copies).

    ``record_id`` is a plain number, not a foreign key: a deleted record's row must outlive
    the record so the applier can remove it from the index.
    """

    record_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "index outbox row"

    def __str__(self) -> str:
        return f"outbox#{self.pk} record {self.record_id}"
