"""Writing the audit log. Every service that changes state calls :func:`record`."""

from __future__ import annotations

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
    return AuditEntry.objects.create(
        actor=actors.user_of(actor),  # type: ignore[misc]
        actor_label=actors.label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        library_code=library_code,
        summary=summary[:255],
        before=before,
        after=after,
    )
