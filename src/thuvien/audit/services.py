"""Writing the audit log. Every service that changes state calls :func:`record`, or
:func:`record_many` for a batch (an import's updated records): these two are the only code
that writes an :class:`AuditEntry` (tests/test_architecture.py holds them to it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone

from thuvien import actors
from thuvien.audit.chain import digest_of
from thuvien.audit.models import AuditEntry, AuditHead

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
        at=timezone.now(),  # set here, not on save: the digest covers it
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
    with transaction.atomic():
        _chain([row])
        row.save(force_insert=True)
    return row


def record_many(actor: Actor, entries: Iterable[Entry]) -> list[AuditEntry]:
    """Log many changes by ``actor`` in one statement (a batch of an import), in the
    caller's transaction. The rows are the same as :func:`record` would write one by one."""
    rows = [_row(actor, entry) for entry in entries]
    if not rows:
        return []
    with transaction.atomic():
        _chain(rows)
        return AuditEntry.objects.bulk_create(rows)


def _chain(rows: list[AuditEntry]) -> None:
    """Link ``rows`` after the newest entry, holding the head until the caller commits.

    The UPDATE comes first: it takes the head's lock before anything is read (a row lock on
    PostgreSQL; on SQLite the database's write lock), so two writers never chain onto the same
    entry, and the one that waits gets ids after the other's.
    """
    if not AuditHead.objects.filter(pk=1).update(entries=F("entries") + len(rows)):
        AuditHead.objects.get_or_create(pk=1)
        AuditHead.objects.filter(pk=1).update(entries=F("entries") + len(rows))
    previous = AuditHead.objects.values_list("digest", flat=True).get(pk=1)
    for row in rows:
        row.previous = previous
        row.digest = previous = digest_of(row, row.previous)
    AuditHead.objects.filter(pk=1).update(digest=previous)


# --- keeping, exporting ----------------------------------------------------------------------
MIN_RETENTION_MONTHS = 12  # level 3 (Decree 85/2016, TCVN 11930): a year at least


class RetentionTooShort(ValueError):
    pass


def retention_months() -> int:
    from django.conf import settings

    return int(getattr(settings, "THUVIEN_AUDIT_RETENTION_MONTHS", MIN_RETENTION_MONTHS))


def months_before(moment: Any, months: int) -> Any:
    """The same day and time ``months`` earlier (the month's last day when it is shorter)."""
    import calendar

    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def purge(actor: Actor, months: int, *, now: Any = None) -> int:
    """Remove entries older than ``months`` (never fewer than 12), oldest first, and log it.

    The chain stays checkable: the oldest kept entry still names its purged predecessor, and
    the purge's own entry says how many went and the digest of the last one removed.
    """
    from django.utils.translation import gettext as _

    if months < MIN_RETENTION_MONTHS:
        raise RetentionTooShort(
            _("Nhật ký phải được giữ ít nhất {minimum} tháng (đã yêu cầu {months}).").format(
                minimum=MIN_RETENTION_MONTHS, months=months
            )
        )
    cutoff = months_before(now or timezone.now(), months)
    with transaction.atomic():
        old = AuditEntry.objects.filter(at__lt=cutoff).order_by("pk")
        last = old.values_list("pk", "digest").last()
        if last is None:
            return 0
        removed, _per_model = AuditEntry.objects.filter(pk__lte=last[0]).delete()
        record(
            actor,
            AuditEntry.Action.DELETE,
            "audit",
            last[0],
            summary=f"purged {removed} entries before {cutoff:%Y-%m-%d}",
            after={"removed": removed, "last_id": last[0], "last_digest": last[1]},
        )
    return int(removed)


EXPORT_COLUMNS = (
    "id", "at", "actor_label", "action", "object_type", "object_id", "library_code",
    "summary", "before", "after", "previous", "digest",
)  # fmt: skip


def export_rows(since: Any = None, until: Any = None) -> Iterable[dict[str, Any]]:
    """Every entry (optionally within [since, until)), oldest first, as plain values."""
    entries = AuditEntry.objects.order_by("pk")
    if since is not None:
        entries = entries.filter(at__gte=since)
    if until is not None:
        entries = entries.filter(at__lt=until)
    for entry in entries.iterator(chunk_size=2000):
        yield {
            "id": entry.pk,
            "at": entry.at.isoformat(),
            **{c: getattr(entry, c) for c in EXPORT_COLUMNS[2:]},
        }
