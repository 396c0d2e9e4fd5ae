"""One row per pending change of one bibliographic record, written in the same transaction as
the change itself, so a change is never committed without its note."""

from __future__ import annotations

from django.db import models


class RecordChange(models.Model):
    """Record ``record_id`` was created, edited, deleted, or one of its copies or digital
    objects changed.

    ``record_id`` is a plain number, not a foreign key: the change feed sits below the catalogue
    (it imports nothing of it), and a deleted record's note must outlive the record so a reader
    of the feed can remove its copy.
    """

    record_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "record change"

    def __str__(self) -> str:
        return f"change#{self.pk} record {self.record_id}"
