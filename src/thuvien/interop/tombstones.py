"""Deleted records are remembered (OAI-PMH ``deletedRecord`` = persistent).

Fed by a ``post_delete`` signal on :class:`~thuvien.catalogue.models.Record` rather than by
the catalogue calling us: the catalogue does not need to know who else cares, every way of
deleting a record (the service, the admin, a cascade) is covered, and the signal runs inside
the deleting transaction, so a rolled-back delete leaves no tombstone.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.utils import timezone

from thuvien.catalogue.models import Record
from thuvien.interop.models import DeletedRecord


def _remember(sender: type[Record], instance: Record, **kwargs: Any) -> None:
    if instance.pk is None or instance.kind != Record.Kind.BIBLIOGRAPHIC:
        return
    DeletedRecord.objects.update_or_create(
        record_id=instance.pk,
        defaults={
            "library_code": instance.library.code,
            "material_type": instance.material_type,
            "deleted_at": timezone.now(),
        },
    )


def connect() -> None:
    post_delete.connect(_remember, sender=Record, dispatch_uid="interop-tombstones")
