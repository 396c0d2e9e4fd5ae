"""Writing the audit log. Every service that changes state calls :func:`record`, or
:func:`record_many` for a batch (an import's updated records): these two are the only code
that writes an :class:`AuditEntry` (tests/test_architecture.py holds them to it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.forms.models import model_to_dict

from thuvien import actors
from thuvien.audit.models import AuditEntry

if TYPE_CHECKING:
    from django.db.models import Model

    from thuvien.actors import Actor


def snapshot(instance: Model, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON-able picture of a model instance for the log's before/after."""
    data = model_to_dict(instance, exclude=list(exclude))
    return {k: _jsonable(v) for k, v in data.items()}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


@dataclass(frozen=True)
class Entry:
    """One line of the log, before it is written with its actor."""

    action: AuditEntry.Action
    object_type: str
    object_id: object
    library_code: str = ""
    summary: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def _row(actor: Actor, entry: Entry) -> AuditEntry:
    return AuditEntry(
        actor=actors.user_of(actor),  # type: ignore[misc]
        actor_label=actors.label(actor),
        action=entry.action,
        object_type=entry.object_type,
        object_id=str(entry.object_id),
        library_code=entry.library_code,
        summary=entry.summary[:255],
        before=entry.before,
        after=entry.after,
    )


def record(
    actor: Actor,
    action: AuditEntry.Action,
    object_type: str,
    object_id: object,
    *,
    library_code: str = "",
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Log one change by ``actor``, in the caller's transaction."""
    entry = Entry(action, object_type, object_id, library_code, summary, before, after)
    row = _row(actor, entry)
    row.save(force_insert=True)
    return row


def record_many(actor: Actor, entries: Iterable[Entry]) -> list[AuditEntry]:
    """Log many changes by ``actor`` in one statement (a batch of an import), in the
    caller's transaction. The rows are the same as :func:`record` would write one by one."""
    return AuditEntry.objects.bulk_create([_row(actor, entry) for entry in entries])
